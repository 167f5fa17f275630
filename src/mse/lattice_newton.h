// Lattice Newton: Poisson log-linear fits on the Boolean lattice of capture histories, without a design
// matrix. A history h's log mean is the sum of the parameters of the terms it contains,
// η_h = Σ_{T ⊆ h} θ_T — a subset-sum (zeta) transform — and every entry of the score and of the Fisher
// information is a sum of means over the histories containing a term, Σ_{h ⊇ T} μ_h — a superset-sum
// transform. Both take t·2^t additions, so a Newton step costs O(t·2^t + p³) instead of O(2^t·p²) for
// the product with an explicit design matrix: a fit takes microseconds.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "mse/loglinear_model.h"

namespace clearpoint::mse {

struct LatticeProblem {
  int lists = 0;
  std::vector<Term> columns;   // one per parameter: 0 is the intercept, a single bit a main effect
  std::vector<char> included;  // per history 0 .. 2^t − 1: part of the likelihood (else its mean is 0)
  std::vector<double> counts;  // per history
  // Warm start: parameters of a neighbouring fit (same columns), used instead of the least-squares
  // start — the profile likelihood refits one model at N after N, the stepwise search a model one pair
  // larger. Empty: least squares.
  Eigen::VectorXd start;
};

struct LatticeFit {
  Eigen::VectorXd theta;   // per column
  std::vector<double> mu;  // per history (0 where not included)
  int rank = 0;            // of the design restricted to the included histories
  int iterations = 0;
  bool converged = false;  // a full Newton step changed no parameter by more than 1e-7
  double intercept_variance = 0;  // [I(θ)⁻¹]₀₀: the variance of log(fitted all-zero cell), for Wald intervals
};

// The rank is computed first; when it is short of the number of columns no fit is attempted.
LatticeFit lattice_newton(const LatticeProblem& problem);

}  // namespace clearpoint::mse
