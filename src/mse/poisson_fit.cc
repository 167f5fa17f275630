#include "mse/poisson_fit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "core/log_gamma.h"
#include "mse/lattice_newton.h"
#include "mse/mle_existence.h"

namespace clearpoint::mse {

namespace {

bool contains(History h, Term t) {
  return (h & t) == t;
}

}  // namespace

Eigen::MatrixXd design_matrix(const LogLinearModel& model, const std::vector<Term>& kept_terms,
                              const std::vector<History>& cells) {
  const auto t = model.lists;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(cells.size()),
                    1 + t + static_cast<Eigen::Index>(kept_terms.size()));
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

namespace {

// The facial reduction (see the header) and the lattice problem of what remains: columns for the
// intercept, main effects and the finite terms; the cells no infinite term touches (the all-zero cell
// too when `zero_count` is given, for the completed table).
struct Reduced {
  std::vector<Term> infinite_terms;
  std::vector<Term> finite_terms;
  std::vector<History> cells;
  LatticeProblem problem;
};

Reduced reduce(const CaptureTable& table, const LogLinearModel& model, std::optional<double> zero_count) {
  const int t = table.list_count();
  const History all = (History{1} << t) - 1;
  Reduced r;
  const auto margin = [&](Term term) {
    double sum = 0;
    for (History h = 1; h <= all; ++h) {
      if (contains(h, term)) sum += table.counts[h];
    }
    return sum;
  };
  const auto excluded = [&](History h) {
    return std::any_of(r.infinite_terms.begin(), r.infinite_terms.end(),
                       [&](Term s) { return contains(h, s); });
  };
  for (const Term term : model.terms) {
    if (!excluded(term) && margin(term) == 0) r.infinite_terms.push_back(term);
  }
  for (const Term term : model.terms) {
    if (!excluded(term)) r.finite_terms.push_back(term);
  }
  for (History h = zero_count ? 0 : 1; h <= all; ++h) {
    if (!excluded(h)) r.cells.push_back(h);
  }
  r.problem.lists = t;
  r.problem.columns.push_back(0);
  for (int j = 0; j < t; ++j) r.problem.columns.push_back(Term{1} << j);
  r.problem.columns.insert(r.problem.columns.end(), r.finite_terms.begin(), r.finite_terms.end());
  r.problem.included.assign(std::size_t{all} + 1, 0);
  r.problem.counts = table.counts;
  if (zero_count) r.problem.counts[0] = *zero_count;
  for (const History h : r.cells) r.problem.included[h] = 1;
  return r;
}

}  // namespace

PoissonFit fit_poisson(const CaptureTable& table, const LogLinearModel& model, const PoissonFit* near) {
  PoissonFit fit;
  const int t = table.list_count();
  fit.observed = table.observed();
  auto reduced = reduce(table, model, std::nullopt);
  fit.infinite_terms = reduced.infinite_terms;
  const auto& kept = reduced.finite_terms;
  const auto& cells = reduced.cells;
  auto& problem = reduced.problem;
  // Parameters at −∞ still count (as SparseMSE adjusts its AIC): a model does not get cheaper by
  // including interactions between lists that share nobody.
  fit.parameters = 1 + t + static_cast<int>(model.terms.size());
  fit.cells = static_cast<int>(cells.size());
  if (!fit.infinite_terms.empty()) {
    std::vector<std::string> names;
    for (const Term s : fit.infinite_terms) names.push_back(term_name(s, t));
    const std::size_t shown = std::min<std::size_t>(names.size(), 6);
    fit.explanation = fmt::format(
        "{} share nobody ({}{}): {} at −∞, those cells fitted as 0",
        names.size() == 1 ? "one set of lists" : fmt::format("{} sets of lists", names.size()),
        fmt::join(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
        names.size() > shown ? ", …" : "", names.size() == 1 ? "its interaction" : "their interactions");
  }
  if (near != nullptr && near->status == FitStatus::kFitted &&
      near->theta.size() == 1 + t + static_cast<Eigen::Index>(near->finite_terms.size())) {
    problem.start = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(problem.columns.size()));
    problem.start.head(1 + t) = near->theta.head(1 + t);
    for (std::size_t k = 0; k < kept.size(); ++k) {
      const auto found = std::find(near->finite_terms.begin(), near->finite_terms.end(), kept[k]);
      if (found != near->finite_terms.end()) {
        problem.start(1 + t + static_cast<Eigen::Index>(k)) =
            near->theta(1 + t + static_cast<Eigen::Index>(found - near->finite_terms.begin()));
      }
    }
  }
  fit.finite_terms = kept;
  const auto r = lattice_newton(problem);
  const auto columns = static_cast<int>(problem.columns.size());
  if (r.rank < columns) {
    fit.status = FitStatus::kNotIdentifiable;
    fit.explanation = fmt::format(
        "not identifiable: {} parameters but only {} independent cells{} — choose a simpler model", columns,
        r.rank, fit.infinite_terms.empty() ? "" : " once the non-overlapping lists are set aside");
    return fit;
  }
  // A stationary point of the concave likelihood is its maximum, so a converged fit whose zero cells keep
  // positive means proves the MLE exists. When the MLE does not exist the fit drifts: zero cells' means
  // sink towards 0 while parameters grow, and a slowly drifting fit can even look converged — then the
  // linear program decides (it is the slow part, so it runs only then).
  fit.iterations = r.iterations;
  double smallest_zero_cell = std::numeric_limits<double>::infinity();
  for (const History h : cells) {
    if (table.counts[h] == 0) smallest_zero_cell = std::min(smallest_zero_cell, r.mu[h]);
  }
  const bool clear = r.converged && r.theta.cwiseAbs().maxCoeff() < 30 && smallest_zero_cell > 1e-12;
  if (!clear) {
    const bool zeros = std::isfinite(smallest_zero_cell);
    std::vector<bool> positive(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) positive[i] = table.counts[cells[i]] > 0;
    if (zeros && nonexistence_certificate(design_matrix(model, kept, cells), positive) > 1e-7) {
      fit.status = FitStatus::kNoFiniteMle;
      fit.explanation =
          "no finite maximum likelihood estimate: the zero counts cannot be fitted by this model without "
          "some "
          "parameter going to infinity — choose another model";
      return fit;
    }
    if (!r.converged) {
      fit.status = FitStatus::kNoFiniteMle;
      fit.explanation = "the fit did not converge — choose another model";
      return fit;
    }
  }
  fit.theta = r.theta;
  fit.fitted = r.mu;
  fit.log_zero_cell_se = std::sqrt(r.intercept_variance);
  fit.zero_cell = std::exp(r.theta(0));
  fit.population = fit.observed + fit.zero_cell;
  double ll = 0;
  for (const History h : cells) {
    const double y = table.counts[h];
    ll += (y > 0 ? y * std::log(r.mu[h]) : 0.0) - r.mu[h] - core::log_gamma(y + 1);
  }
  fit.log_likelihood = ll;
  const double k = fit.parameters;
  fit.aic = -2 * ll + 2 * k;
  fit.aicc = fit.cells - k - 1 > 0 ? fit.aic + 2 * k * (k + 1) / (fit.cells - k - 1) : fit.aic;
  fit.bic = -2 * ll + k * std::log(fit.observed);
  return fit;
}

std::vector<double> fit_completed(const CaptureTable& table, const LogLinearModel& model, double zero_count,
                                  Eigen::VectorXd* warm) {
  auto problem = reduce(table, model, zero_count).problem;
  if (warm != nullptr) problem.start = *warm;
  auto fit = lattice_newton(problem);
  if (warm != nullptr) *warm = fit.theta;
  return std::move(fit.mu);
}

}  // namespace clearpoint::mse
