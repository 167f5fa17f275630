// Flows and roles as use cases: the routes of the identified victims and a country's role profile, counted
// on unique persons when linkage has run and on records otherwise (the result says which), with the role
// labels of the years asked for and where the data disagree with them.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "flows/flows.h"
#include "pipeline/workspace.h"

namespace clearpoint::pipeline {

struct RouteTable {
  std::string unit;  // what was counted
  std::vector<flows::RouteCount> routes;
};
// Throws core::UserError when persons are stored but out of date, unless `stale_ok` (then `unit` says so).
RouteTable routes_from_store(const Workspace& workspace, int first_year, int last_year,
                             bool stale_ok = false);

struct LabelCheck {
  flows::RoleLabel label;
  std::vector<std::string> conflicts;  // empty: the data agree with it
};

struct RoleReport {
  std::string country;
  std::string country_name;
  std::string unit;
  std::vector<flows::RoleProfile> profiles;
  std::vector<LabelCheck> labels;  // the labels of the country that overlap the years
};
// Throws core::UserError when `country` is not a country code, or as routes_from_store.
RoleReport roles_from_store(const Workspace& workspace, const std::string& country, int first_year,
                            int last_year, bool stale_ok = false);

// Identified cases per year (on records) with the country as origin, transit or destination: the trend to
// set beside its TIP tiers.
std::map<int, std::array<std::int64_t, 3>> case_trend(const Workspace& workspace, const std::string& country);

}  // namespace clearpoint::pipeline
