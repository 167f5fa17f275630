#include "server/handlers.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "core/diagnostic.h"
#include "io/column_mapping.h"
#include "io/private_folder.h"
#include "io/record_writer.h"
#include "pipeline/batches.h"
#include "pipeline/coverage_source.h"
#include "pipeline/import_batch.h"
#include "pipeline/linkage_review.h"
#include "pipeline/person_table.h"
#include "pipeline/publish_release.h"
#include "pipeline/saved_mappings.h"
#include "server/analyst_answers.h"
#include "server/policy.h"
#include "server/web_assets.h"
#include "store/store.h"

namespace clearpoint::server {

namespace {

using nlohmann::json;

void send_json(Exchange& x, int status, const json& body) {
  x.response.status = status;
  x.response.set_content(body.dump(), "application/json; charset=utf-8");
}

json body_json(const Exchange& x) {
  const auto body = json::parse(x.request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    throw HttpError(400, "the request body is not a JSON object", "send Content-Type: application/json");
  return body;
}

std::string text_field(const json& body, const char* name, bool required = true) {
  const auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    if (required)
      throw HttpError(400, fmt::format("the field '{}' is missing", name), "add it to the JSON body");
    return {};
  }
  if (!found->is_string()) throw HttpError(400, fmt::format("the field '{}' must be text", name));
  return found->get<std::string>();
}

std::int64_t path_number(const Exchange& x) {
  try {
    return std::stoll(x.request.matches[1].str());
  } catch (const std::exception&) {
    throw HttpError(404, "there is no such item");
  }
}

// The request's ?limit=N, between 1 and `most`; `usual` when it has none.
std::size_t limit_param(const Exchange& x, std::size_t usual, std::int64_t most) {
  if (!x.request.has_param("limit")) return usual;
  try {
    return static_cast<std::size_t>(
        std::clamp<std::int64_t>(std::stoll(x.request.get_param_value("limit")), 1, most));
  } catch (const std::exception&) {
    throw HttpError(400, "limit must be a number", fmt::format("for example ?limit={}", usual));
  }
}

const pipeline::Principal& principal(const Exchange& x) {
  return *x.principal;  // the server authenticated the request before calling a signed-in route's handler
}

// The batch, when it exists and the principal may touch its agency; else 404 alike, so that another
// agency's batch cannot be told apart from one that does not exist.
store::BatchInfo require_own_batch(const Exchange& x, std::int64_t id) {
  const auto store = x.workspace.open_store();
  const auto batch = store.batch(id);
  if (!batch || !may_touch_agency(principal(x), batch->agency))
    throw HttpError(404, fmt::format("there is no batch {} among yours", id), "GET /api/batches lists them");
  return *batch;
}

json batch_json(const store::BatchInfo& b) {
  json out = {{"id", b.id},
              {"agency", b.agency},
              {"list", b.list},
              {"file", b.label},
              {"format", b.format},
              {"records", b.record_count},
              {"rejected", b.rejected_count},
              {"status", std::string(store::to_string(b.status))},
              {"imported_at", b.imported_at},
              {"imported_by", b.imported_by}};
  if (b.status == store::BatchStatus::kWithdrawn) {
    out["withdrawn_at"] = b.withdrawn_at;
    out["withdrawn_by"] = b.withdrawn_by;
  }
  return out;
}

// Where the server keeps a request's files is its own business: `hidden` maps each such path (a private
// folder's, ending in '/', to nothing: a file in it is shown by the name the person sent; a release folder
// to its name beside the store) to what the person is shown instead.
using HiddenPaths = std::vector<std::pair<std::string, std::string>>;

std::string without_server_paths(std::string text, const HiddenPaths& hidden) {
  for (const auto& [path, shown] : hidden) text = io::relabelled(std::move(text), path, shown);
  return text;
}

json diagnostics_json(const core::UserError& error, const HiddenPaths& hidden) {
  json list = json::array();
  for (auto diagnostic : error.diagnostics()) {
    // The import's closing line ("… was not imported: N problems found") is the answer's own headline, and
    // its hint speaks of command-line options.
    if (diagnostic.where.line == 0 && diagnostic.problem.find("was not imported") != std::string::npos)
      continue;
    diagnostic.where.file = without_server_paths(diagnostic.where.file, hidden);
    diagnostic.problem = without_server_paths(diagnostic.problem, hidden);
    diagnostic.hint = without_server_paths(diagnostic.hint, hidden);
    list.push_back({{"where", diagnostic.where.file.empty() ? std::string() : diagnostic.where.to_string()},
                    {"sheet", diagnostic.where.sheet},
                    {"line", diagnostic.where.line},
                    {"column", diagnostic.where.column},
                    {"field", diagnostic.field},
                    {"problem", diagnostic.problem},
                    {"hint", diagnostic.hint}});
  }
  return list;
}

// A name the upload may keep: its last path part, with only letters, digits, '.', '_' and '-'; a name
// that would be empty, hidden or a path becomes "upload". The file is written into a private folder under
// this name only, so "../../clearpoint.db" cannot reach anything.
std::string upload_file_name(const std::string& sent) {
  std::string base =
      sent.substr(sent.find_last_of("/\\") == std::string::npos ? 0 : sent.find_last_of("/\\") + 1);
  std::string name;
  for (const char c : base) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    name.push_back(keep ? c : '_');
  }
  if (name.size() > 100) name = name.substr(name.size() - 100);
  while (!name.empty() && name.front() == '.') name.erase(name.begin());
  if (name.empty()) name = "upload";
  return name;
}

std::string form_text(const httplib::Request& request, const char* name) {
  return request.has_file(name) ? request.get_file_value(name).content : std::string();
}

// ---- the page ---------------------------------------------------------------------------------------

void page(Exchange& x) {
  x.response.set_content(std::string(page_html()), "text/html; charset=utf-8");
}
void script(Exchange& x) {
  x.response.set_content(std::string(app_js()), "text/javascript; charset=utf-8");
}
void style(Exchange& x) {
  x.response.set_content(std::string(app_css()), "text/css; charset=utf-8");
}
void health(Exchange& x) {
  send_json(x, 200, {{"status", "ok"}});
}

// ---- signing in and out -----------------------------------------------------------------------------

std::string session_cookie_header(const std::string& value, int max_age_seconds) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; Secure; SameSite=Strict", kSessionCookie, value,
                     max_age_seconds);
}

