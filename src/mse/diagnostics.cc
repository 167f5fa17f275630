#include "mse/diagnostics.h"

#include <algorithm>
#include <cmath>

namespace clearpoint::mse {

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
    ListLeftOut entry;
    entry.list = table.lists[static_cast<std::size_t>(j)];
    // A fixed model names lists by number, which shift when one is dropped: use BIC there.
    Method m = method;
    if (m.kind == Method::Kind::kFixed) m.kind = Method::Kind::kBic;
    const auto reduced = drop_list(table, j);
    try {
      const auto selection = select_model(reduced, m, threads);
      entry.ok = selection.ok;
      entry.population = selection.population;
      entry.model = selection.model.notation();
    } catch (const std::exception&) {
      entry.ok = false;
    }
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
