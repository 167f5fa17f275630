// Model search: which log-linear model to trust. Model choice moves published estimates more than
// anything else (UKdat_5: 11,313 by stepwise, 25,311 by BIC), so besides choosing, the search keeps every
// admissible model's estimate and criterion for the diagnostics (distribution over models, near ties,
// BIC-weight averages).
//   - exhaustive over all hierarchical models up to an order (5 lists, order 4: 6,893 models), or over
//     all two-way models (6 lists: 32,768), in parallel;
//   - forward stepwise as SparseMSE: from main effects, add the pair whose overlap is least likely under
//     the current model (one-sided Poisson p-value of the pair's total), while p < threshold and the
//     new model passes the identifiability and existence checks.
#pragma once

#include <string>
#include <vector>

#include "mse/capture_table.h"
#include "mse/loglinear_model.h"
#include "mse/poisson_fit.h"

namespace clearpoint::mse {

enum class Criterion { kAic, kAicc, kBic };

std::vector<LogLinearModel> hierarchical_models(int lists, int max_order);
std::vector<LogLinearModel> two_way_models(int lists);

struct ModelScore {
  LogLinearModel model;
  PoissonFit fit;
  double criterion = 0;
};

struct SearchResult {
  std::vector<ModelScore> admissible;  // fitted, best first
  int inadmissible = 0;                // not identifiable or without finite MLE
  // Models averaged with weights exp(−ΔBIC/2) (or the chosen criterion): the weighted mean estimate.
  double weighted_population = 0;
};

double criterion_of(const PoissonFit& fit, Criterion criterion);

SearchResult search_models(const CaptureTable& table, const std::vector<LogLinearModel>& models,
                           Criterion criterion, int threads = 0);

struct StepwiseResult {
  LogLinearModel model;
  PoissonFit fit;
  struct Step {
    Term added = 0;
    double p_value = 0;
  };
  std::vector<Step> steps;
};

StepwiseResult stepwise(const CaptureTable& table, double p_threshold = 0.02);

}  // namespace clearpoint::mse
