// The page of `clearpoint serve`: every element is built with textContent (never HTML from data), and
// every request goes to this server's JSON API (src/server/policy.h), with the session's CSRF token on
// every request that changes something.
import { sankey as sankeyLayout, sankeyLinkHorizontal } from "d3-sankey";

let csrfToken = "";
let me = null;
let reviewPair = null;

const $ = (id) => document.getElementById(id);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function row(cells, numeric) {
  const tr = document.createElement("tr");
  cells.forEach((cell, i) => {
    if (cell instanceof Node) {
      const td = document.createElement("td");
      td.appendChild(cell);
      tr.appendChild(td);
    } else {
      tr.appendChild(el("td", cell, numeric && numeric.includes(i) ? "number" : undefined));
    }
  });
  return tr;
}

function fillBody(table, rows) {
  const body = table.querySelector("tbody");
  body.replaceChildren(...rows);
}

async function api(method, path, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (method !== "GET") options.headers["X-CSRF-Token"] = csrfToken;
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    data = { error: "the server's answer could not be read" };
  }
  if (!response.ok) {
    const error = new Error(data.error || "the request failed");
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

function say(node, text, ok) {
  node.textContent = text;
  node.className = ok ? "ok" : "error";
}

function show(id, visible) {
  $(id).hidden = !visible;
}

// A refused submission: what is wrong and what to do, then every problem located, in a table.
function showRefusal(error, statusId, tableId) {
  say($(statusId), error.message + (error.data && error.data.hint ? " — " + error.data.hint : ""), false);
  const problems = (error.data && error.data.problems) || [];
  fillBody($(tableId), problems.map((p) => row([p.where, p.field, p.problem, p.hint])));
  show(tableId, problems.length > 0);
}

// ---- signing in -------------------------------------------------------------------------------------

async function signedIn(who) {
  me = who;
  if (who.csrf_token) csrfToken = who.csrf_token;
  $("who").textContent = `${who.login} — ${who.role}${who.agency ? " of " + who.agency : ""}`;
  show("login-section", false);
  $("logout").hidden = false;
  const role = who.role;
  show("upload-section", role === "submitter");
  show("publish-section", role === "publisher");
  show("batches-section", role === "submitter" || role === "analyst");
  show("review-section", role === "analyst");
  show("runs-section", role === "analyst");
  show("releases-section", role === "reader" || role === "publisher" || role === "analyst");
  show("audit-section", role === "auditor");
  show("accounts-section", role === "admin");
  const tokens = role === "submitter" || role === "analyst" || role === "publisher";
  show("tokens-section", tokens);
  const loads = tokens ? [loadTokens()] : [];
  if (role === "submitter" || role === "analyst") loads.push(loadBatches());
  if (role === "submitter") loads.push(loadMappings());
  if (role === "analyst") loads.push(loadReview());
  if (role === "reader" || role === "publisher" || role === "analyst") loads.push(loadReleases(), loadTiers());
  if (role === "auditor") loads.push(loadAudit());
  if (role === "admin") loads.push(loadAccounts());
  await Promise.all(loads);
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const who = await api("POST", "/api/login", { login: $("login-name").value, password: $("login-password").value });
    $("login-password").value = "";
    $("login-error").textContent = "";
    await signedIn(who);
  } catch (error) {
    say($("login-error"), error.message + (error.data && error.data.hint ? " — " + error.data.hint : ""), false);
  }
});

$("logout").addEventListener("click", async () => {
  try {
    await api("POST", "/api/logout");
  } finally {
    window.location.reload();
  }
});

// ---- batches ----------------------------------------------------------------------------------------

async function loadBatches() {
  const batches = await api("GET", "/api/batches");
  fillBody($("batches"), batches.map((b) => {
    const actions = document.createElement("span");
    const view = el("button", "records");
    view.type = "button";
    view.addEventListener("click", () => showRecords(b));
    actions.appendChild(view);
    if (me.role === "submitter" && b.status === "active") {
      const withdraw = el("button", "withdraw");
      withdraw.type = "button";
      withdraw.addEventListener("click", () => withdrawBatch(b));
      actions.appendChild(withdraw);
    }
    return row([b.id, b.agency, b.list, b.file, b.records, b.status, b.imported_at, actions], [0, 4]);
  }));
}

