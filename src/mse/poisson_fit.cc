#include "mse/poisson_fit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "mse/mle_existence.h"

namespace clearpoint::mse {

namespace {

bool contains(History h, Term t) {
  return (h & t) == t;
}

std::string digits(Term t) {
  std::string s;
  for (int j = 0; j < 32; ++j) {
    if (t & (Term{1} << j)) s += static_cast<char>('1' + j);
  }
  return s;
}

struct NewtonResult {
  Eigen::VectorXd theta;
  Eigen::VectorXd mu;
  int iterations = 0;
  bool converged = false;
};

// Maximises Σ y log μ − μ with log μ = X θ, from the least-squares fit of log(y + 0.5).
NewtonResult newton(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  NewtonResult r;
  const Eigen::VectorXd z = (y.array() + 0.5).log().matrix();
  r.theta = x.colPivHouseholderQr().solve(z);
  const auto log_likelihood = [&](const Eigen::VectorXd& theta) {
    const Eigen::VectorXd eta = x * theta;
    return (y.array() * eta.array() - eta.array().exp()).sum();
  };
  double current = log_likelihood(r.theta);
  for (r.iterations = 1; r.iterations <= 200; ++r.iterations) {
    r.mu = (x * r.theta).array().exp().matrix();
    const Eigen::VectorXd gradient = x.transpose() * (y - r.mu);
    const Eigen::MatrixXd hessian = x.transpose() * r.mu.asDiagonal() * x;
    const Eigen::VectorXd step = hessian.ldlt().solve(gradient);
    double scale = 1;
    Eigen::VectorXd next = r.theta + step;
    double value = log_likelihood(next);
    while (!(value >= current - 1e-12) && scale > 1e-6) {  // halve until the likelihood does not fall
      scale /= 2;
      next = r.theta + scale * step;
      value = log_likelihood(next);
    }
    const double change = (next - r.theta).cwiseAbs().maxCoeff();
    r.theta = next;
    current = value;
    if (change < 1e-10) {
      r.converged = true;
      break;
    }
  }
  r.mu = (x * r.theta).array().exp().matrix();
  return r;
}

}  // namespace

Eigen::MatrixXd design_matrix(const LogLinearModel& model, const std::vector<Term>& kept_terms,
                              const std::vector<History>& cells) {
  const auto t = model.lists;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(cells.size()), 1 + t + static_cast<Eigen::Index>(kept_terms.size()));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    x(row, 0) = 1;
    for (int j = 0; j < t; ++j) x(row, 1 + j) = (cells[i] >> j) & 1U;
    for (std::size_t k = 0; k < kept_terms.size(); ++k) {
      x(row, 1 + t + static_cast<Eigen::Index>(k)) = contains(cells[i], kept_terms[k]) ? 1 : 0;
    }
  }
  return x;
}

