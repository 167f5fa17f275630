#include "link/list_coverage.h"

#include <fmt/format.h>

#include <algorithm>

#include "io/toml_file.h"
#include "link/capture_histories.h"

namespace clearpoint::link {

namespace {

const std::vector<std::string> kRoles = {"origin", "transit", "destination"};
const std::vector<std::string> kAges = {"minor", "adult"};

std::vector<std::string> strings_of(const toml::table& entry, const char* key, const std::string& path,
                                    std::vector<core::Diagnostic>& problems,
                                    const std::vector<std::string>& allowed = {}) {
  std::vector<std::string> out;
  const auto* node = entry.get(key);
  if (node == nullptr) return out;
  const auto* array = node->as_array();
  if (array == nullptr) {
    problems.push_back(io::toml_problem(path, node, fmt::format("{} is not a list", key),
                                        fmt::format("write {} = [\"…\", \"…\"]", key)));
    return out;
  }
  for (const auto& item : *array) {
    const auto value = item.value<std::string>();
    if (!value) {
      problems.push_back(
          io::toml_problem(path, &item, fmt::format("an entry of {} is not text", key), "quote each value"));
      continue;
    }
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
      problems.push_back(io::toml_problem(path, &item, fmt::format("{} has '{}'", key, *value),
                                          fmt::format("use {}", fmt::join(allowed, ", "))));
      continue;
    }
    out.push_back(*value);
  }
  return out;
}

bool meets(const std::set<std::string>& known, const std::vector<std::string>& reach) {
  return std::any_of(reach.begin(), reach.end(), [&](const std::string& v) { return known.contains(v); });
}

}  // namespace

const ListReach* CoverageDeclarations::find(const std::string& list) const {
  const auto it =
      std::find_if(lists.begin(), lists.end(), [&](const ListReach& r) { return r.list == list; });
  return it == lists.end() ? nullptr : &*it;
}