async function showRecords(batch) {
  const answer = await api("GET", `/api/batches/${batch.id}/records`);
  const columns = [];
  answer.records.forEach((r) => Object.keys(r).forEach((k) => { if (!columns.includes(k)) columns.push(k); }));
  const head = $("records").querySelector("thead");
  const tr = document.createElement("tr");
  columns.forEach((c) => tr.appendChild(el("th", c)));
  head.replaceChildren(tr);
  fillBody($("records"), answer.records.map((r) => row(columns.map((c) => (r[c] === undefined ? "" : Array.isArray(r[c]) ? r[c].join(", ") : r[c])))));
  $("records-title").textContent = `Batch ${batch.id}: ${answer.records.length} records`;
  show("records-view", true);
}

async function withdrawBatch(batch) {
  const reason = window.prompt(`Why is batch ${batch.id} withdrawn? (kept with the batch)`);
  if (!reason) return;
  await api("POST", `/api/batches/${batch.id}/withdraw`, { reason });
  await loadBatches();
}

$("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData();
  const file = $("upload-file").files[0];
  if (!file) return;
  form.append("file", file, file.name);
  form.append("list", $("upload-list").value);
  form.append("mapping", $("upload-mapping").value);
  form.append("mapping_name", $("upload-saved-mapping").value);
  say($("upload-status"), `sending ${file.name} …`, true);
  show("upload-problems", false);
  try {
    const answer = await uploadWithProgress(form);
    say($("upload-status"), answer.already_present
      ? `this file was submitted before (batch ${answer.batch.id}); nothing changed`
      : `stored as batch ${answer.batch.id}: ${answer.accepted} records`, true);
    await loadBatches();
  } catch (error) {
    showRefusal(error, "upload-status", "upload-problems");
  }
});

// The agency's saved mappings: choosing one shows its text; the text typed can be saved under a name.
let savedMappings = [];
async function loadMappings() {
  savedMappings = await api("GET", "/api/mappings");
  const select = $("upload-saved-mapping");
  const chosen = select.value;
  select.replaceChildren(select.options[0], ...savedMappings.map((m) => {
    const option = el("option", `${m.name} (saved by ${m.saved_by}, ${m.saved_at})`);
    option.value = m.name;
    return option;
  }));
  select.value = savedMappings.some((m) => m.name === chosen) ? chosen : "";
}

$("upload-saved-mapping").addEventListener("change", () => {
  const chosen = savedMappings.find((m) => m.name === $("upload-saved-mapping").value);
  $("upload-mapping").value = "";
  $("upload-mapping").disabled = Boolean(chosen);
  $("upload-mapping").placeholder = chosen ? chosen.mapping : "";
});

$("mapping-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = $("mapping-name").value.trim();
  try {
    await api("POST", "/api/mappings", { name, mapping: $("upload-mapping").value });
    say($("mapping-status"), `saved as "${name}"`, true);
    await loadMappings();
  } catch (error) {
    const problems = (error.data && error.data.problems) || [];
    say($("mapping-status"), [error.message, ...problems.map((p) => `${p.where}: ${p.problem} — ${p.hint}`)].join("; "), false);
  }
});

// fetch() cannot report an upload's progress; XMLHttpRequest can.
function uploadWithProgress(form) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const bar = $("upload-progress");
    bar.hidden = false;
    bar.value = 0;
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) bar.value = Math.round((100 * event.loaded) / event.total);
      if (event.loaded === event.total) say($("upload-status"), "checking every row …", true);
    });
    request.addEventListener("load", () => {
      bar.hidden = true;
      let data = null;
      try {
        data = JSON.parse(request.responseText);
      } catch (e) {
        data = { error: "the server's answer could not be read" };
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(data);
      } else {
        const error = new Error(data.error || "the upload failed");
        error.status = request.status;
        error.data = data;
        reject(error);
      }
    });
    request.addEventListener("error", () => {
      bar.hidden = true;
      const error = new Error("the upload was cut off (a file larger than the server accepts is refused before it is read)");
      error.data = {};
      reject(error);
    });
    request.open("POST", "/api/batches");
    request.setRequestHeader("X-CSRF-Token", csrfToken);
    request.send(form);
  });
}

