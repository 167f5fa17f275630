// MLE existence: whether a Poisson log-linear model has a finite maximum likelihood estimate on a table
// with zero counts. It does not exactly when some direction d in parameter space lowers the fitted log
// means of zero cells and changes no positive cell's (X_i·d ≤ 0 for every cell, = 0 where the count is
// positive, < 0 somewhere): the likelihood then keeps rising along d (Fienberg & Rinaldo 2012). A small
// linear program finds such a d: maximise Σ_{zero cells} −X_i·d with −X_i·d ≤ 1; a positive optimum
// means no finite MLE.
#pragma once

#include <Eigen/Dense>

namespace clearpoint::mse {

// `design` has one row per cell; `positive[i]` says whether cell i has a positive count.
// Returns the linear program's optimum (0 when the MLE exists).
double nonexistence_certificate(const Eigen::MatrixXd& design, const std::vector<bool>& positive);

// Maximises c·z subject to A z ≤ b and z ≥ 0, with b ≥ 0 (so z = 0 is feasible), by the simplex method
// with Bland's rule (no cycling). Returns +∞ when unbounded.
double maximise_linear(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, const Eigen::VectorXd& c);

}  // namespace clearpoint::mse
