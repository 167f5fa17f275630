// Estimate: a selection method applied to a capture table — which model, which population, which
// model-conditional intervals. Every method is the same function of the table, so the bootstrap can
// re-run the whole selection in each replicate.
//   stepwise          SparseMSE's forward stepwise (p < 0.02);
//   bic | aic | aicc  the best model by the criterion among all hierarchical models up to an order (by
//                     default t − 1 for up to 5 lists; all two-way models for 6 lists);
//   average           BIC-weighted average of every admissible model's estimate;
//   fixed:[12,3]      one model.
#pragma once

#include <optional>
#include <string>

#include "mse/capture_table.h"
#include "mse/model_search.h"
#include "mse/profile_interval.h"

namespace clearpoint::mse {

struct Method {
  enum class Kind { kStepwise, kBic, kAic, kAicc, kAverage, kFixed };
  Kind kind = Kind::kBic;
  std::string fixed;  // for kFixed: the model's notation
  int max_order = 0;  // 0: the default for the number of lists
  double p_threshold = 0.02;

  std::string name() const;
};

// "stepwise", "bic", "aic", "average" or "fixed:[12,3]"; throws core::UserError otherwise.
Method parse_method(const std::string& text);

// The models an exhaustive method searches for this many lists; throws core::UserError beyond 6 lists.
std::vector<LogLinearModel> candidate_models(int lists, int max_order);
std::string candidate_description(int lists, int max_order);

struct Selection {
  LogLinearModel model;  // the chosen (for average: the best-weighted) model
  PoissonFit fit;
  double population = 0;                    // the method's estimate (for average: the weighted mean)
  std::optional<SearchResult> search;       // exhaustive methods: every admissible model
  std::vector<StepwiseResult::Step> steps;  // stepwise: the pairs added
  bool ok = false;
  std::string problem;  // when !ok: why no estimate
};

Selection select_model(const CaptureTable& table, const Method& method, int threads = 1);

// Wald interval on the log scale of the fitted all-zero cell, as SparseMSE reports: n + exp(log ẑ ± z·se).
Interval wald_interval(const PoissonFit& fit, double level = 0.95);

}  // namespace clearpoint::mse