// ---- runs -------------------------------------------------------------------------------------------

function showRunResult(header, rows) {
  const head = $("run-result").querySelector("thead");
  const tr = document.createElement("tr");
  header.forEach((h) => tr.appendChild(el("th", h)));
  head.replaceChildren(tr);
  fillBody($("run-result"), rows.map((r) => row(r, r.map((_, i) => i).filter((i) => i > 0))));
}

async function run(label, action) {
  say($("run-status"), `${label} …`, true);
  try {
    await action();
  } catch (error) {
    say($("run-status"), error.message + (error.data && error.data.hint ? " — " + error.data.hint : ""), false);
  }
}

$("run-classify").addEventListener("click", () => run("classifying", async () => {
  const answer = await api("POST", "/api/classify", {});
  say($("run-status"), `${answer.records} records judged under ${answer.frameworks} frameworks`, true);
  showRunResult(["framework", "qualifies", "does not", "undetermined"],
    answer.counts.map((c) => [c.framework, c.qualifies, c.does_not_qualify, c.undetermined]));
}));

$("run-link").addEventListener("click", () => run("linking", async () => {
  const answer = await api("POST", "/api/link", {});
  say($("run-status"), `${answer.records} records of ${answer.lists} lists linked into ${answer.persons} persons; ${answer.to_review} pairs to review`, true);
  showRunResult(["records", "lists", "persons", "candidate pairs", "to review"],
    [[answer.records, answer.lists, answer.persons, answer.candidates, answer.to_review]]);
  await loadReview();
}));

$("run-persons").addEventListener("click", () => run("reading the persons", async () => {
  const answer = await api("GET", "/api/persons?limit=500");
  say($("run-status"), `${answer.total} records linked into persons; the first ${answer.shown} shown`, true);
  showRunResult(["record", "person", "link probability", "the person's lists"], answer.rows.map((r) => [
    `${r.agency}/${r.list}/${r.record_id}`, r.person,
    r.link_probability === null ? "alone" : r.link_probability.toFixed(3), r.person_lists.join(", ")]));
}));

$("run-estimate").addEventListener("click", () => run("estimating (this can take a minute)", async () => {
  const answer = await api("GET", "/api/estimate");
  const lines = (answer.results || []).flatMap((result) => result.side_by_side || []);
  say($("run-status"), "the hidden total, each method side by side", true);
  showRunResult(["method", "estimate", "lower", "upper", "note"], lines.map((m) => [
    m.method, m.ok === false ? "" : Math.round(m.estimate), m.ok === false ? "" : Math.round(m.lower),
    m.ok === false ? "" : Math.round(m.upper), m.problem || m.interval || ""]));
}));

// ---- clerical review --------------------------------------------------------------------------------

async function loadReview() {
  const queue = await api("GET", "/api/review?limit=100");
  $("review-total").textContent = `${queue.total} pairs left for review, most probable first`;
  fillBody($("review"), queue.pairs.map((p) => {
    const open = el("button", "compare");
    open.type = "button";
    open.addEventListener("click", () => explainPair(p));
    return row([p.record_a, p.record_b, p.probability.toFixed(3), p.held_apart || "below the threshold", open], [2]);
  }));
}

async function explainPair(pair) {
  const query = new URLSearchParams({ a: pair.record_a, b: pair.record_b });
  const e = await api("GET", `/api/review/explain?${query}`);
  reviewPair = pair;
  fillBody($("explain"), e.comparisons.map((c) => row([c.name, c.value_a, c.value_b, c.missing ? "missing" : c.level, c.weight_bits.toFixed(2)], [4])));
  $("explain-summary").textContent = `weight ${e.weight_bits.toFixed(2)} bits; probability of the pair alone ${e.pairwise_probability.toFixed(3)}` +
    (e.blocking_rules.length ? `; compared under ${e.blocking_rules.join("; ")}`
      : "; no blocking rule pairs them: never compared") +
    (e.blocking_over_bound.length ? `; a shared key in a bucket over its bound (pairs nobody): ${e.blocking_over_bound.join("; ")}` : "") +
    (e.rules.length ? `; rules: ${e.rules.join("; ")}` : "");
  $("decide-status").textContent = "";
  show("explain-view", true);
}