CoverageDeclarations read_coverage(const std::string& path) {
  const auto file =
      io::parse_toml_file(path, "the coverage file", "see docs/estimation.md, \"List coverage\"");
  CoverageDeclarations out;
  out.path = path;
  std::vector<core::Diagnostic> problems;
  const auto* entries = file["list"].as_array();
  if (entries == nullptr) {
    throw core::UserError({io::toml_problem(path, nullptr, "no [[list]] entries",
                                            "give one [[list]] per list with list = \"AGENCY/list\"")});
  }
  for (const auto& node : *entries) {
    const auto* entry = node.as_table();
    if (entry == nullptr) continue;
    ListReach reach;
    const auto list = (*entry)["list"].value<std::string>();
    if (!list || list->find('/') == std::string::npos) {
      problems.push_back(
          io::toml_problem(path, entry, "an entry without list = \"AGENCY/list\"",
                           "name the list as `clearpoint stats` shows it, e.g. \"MUP-RS/victims\""));
      continue;
    }
    reach.list = *list;
    if (out.find(reach.list) != nullptr) {
      problems.push_back(io::toml_problem(path, entry, fmt::format("{} is declared twice", reach.list),
                                          "keep one entry per list"));
      continue;
    }
    reach.country = (*entry)["country"].value_or(std::string());
    reach.source = (*entry)["source"].value_or(std::string());
    reach.roles = strings_of(*entry, "roles", path, problems, kRoles);
    reach.ages = strings_of(*entry, "ages", path, problems, kAges);
    reach.exploitation = strings_of(*entry, "exploitation", path, problems);
    reach.sexes = strings_of(*entry, "sexes", path, problems, {"female", "male", "other"});
    if (const auto* years = (*entry)["years"].as_array()) {
      const auto first = years->size() == 2 ? io::whole_number_in(years->get(0), 1900, 2100) : std::nullopt;
      const auto last = years->size() == 2 ? io::whole_number_in(years->get(1), 1900, 2100) : std::nullopt;
      if (!first || !last || *first > *last) {
        problems.push_back(io::toml_problem(
            path, years, "years is not [first, last] (two whole years between 1900 and 2100)",
            "give the first and last year the list could record, e.g. [2012, 2025]"));
      } else {
        reach.first_year = *first;
        reach.last_year = *last;
      }
    }
    if (!reach.roles.empty() && reach.country.empty()) {
      problems.push_back(
          io::toml_problem(path, entry, fmt::format("{} has roles but no country", reach.list),
                           "roles say which parts of a route through `country` the list sees"));
    }
    out.lists.push_back(std::move(reach));
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
  return out;
}

void CoverageEvidence::add(const records::CaseRecord& record) {
  const auto add_route = [&](const std::vector<std::string>& countries, const char* role) {
    for (const auto& c : countries) {
      if (c.empty()) continue;
      country_roles_.emplace(c, role);
    }
  };
  add_route(record.origin_countries, "origin");
  add_route(record.transit_countries, "transit");
  add_route(record.destination_countries, "destination");
  if (record.identification_year) years_.insert(*record.identification_year);
  if (const auto age = stratum_value(record, Stratum::kAgeGroup); !age.empty()) ages_.insert(age);
  for (const auto& e : record.exploitation_types) exploitation_.insert(e);
  if (!record.sex.empty()) sexes_.insert(record.sex);
}

bool RouteRecorded::of(const std::string& role) const {
  return role == "origin" ? origin : role == "transit" ? transit : destination;
}

void RouteRecorded::add(const records::CaseRecord& record) {
  origin = origin || !record.origin_countries.empty();
  transit = transit || !record.transit_countries.empty();
  destination = destination || !record.destination_countries.empty();
}

void RouteRecorded::add(const RouteRecorded& other) {
  origin = origin || other.origin;
  transit = transit || other.transit;
  destination = destination || other.destination;
}

CoverageEvidence::Verdict CoverageEvidence::covered_by(const ListReach& reach,
                                                       const RouteRecorded& recorded) const {
  bool undetermined = false;
  if (!reach.country.empty()) {
    // On the route in a role the list sees: covered. Otherwise not covered only if every such role is one
    // her lists record (they would have said so); a role none of them records leaves it open.
    const auto& roles = reach.roles.empty() ? kRoles : reach.roles;
    const bool on_route = std::any_of(roles.begin(), roles.end(), [&](const std::string& role) {
      return country_roles_.contains({reach.country, role});
    });
    if (!on_route) {
      // What she has of each part: an origin or a destination left empty is unknown (every victim has
      // both); an empty transit is "direct" only when her lists record transit and her route was written.
      const auto has_role = [&](const std::string& role) {
        return std::any_of(country_roles_.begin(), country_roles_.end(),
                           [&](const auto& cr) { return cr.second == role; });
      };
      const bool route_written = has_role("origin") || has_role("destination");
      const auto known = [&](const std::string& role) {
        if (role == "transit") return has_role("transit") || (recorded.of("transit") && route_written);
        return has_role(role);
      };
      const bool silent =
          std::any_of(roles.begin(), roles.end(), [&](const std::string& role) { return !known(role); });
      if (!silent) return Verdict::kNotCovered;
      undetermined = true;
    }
  }
  if (reach.first_year) {
    if (years_.empty()) {
      undetermined = true;
    } else if (std::none_of(years_.begin(), years_.end(),
                            [&](int y) { return y >= *reach.first_year && y <= *reach.last_year; })) {
      return Verdict::kNotCovered;
    }
  }
  const auto check = [&](const std::set<std::string>& known, const std::vector<std::string>& wanted) {
    if (wanted.empty()) return true;
    if (known.empty()) {
      undetermined = true;
      return true;
    }
    return meets(known, wanted);
  };
  if (!check(ages_, reach.ages) || !check(exploitation_, reach.exploitation) || !check(sexes_, reach.sexes)) {
    return Verdict::kNotCovered;
  }
  return undetermined ? Verdict::kUndetermined : Verdict::kCovered;
}

}  // namespace clearpoint::link
