#include "pipeline/publish_release.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "core/diagnostic.h"
#include "io/csv_reader.h"
#include "io/csv_writer.h"
#include "io/formula_escape.h"
#include "io/safe_output.h"
#include "law/facts.h"
#include "law/framework.h"
#include "pipeline/publish_report.h"
#include "pipeline/stale_persons.h"
#include "publish/controlled_rounding.h"
#include "publish/htcds_export.h"
#include "publish/microcell_space.h"
#include "publish/table_layout.h"
#include "publish/xlsx_workbook.h"

namespace clearpoint::pipeline {

namespace {

constexpr std::string_view kUnknown = "unknown";

// One counted case (a person, or a record): the record whose values it takes.
struct Case {
  records::CaseRecord record;
  bool qualifies = false;
  bool undetermined = false;
  bool assisted = false;  // one of the records lists assistance
  // Under every framework, for the side-by-side tables: qualifies when one record does, else undetermined
  // when one record is, else does not.
  std::vector<bool> any_qualifies;
  std::vector<bool> any_undetermined;
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

// UNODC's questionnaire asks for women, men, girls and boys: sex by child or adult; either unknown (or a
// sex other than female or male) is unknown.
std::string glotip_of(const std::string& sex, const std::string& age) {
  if (age == kUnknown || (sex != "female" && sex != "male")) return std::string(kUnknown);
  if (age == "child") return sex == "female" ? "girls" : "boys";
  return sex == "female" ? "women" : "men";
}

std::string glotip_group(const records::CaseRecord& record) {
  return glotip_of(record.sex.empty() ? std::string(kUnknown) : record.sex, age_group(record));
}

// The variables a release variable is counted from: itself, or the sources of a derived one.
std::vector<std::string> sources_of(const std::string& name) {
  if (name == "glotip_group") return {"sex", "age_group"};
  if (name == "period") return {"year"};
  if (name == "citizenship_region") return {"citizenship"};
  return {name};
}

// Each table's variables as the microcells see them (derived ones replaced by their sources), in the
// release's order of variables.
std::vector<std::vector<std::string>> counted_variables(const std::vector<std::vector<std::string>>& tables) {
  std::vector<std::vector<std::string>> result;
  for (const auto& table : tables) {
    std::set<std::string> names;
    for (const auto& v : table)
      for (const auto& source : sources_of(v)) names.insert(source);
    std::vector<std::string> ordered;
    for (const auto& name : publish::release_variables())
      if (names.count(name) != 0) ordered.push_back(name);
    result.push_back(std::move(ordered));
  }
  return result;
}

// The derived variables the release's tables use, over the categories of their sources.
// data/regions/m49-subregions.csv: country code → UN M49 sub-region.
std::map<std::string, std::string> load_regions(const std::string& data_folder) {
  const auto path = data_folder + "/regions/m49-subregions.csv";
  std::map<std::string, std::string> regions;
  for (const auto& row : io::read_csv_table(path, 3))
    if (row.line > 1) regions[row.fields[0]] = row.fields[1];
  return regions;
}

std::vector<publish::DerivedVariable> derived_variables(const publish::ReleaseDefinition& release,
                                                        const std::vector<publish::Variable>& variables,
                                                        const std::string& data_folder) {
  const auto categories = [&](const std::string& name) {
    for (const auto& v : variables)
      if (v.name == name) return v.categories;
    return std::vector<std::string>();
  };
  const auto used = [&](const char* name) {
    return std::any_of(release.tables.begin(), release.tables.end(), [&](const publish::TableDefinition& t) {
      return std::find(t.variables.begin(), t.variables.end(), name) != t.variables.end();
    });
  };
  std::vector<publish::DerivedVariable> derived;
  if (used("glotip_group")) {
    publish::DerivedVariable glotip{
        "glotip_group", {"sex", "age_group"}, {"boys", "girls", "men", "women"}, {}};
    glotip.categories.emplace_back(kUnknown);
    for (const auto& sex : categories("sex"))
      for (const auto& age : categories("age_group")) glotip.of[{sex, age}] = glotip_of(sex, age);
    derived.push_back(std::move(glotip));
  }
  if (used("citizenship_region")) {
    const auto regions = load_regions(data_folder);
    publish::DerivedVariable region{"citizenship_region", {"citizenship"}, {}, {}};
    std::set<std::string> names;
    for (const auto& code : categories("citizenship")) {
      const auto it = regions.find(code);
      const auto name = code == kUnknown      ? std::string(kUnknown)
                        : it != regions.end() ? it->second
                                              : "other regions";
      region.of[{code}] = name;
      if (name != kUnknown) names.insert(name);
    }
    region.categories.assign(names.begin(), names.end());
    region.categories.emplace_back(kUnknown);
    derived.push_back(std::move(region));
  }
  if (used("period")) {
    publish::DerivedVariable period{"period", {"year"}, {}, {}};
    for (const auto& [first, last] : release.periods)
      period.categories.push_back(first == last ? std::to_string(first) : fmt::format("{}-{}", first, last));
    period.categories.emplace_back(kUnknown);
    for (const auto& year : categories("year")) {
      std::string in(kUnknown);
      for (std::size_t p = 0; p < release.periods.size(); ++p)
        if (year != kUnknown && std::stoi(year) >= release.periods[p].first &&
            std::stoi(year) <= release.periods[p].second)
          in = period.categories[p];
      period.of[{year}] = in;
    }
    derived.push_back(std::move(period));
  }
  return derived;
}

// The derived variables whose sources are all among `own`.
std::vector<publish::DerivedVariable> derived_over(const std::vector<publish::DerivedVariable>& derived,
                                                   const std::vector<publish::Variable>& own) {
  std::vector<publish::DerivedVariable> result;
  for (const auto& d : derived)
    if (std::all_of(d.from.begin(), d.from.end(), [&](const std::string& source) {
          return std::any_of(own.begin(), own.end(),
                             [&](const publish::Variable& v) { return v.name == source; });
        }))
      result.push_back(d);
  return result;
}

std::string value_of(const std::string& variable, const records::CaseRecord& r) {
  const auto or_unknown = [](const std::string& text) { return text.empty() ? std::string(kUnknown) : text; };
  const auto first_or_unknown = [](const std::vector<std::string>& values) {
    return values.empty() || values.front().empty() ? std::string(kUnknown) : values.front();
  };
  if (variable == "year")
    return r.identification_year ? std::to_string(*r.identification_year) : std::string(kUnknown);
  if (variable == "sex") return or_unknown(r.sex);
  if (variable == "age_group") return age_group(r);
  if (variable == "glotip_group") return glotip_group(r);
  if (variable == "citizenship") return first_or_unknown(r.citizenship);
  if (variable == "exploitation") return first_or_unknown(r.exploitation_types);
  if (variable == "agency") return r.agency;
  if (variable == "identified_by") return or_unknown(r.identified_by);
  if (variable == "origin") return first_or_unknown(r.origin_countries);
  if (variable == "destination")
    return r.destination_countries.empty() || r.destination_countries.back().empty()
               ? std::string(kUnknown)
               : r.destination_countries.back();
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

// The workbook's first sheet: what the tables count, and how to read them.
std::vector<std::vector<std::string>> about_rows(const PublishOutcome& outcome) {
  const auto& r = outcome.release;
  return {
      {"release", r.id},
      {"title", r.title},
      {"unit", r.unit == "persons" ? "persons (linked across lists, each counted once)" : "agency records"},
      {"years of identification", fmt::format("{}-{}", r.first_year, r.last_year)},
      {"who counts",
       r.framework.empty() ? std::string("every case") : "cases qualifying under " + r.framework},
      {"counted", std::to_string(outcome.counted)},
      {"withheld", fmt::format("counts from 1 to {} and the cells that would give them back: flag c",
                               r.rules.threshold - 1)},
      {"unknown", "a category of its own in every table: nothing is dropped"},
      {"source", "the store's active batches and linkage run " + outcome.data_state},
      {"release file", r.file_hash},
      {"written by", std::string("clearpoint ") + CLEARPOINT_VERSION}};
}

constexpr std::string_view kStatusNames[] = {"published", "primary", "secondary"};

// The cells of earlier releases (stored JSON) that can be written over `space`: tables whose variables
// the space has, with categories it knows; a withheld cell's value is not stored and not needed.
std::vector<publish::PublishedRelease> earlier_in(const publish::MicrocellSpace& space,
                                                  const std::vector<nlohmann::json>& earlier,
                                                  const std::vector<std::int64_t>& counts) {
  std::vector<publish::PublishedRelease> releases;
  for (const auto& stored : earlier) {
    publish::PublishedRelease release;
    release.id = stored.at("id").get<std::string>();
    release.slack = stored.value("slack", std::int64_t{0});
    for (const auto& table : stored.at("tables")) {
      const auto names = table.at("variables").get<std::vector<std::string>>();
      const bool expressible =
          std::all_of(names.begin(), names.end(), [&](const std::string& name) { return space.has(name); });
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

constexpr std::string_view kVerdictCategories[] = {"qualifies", "does not qualify", "undetermined"};

std::size_t verdict_category(const Case& c, std::size_t framework) {
  return c.any_qualifies[framework] ? 0 : c.any_undetermined[framework] ? 2 : 1;
}

// One protected table per framework: the reference's verdict by the framework's. The tables share only
// the reference's margin; while it is published in all of them, any table consistent with one's
// published cells combines with any consistent with another's (slice by slice of the reference's verdict),
// so protecting each alone protects them together. When a margin of the reference is itself small, they
// would meet in a withheld margin: each framework's own counts are published alone instead.
FrameworkSideBySide frameworks_side_by_side(const std::vector<law::Framework>& frameworks,
                                            const std::string& reference,
                                            const std::vector<const Case*>& cases,
                                            const publish::ProtectionRules& rules) {
  FrameworkSideBySide result;
  result.reference = reference;
  const auto ref =
      static_cast<std::size_t>(std::find_if(frameworks.begin(), frameworks.end(),
                                            [&](const law::Framework& f) { return f.id == reference; }) -
                               frameworks.begin());
  if (ref == frameworks.size())
    throw core::UserError(fmt::format("the reference framework '{}' is not one of clearpoint's", reference),
                          "`clearpoint definitions list` shows the frameworks");
  result.reference_name = frameworks[ref].name;
  const std::vector<std::string> categories(std::begin(kVerdictCategories), std::end(kVerdictCategories));
  std::array<std::int64_t, 3> reference_margin{};
  for (const auto* c : cases) ++reference_margin[verdict_category(*c, ref)];
  result.crossed = std::none_of(reference_margin.begin(), reference_margin.end(),
                                [&](std::int64_t n) { return rules.sensitive(n); }) &&
                   !rules.sensitive(static_cast<std::int64_t>(cases.size()));
  const auto add = [&](const std::string& id, const std::vector<publish::Variable>& variables,
                       const std::vector<std::size_t>& frameworks_of) {
    const publish::MicrocellSpace space(variables);
    std::vector<std::int64_t> counts(space.size(), 0);
    std::vector<std::size_t> at(variables.size());
    for (const auto* c : cases) {
      for (std::size_t v = 0; v < at.size(); ++v) at[v] = verdict_category(*c, frameworks_of[v]);
      ++counts[space.index(at)];
    }
    std::vector<std::string> names;
    for (const auto& v : variables) names.push_back(v.name);
    const auto cells = space.table(id, names, counts);
    const auto protection = publish::protect_cells(space.size(), cells, rules);
    result.cells.insert(result.cells.end(), cells.begin(), cells.end());
    result.status.insert(result.status.end(), protection.status.begin(), protection.status.end());
    result.lp_solves += protection.lp_solves;
  };
  if (!result.crossed) add(reference, {{reference, categories}}, {ref});
  for (std::size_t f = 0; f < frameworks.size(); ++f) {
    if (f == ref) continue;
    result.frameworks.push_back(frameworks[f].id);
    result.names.push_back(frameworks[f].name);
    if (result.crossed) {
      add(frameworks[f].id, {{reference, categories}, {frameworks[f].id, categories}}, {ref, f});
    } else {
      add(frameworks[f].id, {{frameworks[f].id, categories}}, {f});
    }
  }
  return result;
}

// Controlled rounding instead of suppression: every cell published, rounded; the audit of what the rounded
// values (with the earlier releases) let an attacker narrow. The cells take their published values.
publish::Protection round_cells(const publish::MicrocellSpace& space,
                                std::vector<publish::ReleaseCell>& cells,
                                const publish::ReleaseDefinition& release,
                                const std::vector<publish::PublishedRelease>& known) {
  const auto rounded = publish::controlled_rounding(cells, release.base);
  if (!rounded) {
    std::set<std::string> tables;
    for (const auto& cell : cells) tables.insert(cell.table);
    throw core::UserError(
        fmt::format("no rounding to multiples of {} keeps the tables {} adding up together", release.base,
                    fmt::join(tables, ", ")),
        "publish them with method = \"suppression\", or as tables of two variables that share "
        "no margin");
  }
  publish::Protection protection;
  protection.status.assign(cells.size(), publish::CellStatus::kPublished);
  protection.checks =
      publish::audit_rounded(space.size(), cells, *rounded, release.base, release.rules, known);
  protection.lp_solves = 2 * static_cast<std::int64_t>(protection.checks.size());
  for (std::size_t i = 0; i < cells.size(); ++i) cells[i].value = (*rounded)[i];
  return protection;
}

// The earlier release a new one revises: the latest stored release of other data with the same unit,
// framework and years whose batches are all still active (records were only added since, or linkage ran
// again), with the records it counted. None when there is no such release (then the earlier releases of
// other data are only named).
struct RevisedRelease {
  std::size_t stored_index = 0;
  nlohmann::json content;
  std::set<std::int64_t> records;
};

std::optional<RevisedRelease> revised_release(const store::Store& store,
                                              const publish::ReleaseDefinition& release) {
  const auto stored = store.releases();
  const auto data_state = store.data_state();
  std::set<std::int64_t> active;
  for (const auto& batch : store.batches())
    if (batch.status == store::BatchStatus::kActive) active.insert(batch.id);
  if (release.rounding) return std::nullopt;  // a revision is modelled between exact counts only
  for (std::size_t i = stored.size(); i-- > 0;) {
    if (stored[i].data_state == data_state) continue;
    auto content = nlohmann::json::parse(stored[i].content);
    if (content.value("slack", 0) != 0) continue;
    if (!content.contains("batches") || content.value("unit", "") != release.unit ||
        content.value("framework", "") != release.framework ||
        content.value("population", "identified") != release.population ||
        content.at("years") != nlohmann::json({release.first_year, release.last_year}))
      continue;
    const auto batches = content.at("batches").get<std::vector<std::int64_t>>();
    if (!std::all_of(batches.begin(), batches.end(), [&](std::int64_t b) { return active.count(b) != 0; }))
      continue;
    RevisedRelease revised{i, std::move(content), {}};
    for (const auto b : batches) {
      store::RecordFilter filter;
      filter.batch_id = b;
      store.for_each_record_with_id(
          filter, [&](std::int64_t id, const records::CaseRecord&) { revised.records.insert(id); });
    }
    return revised;
  }
  return std::nullopt;
}

// A revision protected against the attacker who holds the earlier release too and assumes that records
// were only added: the unknowns are the earlier microcells x and the additions d ≥ 0 (microcells N + m), the
// earlier release's cells are sums of x, this one's of x + d. Its small cells stay hidden, this release's
// are protected, and so are the additions' small counts (0 < d < k in a cell: who was added is as
// sensitive as who is there). When the data contradict the assumption (linkage moved persons between
// microcells, so that some d < 0), the attacker's model does not hold; the revision is then protected as
// a release of its own and the earlier one named.
publish::Protection protect_revision(const publish::MicrocellSpace& space,
                                     const std::vector<publish::ReleaseCell>& cells,
                                     const std::vector<std::int64_t>& counts,
                                     const std::vector<std::int64_t>& before, const RevisedRelease& revised,
                                     std::vector<publish::PublishedRelease> known,
                                     const publish::ProtectionRules& rules, PublishOutcome& outcome) {
  const auto n = space.size();
  const auto name = revised.content.at("id").get<std::string>();
  for (std::size_t m = 0; m < n; ++m) {
    if (counts[m] < before[m]) {
      outcome.earlier_other_data.push_back(name + " (persons moved between cells since: not modelled)");
      return publish::protect_cells(n, cells, rules, known);
    }
  }
  const auto now = [n](publish::ReleaseCell cell) {  // x + d
    const auto size = cell.microcells.size();
    for (std::size_t i = 0; i < size; ++i) cell.microcells.push_back(cell.microcells[i] + n);
    return cell;
  };
  std::vector<publish::ReleaseCell> doubled;
  for (const auto& cell : cells) doubled.push_back(now(cell));
  for (auto& release : known)
    for (auto& cell : release.cells) cell = now(cell);
  auto earlier_cells = earlier_in(space, {revised.content}, before);  // sums of x
  known.insert(known.end(), earlier_cells.begin(), earlier_cells.end());
  publish::PublishedRelease additions{"additions", {}, {}};
  std::vector<std::int64_t> added(n);
  for (std::size_t m = 0; m < n; ++m) added[m] = counts[m] - before[m];
  for (const auto& cell : cells) {
    std::int64_t d = 0;
    for (const auto m : cell.microcells) d += added[m];
    if (d <= 0 || !rules.sensitive(d)) continue;
    auto target = cell;
    for (auto& m : target.microcells) m += n;
    target.value = d;
    additions.cells.push_back(std::move(target));
    additions.status.push_back(publish::CellStatus::kPrimary);
  }
  outcome.additions_protected += static_cast<std::int64_t>(additions.cells.size());
  known.push_back(std::move(additions));
  outcome.revises = name;
  return publish::protect_cells(2 * n, doubled, rules, known);
}

}  // namespace

PublishOutcome publish_release(const Workspace& workspace, const PublishSettings& settings) {
  PublishOutcome outcome;
  outcome.release = publish::load_release(settings.release_path);
  const auto& release = outcome.release;
  check_report_claims(workspace, release);
  std::vector<law::Framework> frameworks;
  const law::Framework* framework = nullptr;
  const bool side_by_side = release.report.frameworks;
  if (!release.framework.empty() || side_by_side)
    frameworks = law::load_frameworks(workspace.data_folder() + "/frameworks");
  if (!release.framework.empty()) {
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
  // The earlier release this one revises, when records were only added since (docs/publish.md).
  const auto revised = revised_release(store, release);
  // Every case once: a person takes her earliest record's values and qualifies when any record does; and
  // the same over the records the revised release counted.
  std::map<std::string, Case> cases;
  std::map<std::string, Case> cases_before;
  std::vector<core::TriState> scratch;
  store.for_each_record_with_id({}, [&](std::int64_t id, const records::CaseRecord& r) {
    const std::string key = release.unit == "persons" ? person_of.at(id) : std::to_string(id);
    const auto verdict =
        framework != nullptr ? law::judge_fast(*framework, r, scratch) : core::Verdict::kQualifies;
    if (revised && revised->records.count(id) != 0) {
      auto [before, first] = cases_before.try_emplace(key);
      if (first || earlier(r, before->second.record)) before->second.record = r;
      before->second.qualifies = before->second.qualifies || verdict == core::Verdict::kQualifies;
    }
    auto [it, added] = cases.try_emplace(key);
    auto& c = it->second;
    if (added || earlier(r, c.record)) c.record = r;
    c.qualifies = c.qualifies || verdict == core::Verdict::kQualifies;
    c.undetermined = c.undetermined || verdict == core::Verdict::kUndetermined;
    c.assisted = c.assisted || !r.assistance.empty();
    if (side_by_side) {
      c.any_qualifies.resize(frameworks.size());
      c.any_undetermined.resize(frameworks.size());
      for (std::size_t f = 0; f < frameworks.size(); ++f) {
        const auto v = law::judge_fast(frameworks[f], r, scratch);
        if (v == core::Verdict::kQualifies) c.any_qualifies[f] = true;
        if (v == core::Verdict::kUndetermined) c.any_undetermined[f] = true;
      }
    }
  });

  // The variables the tables are counted from, and their categories (every value seen, and unknown).
  std::vector<std::vector<std::string>> table_variables;
  for (const auto& table : release.tables) table_variables.push_back(table.variables);
  const auto table_sources = counted_variables(table_variables);
  std::vector<std::string> used;
  for (const auto& name : publish::release_variables())
    for (const auto& sources : table_sources)
      if (std::find(sources.begin(), sources.end(), name) != sources.end() &&
          std::find(used.begin(), used.end(), name) == used.end())
        used.push_back(name);
  std::vector<const Case*> counted;
  std::vector<const Case*> in_years;
  for (const auto& [key, c] : cases) {
    const auto& year = c.record.identification_year;
    if (year && (*year < release.first_year || *year > release.last_year)) {
      ++outcome.outside_years;
      continue;
    }
    in_years.push_back(&c);
    if (release.population == "assisted" && !c.assisted) {
      ++outcome.assistance_not_recorded;
    } else if (!c.qualifies) {
      ++(c.undetermined ? outcome.undetermined : outcome.not_qualifying);
    } else {
      counted.push_back(&c);
    }
  }
  outcome.counted = static_cast<std::int64_t>(counted.size());
  std::vector<const Case*> counted_before;
  for (const auto& [key, c] : cases_before) {
    const auto& year = c.record.identification_year;
    if (c.qualifies && !(year && (*year < release.first_year || *year > release.last_year)))
      counted_before.push_back(&c);
  }
  if (side_by_side) {
    const auto reference = release.framework.empty() ? std::string("palermo-2000") : release.framework;
    outcome.frameworks = frameworks_side_by_side(frameworks, reference, in_years, release.rules);
  }
  std::vector<publish::Variable> variables;
  for (const auto& name : used) {
    std::set<std::string> seen;
    if (name == "year") {
      for (int y = release.first_year; y <= release.last_year; ++y) seen.insert(std::to_string(y));
    } else if (name == "sex") {
      seen = {"female", "male", "other"};
    } else if (name == "age_group") {
      seen = {"child", "adult"};
    } else if (name == "glotip_group") {
      seen = {"women", "men", "girls", "boys"};
    }
    for (const auto* c : counted) seen.insert(value_of(name, c->record));
    seen.erase(std::string(kUnknown));
    std::vector<std::string> categories(seen.begin(), seen.end());
    categories.emplace_back(kUnknown);
    variables.push_back({name, std::move(categories)});
  }
  // Earlier releases of the same data are known to the attacker.
  const std::string data_state = store.data_state();
  outcome.data_state = data_state;
  std::vector<nlohmann::json> earlier;
  std::size_t index = 0;
  for (const auto& stored : store.releases()) {
    if (stored.data_state == data_state) {
      earlier.push_back(nlohmann::json::parse(stored.content));
      outcome.earlier_same_data.push_back(stored.release_id + " (" + stored.published_at + ")");
    } else if (!revised || revised->stored_index != index) {
      outcome.earlier_other_data.push_back(stored.release_id + " (" + stored.published_at + ")");
    }
    ++index;
  }
  const auto derived = derived_variables(release, variables, workspace.data_folder());
  // One attacker problem per group of linked tables, each over its own variables' cross product.
  std::vector<PublishedTable> placed(release.tables.size());
  for (const auto& group : publish::linked_groups(table_sources)) {
    const auto own = variables_of(group, table_sources, variables);
    const publish::MicrocellSpace space(own, derived_over(derived, own));
    outcome.microcells += space.size();
    const auto count = [&](const std::vector<const Case*>& which) {
      std::vector<std::int64_t> counts(space.size(), 0);
      std::vector<std::size_t> at(own.size());
      for (const auto* c : which) {
        for (std::size_t v = 0; v < own.size(); ++v) {
          const auto& categories = own[v].categories;
          at[v] = static_cast<std::size_t>(
              std::find(categories.begin(), categories.end(), value_of(own[v].name, c->record)) -
              categories.begin());
        }
        ++counts[space.index(at)];
      }
      return counts;
    };
    const auto counts = count(counted);
    std::vector<publish::ReleaseCell> cells;
    for (const auto t : group) {
      auto table_cells = space.table(release.tables[t].id, release.tables[t].variables, counts);
      placed[t] = {release.tables[t], outcome.cells.size() + cells.size(), table_cells.size()};
      cells.insert(cells.end(), table_cells.begin(), table_cells.end());
    }
    auto known = earlier_in(space, earlier, counts);
    publish::Protection protection;
    if (release.rounding) {
      protection = round_cells(space, cells, release, known);
    } else if (revised) {
      protection = protect_revision(space, cells, counts, count(counted_before), *revised, known,
                                    release.rules, outcome);
    } else {
      protection = publish::protect_cells(space.size(), cells, release.rules, known);
    }
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
  // Nothing is written or kept unless every small count is protected.
  std::int64_t exposed = 0;
  for (const auto& check : outcome.protection.checks) exposed += check.protected_enough ? 0 : 1;
  if (exposed > 0 && release.rounding)
    throw core::UserError(
        fmt::format("rounded, the tables still let an attacker narrow {} small counts{}", exposed,
                    outcome.earlier_same_data.empty()
                        ? ""
                        : " (with the exact numbers of the earlier releases of the same data)"),
        "publish with method = \"suppression\", which withholds what would be narrowed; nothing was written");
  if (exposed > 0)
    throw core::UserError(fmt::format("{} small counts could not be protected", exposed),
                          "nothing was written; report this with the release file");

  // The files: one CSV per table (withheld counts empty, flagged "c"), and release.json with the
  // structure an auditor needs and nothing withheld.
  make_folder(settings.out_dir);
  const io::SafeOutputOptions options{settings.force, {workspace.db, settings.release_path}, "--out"};
  std::vector<publish::Sheet> sheets;
  std::vector<std::string> sheet_names;
  const auto add_sheet = [&](const std::string& wanted, std::vector<std::vector<std::string>> rows) {
    sheet_names.push_back(publish::sheet_name(wanted, sheet_names));
    sheets.push_back({sheet_names.back(), std::move(rows)});
  };
  // A file of the release, as CSV and as a sheet of the workbook.
  const auto write_file = [&](const std::string& name, const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& body) {
    const auto path = (std::filesystem::path(settings.out_dir) / (name + ".csv")).string();
    io::SafeOutput out(path, options);
    io::CsvWriter csv(out.stream(), ',');
    csv.write_row(header);
    // Categories come from the agencies' data (an agency's name, a recorded value): a cell that would start
    // a formula in a spreadsheet is written as text (io/formula_escape.h); the audit reads it back.
    std::vector<std::string> escaped;
    for (const auto& row : body) {
      escaped.clear();
      for (const auto& cell : row) escaped.push_back(io::escape_formula(cell));
      csv.write_row(escaped);
    }
    out.commit();
    outcome.written.push_back(path);
    std::vector<std::vector<std::string>> rows = {header};
    rows.insert(rows.end(), body.begin(), body.end());
    add_sheet(name, std::move(rows));
  };
  add_sheet("About", about_rows(outcome));
  for (const auto& table : outcome.tables) {
    const std::vector<publish::ReleaseCell> cells(
        outcome.cells.begin() + static_cast<long>(table.first_cell),
        outcome.cells.begin() + static_cast<long>(table.first_cell + table.cell_count));
    const std::vector<publish::CellStatus> status(
        outcome.protection.status.begin() + static_cast<long>(table.first_cell),
        outcome.protection.status.begin() + static_cast<long>(table.first_cell + table.cell_count));
    auto layouts = std::vector<publish::TableLayout>{publish::TableLayout::kPlain};
    if (table.definition.layout != publish::TableLayout::kPlain) layouts.push_back(table.definition.layout);
    for (const auto layout : layouts) {
      const auto laid = publish::lay_out(table.definition, layout, cells, status, release);
      write_file(table.definition.id + publish::layout_suffix(layout), laid.header, laid.rows);
    }
  }
  if (release.htcds_k > 0) {
    std::vector<std::vector<std::string>> rows;
    for (const auto* c : in_years) {
      const auto status = c->qualifies      ? core::Verdict::kQualifies
                          : c->undetermined ? core::Verdict::kUndetermined
                                            : core::Verdict::kDoesNotQualify;
      rows.push_back(publish::htcds_row(c->record, framework != nullptr, status, age_group(c->record)));
    }
    std::vector<publish::HtcdsCell> withheld;
    for (const auto& table : outcome.tables)
      for (std::size_t i = table.first_cell; i < table.first_cell + table.cell_count; ++i)
        if (outcome.protection.status[i] != publish::CellStatus::kPublished)
          if (auto cell = publish::htcds_cell(table.definition.variables, outcome.cells[i].categories))
            withheld.push_back(std::move(*cell));
    const auto htcds = publish::k_anonymous(std::move(rows), release.htcds_k, withheld);
    write_file("htcds", htcds.header, htcds.rows);
    outcome.htcds_rows = static_cast<std::int64_t>(htcds.rows.size());
    outcome.htcds_suppressed = htcds.suppressed;
  }
  const auto workbook_path = (std::filesystem::path(settings.out_dir) / (release.id + ".xlsx")).string();
  publish::write_workbook(sheets, workbook_path, options);
  outcome.written.push_back(workbook_path);
  nlohmann::json structure = {{"id", release.id},
                              {"title", release.title},
                              {"years", {release.first_year, release.last_year}},
                              {"unit", release.unit},
                              {"framework", release.framework},
                              {"release_file_hash", release.file_hash},
                              {"threshold", release.rules.threshold},
                              {"protection", release.rules.required_width()},
                              {"zeros", release.rules.suppress_zeros ? "suppress" : "publish"},
                              {"method", release.rounding ? "rounding" : "suppression"},
                              {"base", release.rounding ? release.base : 0},
                              {"variables", nlohmann::json::array()},
                              {"tables", nlohmann::json::array()}};
  for (const auto& v : variables)
    structure["variables"].push_back({{"name", v.name}, {"categories", v.categories}});
  structure["derived"] = nlohmann::json::array();
  for (const auto& d : derived) {
    nlohmann::json of = nlohmann::json::array();
    for (const auto& [sources, category] : d.of) of.push_back({{"from", sources}, {"to", category}});
    structure["derived"].push_back(
        {{"name", d.name}, {"from", d.from}, {"categories", d.categories}, {"of", std::move(of)}});
  }
  for (const auto& t : release.tables)
    structure["tables"].push_back({{"id", t.id}, {"title", t.title}, {"variables", t.variables}});
  const auto json_path = (std::filesystem::path(settings.out_dir) / "release.json").string();
  io::SafeOutput json_out(json_path, options);
  json_out.stream() << structure.dump(2) << "\n";
  json_out.commit();
  outcome.written.push_back(json_path);

  // Kept for the releases after it: the structure and the published numbers, never a withheld one.
  std::vector<std::int64_t> batch_ids;
  for (const auto& batch : store.batches())
    if (batch.status == store::BatchStatus::kActive) batch_ids.push_back(batch.id);
  nlohmann::json content = {{"id", release.id},
                            {"unit", release.unit},
                            {"framework", release.framework},
                            {"population", release.population},
                            {"years", {release.first_year, release.last_year}},
                            {"batches", batch_ids},
                            {"slack", release.rounding ? release.base - 1 : 0},
                            {"tables", nlohmann::json::array()}};
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
  // The report's estimate is published with the release, so the readers' dashboard shows the same
  // figures as the report (aggregates only: no cell of a table).
  const auto report = report_content(workspace, outcome, settings);
  if (report.estimate) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& line : report.estimate->lines) {
      nlohmann::json entry = {{"method", line.method},
                              {"interval", line.interval_kind},
                              {"assumes", line.assumes},
                              {"ok", line.ok},
                              {"chosen", line.chosen}};
      if (line.ok) {
        entry["estimate"] = line.estimate;
        entry["lower"] = line.lower;
        entry["upper"] = line.upper;
      } else {
        entry["problem"] = line.problem;
      }
      lines.push_back(std::move(entry));
    }
    content["estimate"] = {{"method", report.estimate->method}, {"observed", report.estimate->observed},
                           {"level", report.estimate->level},   {"seed", report.estimate->seed},
                           {"lines", std::move(lines)},         {"flags", report.estimate->flags}};
  }
  store.save_release({release.id, store::utc_now(), data_state, content.dump()}, workspace.audit_actor(),
                     nlohmann::json({{"release", release.id},
                                     {"release_file_hash", release.file_hash},
                                     {"cells", outcome.cells.size()},
                                     {"withheld", outcome.protection.primary + outcome.protection.secondary},
                                     {"earlier_same_data", outcome.earlier_same_data.size()}})
                         .dump());
  outcome.estimate_problem = report.estimate_problem;
  for (auto& file :
       write_report(report, settings, {workspace.db, settings.release_path, settings.coverage_path}))
    outcome.written.push_back(std::move(file));
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
  std::vector<publish::DerivedVariable> derived;
  publish::ProtectionRules rules;
  std::int64_t base = 0;  // a rounded release: every published value within base − 1 of the truth
  std::vector<std::pair<std::string, std::vector<std::string>>> tables;
  try {
    audit.id = structure.at("id").get<std::string>();
    for (const auto& v : structure.at("variables"))
      variables.push_back(
          {v.at("name").get<std::string>(), v.at("categories").get<std::vector<std::string>>()});
    for (const auto& t : structure.at("tables"))
      tables.emplace_back(t.at("id").get<std::string>(), t.at("variables").get<std::vector<std::string>>());
    for (const auto& d : structure.value("derived", nlohmann::json::array())) {
      publish::DerivedVariable variable{d.at("name").get<std::string>(),
                                        d.at("from").get<std::vector<std::string>>(),
                                        d.at("categories").get<std::vector<std::string>>(),
                                        {}};
      for (const auto& entry : d.at("of"))
        variable.of[entry.at("from").get<std::vector<std::string>>()] = entry.at("to").get<std::string>();
      derived.push_back(std::move(variable));
    }
    rules.threshold = structure.at("threshold").get<std::int64_t>();
    rules.protection = structure.at("protection").get<std::int64_t>();
    rules.suppress_zeros = structure.at("zeros").get<std::string>() == "suppress";
    if (structure.value("method", "suppression") == "rounding")
      base = structure.at("base").get<std::int64_t>();
    audit.base = base;
  } catch (const nlohmann::json::exception&) {
    throw core::UserError(fmt::format("{} lacks the release's structure", json_path),
                          "publish the release again");
  }
  std::vector<std::vector<std::string>> table_variables;
  for (const auto& table : tables) table_variables.push_back(table.second);
  const auto table_sources = counted_variables(table_variables);
  for (const auto& group : publish::linked_groups(table_sources)) {
    const auto own = variables_of(group, table_sources, variables);
    std::unique_ptr<publish::MicrocellSpace> built;
    try {
      built = std::make_unique<publish::MicrocellSpace>(own, derived_over(derived, own));
    } catch (const std::exception&) {
      throw core::UserError(fmt::format("{} describes variables that do not fit together", json_path),
                            "publish the release again");
    }
    const auto& space = *built;
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
        std::vector<std::string> categories;
        for (std::size_t v = 0; v < names.size(); ++v)
          categories.emplace_back(io::unescape_formula(row.fields[v]));
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
      known.push_back({cells[i].microcells, cells[i].value, base > 0 ? base - 1 : 0});
      const bool small =
          base > 0 ? cells[i].value % base != 0 : rules.sensitive(cells[i].value) && cells[i].value > 0;
      if (small)
        audit.published_below_threshold.push_back(fmt::format(
            "{}: {} = {}", cells[i].table, fmt::join(cells[i].categories, " × "), cells[i].value));
    }
    publish::AttackerProblem attacker(space.size(), known);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      // Suppression: every withheld cell. Rounding: every cell, each published only to within base − 1.
      if (base == 0 && !withheld[i]) continue;
      const auto interval = attacker.interval(cells[i].microcells);
      if (base > 0) {
        // The attacker pins a count from 1 to threshold − 1 closer than rounding alone would.
        if (interval.width() && *interval.width() < base - 1 && interval.low >= 1 &&
            *interval.high < rules.threshold)
          audit.exposed.push_back(fmt::format("{}: {} in [{}, {}]", cells[i].table,
                                              fmt::join(cells[i].categories, " × "), interval.low,
                                              *interval.high));
        continue;
      }
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