async function decide(decision) {
  if (!reviewPair) return;
  try {
    await api("POST", "/api/review/decide", { record_a: reviewPair.record_a, record_b: reviewPair.record_b, decision });
    say($("decide-status"), `decided: ${decision} (kept by every later link)`, true);
    await loadReview();
  } catch (error) {
    say($("decide-status"), error.message, false);
  }
}
$("decide-same").addEventListener("click", () => decide("same"));
$("decide-different").addEventListener("click", () => decide("different"));

// ---- publishing (publishers) ------------------------------------------------------------------------

$("publish-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const release = $("publish-release").files[0];
  if (!release) return;
  const coverage = $("publish-coverage").files[0];
  const body = { release: await release.text() };
  if (coverage) body.coverage = await coverage.text();
  say($("publish-status"), "counting, protecting and writing the release (this can take a minute) …", true);
  show("publish-problems", false);
  try {
    const answer = await api("POST", "/api/releases", body);
    say($("publish-status"), `published ${answer.release}: ${answer.counted} ${answer.unit}, ${answer.tables} tables, ` +
      `${answer.cells} cells, ${answer.withheld} withheld; attacker's audit ${answer.audit_passed ? "passed" : "FAILED"}; ` +
      `files in ${answer.folder} on the server` + (answer.estimate_problem ? `; no estimate: ${answer.estimate_problem}` : ""), true);
    await loadReleases();
  } catch (error) {
    showRefusal(error, "publish-status", "publish-problems");
  }
});

// ---- releases and the dashboard ---------------------------------------------------------------------

async function loadReleases() {
  const releases = await api("GET", "/api/releases");
  const list = $("releases");
  list.replaceChildren(...releases.map((r) => {
    const item = document.createElement("li");
    const open = el("button", `${r.release} (${r.published_at})`);
    open.type = "button";
    open.addEventListener("click", () => showRelease(r.number));
    item.appendChild(open);
    return item;
  }));
  if (releases.length === 0) list.replaceChildren(el("li", "nothing published yet"));
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes || {}).forEach(([k, v]) => node.setAttribute(k, String(v)));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

// A table of a release as a cross-table: first variable down, second across; a withheld cell shows "c".
function crossTable(table) {
  const rows = [];
  const columns = [];
  const value = new Map();
  table.cells.forEach((cell) => {
    const [r, c] = cell.categories.length > 1 ? cell.categories : [cell.categories[0], "count"];
    if (!rows.includes(r)) rows.push(r);
    if (!columns.includes(c)) columns.push(c);
    value.set(`${r}\u0000${c}`, cell.status === "published" ? cell.value : "c");
  });
  const node = el("table");
  const head = document.createElement("thead");
  const tr = document.createElement("tr");
  tr.appendChild(el("th", table.variables.join(" × ")));
  columns.forEach((c) => tr.appendChild(el("th", c)));
  head.appendChild(tr);
  node.appendChild(head);
  const body = document.createElement("tbody");
  rows.forEach((r) => body.appendChild(row([r, ...columns.map((c) => value.get(`${r}\u0000${c}`) ?? "")], columns.map((_, i) => i + 1))));
  node.appendChild(body);
  return { node, rows, columns, value };
}

// The row totals as bars; a withheld total is drawn as an empty dashed box, never as a number.
function barChart(cross) {
  const totalColumn = cross.columns.includes("Total") ? "Total" : cross.columns[cross.columns.length - 1];
  const items = cross.rows.filter((r) => r !== "Total").map((r) => [r, cross.value.get(`${r}\u0000${totalColumn}`)]);
  const numbers = items.map(([, v]) => (typeof v === "number" ? v : 0));
  const largest = Math.max(1, ...numbers);
  const height = 18 * items.length + 10;
  const chart = svg("svg", { class: "chart", width: 520, height, role: "img" });
  items.forEach(([label, v], i) => {
    const y = 5 + 18 * i;
    chart.appendChild(svg("text", { x: 0, y: y + 12 }, label));
    if (typeof v === "number") {
      chart.appendChild(svg("rect", { class: "bar", x: 160, y, width: Math.max(1, (300 * v) / largest), height: 14 }));
      chart.appendChild(svg("text", { x: 165 + (300 * v) / largest, y: y + 12 }, v));
    } else {
      chart.appendChild(svg("rect", { class: "withheld", x: 160, y, width: 40, height: 14 }));
      chart.appendChild(svg("text", { x: 205, y: y + 12 }, "withheld"));
    }
  });
  return chart;
}

