// Selection-aware bootstrap: the BCa interval (Efron 1987) for the population, with the whole model
// selection re-run in every replicate, so the interval carries the uncertainty of choosing the model —
// which model-conditional intervals leave out (they cover about 61% for a nominal 95% in published
// simulations).
//
// Each replicate resamples the n observed persons into the capture histories (multinomial with the
// observed shares) and applies the method; replicate b draws from its own stream seeded by (seed, b),
// so results do not depend on the number of threads. The acceleration comes from the jackknife over
// persons (one person left out of each non-empty cell, weighted by the cell's count).
#pragma once

#include <cstdint>
#include <vector>

#include "mse/estimate.h"

namespace clearpoint::mse {

struct BootstrapResult {
  std::vector<double> replicates;  // estimates of the replicates that gave one, sorted
  int failed = 0;                  // replicates whose selection found no admissible model
  double bias_correction = 0;      // z0
  double acceleration = 0;         // a
  Interval percentile;
  Interval bca;
  // The jackknife: the estimate without one person of each non-empty cell (index = history).
  std::vector<double> leave_one_out;
};

BootstrapResult bootstrap_bca(const CaptureTable& table, const Method& method, double estimate,
                              int replicates, std::uint64_t seed, int threads, double level = 0.95);

}  // namespace clearpoint::mse
