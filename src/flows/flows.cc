#include "flows/flows.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/partial_date.h"
#include "io/csv_reader.h"

namespace clearpoint::flows {

std::string role_name(Role role) {
  switch (role) {
    case kOrigin:
      return "origin";
    case kTransit:
      return "transit";
    case kDestination:
      return "destination";
  }
  return "";
}

namespace {

std::size_t route_length(const records::CaseRecord& r) {
  return r.origin_countries.size() + r.transit_countries.size() + r.destination_countries.size();
}

std::string age_group(const records::CaseRecord& r) {
  const auto birth = r.birth_date.interval();
  if (!birth || !r.identification_year) return "unknown";
  const auto age = core::age_range_on(*birth, core::CivilDate{*r.identification_year, 7, 1});
  if (age.oldest < 18) return "minor";
  if (age.youngest >= 18) return "adult";
  return "unknown";
}

}  // namespace

std::vector<const records::CaseRecord*> counted_cases(const std::vector<Case>& cases) {
  std::vector<const records::CaseRecord*> out;
  std::map<std::string, const records::CaseRecord*> best;
  std::vector<std::string> order;
  for (const auto& c : cases) {
    if (c.person.empty()) {
      out.push_back(c.record);
      continue;
    }
    auto [it, fresh] = best.try_emplace(c.person, c.record);
    if (fresh) order.push_back(c.person);
    if (!fresh && route_length(*c.record) > route_length(*it->second)) it->second = c.record;
  }
  for (const auto& person : order) out.push_back(best[person]);
  return out;
}

std::vector<RouteCount> routes(const std::vector<const records::CaseRecord*>& cases, int first_year,
                               int last_year) {
  std::map<std::vector<std::string>, RouteCount> by_route;
  for (const auto* r : cases) {
    if (!r->identification_year || *r->identification_year < first_year ||
        *r->identification_year > last_year)
      continue;
    std::vector<std::string> route;
    route.push_back(r->origin_countries.empty() ? "?" : r->origin_countries.front());
    for (const auto& t : r->transit_countries) route.push_back(t);
    route.push_back(r->destination_countries.empty() ? "?" : r->destination_countries.front());
    auto& count = by_route[route];
    count.route = route;
    ++count.by_year[*r->identification_year];
    ++count.total;
  }
  std::vector<RouteCount> out;
  for (auto& [route, count] : by_route) out.push_back(std::move(count));
  std::sort(out.begin(), out.end(), [](const RouteCount& a, const RouteCount& b) {
    return a.total != b.total ? a.total > b.total : a.route < b.route;
  });
  return out;
}

std::vector<Edge> edges(const std::vector<RouteCount>& routes) {
  std::map<std::tuple<std::string, std::string, int>, std::int64_t> sums;
  for (const auto& r : routes) {
    for (std::size_t i = 0; i + 1 < r.route.size(); ++i) {
      for (const auto& [year, n] : r.by_year) sums[{r.route[i], r.route[i + 1], year}] += n;
    }
  }
  std::vector<Edge> out;
  for (const auto& [key, n] : sums) out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
  return out;
}

std::vector<RoleProfile> role_profiles(const std::vector<const records::CaseRecord*>& cases,
                                       const std::string& country, int first_year, int last_year) {
  std::vector<RoleProfile> out;
  for (int year = first_year; year <= last_year; ++year) out.push_back({country, year, {}, {}});
  for (const auto* r : cases) {
    if (!r->identification_year || *r->identification_year < first_year ||
        *r->identification_year > last_year)
      continue;
    auto& profile = out[static_cast<std::size_t>(*r->identification_year - first_year)];
    const auto has = [&](const std::vector<std::string>& list) {
      return std::find(list.begin(), list.end(), country) != list.end();
    };
    const std::array<bool, 3> in = {has(r->origin_countries), has(r->transit_countries),
                                    has(r->destination_countries)};
    for (int role = 0; role < 3; ++role) {
      if (!in[static_cast<std::size_t>(role)]) continue;
      ++profile.cases[static_cast<std::size_t>(role)];
      auto& b = profile.breakdown[static_cast<std::size_t>(role)];
      ++b["citizenship"][r->citizenship.empty() ? "unknown" : r->citizenship.front()];
      ++b["sex"][r->sex.empty() ? "unknown" : r->sex];
      ++b["age"][age_group(*r)];
      for (const auto& e : r->exploitation_types) ++b["exploitation"][e];
      if (r->exploitation_types.empty()) ++b["exploitation"]["unknown"];
    }
  }
  return out;
}

std::vector<RoleLabel> load_labels(const std::string& data_dir) {
  std::vector<RoleLabel> out;
  const auto path = data_dir + "/roles/labels.csv";
  for (const auto& row : io::read_csv_table(path, 6)) {
    RoleLabel label{row.fields[0],
                    {},
                    row.fields[2],
                    io::integer_cell(row, 3, path, "first_year"),
                    io::integer_cell(row, 4, path, "last_year"),
                    row.fields[5]};
    for (std::size_t from = 0; from <= row.fields[1].size();) {
      const auto bar = std::min(row.fields[1].find('|', from), row.fields[1].size());
      const auto name = row.fields[1].substr(from, bar - from);
      if (name == "origin") label.roles.push_back(kOrigin);
      if (name == "transit") label.roles.push_back(kTransit);
      if (name == "destination") label.roles.push_back(kDestination);
      from = bar + 1;
    }
    out.push_back(std::move(label));
  }
  return out;
}

std::vector<std::string> label_conflicts(const RoleLabel& label, const std::vector<RoleProfile>& profiles) {
  std::array<std::int64_t, 3> total{};
  for (const auto& p : profiles) {
    if (p.country != label.country || p.year < label.first_year || p.year > label.last_year) continue;
    for (int role = 0; role < 3; ++role)
      total[static_cast<std::size_t>(role)] += p.cases[static_cast<std::size_t>(role)];
  }
  const double all = static_cast<double>(total[0] + total[1] + total[2]);
  std::vector<std::string> conflicts;
  if (all == 0) return conflicts;
  for (int role = 0; role < 3; ++role) {
    const double share = static_cast<double>(total[static_cast<std::size_t>(role)]) / all;
    const bool named =
        std::find(label.roles.begin(), label.roles.end(), static_cast<Role>(role)) != label.roles.end();
    if (named && share < 0.10) {
      conflicts.push_back(
          fmt::format("'{}' names {} but only {:.0f}% of its cases ({} of {:.0f}) have it as {}", label.label,
                      role_name(static_cast<Role>(role)), 100 * share, total[static_cast<std::size_t>(role)],
                      all, role_name(static_cast<Role>(role))));
    }
    if (!named && share > 0.5) {
      conflicts.push_back(
          fmt::format("'{}' leaves out {}, yet {:.0f}% of its cases ({} of {:.0f}) have it as {}",
                      label.label, role_name(static_cast<Role>(role)), 100 * share,
                      total[static_cast<std::size_t>(role)], all, role_name(static_cast<Role>(role))));
    }
  }
  return conflicts;
}

}  // namespace clearpoint::flows