void login(Exchange& x) {
  if (!x.login_throttle.admit(x.request.remote_addr)) {
    throw HttpError(429, "too many login attempts from this address in the last minute",
                    "wait a minute and try again");
  }
  const auto body = body_json(x);
  const std::string login = text_field(body, "login");
  const std::string password = text_field(body, "password");
  auto store = x.workspace.open_store();
  const auto result = pipeline::log_in(store, login, password, store::utc_now());
  if (result.outcome != pipeline::LoginOutcome::kAccepted) {
    throw HttpError(401,
                    "login refused: the login or password is wrong, or the account is disabled or locked",
                    fmt::format("after {} wrong passwords an account is locked for {} minutes; an admin can "
                                "reset it",
                                pipeline::kLockoutAfter, pipeline::kLockoutMinutes));
  }
  // A session id the browser brought along is never adopted (session fixation): it is closed, and the
  // session is always a new one.
  if (!x.session_cookie.empty()) pipeline::close_session(store, x.session_cookie);
  const auto session = pipeline::open_session(store, *result.principal, store::utc_now());
  x.response.set_header("Set-Cookie", session_cookie_header(session.cookie, pipeline::kSessionHours * 3600));
  send_json(x, 200,
            {{"login", result.principal->login},
             {"role", std::string(pipeline::to_string(result.principal->role))},
             {"agency", result.principal->agency},
             {"csrf_token", session.csrf_token}});
}

void logout(Exchange& x) {
  if (!x.session_cookie.empty()) {
    auto store = x.workspace.open_store();
    pipeline::close_session(store, x.session_cookie);
  }
  x.response.set_header("Set-Cookie", session_cookie_header("", 0));
  send_json(x, 200, {{"signed_out", true}});
}

void me(Exchange& x) {
  const auto& who = principal(x);
  json out = {
      {"login", who.login}, {"role", std::string(pipeline::to_string(who.role))}, {"agency", who.agency}};
  if (!x.session_cookie.empty()) {
    const auto store = x.workspace.open_store();
    if (const auto session = pipeline::find_session(store, x.session_cookie, store::utc_now()))
      out["csrf_token"] = session->csrf_token;
  }
  send_json(x, 200, out);
}

