#include "pipeline/publish_release.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/diagnostic.h"
#include "io/csv_reader.h"
#include "io/csv_writer.h"
#include "io/safe_output.h"
#include "law/facts.h"
#include "law/framework.h"
#include "pipeline/stale_persons.h"
#include "publish/microcell_space.h"

namespace clearpoint::pipeline {

namespace {

constexpr std::string_view kUnknown = "unknown";
constexpr std::string_view kWithheldFlag = "c";  // Eurostat's flag for a confidential value

// One counted case (a person, or a record): the record whose values it takes.
struct Case {
  records::CaseRecord record;
  bool qualifies = false;
  bool undetermined = false;
};

std::string age_group(const records::CaseRecord& record) {
  static const auto& facts = law::FactTable::instance();
  static const auto minor = *facts.index_of("minor");
  std::vector<core::TriState> values(facts.size());
  facts.evaluate(record, values.data());
  return values[minor] == core::TriState::kYes  ? "child"
         : values[minor] == core::TriState::kNo ? "adult"
                                                : std::string(kUnknown);
}

std::string value_of(const std::string& variable, const records::CaseRecord& r) {
  const auto or_unknown = [](const std::string& text) { return text.empty() ? std::string(kUnknown) : text; };
  if (variable == "year")
    return r.identification_year ? std::to_string(*r.identification_year) : std::string(kUnknown);
  if (variable == "sex") return or_unknown(r.sex);
  if (variable == "age_group") return age_group(r);
  if (variable == "citizenship") return r.citizenship.empty() ? std::string(kUnknown) : r.citizenship.front();
  if (variable == "exploitation")
    return r.exploitation_types.empty() ? std::string(kUnknown) : r.exploitation_types.front();
  if (variable == "agency") return r.agency;
  throw std::logic_error("no release variable " + variable);
}

// A record counts before another for a person when identified earlier (unknown years last).
bool earlier(const records::CaseRecord& a, const records::CaseRecord& b) {
  return a.identification_year.value_or(9999) < b.identification_year.value_or(9999);
}

const law::Framework* find_framework(const std::vector<law::Framework>& frameworks, const std::string& id) {
  for (const auto& f : frameworks)
    if (f.id == id) return &f;
  return nullptr;
}

void make_folder(const std::string& dir) {
  std::error_code error;
  if (std::filesystem::is_directory(dir, error)) return;
  if (::mkdir(dir.c_str(), 0700) != 0) {
    throw core::UserError(fmt::format("cannot create the folder {}: {}", dir, std::strerror(errno)),
                          "give --out a folder you may write in (it is created if its parent exists)");
  }
}

// The variables (with their categories) that the tables of `group` use, in the release's order.
std::vector<publish::Variable> variables_of(const std::vector<std::size_t>& group,
                                            const std::vector<std::vector<std::string>>& table_variables,
                                            const std::vector<publish::Variable>& variables) {
  std::vector<publish::Variable> own;
  for (const auto& v : variables) {
    const bool used = std::any_of(group.begin(), group.end(), [&](std::size_t t) {
      return std::find(table_variables[t].begin(), table_variables[t].end(), v.name) !=
             table_variables[t].end();
    });
    if (used) own.push_back(v);
  }
  return own;
}

constexpr std::string_view kStatusNames[] = {"published", "primary", "secondary"};

// The cells of earlier releases (stored JSON) that can be written over `space`: tables whose variables
// the space has, with categories it knows; a withheld cell's value is not stored and not needed.
std::vector<publish::PublishedRelease> earlier_in(const publish::MicrocellSpace& space,
                                                  const std::vector<publish::Variable>& own,
                                                  const std::vector<nlohmann::json>& earlier,
                                                  const std::vector<std::int64_t>& counts) {
  std::vector<publish::PublishedRelease> releases;
  for (const auto& stored : earlier) {
    publish::PublishedRelease release;
    release.id = stored.at("id").get<std::string>();
    for (const auto& table : stored.at("tables")) {
      const auto names = table.at("variables").get<std::vector<std::string>>();
      const bool expressible = std::all_of(names.begin(), names.end(), [&](const std::string& name) {
        return std::any_of(own.begin(), own.end(),
                           [&](const publish::Variable& v) { return v.name == name; });
      });
      if (!expressible) continue;
      std::map<std::vector<std::string>, publish::ReleaseCell> here;
      for (auto& cell : space.table(table.at("id").get<std::string>(), names, counts))
        here[cell.categories] = std::move(cell);
      for (const auto& cell : table.at("cells")) {
        const auto it = here.find(cell.at("categories").get<std::vector<std::string>>());
        if (it == here.end()) continue;  // a category these data do not have (another span of years)
        auto copy = it->second;
        const auto status = cell.at("status").get<std::string>();
        copy.value = cell.contains("value") ? cell.at("value").get<std::int64_t>() : 0;
        release.cells.push_back(std::move(copy));
        release.status.push_back(status == "published" ? publish::CellStatus::kPublished
                                 : status == "primary" ? publish::CellStatus::kPrimary
                                                       : publish::CellStatus::kSecondary);
      }
    }
    if (!release.cells.empty()) releases.push_back(std::move(release));
  }
  return releases;
}

}  // namespace

PublishOutcome publish_release(const Workspace& workspace, const PublishSettings& settings) {
  PublishOutcome outcome;
  outcome.release = publish::load_release(settings.release_path);
  const auto& release = outcome.release;
  std::vector<law::Framework> frameworks;
  const law::Framework* framework = nullptr;
  if (!release.framework.empty()) {
    frameworks = law::load_frameworks(workspace.data_folder() + "/frameworks");
    framework = find_framework(frameworks, release.framework);
    if (framework == nullptr) {
      throw core::UserError(
          fmt::format("the release's framework '{}' is not one of clearpoint's", release.framework),
          "`clearpoint definitions list` shows the frameworks");
    }
  }
  auto store = workspace.open_store();
  std::map<std::int64_t, std::string> person_of;
  if (release.unit == "persons") {
    for (const auto& [record, person] : store.persons()) person_of[record] = person;
    if (person_of.empty())
      throw core::UserError("the release counts persons and no persons are stored",
                            "run `clearpoint link` first, or write unit = \"records\" in the release");
    require_current_persons(store, false);
  }
  // Every case once: a person takes her earliest record's values and qualifies when any record does.
  std::map<std::string, Case> cases;
  std::vector<core::TriState> scratch;
  store.for_each_record_with_id({}, [&](std::int64_t id, const records::CaseRecord& r) {
    const std::string key = release.unit == "persons" ? person_of.at(id) : std::to_string(id);
    const auto verdict =
        framework != nullptr ? law::judge_fast(*framework, r, scratch) : core::Verdict::kQualifies;
    auto [it, added] = cases.try_emplace(key);
    if (added || earlier(r, it->second.record)) it->second.record = r;
    it->second.qualifies = it->second.qualifies || verdict == core::Verdict::kQualifies;
    it->second.undetermined = it->second.undetermined || verdict == core::Verdict::kUndetermined;
  });

  // The variables the tables use, and their categories (every value seen, and unknown).
  std::vector<std::string> used;
  for (const auto& name : publish::release_variables())
    for (const auto& table : release.tables)
      if (std::find(table.variables.begin(), table.variables.end(), name) != table.variables.end() &&
          std::find(used.begin(), used.end(), name) == used.end())
        used.push_back(name);
  std::vector<const Case*> counted;
  for (const auto& [key, c] : cases) {
    const auto& year = c.record.identification_year;
    if (year && (*year < release.first_year || *year > release.last_year)) {
      ++outcome.outside_years;
    } else if (!c.qualifies) {
      ++(c.undetermined ? outcome.undetermined : outcome.not_qualifying);
    } else {
      counted.push_back(&c);
    }
  }
  outcome.counted = static_cast<std::int64_t>(counted.size());
  std::vector<publish::Variable> variables;
  for (const auto& name : used) {
    std::set<std::string> seen;
    if (name == "year") {
      for (int y = release.first_year; y <= release.last_year; ++y) seen.insert(std::to_string(y));
    } else if (name == "sex") {
      seen = {"female", "male", "other"};
    } else if (name == "age_group") {
      seen = {"child", "adult"};
    }
    for (const auto* c : counted) seen.insert(value_of(name, c->record));
    seen.erase(std::string(kUnknown));
    std::vector<std::string> categories(seen.begin(), seen.end());
    categories.emplace_back(kUnknown);
    variables.push_back({name, std::move(categories)});
  }
  // Earlier releases of the same data are known to the attacker.
  const std::string data_state = store.data_state();
  std::vector<nlohmann::json> earlier;
  for (const auto& stored : store.releases()) {
    if (stored.data_state == data_state) {
      earlier.push_back(nlohmann::json::parse(stored.content));
      outcome.earlier_same_data.push_back(stored.release_id + " (" + stored.published_at + ")");
    } else {
      outcome.earlier_other_data.push_back(stored.release_id + " (" + stored.published_at + ")");
    }
  }
  // One attacker problem per group of linked tables, each over its own variables' cross product.
  std::vector<std::vector<std::string>> table_variables;
  for (const auto& table : release.tables) table_variables.push_back(table.variables);
  std::vector<PublishedTable> placed(release.tables.size());
  for (const auto& group : publish::linked_groups(table_variables)) {
    const auto own = variables_of(group, table_variables, variables);
    const publish::MicrocellSpace space(own);
    outcome.microcells += space.size();
    std::vector<std::int64_t> counts(space.size(), 0);
    std::vector<std::size_t> at(own.size());
    for (const auto* c : counted) {
      for (std::size_t v = 0; v < own.size(); ++v) {
        const auto& categories = own[v].categories;
        at[v] = static_cast<std::size_t>(
            std::find(categories.begin(), categories.end(), value_of(own[v].name, c->record)) -
            categories.begin());
      }
      ++counts[space.index(at)];
    }
    std::vector<publish::ReleaseCell> cells;
    for (const auto t : group) {
      auto table_cells = space.table(release.tables[t].id, release.tables[t].variables, counts);
      placed[t] = {release.tables[t], outcome.cells.size() + cells.size(), table_cells.size()};
      cells.insert(cells.end(), table_cells.begin(), table_cells.end());
    }
    auto protection =
        publish::protect_cells(space.size(), cells, release.rules, earlier_in(space, own, earlier, counts));
    const auto offset = outcome.cells.size();
    for (auto& check : protection.checks) check.cell += offset;
    outcome.cells.insert(outcome.cells.end(), cells.begin(), cells.end());
    auto& total = outcome.protection;
    total.status.insert(total.status.end(), protection.status.begin(), protection.status.end());
    total.checks.insert(total.checks.end(), protection.checks.begin(), protection.checks.end());
    total.primary += protection.primary;
    total.secondary += protection.secondary;
    total.lp_solves += protection.lp_solves;
  }
  outcome.tables = std::move(placed);

  // The files: one CSV per table (withheld counts empty, flagged "c"), and release.json with the
  // structure an auditor needs and nothing withheld.
  make_folder(settings.out_dir);
  const io::SafeOutputOptions options{settings.force, {workspace.db, settings.release_path}, "--out"};
  for (const auto& table : outcome.tables) {
    const auto path = (std::filesystem::path(settings.out_dir) / (table.definition.id + ".csv")).string();
    io::SafeOutput out(path, options);
    io::CsvWriter csv(out.stream(), ',');
    std::vector<std::string> header = table.definition.variables;
    header.emplace_back("count");
    header.emplace_back("flag");
    csv.write_row(header);
    for (std::size_t i = table.first_cell; i < table.first_cell + table.cell_count; ++i) {
      std::vector<std::string> row = outcome.cells[i].categories;
      const bool withheld = outcome.protection.status[i] != publish::CellStatus::kPublished;
      row.push_back(withheld ? std::string() : std::to_string(outcome.cells[i].value));
      row.emplace_back(withheld ? kWithheldFlag : std::string_view());
      csv.write_row(row);
    }
    out.commit();
    outcome.written.push_back(path);
  }
  nlohmann::json structure = {{"id", release.id},
                              {"title", release.title},
                              {"years", {release.first_year, release.last_year}},
                              {"unit", release.unit},
                              {"framework", release.framework},
                              {"release_file_hash", release.file_hash},
                              {"threshold", release.rules.threshold},
                              {"protection", release.rules.required_width()},
                              {"zeros", release.rules.suppress_zeros ? "suppress" : "publish"},
                              {"variables", nlohmann::json::array()},
                              {"tables", nlohmann::json::array()}};
  for (const auto& v : variables)
    structure["variables"].push_back({{"name", v.name}, {"categories", v.categories}});
  for (const auto& t : release.tables)
    structure["tables"].push_back({{"id", t.id}, {"title", t.title}, {"variables", t.variables}});
  const auto json_path = (std::filesystem::path(settings.out_dir) / "release.json").string();
  io::SafeOutput json_out(json_path, options);
  json_out.stream() << structure.dump(2) << "\n";
  json_out.commit();
  outcome.written.push_back(json_path);

  // Kept for the releases after it: the structure and the published numbers, never a withheld one.
  nlohmann::json content = {{"id", release.id}, {"tables", nlohmann::json::array()}};
  for (const auto& table : outcome.tables) {
    nlohmann::json cells = nlohmann::json::array();
    for (std::size_t i = table.first_cell; i < table.first_cell + table.cell_count; ++i) {
      const auto status = outcome.protection.status[i];
      nlohmann::json cell = {{"categories", outcome.cells[i].categories},
                             {"status", kStatusNames[static_cast<int>(status)]}};
      if (status == publish::CellStatus::kPublished) cell["value"] = outcome.cells[i].value;
      cells.push_back(std::move(cell));
    }
    content["tables"].push_back({{"id", table.definition.id},
                                 {"variables", table.definition.variables},
                                 {"cells", std::move(cells)}});
  }
  store.save_release({release.id, store::utc_now(), data_state, content.dump()}, workspace.audit_actor(),
                     nlohmann::json({{"release", release.id},
                                     {"release_file_hash", release.file_hash},
                                     {"cells", outcome.cells.size()},
                                     {"withheld", outcome.protection.primary + outcome.protection.secondary},
                                     {"earlier_same_data", outcome.earlier_same_data.size()}})
                         .dump());
  return outcome;
}

ReleaseAudit audit_published_release(const std::string& dir) {
  const auto json_path = (std::filesystem::path(dir) / "release.json").string();
  std::ifstream in(json_path);
  if (!in)
    throw core::UserError(fmt::format("there is no release.json in {}", dir),
                          "name the folder `release publish` wrote");
  nlohmann::json structure;
  try {
    structure = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw core::UserError(fmt::format("{} is not a release description", json_path),
                          "publish the release again");
  }
  ReleaseAudit audit;
  std::vector<publish::Variable> variables;
  publish::ProtectionRules rules;
  std::vector<std::pair<std::string, std::vector<std::string>>> tables;
  try {
    audit.id = structure.at("id").get<std::string>();
    for (const auto& v : structure.at("variables"))
      variables.push_back(
          {v.at("name").get<std::string>(), v.at("categories").get<std::vector<std::string>>()});
    for (const auto& t : structure.at("tables"))
      tables.emplace_back(t.at("id").get<std::string>(), t.at("variables").get<std::vector<std::string>>());
    rules.threshold = structure.at("threshold").get<std::int64_t>();
    rules.protection = structure.at("protection").get<std::int64_t>();
    rules.suppress_zeros = structure.at("zeros").get<std::string>() == "suppress";
  } catch (const nlohmann::json::exception&) {
    throw core::UserError(fmt::format("{} lacks the release's structure", json_path),
                          "publish the release again");
  }
  std::vector<std::vector<std::string>> table_variables;
  for (const auto& table : tables) table_variables.push_back(table.second);
  for (const auto& group : publish::linked_groups(table_variables)) {
    const auto own = variables_of(group, table_variables, variables);
    const publish::MicrocellSpace space(own);
    const std::vector<std::int64_t> zero(space.size(), 0);
    std::vector<publish::ReleaseCell> cells;
    std::vector<bool> withheld;
    for (const auto t : group) {
      const auto& [id, names] = tables[t];
      auto table_cells = space.table(id, names, zero);
      std::map<std::vector<std::string>, std::size_t> position;
      for (std::size_t i = 0; i < table_cells.size(); ++i)
        position[table_cells[i].categories] = cells.size() + i;
      cells.insert(cells.end(), table_cells.begin(), table_cells.end());
      withheld.resize(cells.size(), true);  // a cell the file does not give is unknown to the attacker
      const auto path = (std::filesystem::path(dir) / (id + ".csv")).string();
      for (const auto& row : io::read_csv_table(path, names.size() + 2)) {
        if (row.line == 1) continue;  // the header
        const std::vector<std::string> categories(row.fields.begin(),
                                                  row.fields.begin() + static_cast<long>(names.size()));
        const auto it = position.find(categories);
        if (it == position.end() || row.fields[names.size()].empty()) continue;
        cells[it->second].value = io::integer_cell(row, names.size(), path, "count");
        withheld[it->second] = false;
      }
    }
    std::vector<publish::KnownSum> known;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      ++audit.cells;
      if (withheld[i]) {
        ++audit.withheld;
        continue;
      }
      known.push_back({cells[i].microcells, cells[i].value});
      if (rules.sensitive(cells[i].value) && cells[i].value > 0)
        audit.published_below_threshold.push_back(fmt::format(
            "{}: {} = {}", cells[i].table, fmt::join(cells[i].categories, " × "), cells[i].value));
    }
    publish::AttackerProblem attacker(space.size(), known);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (!withheld[i]) continue;
      const auto interval = attacker.interval(cells[i].microcells);
      // Narrowed to small counts only: the attacker learns that a small count (or, when zeros are
      // withheld, possibly a zero) is there. A cell pinned at exactly 0 reveals no one when zeros are
      // published anyway.
      const bool narrow = interval.width() && *interval.width() < rules.required_width();
      const bool small = interval.low < rules.threshold && (*interval.high >= 1 || rules.suppress_zeros);
      if (narrow && small)
        audit.exposed.push_back(fmt::format("{}: {} in [{}, {}]", cells[i].table,
                                            fmt::join(cells[i].categories, " × "), interval.low,
                                            *interval.high));
    }
  }
  return audit;
}

}  // namespace clearpoint::pipeline
