// Evaluating linkage against truth: the stored persons compared with a simulation's true persons —
// pairwise precision, recall and F1 — and each blocking rule's pair completeness on the true pairs (the
// share it pairs alone, and the share the rules up to it reach together), for tuning the rules.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "link/linker.h"
#include "pipeline/workspace.h"

namespace clearpoint::pipeline {

struct RuleCompleteness {
  std::string rule;
  std::int64_t new_pairs = 0;  // candidates this rule adds to the rules above it
  double alone = 0;            // share of the true pairs this rule pairs on its own
  double with_rules_above = 0;
};

struct LinkEvaluation {
  std::int64_t records = 0;  // stored records the truth knows and a person holds
  std::int64_t persons_found = 0;
  std::int64_t true_persons = 0;
  std::int64_t pairs_found = 0;
  std::int64_t true_pairs = 0;
  link::PairwiseQuality quality;
  std::vector<RuleCompleteness> blocking;
};

// Throws core::UserError when nothing is linked or the file is not a truth.csv.
LinkEvaluation evaluate_linkage(const Workspace& workspace, const std::string& truth_path);

}  // namespace clearpoint::pipeline
