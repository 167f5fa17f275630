#include "pipeline/publish_report.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "claims/claims.h"
#include "core/diagnostic.h"
#include "flows/flows.h"
#include "io/private_folder.h"
#include "io/safe_output.h"
#include "pipeline/batches.h"
#include "pipeline/coverage_source.h"
#include "pipeline/estimate_report.h"
#include "publish/report_html.h"
#include "tiers/tier_grid.h"
#include "tiers/tier_history.h"

namespace clearpoint::pipeline {

namespace {

constexpr std::string_view kTotal = "Total";

std::string variable_meaning(const std::string& name) {
  if (name == "year") return "year of identification, as the agency recorded it";
  if (name == "period") return "the years of identification grouped into the release's periods";
  if (name == "sex") return "as recorded: female, male, other, unknown";
  if (name == "age_group")
    return "child (under 18) or adult at the act — the recorded minor_at_recruitment, else the birth date on "
           "the "
           "recruitment date; never adult by default";
  if (name == "glotip_group")
    return "UNODC's groups: women, men, girls, boys (sex by age group); unknown when either is unknown or "
           "the sex "
           "is neither female nor male";
  if (name == "citizenship") return "the first citizenship listed (ISO 3166 code)";
  if (name == "citizenship_region")
    return "the UN M49 sub-region of the citizenship (data/regions); other regions: a country outside the "
           "file";
  if (name == "exploitation") return "the first form of exploitation listed";
  if (name == "agency") return "the agency whose record is the person's earliest";
  if (name == "identified_by")
    return "the kind of organisation that identified the person (police, NGO, IOM …)";
  if (name == "origin") return "the first country of origin listed";
  if (name == "destination") return "the last country of destination listed";
  return "";
}

std::vector<publish::ReleaseCell> cells_of(const PublishOutcome& outcome, const PublishedTable& table,
                                           std::vector<publish::CellStatus>& status) {
  const auto from = static_cast<long>(table.first_cell);
  const auto to = static_cast<long>(table.first_cell + table.cell_count);
  status.assign(outcome.protection.status.begin() + from, outcome.protection.status.begin() + to);
  return {outcome.cells.begin() + from, outcome.cells.begin() + to};
}

publish::PublishedCount count_of(const std::vector<publish::ReleaseCell>& cells,
                                 const std::vector<publish::CellStatus>& status, const std::string& table,
                                 const std::vector<std::string>& categories) {
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells[i].table == table && cells[i].categories == categories)
      return status[i] == publish::CellStatus::kPublished ? publish::PublishedCount(cells[i].value)
                                                          : std::nullopt;
  return std::nullopt;
}

// A country's tiers over the years, equal neighbours joined: "2001–2002: 3 · 2003: 3 → 2 (9/2003) · …".
std::string tier_summary(const tiers::TierHistory& history, const std::string& country, int first, int last) {
  std::vector<std::string> parts;
  int start = first;
  std::string previous;
  const auto flush = [&](int end) {
    if (previous.empty()) return;
    parts.push_back(start == end ? fmt::format("{}: {}", start, previous)
                                 : fmt::format("{}–{}: {}", start, end, previous));
  };
  for (int year = first; year <= last; ++year) {
    const auto text = tiers::cell_text(history, country, year);
    if (text != previous) {
      flush(year - 1);
      previous = text;
      start = year;
    }
  }
  flush(last);
  return fmt::format("{}", fmt::join(parts, " · "));
}

void add_routes(publish::ReportContent& report, const Workspace& workspace, const PublishOutcome& outcome) {
  const auto& release = outcome.release;
  const auto it = std::find_if(outcome.tables.begin(), outcome.tables.end(), [&](const PublishedTable& t) {
    return t.definition.id == release.report.routes_table;
  });
  if (it == outcome.tables.end()) return;
  report.routes_table = it->definition.id;
  std::vector<publish::CellStatus> status;
  const auto cells = cells_of(outcome, *it, status);
  const auto& vars = it->definition.variables;
  const auto origin = static_cast<std::size_t>(std::find(vars.begin(), vars.end(), "origin") - vars.begin());
  const auto destination =
      static_cast<std::size_t>(std::find(vars.begin(), vars.end(), "destination") - vars.begin());
  std::set<std::string> countries;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& c = cells[i].categories;
    const bool inner = std::none_of(c.begin(), c.end(), [](const std::string& x) { return x == kTotal; });
    if (status[i] != publish::CellStatus::kPublished) {
      if (inner) ++report.routes_withheld;
      continue;
    }
    if (inner && cells[i].value > 0) report.routes.push_back({c[origin], c[destination], cells[i].value});
    for (const auto& x : {c[origin], c[destination]})
      if (x != kTotal && x != "unknown") countries.insert(x);
  }
  // A country's role counts are the table's margins (when the table has only these two variables).
  if (vars.size() != 2) return;
  const auto data = workspace.data_folder();
  const auto names = workspace.countries();
  const auto history = tiers::TierHistory::load(data, names);
  const auto labels = flows::load_labels(data);
  const int first_report = std::max(release.first_year, 2001);
  for (const auto& country : countries) {
    publish::RoleRow row;
    row.country = country;
    row.name = std::string(names.name(country));
    std::vector<std::string> as_origin(2, std::string(kTotal)), as_destination(2, std::string(kTotal));
    as_origin[origin] = country;
    as_destination[destination] = country;
    // A country that is no one's origin (or destination) is not a category of that side: a zero, published
    // as zeros are.
    const auto side_count = [&](const std::vector<std::string>& categories, std::size_t side) {
      const bool present = std::any_of(cells.begin(), cells.end(), [&](const publish::ReleaseCell& cell) {
        return cell.categories[side] == categories[side];
      });
      if (present) return count_of(cells, status, it->definition.id, categories);
      return release.rules.suppress_zeros ? publish::PublishedCount() : publish::PublishedCount(0);
    };
    row.as_origin = side_count(as_origin, origin);
    row.as_destination = side_count(as_destination, destination);
    if (first_report <= release.last_year)
      row.tiers = tier_summary(history, country, first_report, release.last_year);
    for (const auto& label : labels) {
      if (label.country != country || label.last_year < release.first_year ||
          label.first_year > release.last_year)
        continue;
      row.label += fmt::format("{}\"{}\" ({}–{}; {})", row.label.empty() ? "" : "; ", label.label,
                               label.first_year, label.last_year, label.source);
    }
    report.roles.push_back(std::move(row));
  }
}

