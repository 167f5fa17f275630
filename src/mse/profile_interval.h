// Profile-likelihood interval for the population, conditional on the model (Cormack 1992, as Rcapture
// computes it): for each candidate N the model is fitted to the completed table whose all-zero cell holds
// N − n, and the multinomial log-likelihood
//   ℓ(N) = log N! − log (N − n)! + Σ_h n_h log(μ_h / N) + (N − n) log(μ_0 / N)
// is compared with its maximum; the interval holds the N within χ²₁(level)/2 of it.
#pragma once

#include <Eigen/Dense>

#include "mse/capture_table.h"
#include "mse/loglinear_model.h"

namespace clearpoint::mse {

struct Interval {
  double lower = 0;
  double upper = 0;
  bool upper_bounded = true;  // false when ℓ had not fallen far enough by 1000 × n (the search bound)
};

// `warm` (optional) carries the parameters from one evaluation to the next.
double profile_log_likelihood(const CaptureTable& table, const LogLinearModel& model, double population,
                              Eigen::VectorXd* warm = nullptr);

// `estimate` is the model's population estimate (a starting point for the maximisation).
Interval profile_interval(const CaptureTable& table, const LogLinearModel& model, double estimate,
                          double level = 0.95);

}  // namespace clearpoint::mse