// Routes: origin → destination as bands proportional to the published counts, laid out by d3-sankey
// (bundled from npm at build time); withheld cells are not drawn. An origin and a destination of the same
// name are separate nodes, so a country that is both appears on each side.
function sankey(table) {
  const flows = table.cells.filter((c) => c.status === "published" && c.value > 0 &&
    !c.categories.includes("Total") && c.categories[0] !== c.categories[1]);
  if (flows.length === 0) return el("p", "no published flow between two different countries");
  const origins = [...new Set(flows.map((f) => f.categories[0]))];
  const destinations = [...new Set(flows.map((f) => f.categories[1]))];
  const nodes = [...origins.map((name) => ({ name, side: "origin" })),
    ...destinations.map((name) => ({ name, side: "destination" }))];
  const links = flows.map((f) => ({
    source: origins.indexOf(f.categories[0]),
    target: origins.length + destinations.indexOf(f.categories[1]),
    value: f.value,
  }));
  const width = 560;
  const height = 40 + 16 * Math.max(origins.length, destinations.length);
  const layout = sankeyLayout().nodeWidth(8).nodePadding(4).extent([[120, 10], [width - 140, height - 10]]);
  const graph = layout({ nodes: nodes.map((n) => ({ ...n })), links: links.map((l) => ({ ...l })) });
  const chart = svg("svg", { class: "chart", width, height, role: "img" });
  const band = sankeyLinkHorizontal();
  graph.links.forEach((link) => {
    const path = svg("path", { class: "flow", d: band(link), "stroke-width": Math.max(1, link.width) });
    path.appendChild(svg("title", {}, `${link.source.name} → ${link.target.name}: ${link.value}`));
    chart.appendChild(path);
  });
  graph.nodes.forEach((node) => {
    chart.appendChild(svg("rect", { class: "node", x: node.x0, y: node.y0, width: node.x1 - node.x0, height: Math.max(1, node.y1 - node.y0) }));
    const left = node.side === "origin";
    chart.appendChild(svg("text", { x: left ? node.x0 - 4 : node.x1 + 4, y: (node.y0 + node.y1) / 2 + 4,
      "text-anchor": left ? "end" : "start" }, node.name));
  });
  return chart;
}

async function showRelease(number) {
  const answer = await api("GET", `/api/releases/${number}`);
  const release = answer.content;
  $("dashboard-title").textContent = `${answer.release}, published ${answer.published_at}`;
  const definition = release.framework ? `under ${release.framework}` : "(every identified person, no legal definition applied)";
  $("dashboard-about").textContent = `${release.unit} ${release.population} ${definition}, ${release.years[0]}–${release.years[1]}; "c": withheld to protect the persons in it`;
  showEstimate(release.estimate);
  const holder = $("dashboard-tables");
  holder.replaceChildren();
  release.tables.forEach((table) => {
    holder.appendChild(el("h4", table.id));
    const cross = crossTable(table);
    if (table.variables.length === 2 && table.variables[0] === "origin" && table.variables[1] === "destination") {
      holder.appendChild(sankey(table));
    } else {
      holder.appendChild(barChart(cross));
    }
    holder.appendChild(cross.node);
  });
  show("dashboard", true);
}