void add_frameworks(publish::ReportContent& report, const FrameworkSideBySide& side) {
  report.reference_framework = side.reference;
  report.frameworks_crossed = side.crossed;
  const std::string q = "qualifies", n = "does not qualify", u = "undetermined";
  const std::string total(kTotal);
  // The reference's own counts: its margin in any crossed table, or its own table.
  publish::FrameworkRow reference{side.reference, side.reference_name, {}, {}, {}, {}, {}};
  const auto first_table =
      side.crossed && !side.frameworks.empty() ? side.frameworks.front() : side.reference;
  const auto ref_cell = [&](const std::string& v) {
    return side.crossed ? count_of(side.cells, side.status, first_table, {v, total})
                        : count_of(side.cells, side.status, side.reference, {v});
  };
  reference.qualifies = ref_cell(q);
  reference.does_not = ref_cell(n);
  reference.undetermined = ref_cell(u);
  report.frameworks.push_back(reference);
  for (std::size_t f = 0; f < side.frameworks.size(); ++f) {
    const auto& id = side.frameworks[f];
    publish::FrameworkRow row{id, side.names[f], {}, {}, {}, {}, {}};
    const auto own = [&](const std::string& v) {
      return side.crossed ? count_of(side.cells, side.status, id, {total, v})
                          : count_of(side.cells, side.status, id, {v});
    };
    row.qualifies = own(q);
    row.does_not = own(n);
    row.undetermined = own(u);
    if (side.crossed) {
      row.only_reference = count_of(side.cells, side.status, id, {q, n});
      row.only_this = count_of(side.cells, side.status, id, {n, q});
    }
    report.frameworks.push_back(std::move(row));
  }
}

