#include "mse/posterior_summary.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace clearpoint::mse {

double quantile_of_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::nan("");
  const double position = std::clamp(p, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const auto above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

PosteriorSummary summarise_draws(std::vector<double> draws, double level) {
  if (draws.empty()) throw std::invalid_argument("no draws to summarise");
  std::sort(draws.begin(), draws.end());
  PosteriorSummary s;
  s.level = level;
  s.median = quantile_of_sorted(draws, 0.5);
  s.lower = quantile_of_sorted(draws, (1 - level) / 2);
  s.upper = quantile_of_sorted(draws, 1 - (1 - level) / 2);
  s.mean = std::accumulate(draws.begin(), draws.end(), 0.0) / static_cast<double>(draws.size());
  return s;
}

PosteriorSummary summarise_grid(const std::vector<double>& values, const std::vector<double>& mass,
                                double level) {
  if (values.empty() || values.size() != mass.size()) throw std::invalid_argument("a grid and its masses");
  const double total = std::accumulate(mass.begin(), mass.end(), 0.0);
  if (!(total > 0)) throw std::invalid_argument("a posterior grid without mass");
  const auto quantile = [&](double p) {
    double cumulative = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      cumulative += mass[i] / total;
      if (cumulative >= p) return values[i];
    }
    return values.back();
  };
  PosteriorSummary s;
  s.level = level;
  s.median = quantile(0.5);
  s.lower = quantile((1 - level) / 2);
  s.upper = quantile(1 - (1 - level) / 2);
  double weighted = 0;
  for (std::size_t i = 0; i < values.size(); ++i) weighted += values[i] * mass[i];
  s.mean = weighted / total;
  return s;
}

}  // namespace clearpoint::mse