// The release's published estimate: each method's interval on one axis beside the persons found.
function showEstimate(estimate) {
  show("dashboard-estimate", Boolean(estimate));
  if (!estimate) return;
  const lines = estimate.lines.filter((l) => l.ok);
  $("estimate-about").textContent = `${Math.round(estimate.observed)} persons found on the lists; ` +
    `${Math.round(100 * estimate.level)}% intervals; the method chosen is marked`;
  $("estimate-flags").replaceChildren(...estimate.flags.map((flag) => el("li", flag)));
  // The axis runs from a little below the persons found to a little above the highest limit.
  const smallest = Math.min(estimate.observed, ...lines.map((l) => l.lower)) * 0.95;
  const largest = Math.max(estimate.observed, ...lines.map((l) => l.upper)) * 1.05;
  const x = (v) => 200 + (360 * (v - smallest)) / (largest - smallest);
  const chart = svg("svg", { class: "chart", width: 760, height: 30 + 22 * lines.length, role: "img" });
  chart.appendChild(svg("line", { x1: x(estimate.observed), x2: x(estimate.observed), y1: 0, y2: 22 * lines.length + 8, stroke: "#a61b1b" }));
  chart.appendChild(svg("text", { x: x(estimate.observed) + 3, y: 22 * lines.length + 24 }, `found: ${Math.round(estimate.observed)}`));
  lines.forEach((l, i) => {
    const y = 12 + 22 * i;
    chart.appendChild(svg("text", { x: 0, y: y + 4 }, `${l.method}${l.chosen ? " (chosen)" : ""}`));
    chart.appendChild(svg("line", { x1: x(l.lower), x2: x(l.upper), y1: y, y2: y, stroke: "#243b53", "stroke-width": 3 }));
    chart.appendChild(svg("circle", { cx: x(l.estimate), cy: y, r: 4, class: "node" }));
    chart.appendChild(svg("text", { x: x(l.upper) + 4, y: y + 4 }, `${Math.round(l.estimate)} (${Math.round(l.lower)}–${Math.round(l.upper)})`));
  });
  $("estimate-chart").replaceChildren(chart);
}

async function loadTiers() {
  const grid = await api("GET", "/api/tiers");
  const head = $("tiers").querySelector("thead");
  const tr = document.createElement("tr");
  tr.appendChild(el("th", "country"));
  grid.years.forEach((y) => tr.appendChild(el("th", y)));
  head.replaceChildren(tr);
  fillBody($("tiers"), grid.rows.map((r) => row([`${r.country} ${r.name}`, ...r.cells])));
  $("tiers-source").textContent = grid.source;
}

// ---- audit, accounts, tokens ------------------------------------------------------------------------

async function loadAudit() {
  const log = await api("GET", "/api/audit?limit=500");
  $("audit-total").textContent = `${log.entries} entries; the last ${log.shown.length} shown, newest last`;
  fillBody($("audit"), log.shown.map((e) => row([e.id, e.at, e.actor, e.action, e.batch ?? "", e.detail], [0])));
}

async function loadAccounts() {
  const accounts = await api("GET", "/api/accounts");
  fillBody($("accounts"), accounts.map((a) => {
    const toggle = el("button", a.disabled ? "enable" : "disable");
    toggle.type = "button";
    toggle.addEventListener("click", async () => {
      await api("POST", `/api/accounts/${encodeURIComponent(a.login)}/${a.disabled ? "enable" : "disable"}`, {});
      await loadAccounts();
    });
    const state = a.disabled ? "disabled" : a.locked_until ? `locked until ${a.locked_until}` : "active";
    return row([a.login, a.role, a.agency, state, a.created_at, toggle]);
  }));
}

$("account-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("POST", "/api/accounts", {
      login: $("account-login").value, role: $("account-role").value,
      agency: $("account-agency").value, password: $("account-password").value,
    });
    $("account-password").value = "";
    say($("account-status"), "account added", true);
    await loadAccounts();
  } catch (error) {
    say($("account-status"), error.message + (error.data && error.data.hint ? " — " + error.data.hint : ""), false);
  }
});

async function loadTokens() {
  const tokens = await api("GET", "/api/tokens");
  fillBody($("tokens"), tokens.map((t) => {
    const revoke = el("button", "revoke");
    revoke.type = "button";
    revoke.disabled = Boolean(t.revoked_at);
    revoke.addEventListener("click", async () => {
      await api("POST", `/api/tokens/${t.id}/revoke`, {});
      await loadTokens();
    });
    return row([t.id, t.label, t.created_at, t.revoked_at, revoke], [0]);
  }));
}

$("token-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const answer = await api("POST", "/api/tokens", { label: $("token-label").value });
    say($("token-shown"), `${answer.token} — ${answer.note}`, true);
    await loadTokens();
  } catch (error) {
    say($("token-shown"), error.message, false);
  }
});

// A page reloaded inside a session picks it up again.
api("GET", "/api/me").then(signedIn).catch(() => {});
