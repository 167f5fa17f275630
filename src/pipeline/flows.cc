#include "pipeline/flows.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "pipeline/stale_persons.h"

namespace clearpoint::pipeline {

namespace {

// The stored records, and what is counted: persons when linkage has run, records otherwise.
struct StoredCases {
  std::vector<records::CaseRecord> records;
  std::vector<std::string> person;
  std::string unit;

  std::vector<const records::CaseRecord*> counted() const {
    std::vector<flows::Case> cases;
    for (std::size_t i = 0; i < records.size(); ++i) cases.push_back({person[i], &records[i]});
    return flows::counted_cases(cases);
  }
};

StoredCases load_cases(const Workspace& workspace, bool stale_ok) {
  const auto store = workspace.open_store();
  std::map<std::int64_t, std::string> person_of;
  for (const auto& [record, person] : store.persons()) person_of[record] = person;
  // Counting persons of an older link would mix persons and unlinked records without saying so.
  const std::string stale = person_of.empty() ? std::string() : require_current_persons(store, stale_ok);
  StoredCases loaded;
  store.for_each_record_with_id({}, [&](std::int64_t id, const records::CaseRecord& r) {
    loaded.records.push_back(r);
    const auto p = person_of.find(id);
    loaded.person.push_back(p == person_of.end() ? std::string() : p->second);
  });
  loaded.unit = person_of.empty() ? "records (no linkage yet: a person on two lists counts twice)"
                                  : "unique persons (linked by `clearpoint link`)";
  if (!stale.empty())
    loaded.unit += fmt::format("; {} — records without a person count once each (--stale-ok)", stale);
  return loaded;
}

}  // namespace

RouteTable routes_from_store(const Workspace& workspace, int first_year, int last_year, bool stale_ok) {
  const auto loaded = load_cases(workspace, stale_ok);
  return {loaded.unit, flows::routes(loaded.counted(), first_year, last_year)};
}

RoleReport roles_from_store(const Workspace& workspace, const std::string& country, int first_year,
                            int last_year, bool stale_ok) {
  const auto data = workspace.data_folder();
  const auto countries = workspace.countries();
  if (!countries.contains(country)) {
    throw core::UserError(fmt::format("--country '{}' is not a country code", country),
                          "use a code from data/countries.csv");
  }
  const auto loaded = load_cases(workspace, stale_ok);
  RoleReport report;
  report.country = country;
  report.country_name = countries.name(country);
  report.unit = loaded.unit;
  report.profiles = flows::role_profiles(loaded.counted(), country, first_year, last_year);
  for (const auto& label : flows::load_labels(data)) {
    if (label.country != country || label.last_year < first_year || label.first_year > last_year) continue;
    report.labels.push_back({label, flows::label_conflicts(label, report.profiles)});
  }
  return report;
}

std::map<int, std::array<std::int64_t, 3>> case_trend(const Workspace& workspace,
                                                      const std::string& country) {
  const auto store = workspace.open_store();
  std::map<int, std::array<std::int64_t, 3>> trend;
  store.for_each_record({}, [&](const records::CaseRecord& r) {
    if (!r.identification_year) return;
    auto& t = trend[*r.identification_year];
    const auto has = [&](const auto& list) {
      return std::find(list.begin(), list.end(), country) != list.end();
    };
    t[flows::kOrigin] += has(r.origin_countries) ? 1 : 0;
    t[flows::kTransit] += has(r.transit_countries) ? 1 : 0;
    t[flows::kDestination] += has(r.destination_countries) ? 1 : 0;
  });
  return trend;
}

}  // namespace clearpoint::pipeline