// ---- API tokens -------------------------------------------------------------------------------------

void tokens_list(Exchange& x) {
  const auto store = x.workspace.open_store();
  json out = json::array();
  for (const auto& token : store.api_tokens(principal(x).account)) {
    out.push_back({{"id", token.id},
                   {"label", token.label},
                   {"created_at", token.created_at},
                   {"revoked_at", token.revoked_at}});
  }
  send_json(x, 200, out);
}

void token_issue(Exchange& x) {
  const auto body = body_json(x);
  std::string label = text_field(body, "label", false);
  if (label.empty()) label = "API token";
  if (label.size() > 100) throw HttpError(400, "a token's label is at most 100 characters");
  auto store = x.workspace.open_store();
  const std::string token = pipeline::issue_api_token(store, principal(x), label);
  send_json(x, 201,
            {{"token", token},
             {"note",
              "shown once: keep it where your submission script reads it; send it as "
              "'Authorization: Bearer TOKEN'"}});
}

void token_revoke(Exchange& x) {
  auto store = x.workspace.open_store();
  if (!store.revoke_api_token(principal(x).account, path_number(x), principal(x).login))
    throw HttpError(404, "you have no such token in force", "GET /api/tokens lists yours");
  send_json(x, 200, {{"revoked", true}});
}

// ---- batches and records ----------------------------------------------------------------------------

void batches_list(Exchange& x) {
  const auto& who = principal(x);
  const std::string agency = who.role == pipeline::Role::kSubmitter ? who.agency : std::string();
  json out = json::array();
  for (const auto& batch : pipeline::list_batches(x.workspace, agency)) {
    if (may_touch_agency(who, batch.agency)) out.push_back(batch_json(batch));
  }
  send_json(x, 200, out);
}

void batch_show(Exchange& x) {
  send_json(x, 200, batch_json(require_own_batch(x, path_number(x))));
}

