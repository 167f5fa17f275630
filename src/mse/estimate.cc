#include "mse/estimate.h"

#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "core/diagnostic.h"

namespace clearpoint::mse {

std::string Method::name() const {
  switch (kind) {
    case Kind::kStepwise:
      return fmt::format("stepwise (p < {})", p_threshold);
    case Kind::kBic:
      return "bic";
    case Kind::kAic:
      return "aic";
    case Kind::kAicc:
      return "aicc";
    case Kind::kAverage:
      return "average (BIC weights)";
    case Kind::kFixed:
      return "fixed:" + fixed;
  }
  return "";
}

Method parse_method(const std::string& text) {
  Method method;
  if (text == "stepwise") {
    method.kind = Method::Kind::kStepwise;
  } else if (text == "bic") {
    method.kind = Method::Kind::kBic;
  } else if (text == "aic") {
    method.kind = Method::Kind::kAic;
  } else if (text == "aicc") {
    method.kind = Method::Kind::kAicc;
  } else if (text == "average") {
    method.kind = Method::Kind::kAverage;
  } else if (text.rfind("fixed:", 0) == 0 && text.size() > 6) {
    method.kind = Method::Kind::kFixed;
    method.fixed = text.substr(6);
  } else {
    throw core::UserError(fmt::format("--method '{}' is not a method", text),
                          "use latent-class, dga, stepwise, bic, aic, aicc, average or fixed:[12,13,3]");
  }
  return method;
}

namespace {

int default_order(int lists) {
  return lists <= 5 ? lists - 1 : 2;
}

}  // namespace

std::vector<LogLinearModel> candidate_models(int lists, int max_order) {
  const int order = max_order > 0 ? std::min(max_order, lists - 1) : default_order(lists);
  if (lists > 6 || (lists == 6 && order > 2)) {
    throw core::UserError(
        fmt::format("an exhaustive search over {} lists{} is too large", lists,
                    lists == 6 ? " beyond order 2" : ""),
        "use --method stepwise, or merge lists (e.g. all police forces into one) to at most 6");
  }
  return order <= 2 ? two_way_models(lists) : hierarchical_models(lists, order);
}

std::string candidate_description(int lists, int max_order) {
  const int order = max_order > 0 ? std::min(max_order, lists - 1) : default_order(lists);
  return order <= 2 ? "all two-way models" : fmt::format("all hierarchical models up to order {}", order);
}

Selection select_model(const CaptureTable& table, const Method& method, int threads) {
  Selection s;
  if (method.kind == Method::Kind::kStepwise) {
    auto result = stepwise(table, method.p_threshold);
    s.model = result.model;
    s.fit = result.fit;
    s.steps = result.steps;
    s.population = s.fit.population;
    s.ok = s.fit.status == FitStatus::kFitted;
    s.problem = s.fit.explanation;
    return s;
  }
  if (method.kind == Method::Kind::kFixed) {
    s.model = parse_model(method.fixed, table.list_count());
    s.fit = fit_poisson(table, s.model);
    s.population = s.fit.population;
    s.ok = s.fit.status == FitStatus::kFitted;
    s.problem = s.fit.explanation;
    return s;
  }
  const Criterion criterion = method.kind == Method::Kind::kAic    ? Criterion::kAic
                              : method.kind == Method::Kind::kAicc ? Criterion::kAicc
                                                                   : Criterion::kBic;
  s.search = search_models(table, candidate_models(table.list_count(), method.max_order), criterion, threads);
  if (s.search->admissible.empty()) {
    s.problem = "no model of the search has a finite, identifiable estimate";
    return s;
  }
  s.model = s.search->admissible.front().model;
  s.fit = s.search->admissible.front().fit;
  s.population = method.kind == Method::Kind::kAverage ? s.search->weighted_population : s.fit.population;
  s.ok = true;
  return s;
}

Interval wald_interval(const PoissonFit& fit, double level) {
  const boost::math::normal normal;
  const double z = boost::math::quantile(normal, 0.5 + level / 2);
  const double log_zero = std::log(fit.zero_cell);
  return {fit.observed + std::exp(log_zero - z * fit.log_zero_cell_se),
          fit.observed + std::exp(log_zero + z * fit.log_zero_cell_se), true};
}

}  // namespace clearpoint::mse
