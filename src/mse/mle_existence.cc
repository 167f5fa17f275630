#include "mse/mle_existence.h"

#include <limits>
#include <vector>

namespace clearpoint::mse {

double maximise_linear(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, const Eigen::VectorXd& c) {
  constexpr double kEps = 1e-10;
  const Eigen::Index m = a.rows();
  const Eigen::Index n = a.cols();
  // Tableau [A I b; -c 0 0]; basic variables start as the slacks.
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(m + 1, n + m + 1);
  t.topLeftCorner(m, n) = a;
  t.block(0, n, m, m).setIdentity();
  t.topRightCorner(m, 1) = b;
  t.bottomLeftCorner(1, n) = -c.transpose();
  std::vector<Eigen::Index> basis(static_cast<std::size_t>(m));
  for (Eigen::Index i = 0; i < m; ++i) basis[static_cast<std::size_t>(i)] = n + i;
  const Eigen::Index rhs = n + m;
  for (int iteration = 0; iteration < 100000; ++iteration) {
    Eigen::Index enter = -1;
    for (Eigen::Index j = 0; j < n + m; ++j) {
      if (t(m, j) < -kEps) {
        enter = j;  // Bland: the smallest index that improves
        break;
      }
    }
    if (enter < 0) return t(m, rhs);
    Eigen::Index leave = -1;
    double best = 0;
    for (Eigen::Index i = 0; i < m; ++i) {
      if (t(i, enter) <= kEps) continue;
      const double ratio = t(i, rhs) / t(i, enter);
      if (leave < 0 || ratio < best - kEps ||
          (ratio <= best + kEps &&
           basis[static_cast<std::size_t>(i)] < basis[static_cast<std::size_t>(leave)])) {
        leave = i;
        best = ratio;
      }
    }
    if (leave < 0) return std::numeric_limits<double>::infinity();
    t.row(leave) /= t(leave, enter);
    for (Eigen::Index i = 0; i <= m; ++i) {
      if (i != leave && t(i, enter) != 0) t.row(i) -= t(i, enter) * t.row(leave);
    }
    basis[static_cast<std::size_t>(leave)] = enter;
  }
  return std::numeric_limits<double>::infinity();
}

double nonexistence_certificate(const Eigen::MatrixXd& design, const std::vector<bool>& positive) {
  const Eigen::Index cells = design.rows();
  const Eigen::Index p = design.cols();
  // z = (d⁺, d⁻); per cell: X_i d ≤ 0; for positive cells also −X_i d ≤ 0; for zero cells −X_i d ≤ 1.
  Eigen::MatrixXd a(2 * cells, 2 * p);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(2 * cells);
  Eigen::VectorXd c = Eigen::VectorXd::Zero(2 * p);
  for (Eigen::Index i = 0; i < cells; ++i) {
    const Eigen::RowVectorXd x = design.row(i);
    a.block(2 * i, 0, 1, p) = x;
    a.block(2 * i, p, 1, p) = -x;
    a.block(2 * i + 1, 0, 1, p) = -x;
    a.block(2 * i + 1, p, 1, p) = x;
    if (!positive[static_cast<std::size_t>(i)]) {
      b(2 * i + 1) = 1;
      c.head(p) -= x.transpose();
      c.tail(p) += x.transpose();
    }
  }
  return maximise_linear(a, b, c);
}

}  // namespace clearpoint::mse