void batch_records(Exchange& x) {
  const auto batch = require_own_batch(x, path_number(x));
  auto store = x.workspace.open_store();
  std::ostringstream lines;
  const auto writer = io::make_record_writer(io::FileFormat::kJsonLines, lines);
  store::RecordFilter filter;
  filter.batch_id = batch.id;
  const auto count =
      store.for_each_record(filter, [&](const records::CaseRecord& record) { writer->write(record); });
  json out = json::array();
  std::istringstream read(lines.str());
  for (std::string line; std::getline(read, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  store.record_event(x.workspace.audit_actor(), "read-records", batch.id,
                     json{{"records", count}, {"via", "serve"}}.dump());
  send_json(x, 200, {{"batch", batch.id}, {"records", out}});
}

void batch_upload(Exchange& x) {
  const auto& who = principal(x);
  if (!x.request.is_multipart_form_data() || !x.request.has_file("file")) {
    throw HttpError(400, "no file was sent",
                    "send the batch as the form field 'file' of a multipart/form-data request");
  }
  const auto& file = x.request.get_file_value("file");
  if (file.content.empty()) throw HttpError(400, "the file sent is empty", "choose the agency's list file");
  const std::string name = upload_file_name(file.filename);

  pipeline::ImportSettings settings;
  settings.agency = who.agency;
  settings.list = form_text(x.request, "list");
  settings.list_given = !settings.list.empty();
  if (settings.list.empty()) settings.list = "main";
  settings.format = form_text(x.request, "format");
  // A browser names the type of the file it sends; a name without .csv, .jsonl or .xlsx is read by that.
  if (settings.format.empty() && !io::format_from_path(name) && !name.ends_with(".xlsx")) {
    if (file.content_type.find("spreadsheetml") != std::string::npos) settings.format = "xlsx";
    if (file.content_type.starts_with("text/csv")) settings.format = "csv";
    if (file.content_type.find("ndjson") != std::string::npos ||
        file.content_type.find("jsonl") != std::string::npos)
      settings.format = "jsonl";
  }
  settings.separator = form_text(x.request, "separator");

  io::PrivateFolder folder(x.workspace.db);
  const std::string path = folder.path() + "/" + name;
  try {
    io::write_private_file(path, file.content);
    // A mapping typed in, or one the agency saved, chosen by name (never another agency's: the agency is
    // the account's).
    std::string mapping_text = form_text(x.request, "mapping");
    if (const std::string saved = form_text(x.request, "mapping_name"); !saved.empty()) {
      if (!mapping_text.empty())
        throw HttpError(400, "both a mapping and a saved mapping's name were sent", "choose one of them");
      mapping_text = pipeline::saved_mapping_text(x.workspace, who.agency, saved);
    }
    std::optional<io::ColumnMapping> mapping;
    if (!mapping_text.empty()) {
      settings.mapping_path = folder.path() + "/mapping.toml";
      io::write_private_file(settings.mapping_path, mapping_text);
      mapping = io::ColumnMapping::load(settings.mapping_path);
    }
    auto store = x.workspace.open_store();
    const auto outcome = pipeline::import_batch(store, x.workspace, path, settings,
                                                mapping ? &*mapping : nullptr, x.workspace.countries());
    send_json(x, outcome.result.already_present ? 200 : 201,
              {{"batch", batch_json(outcome.result.batch)},
               {"accepted", outcome.result.accepted},
               {"already_present", outcome.result.already_present}});
  } catch (const core::UserError& error) {
    send_json(x, 422,
              {{"error", fmt::format("{} was not imported: nothing was stored", name)},
               {"hint", "correct every problem listed and send the file again"},
               {"problems", diagnostics_json(error, {{folder.path() + "/", ""}})}});
  }
}

void batch_withdraw(Exchange& x) {
  const auto batch = require_own_batch(x, path_number(x));
  const auto body = body_json(x);
  const std::string reason = text_field(body, "reason");
  if (reason.empty())
    throw HttpError(400, "say why the batch is withdrawn", "the reason is kept with the batch");
  pipeline::withdraw_batch(x.workspace, batch.id, reason);
  send_json(x, 200, {{"withdrawn", batch.id}});
}

// ---- saved column mappings --------------------------------------------------------------------------

void mappings_list(Exchange& x) {
  json out = json::array();
  for (const auto& m : pipeline::saved_mappings(x.workspace, principal(x).agency)) {
    out.push_back(
        {{"name", m.name}, {"mapping", m.content}, {"saved_by", m.saved_by}, {"saved_at", m.saved_at}});
  }
  send_json(x, 200, out);
}

void mapping_save(Exchange& x) {
  const auto body = body_json(x);
  const std::string name = text_field(body, "name");
  try {
    pipeline::save_mapping(x.workspace, principal(x).agency, name, text_field(body, "mapping"));
  } catch (const core::UserError& error) {
    send_json(x, 422,
              {{"error", "the mapping was not saved"},
               {"hint", "correct every problem listed and save again"},
               {"problems", diagnostics_json(error, {})}});
    return;
  }
  send_json(x, 201, {{"saved", name}, {"agency", principal(x).agency}});
}

// ---- clerical review --------------------------------------------------------------------------------

void review_list(Exchange& x) {
  const auto limit = static_cast<std::int64_t>(limit_param(x, 50, 1000));
  const auto queue = pipeline::review_queue(x.workspace, limit);
  json pairs = json::array();
  for (const auto& pair : queue.pairs) {
    pairs.push_back({{"record_a", pair.record_a},
                     {"record_b", pair.record_b},
                     {"probability", pair.probability},
                     {"weight_bits", pair.weight_bits},
                     {"person_a", pair.person_a},
                     {"person_b", pair.person_b},
                     {"held_apart", pair.held_apart}});
  }
  auto store = x.workspace.open_store();
  store.record_event(x.workspace.audit_actor(), "read-review", std::nullopt,
                     json{{"pairs", queue.pairs.size()}, {"via", "serve"}}.dump());
  send_json(x, 200, {{"total", queue.total}, {"pairs", pairs}});
}

void review_explain(Exchange& x) {
  const std::string a = x.request.get_param_value("a");
  const std::string b = x.request.get_param_value("b");
  if (a.empty() || b.empty())
    throw HttpError(400, "name the two records as ?a=…&b=…", "as GET /api/review lists them");
  const auto e = pipeline::explain_pair(x.workspace, a, b);
  json comparisons = json::array();
  for (const auto& c : e.comparisons) {
    comparisons.push_back({{"name", c.name},
                           {"value_a", c.value_a},
                           {"value_b", c.value_b},
                           {"missing", c.missing},
                           {"level", c.level},
                           {"m", c.m},
                           {"u", c.u},
                           {"weight_bits", c.weight_bits}});
  }
  auto store = x.workspace.open_store();
  store.record_event(x.workspace.audit_actor(), "read-records", std::nullopt,
                     json{{"records", 2}, {"via", "serve review"}}.dump());
  json out = {{"comparisons", comparisons},
              {"name_adjustment_bits", e.name_adjustment_bits},
              {"weight_bits", e.weight_bits},
              {"prior", e.prior},
              {"pairwise_probability", e.pairwise_probability},
              {"rules", e.rules},
              {"blocking_rules", e.blocking_rules},
              {"blocking_over_bound", e.blocking_over_bound},
              {"person_a", e.person_a},
              {"person_b", e.person_b}};
  if (e.queued_probability) out["queued_probability"] = *e.queued_probability;
  send_json(x, 200, out);
}

void review_decide(Exchange& x) {
  const auto body = body_json(x);
  const std::string decision = text_field(body, "decision");
  if (decision != "same" && decision != "different")
    throw HttpError(400, "a decision is 'same' or 'different'");
  pipeline::decide_pair(x.workspace, text_field(body, "record_a"), text_field(body, "record_b"),
                        decision == "same");
  send_json(
      x, 200,
      {{"decided", decision}, {"note", "the next link run keeps this decision; the persons change then"}});
}

// ---- the analyst's runs -----------------------------------------------------------------------------

void classify_run(Exchange& x) {
  send_json(x, 200, classify_answer(x.workspace));
}

void link_run(Exchange& x) {
  send_json(x, 200, link_answer(x.workspace));
}

// The linked data: each record's person, its link probability and the lists the person is on (as
// `clearpoint persons`), optionally of one agency; at most `limit` rows, the total said.
void persons_list(Exchange& x) {
  const std::size_t limit = limit_param(x, 500, 100000);
  store::RecordFilter filter;
  if (x.request.has_param("agency")) filter.agency = x.request.get_param_value("agency");
  const auto rows = pipeline::person_rows(x.workspace, filter);
  json out = json::array();
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
    const auto& r = rows[i];
    out.push_back({{"agency", r.agency},
                   {"list", r.list},
                   {"record_id", r.record_id},
                   {"person", r.person},
                   {"link_probability", r.link_probability ? json(*r.link_probability) : json(nullptr)},
                   {"person_lists", r.person_lists}});
  }
  auto store = x.workspace.open_store();
  store.record_event(x.workspace.audit_actor(), "read-persons", std::nullopt,
                     json{{"records", out.size()}, {"via", "serve"}}.dump());
  send_json(x, 200, {{"total", rows.size()}, {"shown", out.size()}, {"rows", out}});
}

// The lists' coverage kept in the store, which the analysts' estimates and the releases' reports use.
void coverage_show(Exchange& x) {
  const auto saved = pipeline::saved_coverage(x.workspace);
  if (!saved) {
    send_json(x, 200, {{"saved", false}});
    return;
  }
  send_json(x, 200,
            {{"saved", true},
             {"coverage", saved->content},
             {"saved_by", saved->saved_by},
             {"saved_at", saved->saved_at}});
}

void coverage_save(Exchange& x) {
  const auto body = body_json(x);
  try {
    pipeline::save_coverage(x.workspace, text_field(body, "coverage"));
  } catch (const core::UserError& error) {
    send_json(x, 422,
              {{"error", "the coverage was not saved"},
               {"hint", "correct every problem listed and save again"},
               {"problems", diagnostics_json(error, {})}});
    return;
  }
  send_json(x, 201, {{"saved", true}, {"note", "every estimate and release report uses it from now on"}});
}

void estimate_show(Exchange& x) {
  send_json(x, 200,
            estimate_answer(x.workspace, x.request.has_param("method") ? x.request.get_param_value("method")
                                                                       : std::string()));
}

void tiers_grid(Exchange& x) {
  send_json(x, 200, tiers_answer(x.workspace));
}

// ---- published releases -----------------------------------------------------------------------------

void releases_list(Exchange& x) {
  const auto store = x.workspace.open_store();
  json out = json::array();
  std::int64_t number = 0;
  for (const auto& release : store.releases()) {
    out.push_back(
        {{"number", ++number}, {"release", release.release_id}, {"published_at", release.published_at}});
  }
  send_json(x, 200, out);
}

void release_show(Exchange& x) {
  const auto store = x.workspace.open_store();
  const auto releases = store.releases();
  const std::int64_t number = path_number(x);
  if (number < 1 || number > static_cast<std::int64_t>(releases.size()))
    throw HttpError(404, fmt::format("there is no release {}", number), "GET /api/releases lists them");
  const auto& release = releases[static_cast<std::size_t>(number - 1)];
  // The stored content holds published numbers only (a withheld cell has no value): it is what the
  // release's files say, nothing more.
  send_json(x, 200,
            {{"number", number},
             {"release", release.release_id},
             {"published_at", release.published_at},
             {"content", json::parse(release.content)}});
}

// A fresh folder of its own for one published release's files, beside the store (STORE-releases/STAMP),
// and its name as the publisher is shown it.
std::pair<std::string, std::string> fresh_release_folder(const std::string& db) {
  const std::filesystem::path store_path(db);
  const std::string parent_name = store_path.stem().string() + "-releases";
  const auto parent = store_path.parent_path() / parent_name;
  struct stat seen {};
  if (::mkdir(parent.c_str(), 0700) != 0 &&
      (errno != EEXIST || ::lstat(parent.c_str(), &seen) != 0 || !S_ISDIR(seen.st_mode)))
    throw core::UserError("the server cannot create its folder for published releases",
                          "tell the clearing point's administrator (the folder beside the store)");
  std::string stamp = store::utc_now();
  std::erase(stamp, ':');
  std::erase(stamp, '-');
  for (int attempt = 1; attempt <= 100; ++attempt) {
    const std::string name = attempt == 1 ? stamp : fmt::format("{}-{}", stamp, attempt);
    const auto folder = parent / name;
    if (::mkdir(folder.c_str(), 0700) == 0) return {folder.string(), parent_name + "/" + name};
    if (errno != EEXIST) break;
  }
  throw core::UserError("the server cannot create a folder for this release",
                        "tell the clearing point's administrator");
}

void release_publish(Exchange& x) {
  const auto body = body_json(x);
  io::PrivateFolder folder(x.workspace.db);
  pipeline::PublishSettings settings;
  settings.release_path = folder.path() + "/release.toml";
  io::write_private_file(settings.release_path, text_field(body, "release"));
  if (const std::string coverage = text_field(body, "coverage", false); !coverage.empty()) {
    settings.coverage_path = folder.path() + "/coverage.toml";
    io::write_private_file(settings.coverage_path, coverage);
  }
  if (const auto seed = body.find("seed"); seed != body.end()) {
    if (!seed->is_number_unsigned())
      throw HttpError(400, "the seed must be a whole number", "for example 2026");
    settings.seed = seed->get<std::uint64_t>();
  }
  const auto [out_dir, shown] = fresh_release_folder(x.workspace.db);
  settings.out_dir = out_dir;
  const HiddenPaths hidden = {{folder.path() + "/", ""}, {out_dir, shown}};
  try {
    const auto outcome = pipeline::publish_release(x.workspace, settings);
    std::int64_t exposed = 0;
    for (const auto& check : outcome.protection.checks) exposed += check.protected_enough ? 0 : 1;
    json files = json::array();
    for (const auto& file : outcome.written) files.push_back(std::filesystem::path(file).filename().string());
    const auto store = x.workspace.open_store();
    send_json(x, 201,
              {{"number", static_cast<std::int64_t>(store.releases().size())},
               {"release", outcome.release.id},
               {"counted", outcome.counted},
               {"unit", outcome.release.unit},
               {"tables", outcome.tables.size()},
               {"cells", outcome.cells.size()},
               {"withheld", outcome.protection.primary + outcome.protection.secondary},
               {"audit_passed", exposed == 0},
               {"estimate_problem", without_server_paths(outcome.estimate_problem, hidden)},
               {"folder", shown},
               {"files", files}});
  } catch (const core::UserError& error) {
    std::error_code ignored;
    std::filesystem::remove(out_dir, ignored);  // only when nothing was written into it
    send_json(x, 422,
              {{"error", "the release was not published: nothing was kept"},
               {"hint", "correct every problem listed and publish again"},
               {"problems", diagnostics_json(error, hidden)}});
  }
}

// ---- the audit log ----------------------------------------------------------------------------------

void audit_list(Exchange& x) {
  const auto store = x.workspace.open_store();
  const auto log = store.audit_log();
  const std::size_t limit = limit_param(x, 500, 100000);
  json out = json::array();
  const std::size_t first = log.size() > limit ? log.size() - limit : 0;
  for (std::size_t i = first; i < log.size(); ++i) {
    const auto& entry = log[i];
    out.push_back({{"id", entry.id},
                   {"at", entry.at},
                   {"actor", entry.actor},
                   {"action", entry.action},
                   {"batch", entry.batch_id ? json(*entry.batch_id) : json(nullptr)},
                   {"detail", entry.detail}});
  }
  send_json(x, 200, {{"entries", log.size()}, {"shown", out}});
}

// ---- accounts ---------------------------------------------------------------------------------------

void accounts_list(Exchange& x) {
  const auto store = x.workspace.open_store();
  json out = json::array();
  for (const auto& account : pipeline::list_accounts(store)) {
    out.push_back({{"login", account.login},
                   {"role", account.role},
                   {"agency", account.agency},
                   {"disabled", account.disabled},
                   {"locked_until", account.locked_until},
                   {"created_at", account.created_at}});
  }
  send_json(x, 200, out);
}

void account_add(Exchange& x) {
  const auto body = body_json(x);
  pipeline::NewAccount account;
  account.login = text_field(body, "login");
  account.role = pipeline::parse_role(text_field(body, "role"));
  account.agency = text_field(body, "agency", false);
  account.password = text_field(body, "password");
  auto store = x.workspace.open_store();
  pipeline::add_account(store, account, x.workspace.audit_actor());
  send_json(x, 201, {{"added", account.login}});
}

void account_set_disabled(Exchange& x, bool disabled) {
  auto store = x.workspace.open_store();
  const std::string login = x.request.matches[1].str();
  if (login == principal(x).login && disabled)
    throw HttpError(400, "you cannot disable your own account", "ask another admin");
  pipeline::disable_account(store, login, disabled, x.workspace.audit_actor());
  send_json(x, 200, {{"account", login}, {"disabled", disabled}});
}
void account_disable(Exchange& x) {
  account_set_disabled(x, true);
}
void account_enable(Exchange& x) {
  account_set_disabled(x, false);
}

void account_reset(Exchange& x) {
  const auto body = body_json(x);
  auto store = x.workspace.open_store();
  const std::string login = x.request.matches[1].str();
  pipeline::reset_password(store, login, text_field(body, "password"), x.workspace.audit_actor());
  send_json(x, 200, {{"account", login}, {"reset", true}});
}

constexpr std::array<std::pair<std::string_view, Handler>, 36> kHandlers = {{
    {"page", page},
    {"script", script},
    {"style", style},
    {"health", health},
    {"login", login},
    {"me", me},
    {"logout", logout},
    {"tokens-list", tokens_list},
    {"token-issue", token_issue},
    {"token-revoke", token_revoke},
    {"batches-list", batches_list},
    {"batch-upload", batch_upload},
    {"batch-show", batch_show},
    {"batch-records", batch_records},
    {"batch-withdraw", batch_withdraw},
    {"mappings-list", mappings_list},
    {"mapping-save", mapping_save},
    {"review-list", review_list},
    {"review-explain", review_explain},
    {"review-decide", review_decide},
    {"classify-run", classify_run},
    {"link-run", link_run},
    {"persons-list", persons_list},
    {"coverage-show", coverage_show},
    {"coverage-save", coverage_save},
    {"estimate-show", estimate_show},
    {"tiers-grid", tiers_grid},
    {"releases-list", releases_list},
    {"release-show", release_show},
    {"release-publish", release_publish},
    {"audit-list", audit_list},
    {"accounts-list", accounts_list},
    {"account-add", account_add},
    {"account-disable", account_disable},
    {"account-enable", account_enable},
    {"account-reset", account_reset},
}};

}  // namespace

Handler handler_for(std::string_view action) {
  for (const auto& [name, handler] : kHandlers) {
    if (name == action) return handler;
  }
  return nullptr;
}

}  // namespace clearpoint::server
