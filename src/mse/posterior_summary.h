// Posterior summary of the population size N: the median, the mean and the equal-tailed credible
// interval, from sampler draws (quantiles as R's default, type 7, so figures compare with R's output) or
// from a posterior given on a grid of values (the smallest value whose cumulative mass reaches p).
#pragma once

#include <vector>

namespace clearpoint::mse {

struct PosteriorSummary {
  double median = 0;
  double mean = 0;
  double lower = 0;
  double upper = 0;
  double level = 0.95;
};

PosteriorSummary summarise_draws(std::vector<double> draws, double level);

// The p-quantile of ascending `sorted` values by linear interpolation (R's type 7); NaN when empty.
double quantile_of_sorted(const std::vector<double>& sorted, double p);

// `values` ascending; `mass` the posterior probability of each value (need not sum to 1).
PosteriorSummary summarise_grid(const std::vector<double>& values, const std::vector<double>& mass,
                                double level);

}  // namespace clearpoint::mse