PoissonFit fit_poisson(const CaptureTable& table, const LogLinearModel& model) {
  PoissonFit fit;
  const int t = table.list_count();
  const History all = (History{1} << t) - 1;
  fit.observed = table.observed();
  // Facial reduction: a term nobody is on has θ = −∞.
  const auto margin = [&](Term term) {
    double sum = 0;
    for (History h = 1; h <= all; ++h) {
      if (contains(h, term)) sum += table.counts[h];
    }
    return sum;
  };
  for (const Term term : model.terms) {
    const bool below = std::any_of(fit.infinite_terms.begin(), fit.infinite_terms.end(),
                                   [&](Term s) { return contains(term, s); });
    if (!below && margin(term) == 0) fit.infinite_terms.push_back(term);
  }
  const auto excluded = [&](History h) {
    return std::any_of(fit.infinite_terms.begin(), fit.infinite_terms.end(), [&](Term s) { return contains(h, s); });
  };
  std::vector<Term> kept;
  for (const Term term : model.terms) {
    if (!excluded(term)) kept.push_back(term);
  }
  std::vector<History> cells;
  for (History h = 1; h <= all; ++h) {
    if (!excluded(h)) cells.push_back(h);
  }
  const Eigen::MatrixXd x = design_matrix(model, kept, cells);
  Eigen::VectorXd y(static_cast<Eigen::Index>(cells.size()));
  std::vector<bool> positive(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    y(static_cast<Eigen::Index>(i)) = table.counts[cells[i]];
    positive[i] = table.counts[cells[i]] > 0;
  }
  // Parameters at −∞ still count (as SparseMSE adjusts its AIC): a model does not get cheaper by
  // including interactions between lists that share nobody.
  fit.parameters = 1 + t + static_cast<int>(model.terms.size());
  fit.cells = static_cast<int>(x.rows());
  if (!fit.infinite_terms.empty()) {
    std::vector<std::string> names;
    for (const Term s : fit.infinite_terms) names.push_back(digits(s));
    fit.explanation = fmt::format("no one is on lists {} together: {} set to −∞, those cells fitted as 0",
                                  fmt::join(names, " or "), names.size() == 1 ? "that interaction" : "those interactions");
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  if (qr.rank() < x.cols()) {
    fit.status = 2;
    fit.explanation = fmt::format(
        "not identifiable: {} parameters but only {} independent cells{} — choose a simpler model",
        x.cols(), qr.rank(), fit.infinite_terms.empty() ? "" : " once the non-overlapping lists are set aside");
    return fit;
  }
  // A stationary point of the concave likelihood is its maximum, so a converged fit whose zero cells keep
  // clearly positive means proves the MLE exists. When the MLE does not exist the fit drifts: zero cells'
  // means sink towards 0 while parameters grow, and a slowly drifting fit can even look converged — then
  // the linear program decides (it is the slow part, so it runs only then).
  const auto r = newton(x, y);
  fit.iterations = r.iterations;
  double smallest_zero_cell = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < positive.size(); ++i) {
    if (!positive[i]) smallest_zero_cell = std::min(smallest_zero_cell, r.mu(static_cast<Eigen::Index>(i)));
  }
  const bool clear = r.converged && r.theta.cwiseAbs().maxCoeff() < 30 && smallest_zero_cell > 1e-6;
  if (!clear) {
    const bool zeros = std::isfinite(smallest_zero_cell);
    if (zeros && nonexistence_certificate(x, positive) > 1e-7) {
      fit.status = 1;
      fit.explanation =
          "no finite maximum likelihood estimate: the zero counts cannot be fitted by this model without some "
          "parameter going to infinity — choose another model";
      return fit;
    }
    if (!r.converged) {
      fit.status = 1;
      fit.explanation = "the fit did not converge — choose another model";
      return fit;
    }
  }
  fit.theta = r.theta;
  fit.zero_cell = std::exp(r.theta(0));
  fit.population = fit.observed + fit.zero_cell;
  double ll = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    ll += (y(i) > 0 ? y(i) * std::log(r.mu(i)) : 0.0) - r.mu(i) - std::lgamma(y(i) + 1);
  }
  fit.log_likelihood = ll;
  const double k = fit.parameters;
  fit.aic = -2 * ll + 2 * k;
  fit.aicc = fit.cells - k - 1 > 0 ? fit.aic + 2 * k * (k + 1) / (fit.cells - k - 1) : fit.aic;
  fit.bic = -2 * ll + k * std::log(fit.observed);
  return fit;
}

std::vector<double> fit_completed(const CaptureTable& table, const LogLinearModel& model, double zero_count) {
  const int t = table.list_count();
  const History all = (History{1} << t) - 1;
  std::vector<Term> infinite;
  for (const Term term : model.terms) {
    double sum = 0;
    for (History h = 1; h <= all; ++h) {
      if (contains(h, term)) sum += table.counts[h];
    }
    const bool below = std::any_of(infinite.begin(), infinite.end(), [&](Term s) { return contains(term, s); });
    if (!below && sum == 0) infinite.push_back(term);
  }
  const auto excluded = [&](History h) {
    return std::any_of(infinite.begin(), infinite.end(), [&](Term s) { return contains(h, s); });
  };
  std::vector<Term> kept;
  for (const Term term : model.terms) {
    if (!excluded(term)) kept.push_back(term);
  }
  std::vector<History> cells;
  for (History h = 0; h <= all; ++h) {
    if (!excluded(h)) cells.push_back(h);
  }
  const Eigen::MatrixXd x = design_matrix(model, kept, cells);
  Eigen::VectorXd y(static_cast<Eigen::Index>(cells.size()));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    y(static_cast<Eigen::Index>(i)) = cells[i] == 0 ? zero_count : table.counts[cells[i]];
  }
  const auto r = newton(x, y);
  std::vector<double> mu(std::size_t{1} << t, 0.0);
  for (std::size_t i = 0; i < cells.size(); ++i) mu[cells[i]] = r.mu(static_cast<Eigen::Index>(i));
  return mu;
}

}  // namespace clearpoint::mse
