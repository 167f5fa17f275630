#include "publish/release.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "core/checksum.h"
#include "core/diagnostic.h"
#include "io/toml_file.h"

namespace clearpoint::publish {

const std::vector<std::string>& release_variables() {
  static const std::vector<std::string> names = {
      "year",   "sex",    "age_group",   "glotip_group", "citizenship",        "exploitation",
      "agency", "origin", "destination", "period",       "citizenship_region", "identified_by"};
  return names;
}

namespace {

template <typename Problem>
void read_report(const toml::table& report, ReleaseDefinition& release, const Problem& problem) {
  auto& out = release.report;
  if (const auto* routes = report.get("routes")) {
    out.routes_table = routes->value_or(std::string());
    const auto it = std::find_if(release.tables.begin(), release.tables.end(),
                                 [&](const TableDefinition& t) { return t.id == out.routes_table; });
    const auto has = [&](const char* name) {
      return it != release.tables.end() &&
             std::find(it->variables.begin(), it->variables.end(), name) != it->variables.end();
    };
    if (!has("origin") || !has("destination"))
      problem(routes,
              fmt::format("routes names '{}', not a table of the release over origin and destination",
                          out.routes_table),
              "declare a [[table]] with variables = [\"origin\", \"destination\"] and name its id here");
  }
  if (const auto* frameworks = report.get("frameworks")) {
    if (const auto* flag = frameworks->as_boolean()) {
      out.frameworks = flag->get();
    } else {
      problem(frameworks, "frameworks is neither true nor false", "write frameworks = true");
    }
  }
  if (const auto* estimate = report.get("estimate")) {
    out.estimate_method = estimate->value_or(std::string());
    if (out.estimate_method.empty())
      problem(estimate, "estimate names no method",
              "write estimate = \"latent-class\" (clearpoint estimate --help)");
  }
  if (const auto* claims = report.get("claims")) {
    if (const auto* list = claims->as_array()) {
      for (const auto& claim : *list) {
        const std::string id = claim.value_or(std::string());
        if (id.empty()) {
          problem(&claim, "a claim is named by its id", "`clearpoint claims list` shows them");
        } else {
          out.claims.push_back(id);
        }
      }
    } else {
      problem(claims, "claims is not a list of claim ids", "write claims = [\"media-iom-120000\"]");
    }
  }
  for (const auto& [key, node] : report) {
    const std::string name(key.str());
    if (name != "routes" && name != "frameworks" && name != "estimate" && name != "claims")
      problem(&node, fmt::format("[report] has no setting '{}'", name),
              "the report's settings are routes, frameworks, estimate and claims");
  }
}

}  // namespace

ReleaseDefinition load_release(const std::string& path) {
  const auto root = io::parse_toml_file(path, "the release", "see docs/publish.md for the release format");
  std::vector<core::Diagnostic> problems;
  const auto problem = [&](const toml::node* node, std::string what, std::string hint) {
    problems.push_back(io::toml_problem(path, node, std::move(what), std::move(hint)));
  };
  ReleaseDefinition release;
  const auto* head = root["release"].as_table();
  if (head == nullptr) {
    problem(nullptr, "the file has no [release] table", "start it with [release] and id = \"…\"");
    throw core::UserError(std::move(problems));
  }
  release.id = (*head)["id"].value_or(std::string());
  if (release.id.empty() ||
      release.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos)
    problem(head, "the release needs an id of lower-case letters, digits, - _ .",
            "write id = \"western-balkans-2025\"");
  release.title = (*head)["title"].value_or(std::string());
  if (const auto* years = (*head)["years"].as_array(); years != nullptr && years->size() == 2) {
    const auto first = io::whole_number_in(years->get(0), 1900, 2100);
    const auto last = io::whole_number_in(years->get(1), 1900, 2100);
    if (first && last && *first <= *last) {
      release.first_year = *first;
      release.last_year = *last;
    } else {
      problem(years, "years is not [first, last]", "write years = [2000, 2025]");
    }
  } else {
    problem(head->get("years") != nullptr ? head->get("years") : head,
            "the release needs years = [first, last]", "write years = [2000, 2025]");
  }
  if (const auto* periods = head->get("periods")) {
    const auto* list = periods->as_array();
    int next = release.first_year;
    for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
      const auto* pair = list->get(i)->as_array();
      const auto first =
          pair != nullptr && pair->size() == 2 ? io::whole_number_in(pair->get(0), 1900, 2100) : std::nullopt;
      const auto last =
          pair != nullptr && pair->size() == 2 ? io::whole_number_in(pair->get(1), 1900, 2100) : std::nullopt;
      if (!first || !last || *first != next || *last < *first) {
        problem(list->get(i),
                fmt::format("period {} does not start the year after the one before it ({})", i + 1, next),
                "periods are consecutive [first, last] pairs that cover the release's years");
        break;
      }
      release.periods.emplace_back(*first, *last);
      next = *last + 1;
    }
    if (list == nullptr || (problems.empty() && next != release.last_year + 1))
      problem(periods,
              fmt::format("the periods do not cover the years {}–{}", release.first_year, release.last_year),
              "write periods = [[2000, 2004], [2005, 2009], …] up to the last year");
  }
  release.unit = (*head)["unit"].value_or(std::string("persons"));
  if (release.unit != "persons" && release.unit != "records")
    problem(
        head->get("unit"), fmt::format("unit '{}' is neither persons nor records", release.unit),
        "persons counts each linked person once (run `clearpoint link` first); records counts every record");
  release.framework = (*head)["framework"].value_or(std::string());
  release.population = (*head)["population"].value_or(std::string("identified"));
  if (release.population != "identified" && release.population != "assisted")
    problem(head->get("population"),
            fmt::format("population '{}' is neither identified nor assisted", release.population),
            "identified counts everyone the agencies recorded (Eurostat's registered victims); assisted "
            "those with "
            "assistance recorded");
  if (const auto* threshold = head->get("threshold")) {
    if (const auto k = io::whole_number_in(threshold, 1, 1000)) {
      release.rules.threshold = *k;
    } else {
      problem(threshold, "threshold is not a whole number from 1 to 1000", "the usual rule is threshold = 5");
    }
  }
  if (const auto* protection = head->get("protection")) {
    if (const auto p = io::whole_number_in(protection, 1, 100000)) {
      release.rules.protection = *p;
    } else {
      problem(protection, "protection is not a whole number of at least 1",
              "leave it out to use the threshold");
    }
  }
  const std::string method = (*head)["method"].value_or(std::string("suppression"));
  if (method != "suppression" && method != "rounding")
    problem(head->get("method"), fmt::format("method '{}' is neither suppression nor rounding", method),
            "write method = \"suppression\" (withhold cells) or \"rounding\" (controlled rounding)");
  release.rounding = method == "rounding";
  release.base = release.rules.threshold;
  if (const auto* base = head->get("base")) {
    if (const auto b = io::whole_number_in(base, 2, 1000); b && release.rounding) {
      release.base = *b;
    } else {
      problem(base,
              release.rounding ? "base is not a whole number from 2 to 1000"
                               : "base applies to method = \"rounding\"",
              release.rounding ? "write base = 5" : "leave base out, or write method = \"rounding\"");
    }
  }
  const std::string zeros = (*head)["zeros"].value_or(std::string("publish"));
  if (zeros != "publish" && zeros != "suppress")
    problem(head->get("zeros"), "zeros is neither publish nor suppress",
            "write zeros = \"publish\" or \"suppress\"");
  release.rules.suppress_zeros = zeros == "suppress";

