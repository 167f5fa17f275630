// Poisson fit: one hierarchical log-linear model fitted to a capture table by Newton's method (IRLS),
// giving the population estimate N = observed + the fitted count of the all-zero history.
//
// Before fitting, terms whose lists nobody shares (a pair of lists with no overlap, and any term holding
// it) have θ = −∞ in the extended MLE (Chan, Silverman & Vincent 2019): they are removed with the cells
// they would touch, which are fitted as 0 — the facial reduction, reported in `infinite_terms`. The
// reduced model is then checked:
//   kFitted (0)          fitted;
//   kNoFiniteMle (1)     no finite MLE (the linear program of mle_existence.h finds a direction of
//   ever-rising
//             likelihood: some zero counts force fitted zeros the model cannot produce);
//   kNotIdentifiable (2) not identifiable (the design of the remaining cells has fewer independent columns
//   than
//             parameters: the data cannot tell some parameters apart).
// The numbering of FitStatus is SparseMSE's `checkident` (1: the MLE does not exist, 2: not identifiable), so
// the published Artificial_3 results read the same.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "mse/capture_table.h"
#include "mse/loglinear_model.h"

namespace clearpoint::mse {

enum class FitStatus { kFitted = 0, kNoFiniteMle = 1, kNotIdentifiable = 2 };

struct PoissonFit {
  FitStatus status = FitStatus::kFitted;
  std::string explanation;           // plain language, when not fitted and for infinite terms
  std::vector<Term> infinite_terms;  // minimal terms with θ = −∞
  double observed = 0;               // n
  double zero_cell = 0;              // fitted persons on no list
  double population = 0;             // n + zero_cell
  double log_likelihood = 0;         // Poisson, over the observed cells
  int parameters = 0;                // the intercept, main effects and every term, those at −∞ included
  int cells = 0;                     // cells not fixed at 0 by the facial reduction
  double aic = 0;
  double aicc = 0;
  double bic = 0;
  int iterations = 0;
  double log_zero_cell_se = 0;     // standard error of log(zero_cell), from the Fisher information
  Eigen::VectorXd theta;           // intercept, main effects, then `finite_terms`
  std::vector<Term> finite_terms;  // the model's terms not at −∞
  std::vector<double> fitted;      // fitted mean of every history (index = history; 0 where fixed at 0)
};

// Design matrix of `model` over histories 1 .. 2^t − 1 that do not contain an `excluded` term.
Eigen::MatrixXd design_matrix(const LogLinearModel& model, const std::vector<Term>& kept_terms,
                              const std::vector<History>& cells);

// `near`, when given, is the fit of a neighbouring model (stepwise's current one): its parameters start
// the Newton iterations, a new term at 0.
PoissonFit fit_poisson(const CaptureTable& table, const LogLinearModel& model,
                       const PoissonFit* near = nullptr);

// Fits the model to the completed table with the all-zero cell set to `zero_count` (for the profile
// likelihood); returns the fitted means of every cell, index = history, including 0.
// `warm`, when given, holds the previous call's parameters on entry (a warm start when the model is the
// same) and this call's on return.
std::vector<double> fit_completed(const CaptureTable& table, const LogLinearModel& model, double zero_count,
                                  Eigen::VectorXd* warm = nullptr);

}  // namespace clearpoint::mse
