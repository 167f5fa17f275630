#include "mse/lattice_newton.h"

#include <cmath>

namespace clearpoint::mse {

namespace {

// a[h] ← Σ_{g ⊆ h} a[g]
void subset_sums(std::vector<double>& a, int lists) {
  for (int j = 0; j < lists; ++j) {
    const std::size_t bit = std::size_t{1} << j;
    for (std::size_t h = 0; h < a.size(); ++h) {
      if (h & bit) a[h] += a[h ^ bit];
    }
  }
}

// a[h] ← Σ_{g ⊇ h} a[g]
void superset_sums(std::vector<double>& a, int lists) {
  for (int j = 0; j < lists; ++j) {
    const std::size_t bit = std::size_t{1} << j;
    for (std::size_t h = 0; h < a.size(); ++h) {
      if (!(h & bit)) a[h] += a[h | bit];
    }
  }
}

}  // namespace

LatticeFit lattice_newton(const LatticeProblem& problem) {
  const int t = problem.lists;
  const std::size_t cells = std::size_t{1} << t;
  const auto p = static_cast<Eigen::Index>(problem.columns.size());
  LatticeFit fit;
  // Xᵀ X and Xᵀ z for the least-squares start on z = log(y + 0.5), both from superset sums.
  std::vector<double> ones(cells, 0.0);
  std::vector<double> z(cells, 0.0);
  std::vector<double> y_sums(cells, 0.0);
  for (std::size_t h = 0; h < cells; ++h) {
    if (!problem.included[h]) continue;
    ones[h] = 1;
    z[h] = std::log(problem.counts[h] + 0.5);
    y_sums[h] = problem.counts[h];
  }
  superset_sums(ones, t);
  superset_sums(z, t);
  superset_sums(y_sums, t);
  Eigen::MatrixXd gram(p, p);
  Eigen::VectorXd xz(p);
  Eigen::VectorXd xy(p);
  for (Eigen::Index a = 0; a < p; ++a) {
    const Term ta = problem.columns[static_cast<std::size_t>(a)];
    xz(a) = z[ta];
    xy(a) = y_sums[ta];
    for (Eigen::Index b = 0; b < p; ++b) gram(a, b) = ones[ta | problem.columns[static_cast<std::size_t>(b)]];
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(gram);
  qr.setThreshold(1e-10);
  fit.rank = static_cast<int>(qr.rank());
  if (fit.rank < p) return fit;
  fit.theta = problem.start.size() == p ? problem.start : Eigen::VectorXd(qr.solve(xz));

  std::vector<double> eta(cells);
  std::vector<double> mu(cells);
  const auto evaluate = [&](const Eigen::VectorXd& theta) {
    std::fill(eta.begin(), eta.end(), 0.0);
    for (Eigen::Index c = 0; c < p; ++c) eta[problem.columns[static_cast<std::size_t>(c)]] += theta(c);
    subset_sums(eta, t);
    double ll = 0;
    for (std::size_t h = 0; h < cells; ++h) {
      mu[h] = problem.included[h] ? std::exp(eta[h]) : 0.0;
      if (problem.included[h]) ll += problem.counts[h] * eta[h] - mu[h];
    }
    return ll;
  };
  double current = evaluate(fit.theta);
  Eigen::MatrixXd information(p, p);
  Eigen::VectorXd score(p);
  std::vector<double> sums(cells);
  for (fit.iterations = 1; fit.iterations <= 200; ++fit.iterations) {
    sums = mu;
    superset_sums(sums, t);
    for (Eigen::Index a = 0; a < p; ++a) {
      const Term ta = problem.columns[static_cast<std::size_t>(a)];
      score(a) = xy(a) - sums[ta];
      for (Eigen::Index b = 0; b <= a; ++b)
        information(a, b) = sums[ta | problem.columns[static_cast<std::size_t>(b)]];
    }
    const Eigen::VectorXd step = information.selfadjointView<Eigen::Lower>().llt().solve(score);
    double scale = 1;
    Eigen::VectorXd next = fit.theta + step;
    double value = evaluate(next);
    // Halve until the likelihood does not fall (beyond rounding: it is a sum of many terms).
    const double rounding = 1e-11 * (std::fabs(current) + 1);
    while (!(value >= current - rounding) && scale > 1e-6) {
      scale /= 2;
      next = fit.theta + scale * step;
      value = evaluate(next);
    }
    const double change = (next - fit.theta).cwiseAbs().maxCoeff();
    fit.theta = next;
    current = value;
    if (change < 1e-7) {
      // Converged only on a full Newton step: a step halved to nothing means the fit stalled (as it does
      // while drifting towards a missing maximum), not that it arrived.
      fit.converged = scale == 1;
      break;
    }
  }
  evaluate(fit.theta);
  fit.mu = mu;
  sums = mu;
  superset_sums(sums, t);
  for (Eigen::Index a = 0; a < p; ++a) {
    for (Eigen::Index b = 0; b < p; ++b) {
      information(a, b) =
          sums[problem.columns[static_cast<std::size_t>(a)] | problem.columns[static_cast<std::size_t>(b)]];
    }
  }
  const Eigen::VectorXd unit = Eigen::VectorXd::Unit(p, 0);
  fit.intercept_variance = information.llt().solve(unit)(0);
  return fit;
}

}  // namespace clearpoint::mse
