#include "mse/diagnostics.h"

#include <algorithm>
#include <cmath>

#include "core/diagnostic.h"

namespace clearpoint::mse {

namespace {

// A fixed model names lists by number, which no longer fit a table with other lists: BIC there.
Method for_other_lists(const Method& method) {
  Method m = method;
  if (m.kind == Method::Kind::kFixed) m.kind = Method::Kind::kBic;
  return m;
}

// The method on a table with other lists (one dropped or two merged): estimate and model, or not ok.
struct Reestimate {
  bool ok = false;
  double population = 0;
  std::string model;
};

Reestimate reestimate(const CaptureTable& table, const Method& method, int threads) {
  try {
    check_table(table, "");
    const auto selection = select_model(table, for_other_lists(method), threads);
    return {selection.ok, selection.population, selection.model.notation()};
  } catch (const core::UserError&) {
    return {};  // e.g. too many lists for an exhaustive search, or a list nobody is on
  }
}

}  // namespace

std::vector<NearTie> near_ties(const SearchResult& search) {
  std::vector<NearTie> ties;
  if (search.admissible.empty()) return ties;
  const double best = search.admissible.front().criterion;
  for (const double delta : {2.0, 4.0, 6.0}) {
    NearTie tie{delta, 0, INFINITY, -INFINITY};
    for (const auto& s : search.admissible) {
      if (s.criterion - best > delta) break;  // best first
      ++tie.models;
      tie.lowest = std::min(tie.lowest, s.fit.population);
      tie.highest = std::max(tie.highest, s.fit.population);
    }
    ties.push_back(tie);
  }
  return ties;
}

Spread estimate_spread(const SearchResult& search) {
  Spread spread;
  if (search.admissible.empty()) return spread;
  const double best = search.admissible.front().criterion;
  std::vector<std::pair<double, double>> weighted;  // (estimate, weight)
  double total = 0;
  spread.lowest = INFINITY;
  spread.highest = -INFINITY;
  for (const auto& s : search.admissible) {
    const double w = std::exp(-(s.criterion - best) / 2);
    weighted.emplace_back(s.fit.population, w);
    total += w;
    spread.lowest = std::min(spread.lowest, s.fit.population);
    spread.highest = std::max(spread.highest, s.fit.population);
  }
  std::sort(weighted.begin(), weighted.end());
  const auto quantile = [&](double p) {
    double running = 0;
    for (const auto& [estimate, w] : weighted) {
      running += w;
      if (running >= p * total) return estimate;
    }
    return weighted.back().first;
  };
  spread.weighted_5 = quantile(0.05);
  spread.weighted_50 = quantile(0.5);
  spread.weighted_95 = quantile(0.95);
  return spread;
}

CaptureTable drop_list(const CaptureTable& table, int list) {
  CaptureTable out;
  for (int j = 0; j < table.list_count(); ++j) {
    if (j != list) out.lists.push_back(table.lists[static_cast<std::size_t>(j)]);
  }
  out.counts.assign(std::size_t{1} << out.lists.size(), 0.0);
  const History low = (History{1} << list) - 1;
  for (History h = 1; h < table.counts.size(); ++h) {
    const History reduced = (h & low) | ((h >> (list + 1)) << list);
    if (reduced != 0) out.counts[reduced] += table.counts[h];
  }
  return out;
}

std::vector<ListLeftOut> leave_one_list_out(const CaptureTable& table, const Method& method, int threads) {
  std::vector<ListLeftOut> out;
  if (table.list_count() < 3) return out;
  for (int j = 0; j < table.list_count(); ++j) {
    const auto r = reestimate(drop_list(table, j), method, threads);
    out.push_back({table.lists[static_cast<std::size_t>(j)], r.ok, r.population, r.model});
  }
  return out;
}

CaptureTable merge_lists(const CaptureTable& table, int first, int second) {
  CaptureTable out;
  for (int j = 0; j < table.list_count(); ++j) {
    if (j == second) continue;
    out.lists.push_back(j == first ? table.lists[static_cast<std::size_t>(first)] + "+" +
                                         table.lists[static_cast<std::size_t>(second)]
                                   : table.lists[static_cast<std::size_t>(j)]);
  }
  out.counts.assign(std::size_t{1} << out.lists.size(), 0.0);
  const History low = (History{1} << second) - 1;
  for (History h = 1; h < table.counts.size(); ++h) {
    History merged = h;
    if (h & (History{1} << second)) merged |= History{1} << first;
    const History reduced = (merged & low) | ((merged >> (second + 1)) << second);
    out.counts[reduced] += table.counts[h];
  }
  return out;
}

std::vector<ListsMerged> merge_two_lists(const CaptureTable& table, const Method& method, int threads) {
  std::vector<ListsMerged> out;
  if (table.list_count() < 3) return out;
  for (int i = 0; i < table.list_count(); ++i) {
    for (int j = i + 1; j < table.list_count(); ++j) {
      const auto merged = merge_lists(table, i, j);
      const auto r = reestimate(merged, method, threads);
      out.push_back({merged.lists[static_cast<std::size_t>(i)], r.ok, r.population, r.model});
    }
  }
  return out;
}

std::vector<KnownListCheck> known_list_sizes(const CaptureTable& table, const Method& method, int threads) {
  std::vector<KnownListCheck> out;
  if (table.list_count() < 3) return out;  // the others must be at least two lists
  for (int j = 0; j < table.list_count(); ++j) {
    KnownListCheck entry;
    entry.list = table.lists[static_cast<std::size_t>(j)];
    // Persons on list j, by their history on the other lists.
    CaptureTable within = drop_list(table, j);
    std::fill(within.counts.begin(), within.counts.end(), 0.0);
    const History low = (History{1} << j) - 1;
    for (History h = 1; h < table.counts.size(); ++h) {
      if (!(h & (History{1} << j))) continue;
      entry.known += table.counts[h];
      const History others = (h & low) | ((h >> (j + 1)) << j);
      if (others != 0) within.counts[others] += table.counts[h];
    }
    const auto r = reestimate(within, method, threads);
    entry.ok = r.ok;
    entry.estimate = r.population;
    out.push_back(entry);
  }
  return out;
}

std::vector<SmallCellInfluence> small_cell_influence(const CaptureTable& table, const Method& method,
                                                     double estimate, int threads) {
  std::vector<SmallCellInfluence> out;
  for (History h = 1; h < table.counts.size(); ++h) {
    if (table.counts[h] <= 0 || table.counts[h] > 5) continue;
    CaptureTable fewer = table;
    fewer.counts[h] -= 1;
    const auto selection = select_model(fewer, method, threads);
    if (!selection.ok) continue;
    if (std::fabs(selection.population - estimate) > 0.1 * estimate) {
      out.push_back({h, table.counts[h], selection.population});
    }
  }
  return out;
}

}  // namespace clearpoint::mse
