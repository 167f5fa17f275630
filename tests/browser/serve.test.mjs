// The page of `clearpoint serve` as its users meet it, in Debian's headless Chromium (run.sh sets up the
// store and the server). Each step asserts what the person must see; a screenshot of each is kept.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const url = process.env.CLEARPOINT_URL;
const password = process.env.PASSWORD;
const artifacts = process.env.ARTIFACTS;
const bin = process.env.BIN;
const db = process.env.DB;
const examples = process.env.EXAMPLES;

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const passed = [];

async function signedIn(login) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const scriptErrors = [];
  page.on("pageerror", (error) => scriptErrors.push(error.message));
  await page.goto(url);
  await page.fill("#login-name", login);
  await page.fill("#login-password", password);
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("#logout", { state: "visible" });
  assert.match(await page.textContent("#who"), new RegExp(login));
  return { page, context, scriptErrors };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function status(page, path) {
  return page.evaluate(async (p) => (await fetch(p)).status, path);
}

try {
  // ---- a wrong password is refused with what to do --------------------------------------------------
  {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(url);
    await page.fill("#login-name", "officer");
    await page.fill("#login-password", "not the password");
    await page.click("#login-form button[type=submit]");
    await page.waitForFunction(() => document.getElementById("login-error").textContent.length > 0);
    assert.match(await page.textContent("#login-error"), /login or password is wrong/);
    assert.equal(await page.isVisible("#upload-section"), false);
    await context.close();
    passed.push("a wrong password is refused, nothing shown");
  }

  // ---- the submitter: errors located, fixed, only the own agency -------------------------------------
  {
    const { page, context, scriptErrors } = await signedIn("officer");
    assert.equal(await page.isVisible("#upload-section"), true);
    assert.equal(await page.isVisible("#review-section"), false);
    const header = "record_id,given_names,surnames,sex,birth_date,identification_year\n";
    const bad = header + "NEW-1,Ana,Petrović,female,1990-01-01,2009\nNEW-2,Ivana,Marković,female,31.31.1990,2009\n";
    await page.setInputFiles("#upload-file", { name: "new-list.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await page.fill("#upload-list", "victims");
    await page.click("#upload-form button[type=submit]");
    await page.waitForSelector("#upload-problems", { state: "visible" });
    const problems = await page.locator("#upload-problems tbody tr").allTextContents();
    assert.ok(problems.length >= 1, "the problems are listed");
    assert.match(problems[0], /new-list\.csv:3:\d+/, "located by file, line and column");
    assert.match(problems[0], /birth_date/);
    assert.doesNotMatch(problems.join(" "), /Ivana|Marković/, "no name in an error");
    assert.match(await page.textContent("#upload-status"), /not imported: nothing was stored/);
    await shot(page, "1-submitter-errors-located");

    const fixed = bad.replace("31.31.1990", "1990-12-31");
    await page.setInputFiles("#upload-file", { name: "new-list.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
    await page.click("#upload-form button[type=submit]");
    await page.waitForFunction(() => /stored as batch/.test(document.getElementById("upload-status").textContent));
    assert.equal(await page.isVisible("#upload-problems"), false);
    await page.waitForFunction(() => document.querySelectorAll("#batches tbody tr").length === 2);
    const agencies = await page.locator("#batches tbody tr td:nth-child(2)").allTextContents();
    assert.deepEqual(agencies, ["MUP-RS", "MUP-RS"], "only the own agency's batches");
    // The other agencies' batches (2: the shelter, 3: IOM) look absent, even asked for directly.
    assert.equal(await status(page, "/api/batches/2"), 404);
    assert.equal(await status(page, "/api/batches/3/records"), 404);
    assert.equal(await status(page, "/api/review"), 403);
    await page.click("#batches tbody tr:last-child button");
    await page.waitForSelector("#records-view", { state: "visible" });
    assert.match(await page.textContent("#records-title"), /2 records/);
    await shot(page, "2-submitter-fixed-and-stored");
    assert.deepEqual(scriptErrors, []);
    await context.close();
    passed.push("submitter: errors located before anything is stored, fixed upload stored, only MUP-RS seen");
  }

  // ---- the submitter saves its column mapping and chooses it by name ---------------------------------
  {
    const { page, context, scriptErrors } = await signedIn("officer");
    await page.fill("#upload-mapping", "[columns]\n\"Ime\" = \n");
    await page.fill("#mapping-name", "police layout");
    await page.click("#mapping-form button[type=submit]");
    await page.waitForFunction(() => document.getElementById("mapping-status").className === "error");
    assert.match(await page.textContent("#mapping-status"), /mapping 'police layout':2/, "a wrong mapping located, not saved");
    await page.fill("#upload-mapping", readFileSync(path.join(examples, "police.mapping.toml"), "utf8"));
    await page.click("#mapping-form button[type=submit]");
    await page.waitForFunction(() => /saved as/.test(document.getElementById("mapping-status").textContent));
    await page.fill("#upload-mapping", "");
    await page.selectOption("#upload-saved-mapping", "police layout");
    assert.equal(await page.isDisabled("#upload-mapping"), true, "the saved mapping replaces the text box");
    // The police's own export, read through the saved mapping: the batch imported from the command line.
    await page.setInputFiles("#upload-file", path.join(examples, "police.csv"));
    await page.fill("#upload-list", "victims");
    await page.click("#upload-form button[type=submit]");
    await page.waitForFunction(() => /submitted before/.test(document.getElementById("upload-status").textContent));
    await shot(page, "2b-submitter-saved-mapping");
    assert.deepEqual(scriptErrors, []);
    await context.close();
    passed.push("submitter: a mapping checked, saved and chosen by name reads the agency's own export");
  }

  // ---- the analyst decides a review pair ------------------------------------------------------------
  {
    const { page, context, scriptErrors } = await signedIn("analyst");
    await page.waitForSelector("#review tbody tr");
    const before = await page.textContent("#review-total");
    const first = await page.locator("#review tbody tr").first().locator("td").allTextContents();
    await page.locator("#review tbody tr").first().locator("button").click();
    await page.waitForSelector("#explain-view", { state: "visible" });
    assert.ok((await page.locator("#explain tbody tr").count()) >= 3, "the comparisons side by side");
    assert.match(await page.textContent("#explain-summary"), /weight .* bits.*compared/);
    await shot(page, "3-analyst-pair-side-by-side");
    // The analyst's runs: link again from the page (the decisions so far are kept).
    await page.click("#run-link");
    await page.waitForFunction(() => /linked into \d+ persons/.test(document.getElementById("run-status").textContent));
    await page.click("#run-persons");
    await page.waitForFunction(() => /records linked into persons/.test(document.getElementById("run-status").textContent));
    assert.ok((await page.locator("#run-result tbody tr").count()) >= 100, "every agency's records with their persons");
    await page.click("#decide-different");
    await page.waitForFunction(() => /decided: different/.test(document.getElementById("decide-status").textContent));
    await page.waitForFunction((b) => document.getElementById("review-total").textContent !== b, before);
    const decisions = execFileSync(bin, ["--db", db, "link", "review", "--decisions"], { encoding: "utf8" });
    assert.ok(decisions.includes(first[0]) && decisions.includes(first[1]), "the decision is in the store");
    assert.match(decisions, /different/);
    assert.match(decisions, /as analyst/);
    await shot(page, "4-analyst-decided");
    assert.deepEqual(scriptErrors, []);
    await context.close();
    passed.push("analyst: a review pair compared side by side and decided; the store has it");
  }

  // ---- the publisher publishes a release from the page ------------------------------------------------
  {
    const { page, context, scriptErrors } = await signedIn("publisher");
    assert.equal(await page.isVisible("#publish-section"), true);
    assert.equal(await status(page, "/api/batches"), 403, "a publisher reads no records");
    const release = readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), "example-release.toml"), "utf8")
      .replace('id = "examples-2000-2010"', 'id = "examples-by-publisher"').replace(/\[report\][^]*$/, "");
    await page.setInputFiles("#publish-release", { name: "broken.toml", mimeType: "text/plain", buffer: Buffer.from("[release]\nid = 3\n") });
    await page.click("#publish-form button[type=submit]");
    await page.waitForSelector("#publish-problems", { state: "visible" });
    assert.match(await page.textContent("#publish-problems"), /release\.toml/, "the problem located in the release file");
    await page.setInputFiles("#publish-release", { name: "release.toml", mimeType: "text/plain", buffer: Buffer.from(release) });
    await page.click("#publish-form button[type=submit]");
    await page.waitForFunction(() => /published examples-by-publisher/.test(document.getElementById("publish-status").textContent));
    assert.match(await page.textContent("#publish-status"), /audit passed/);
    await page.waitForFunction(() => [...document.querySelectorAll("#releases li")].some((li) => /examples-by-publisher/.test(li.textContent)));
    await shot(page, "5-publisher-published");
    assert.deepEqual(scriptErrors, []);
    await context.close();
    passed.push("publisher: a release published from the page, its mistakes located first");
  }

  // ---- the reader opens the dashboard ---------------------------------------------------------------
  {
    const { page, context, scriptErrors } = await signedIn("reader");
    assert.equal(await page.isVisible("#batches-section"), false);
    assert.equal(await status(page, "/api/batches"), 403);
    await page.waitForSelector("#releases li button");
    await page.locator("#releases li button").first().click();
    await page.waitForSelector("#dashboard", { state: "visible" });
    assert.match(await page.textContent("#dashboard-title"), /examples-2000-2010/);
    assert.ok((await page.locator("#dashboard-tables svg").count()) >= 2, "a chart per table");
    assert.ok((await page.locator("#dashboard-tables svg path.flow").count()) >= 1, "the routes drawn");
    assert.equal(await page.isVisible("#dashboard-estimate"), true, "the published estimate");
    assert.ok((await page.locator("#estimate-chart svg circle").count()) >= 2, "the methods side by side");
    assert.match(await page.textContent("#estimate-about"), /persons found on the lists; 95% intervals/);
    await page.waitForSelector("#tiers tbody tr");
    const tiers = await page.locator("#tiers tbody tr").allTextContents();
    assert.ok(tiers.some((t) => /Bosnia and Herzegovina/.test(t) && /3 → 2/.test(t)), "the tier grid as published");
    const text = await page.textContent("body");
    assert.doesNotMatch(text, /Марија|Ахметовић|MUP-RS\/victims/, "no record reaches a reader");
    await shot(page, "6-reader-dashboard");
    assert.deepEqual(scriptErrors, []);
    await context.close();
    passed.push("reader: the dashboard of a published release, charts and routes, no record");
  }
} finally {
  await browser.close();
}
for (const line of passed) console.log(`ok — ${line}`);
console.log(`browser tests: ${passed.length} passed; screenshots in ${artifacts}`);