void add_estimate(publish::ReportContent& report, const Workspace& workspace, const PublishOutcome& outcome,
                  const PublishSettings& settings) {
  EstimateSettings estimate;
  estimate.method = outcome.release.report.estimate_method;
  estimate.coverage_path = settings.coverage_path;
  estimate.seed = settings.seed;
  estimate.threads = settings.threads;
  estimate.bootstrap = 0;  // the report sets the methods side by side; the bootstrap belongs to `estimate`
  try {
    const auto result = estimate_from_store(workspace, {}, estimate);
    if (result.results.empty()) {
      report.estimate_problem = "the store gave no table of capture histories";
      return;
    }
    const auto& e = result.results.front();
    publish::ReportEstimate out;
    out.method = e.method;
    out.observed = e.observed;
    out.level = result.level;
    out.seed = result.seed;
    for (const auto& m : e.side_by_side)
      out.lines.push_back(
          {m.method, m.interval, m.assumes, m.ok, m.problem, m.estimate, m.lower, m.upper, m.chosen});
    if (out.lines.empty())
      out.lines.push_back(
          {e.method, "", "", e.ok, e.problem, e.estimate, e.profile.lower, e.profile.upper, true});
    std::set<std::string> seen;
    const auto add_flag = [&](const std::string& flag) {
      if (seen.insert(flag).second) out.flags.push_back(flag);
    };
    for (const auto& flag : e.flags) add_flag(flag);
    if (e.posterior)
      for (const auto& flag : e.posterior->flags) add_flag(flag);
    report.estimate = std::move(out);
  } catch (const core::UserError& error) {
    report.estimate_problem = error.what();
  }
}

void add_claims(publish::ReportContent& report, const Workspace& workspace,
                const publish::ReleaseDefinition& release) {
  if (release.report.claims.empty()) return;
  const auto registry = claims::Registry::load_dir(workspace.data_folder() + "/claims");
  for (const auto& id : release.report.claims) {
    std::vector<publish::ClaimLine> lines;
    for (const auto& line : claims::trace(registry, id)) {
      const auto& c = *line.claim;
      publish::ClaimLine out;
      out.depth = line.depth;
      out.text =
          fmt::format("{} {} — {}, {}, {}; published by {}{} ({}); method: {}", c.value_text(), c.unit,
                      c.population, c.region, c.period, c.published_by,
                      c.attributed_to.empty() ? "" : ", attributed to " + c.attributed_to, c.date, c.method);
      for (const auto& flag : line.flags) out.flags.push_back(flag.kind + ": " + flag.text);
      lines.push_back(std::move(out));
    }
    report.claims.emplace_back(id, std::move(lines));
  }
}

std::string chromium_binary() {
  for (const auto* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
    if (::access(candidate, X_OK) == 0) return candidate;
  return "";
}

// report.html printed to PDF by headless Chromium, in a private folder; the bytes then go through
// SafeOutput like every other file.
void print_pdf(const std::string& html, const std::string& target, const io::SafeOutputOptions& options) {
  const auto binary = chromium_binary();
  if (binary.empty())
    throw core::UserError(
        "a PDF of the report needs Chromium, which is not installed",
        "install Debian's chromium package, or leave out --pdf (report.html prints as it is)");
  io::check_output_target(target, options);
  const io::PrivateFolder folder(target);
  const auto& work = folder.path();
  const auto pdf = work + "/report.pdf";
  const auto url = "file://" + std::filesystem::absolute(html).string();
  std::vector<std::string> args = {binary,
                                   "--headless",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--no-pdf-header-footer",
                                   "--user-data-dir=" + work + "/profile",
                                   "--print-to-pdf=" + pdf,
                                   url};
  if (::geteuid() == 0) args.insert(args.begin() + 1, "--no-sandbox");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  // Chromium gets an environment of its own: none of clearpoint's (a passphrase, a key file's path) leaks
  // into it.
  std::vector<std::string> environment = {"HOME=" + work, "PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
  std::vector<char*> envp;
  for (auto& variable : environment) envp.push_back(variable.data());
  envp.push_back(nullptr);
  const int spawned = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned != 0 || ::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      !std::filesystem::exists(pdf))
    throw core::UserError("Chromium could not print the report to PDF",
                          "open report.html in a browser and print it, or run again without --pdf");
  io::commit_draft(pdf, target, options);
}

}  // namespace

