#include "mse/bootstrap.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "core/parallel.h"
#include "core/random.h"
#include "mse/posterior_summary.h"

namespace clearpoint::mse {

BootstrapResult bootstrap_bca(const CaptureTable& table, const Method& method, double estimate,
                              int replicates, std::uint64_t seed, int threads, double level) {
  BootstrapResult result;
  const auto n = static_cast<std::int64_t>(table.observed());
  std::vector<History> cells;
  std::vector<double> shares;
  for (History h = 1; h < table.counts.size(); ++h) {
    if (table.counts[h] > 0) {
      cells.push_back(h);
      shares.push_back(table.counts[h]);
    }
  }
  const core::DiscreteDistribution draw(shares);
  std::vector<double> estimates(static_cast<std::size_t>(replicates), std::nan(""));
  core::parallel_for(static_cast<std::size_t>(replicates), threads, 1, [&](std::size_t first, std::size_t) {
    const auto b = first;
    core::Rng rng(core::stream_seed(seed, b));
    CaptureTable resampled{table.lists, std::vector<double>(table.counts.size(), 0.0)};
    for (std::int64_t i = 0; i < n; ++i) resampled.counts[cells[draw(rng)]] += 1;
    const auto selection = select_model(resampled, method, 1);
    if (selection.ok) estimates[b] = selection.population;
  });
  for (const double e : estimates) {
    if (std::isnan(e)) {
      ++result.failed;
    } else {
      result.replicates.push_back(e);
    }
  }
  std::sort(result.replicates.begin(), result.replicates.end());
  // Jackknife over persons: one person fewer in each non-empty cell.
  result.leave_one_out.assign(table.counts.size(), std::nan(""));
  core::parallel_for(cells.size(), threads, 1, [&](std::size_t c, std::size_t) {
    CaptureTable fewer = table;
    fewer.counts[cells[c]] -= 1;
    const auto selection = select_model(fewer, method, 1);
    if (selection.ok) result.leave_one_out[cells[c]] = selection.population;
  });
  double mean = 0;
  double weight = 0;
  for (const History h : cells) {
    if (std::isnan(result.leave_one_out[h])) continue;
    mean += table.counts[h] * result.leave_one_out[h];
    weight += table.counts[h];
  }
  mean /= weight;
  double squares = 0;
  double cubes = 0;
  for (const History h : cells) {
    if (std::isnan(result.leave_one_out[h])) continue;
    const double d = mean - result.leave_one_out[h];
    squares += table.counts[h] * d * d;
    cubes += table.counts[h] * d * d * d;
  }
  result.acceleration = squares > 0 ? cubes / (6 * std::pow(squares, 1.5)) : 0;
  const boost::math::normal normal;
  const auto& sorted = result.replicates;
  if (sorted.empty()) return result;
  const double below =
      static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), estimate) - sorted.begin());
  const double equal =
      static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), estimate) - sorted.begin()) - below;
  const double share = std::clamp((below + equal / 2) / static_cast<double>(sorted.size()),
                                  0.5 / sorted.size(), 1 - 0.5 / sorted.size());
  result.bias_correction = boost::math::quantile(normal, share);
  const double alpha = (1 - level) / 2;
  result.percentile = {quantile_of_sorted(sorted, alpha), quantile_of_sorted(sorted, 1 - alpha), true};
  const auto adjusted = [&](double p) {
    const double z = boost::math::quantile(normal, p);
    const double z0 = result.bias_correction;
    return boost::math::cdf(normal, z0 + (z0 + z) / (1 - result.acceleration * (z0 + z)));
  };
  result.bca = {quantile_of_sorted(sorted, adjusted(alpha)), quantile_of_sorted(sorted, adjusted(1 - alpha)),
                true};
  return result;
}

}  // namespace clearpoint::mse
