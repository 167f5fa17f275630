// Flows and country roles: what the identified cases say about routes (origin → transit… → destination)
// and about each country's role in each year — how many identified victims it was the origin, a transit
// or the destination for, by citizenship, sex, age group and form of exploitation. Counted on unique
// persons when linkage has run (each person once, on the record that knows most of the route), on
// records otherwise; every result says which.
//
// Role labels (TIP's "primarily transit and destination", national reports' own) are data
// (data/roles/labels.csv, each with its years and source); a label is flagged when the data contradict
// it: a role it names below 10% of the country's cases, or a role it omits that holds more than half.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "records/case_record.h"

namespace clearpoint::flows {

enum Role { kOrigin = 0, kTransit = 1, kDestination = 2 };
std::string role_name(Role role);

struct Case {
  std::string person;  // empty: count the record itself
  const records::CaseRecord* record = nullptr;
};

// The cases to count: one per person (the record with the longest route) or every record.
std::vector<const records::CaseRecord*> counted_cases(const std::vector<Case>& cases);

struct RouteCount {
  std::vector<std::string> route;  // origin, transits…, destination (countries that are unknown: "?")
  std::map<int, std::int64_t> by_year;
  std::int64_t total = 0;
};
std::vector<RouteCount> routes(const std::vector<const records::CaseRecord*>& cases, int first_year,
                               int last_year);

struct Edge {
  std::string from, to;
  int year = 0;
  std::int64_t count = 0;
};
// Consecutive hops of every route, summed: the edge list a Sankey diagram draws.
std::vector<Edge> edges(const std::vector<RouteCount>& routes);

struct RoleProfile {
  std::string country;
  int year = 0;
  std::array<std::int64_t, 3> cases{};  // by role
  // role → dimension ("citizenship", "sex", "age", "exploitation") → value → cases
  std::array<std::map<std::string, std::map<std::string, std::int64_t>>, 3> breakdown;
};
std::vector<RoleProfile> role_profiles(const std::vector<const records::CaseRecord*>& cases,
                                       const std::string& country, int first_year, int last_year);

struct RoleLabel {
  std::string country;
  std::vector<Role> roles;
  std::string label;
  int first_year = 0;
  int last_year = 0;
  std::string source;
};
std::vector<RoleLabel> load_labels(const std::string& data_dir);

// Plain-language disagreements between a label and the profiles of its years (empty: none).
std::vector<std::string> label_conflicts(const RoleLabel& label, const std::vector<RoleProfile>& profiles);

}  // namespace clearpoint::flows