void check_report_claims(const Workspace& workspace, const publish::ReleaseDefinition& release) {
  if (release.report.claims.empty()) return;
  const auto registry = claims::Registry::load_dir(workspace.data_folder() + "/claims");
  for (const auto& id : release.report.claims)
    if (registry.find(id) == nullptr)
      throw core::UserError(
          fmt::format("the release's report names the claim '{}', which is not in data/claims", id),
          "`clearpoint claims list` shows the claims");
}

publish::ReportContent report_content(const Workspace& workspace, const PublishOutcome& outcome,
                                      const PublishSettings& settings) {
  const auto& release = outcome.release;
  publish::ReportContent report;
  report.title = release.title.empty() ? release.id : release.title;
  report.release_id = release.id;
  report.unit = release.unit;
  report.unit_definition =
      release.unit == "persons"
          ? "records linked across every agency's list into unique persons (clearpoint link); "
            "a person on three lists counts once, and regional totals are de-duplicated "
            "across countries, never summed"
          : "agency records: a person on three lists counts three times";
  if (release.population == "assisted")
    report.unit_definition +=
        "; only those with assistance recorded (a person with none recorded is not counted, and "
        "not called unassisted)";
  report.period = fmt::format("{}–{}", release.first_year, release.last_year);
  report.framework = release.framework;
  report.who_counts = release.framework.empty() ? "every case, whatever its legal verdict"
                                                : "cases qualifying under " + release.framework;
  report.generated_at = store::utc_now();
  report.version = CLEARPOINT_VERSION;
  report.data_state = outcome.data_state;
  report.release_file_hash = release.file_hash;
  report.threshold = release.rules.threshold;
  report.protection = release.rules.required_width();
  report.counted = outcome.counted;
  // Rounded releases publish no exact count anywhere: the total as the tables give it, the others to the
  // nearest multiple of the base.
  const auto nearest = [&](std::int64_t n) {
    return release.rounding ? (n + release.base / 2) / release.base * release.base : n;
  };
  if (release.rounding) {
    report.rounding_base = release.base;
    for (std::size_t i = 0; i < outcome.cells.size(); ++i)
      if (std::all_of(outcome.cells[i].categories.begin(), outcome.cells[i].categories.end(),
                      [](const std::string& c) { return c == kTotal; })) {
        report.counted = outcome.cells[i].value;
        break;
      }
  }
  // The counts beside the tables are protected too: a small one is withheld, and with it the other, since
  // the two add up to the persons of the years less those counted.
  const bool small_beside =
      release.rules.sensitive(outcome.not_qualifying) || release.rules.sensitive(outcome.undetermined);
  if (!release.framework.empty() && (!small_beside || release.rounding)) {
    report.not_qualifying = nearest(outcome.not_qualifying);
    report.undetermined = nearest(outcome.undetermined);
  }
  if (!release.rules.sensitive(outcome.outside_years) || release.rounding)
    report.outside_years = nearest(outcome.outside_years);
  report.cells = static_cast<std::int64_t>(outcome.cells.size());
  report.microcells = static_cast<std::int64_t>(outcome.microcells);
  report.primary = outcome.protection.primary;
  report.secondary = outcome.protection.secondary;
  report.lp_solves = outcome.protection.lp_solves;
  report.protected_with = outcome.earlier_same_data;
  if (!outcome.revises.empty())
    report.protected_with.push_back(
        fmt::format("{} (this release revises it: records were added since; {} small counts of the additions "
                    "protected too)",
                    outcome.revises, outcome.additions_protected));
  report.not_modelled = outcome.earlier_other_data;
  for (std::size_t i = 0; i < outcome.cells.size(); ++i)
    if (outcome.protection.status[i] == publish::CellStatus::kSecondary)
      report.lost += outcome.cells[i].value;
  std::set<std::string> variables;
  for (const auto& table : outcome.tables) {
    publish::ReportTable t{table.definition.id, table.definition.title, table.definition.variables, {}, {}};
    t.cells = cells_of(outcome, table, t.status);
    report.tables.push_back(std::move(t));
    variables.insert(table.definition.variables.begin(), table.definition.variables.end());
  }
  for (const auto& name : publish::release_variables())
    if (variables.count(name) != 0) report.variable_definitions.emplace_back(name, variable_meaning(name));
  if (!release.report.routes_table.empty()) add_routes(report, workspace, outcome);
  if (outcome.frameworks) add_frameworks(report, *outcome.frameworks);
  if (!release.report.estimate_method.empty()) add_estimate(report, workspace, outcome, settings);
  add_claims(report, workspace, release);
  for (const auto& batch : list_batches(workspace, "")) {
    if (batch.status != store::BatchStatus::kActive) continue;
    report.sources.push_back(
        {batch.id, batch.agency, batch.list, batch.imported_at, batch.content_hash, batch.record_count});
  }
  report.methods = {
      {"Who is counted",
       report.unit_definition + ". " +
           (release.framework.empty()
                ? std::string("Every case counts.")
                : fmt::format(
                      "A case counts when it qualifies under {} as clearpoint judges it from the recorded "
                      "elements (act, means, purpose, the child rule); a person counts when one of her "
                      "records does. Cases the records do not decide are reported as undetermined, "
                      "never as not qualifying.",
                      release.framework)) +
           " A person's values in the tables are those of her earliest record."},
      {"Disclosure control",
       fmt::format(
           "Counts from 1 to {} are withheld (primary suppression). Further cells are withheld until, for "
           "every withheld small count, the smallest and largest values it can take given every published "
           "number of this release and of the earlier releases of the same data (two linear programmes "
           "each, solved with GLPK) lie at least {} apart; all tables that share a variable, or a variable "
           "derived from it (period from year, women/men/girls/boys from sex and age), are protected "
           "together. The frameworks' counts and the routes are cells of protected tables too.",
           release.rules.threshold - 1, release.rules.required_width())},
      {"The hidden total",
       release.report.estimate_method.empty()
           ? std::string("Not estimated in this release.")
           : fmt::format(
                 "Multiple Systems Estimation from the overlap of the agencies' lists (clearpoint estimate "
                 "--method {}{}), beside the other kinds of estimate; where they disagree beyond their "
                 "intervals the assumptions, not chance, separate them, and the range is the honest "
                 "answer. Estimated over all years and all persons found on the lists, not only those "
                 "counted in the tables.",
                 release.report.estimate_method,
                 uses_coverage(workspace, settings.coverage_path) ? ", per coverage group of the lists"
                                                                  : "")},
      {"Statutory files",
       "Tables declared with layout = \"eurostat\" are also written in Eurostat's long SDMX-CSV shape (codes "
       "for "
       "sex, age and citizenship; OBS_FLAG c for withheld); layout = \"glotip\" in the wide shape of UNODC's "
       "GLOTIP "
       "questionnaire (women, men, girls, boys). The workbook holds every table as a sheet."}};
  return report;
}

std::vector<std::string> write_report(const publish::ReportContent& report, const PublishSettings& settings,
                                      const std::vector<std::string>& protected_paths) {
  const io::SafeOutputOptions options{settings.force, protected_paths, "--out"};
  const auto html = (std::filesystem::path(settings.out_dir) / "report.html").string();
  io::SafeOutput out(html, options);
  out.stream() << publish::render_report_html(report);
  out.commit();
  std::vector<std::string> written = {html};
  if (settings.pdf) {
    const auto pdf = (std::filesystem::path(settings.out_dir) / "report.pdf").string();
    print_pdf(html, pdf, options);
    written.push_back(pdf);
  }
  return written;
}

}  // namespace clearpoint::pipeline