  std::set<std::string> ids;
  if (const auto* tables = root["table"].as_array()) {
    for (const auto& node : *tables) {
      const auto* table = node.as_table();
      if (table == nullptr) continue;
      TableDefinition definition;
      definition.id = (*table)["id"].value_or(std::string());
      definition.title = (*table)["title"].value_or(definition.id);
      if (definition.id.empty() || !ids.insert(definition.id).second)
        problem(table, "every table needs an id of its own", "write id = \"year-sex\"");
      if (const auto* variables = (*table)["variables"].as_array()) {
        for (const auto& variable : *variables) {
          const std::string name = variable.value_or(std::string());
          const auto& known = release_variables();
          if (std::find(known.begin(), known.end(), name) == known.end()) {
            problem(&variable, fmt::format("'{}' is not a variable", name),
                    fmt::format("use {}", fmt::join(known, ", ")));
          } else if (name == "period" && head->get("periods") == nullptr) {
            problem(&variable, "the variable period needs the release's periods",
                    "write periods = [[2000, 2004], [2005, 2009], …] under [release]");
          } else if (std::find(definition.variables.begin(), definition.variables.end(), name) !=
                     definition.variables.end()) {
            problem(&variable, fmt::format("'{}' is named twice", name), "name each variable once");
          } else {
            definition.variables.push_back(name);
          }
        }
      }
      if (definition.variables.empty() || definition.variables.size() > 3)
        problem(table, "a table needs one to three variables", "write variables = [\"year\", \"sex\"]");
      const std::string layout = (*table)["layout"].value_or(std::string("plain"));
      if (layout == "eurostat") {
        definition.layout = TableLayout::kEurostat;
      } else if (layout == "glotip") {
        definition.layout = TableLayout::kGlotip;
        if (std::find(definition.variables.begin(), definition.variables.end(), "glotip_group") ==
            definition.variables.end())
          problem(table->get("layout"), "a glotip table has the women/men/girls/boys groups as its columns",
                  "add \"glotip_group\" to its variables");
      } else if (layout != "plain") {
        problem(table->get("layout"), fmt::format("layout '{}' is not one clearpoint writes", layout),
                "write layout = \"plain\", \"eurostat\" or \"glotip\"");
      }
      release.tables.push_back(std::move(definition));
    }
  }
  if (release.tables.empty()) problem(nullptr, "the release declares no table", "add [[table]] sections");
  if (const auto* report = root["report"].as_table()) read_report(*report, release, problem);
  // Exact counts beside rounded ones would undo the rounding: the frameworks' tables (whose reference
  // margin is the release's total) and the HTCDS groups (exact counts of persons sharing their values) are
  // protected by suppression only.
  if (release.rounding && release.report.frameworks)
    problem(root["report"].as_table()->get("frameworks"),
            "the frameworks side by side are protected by suppression, and their exact counts would undo the "
            "rounding",
            "publish them in a release with method = \"suppression\"");
  if (release.rounding && root["htcds"].as_table() != nullptr)
    problem(root["htcds"].as_table(),
            "HTCDS rows are exact counts of the persons who share their values, which would "
            "undo the rounding",
            "publish them in a release with method = \"suppression\"");
  if (const auto* htcds = root["htcds"].as_table()) {
    release.htcds_k = release.rules.threshold;
    if (const auto* k = htcds->get("k")) {
      if (const auto value = io::whole_number_in(k, 2, 1000)) {
        release.htcds_k = *value;
      } else {
        problem(k, "k is not a whole number from 2 to 1000",
                "write k = 5: every combination of values shared by 5 rows");
      }
    }
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  release.file_hash = core::blake2b_hex(bytes, 16);
  return release;
}

}  // namespace clearpoint::publish
