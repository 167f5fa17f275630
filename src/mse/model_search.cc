#include "mse/model_search.h"

#include <algorithm>
#include <bit>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>

#include "core/parallel.h"

namespace clearpoint::mse {

namespace {

bool contains(Term big, Term small) {
  return (big & small) == small;
}

// Every downward-closed set of terms (orders 2 .. max_order): a term may join only when all its subsets
// of one fewer list are in. Terms are decided in order of size, so those subsets are decided first.
void enumerate(const std::vector<Term>& candidates, std::size_t next, std::vector<Term>& chosen, int lists,
               std::vector<LogLinearModel>& out) {
  if (next == candidates.size()) {
    out.push_back(model_from_generators(lists, chosen));
    return;
  }
  const Term term = candidates[next];
  enumerate(candidates, next + 1, chosen, lists, out);  // without it
  bool allowed = true;
  if (std::popcount(term) > 2) {
    for (int j = 0; j < lists && allowed; ++j) {
      const Term bit = Term{1} << j;
      if (!(term & bit)) continue;
      allowed = std::find(chosen.begin(), chosen.end(), term & ~bit) != chosen.end();
    }
  }
  if (allowed) {
    chosen.push_back(term);
    enumerate(candidates, next + 1, chosen, lists, out);
    chosen.pop_back();
  }
}

}  // namespace

std::vector<LogLinearModel> hierarchical_models(int lists, int max_order) {
  std::vector<Term> candidates;
  for (Term t = 1; t < (Term{1} << lists); ++t) {
    const int order = std::popcount(t);
    if (order >= 2 && order <= max_order) candidates.push_back(t);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](Term a, Term b) { return std::popcount(a) < std::popcount(b); });
  std::vector<LogLinearModel> out;
  std::vector<Term> chosen;
  enumerate(candidates, 0, chosen, lists, out);
  return out;
}

std::vector<LogLinearModel> two_way_models(int lists) {
  std::vector<Term> pairs;
  for (int i = 0; i < lists; ++i) {
    for (int j = i + 1; j < lists; ++j) pairs.push_back((Term{1} << i) | (Term{1} << j));
  }
  std::vector<LogLinearModel> out;
  out.reserve(std::size_t{1} << pairs.size());
  for (std::uint64_t subset = 0; subset < (std::uint64_t{1} << pairs.size()); ++subset) {
    std::vector<Term> chosen;
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      if (subset & (std::uint64_t{1} << k)) chosen.push_back(pairs[k]);
    }
    out.push_back(model_from_generators(lists, chosen));
  }
  return out;
}

double criterion_of(const PoissonFit& fit, Criterion criterion) {
  switch (criterion) {
    case Criterion::kAic:
      return fit.aic;
    case Criterion::kAicc:
      return fit.aicc;
    case Criterion::kBic:
      return fit.bic;
  }
  return fit.bic;
}

SearchResult search_models(const CaptureTable& table, const std::vector<LogLinearModel>& models,
                           Criterion criterion, int threads) {
  std::vector<PoissonFit> fits(models.size());
  // Grain 1: fits of larger models cost more, and the threads balance themselves.
  core::parallel_for(models.size(), threads, 1,
                     [&](std::size_t m, std::size_t) { fits[m] = fit_poisson(table, models[m]); });
  SearchResult result;
  for (std::size_t m = 0; m < models.size(); ++m) {
    if (fits[m].status != FitStatus::kFitted) {
      ++result.inadmissible;
      continue;
    }
    result.admissible.push_back({models[m], fits[m], criterion_of(fits[m], criterion)});
  }
  // Best first; ties by fewer parameters, then by notation, so the order is the same on every run.
  std::sort(result.admissible.begin(), result.admissible.end(), [](const ModelScore& a, const ModelScore& b) {
    if (a.criterion != b.criterion) return a.criterion < b.criterion;
    if (a.fit.parameters != b.fit.parameters) return a.fit.parameters < b.fit.parameters;
    return a.model.notation() < b.model.notation();
  });
  if (!result.admissible.empty()) {
    const double best = result.admissible.front().criterion;
    double total = 0;
    double weighted = 0;
    for (const auto& s : result.admissible) {
      const double w = std::exp(-(s.criterion - best) / 2);
      total += w;
      weighted += w * s.fit.population;
    }
    result.weighted_population = weighted / total;
  }
  return result;
}

StepwiseResult stepwise(const CaptureTable& table, double p_threshold) {
  const int t = table.list_count();
  StepwiseResult result;
  std::vector<Term> generators;
  result.model = independence_model(t);
  result.fit = fit_poisson(table, result.model);
  while (result.fit.status == FitStatus::kFitted) {
    // Fitted means of every cell under the current model (cells fixed at 0 stay 0).
    const std::vector<double>& mu = result.fit.fitted;
    const History all = (History{1} << t) - 1;
    double best_p = 2;
    Term best_pair = 0;
    LogLinearModel best_model;
    PoissonFit best_fit;
    for (int i = 0; i < t; ++i) {
      for (int j = i + 1; j < t; ++j) {
        const Term pair = (Term{1} << i) | (Term{1} << j);
        if (std::find(result.model.terms.begin(), result.model.terms.end(), pair) != result.model.terms.end())
          continue;
        double observed = 0;
        double expected = 0;
        for (History h = 1; h <= all; ++h) {
          if (!contains(h, pair)) continue;
          observed += table.counts[h];
          expected += mu[h];
        }
        // One-sided in the direction the overlap departs from the model.
        double p = 1;
        if (expected > 0) {
          const boost::math::poisson_distribution<double> poisson(expected);
          // P(X ≥ observed) above the expectation, P(X ≤ observed) below it.
          p = observed >= expected
                  ? (observed == 0 ? 1.0 : boost::math::cdf(boost::math::complement(poisson, observed - 1)))
                  : boost::math::cdf(poisson, observed);
        }
        if (p >= best_p || p >= p_threshold) continue;
        auto next_generators = generators;
        next_generators.push_back(pair);
        auto model = model_from_generators(t, next_generators);
        auto fit = fit_poisson(table, model, &result.fit);  // warm: the current model plus one pair
        if (fit.status != FitStatus::kFitted) continue;
        best_p = p;
        best_pair = pair;
        best_model = std::move(model);
        best_fit = std::move(fit);
      }
    }
    if (best_pair == 0) break;
    generators.push_back(best_pair);
    result.model = std::move(best_model);
    result.fit = std::move(best_fit);
    result.steps.push_back({best_pair, best_p});
  }
  return result;
}

}  // namespace clearpoint::mse
