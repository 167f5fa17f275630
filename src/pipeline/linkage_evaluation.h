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

// Recall of the true pairs whose two records differ in a column of the truth (the spelling system of the
// name, say), for each value either record has: "german 0.95" is the share found of the true pairs in
// which one record was written German-style and the other not.
struct GroupRecall {
  std::string value;
  std::int64_t true_pairs = 0;
  std::int64_t found = 0;
  double recall() const {
    return true_pairs == 0 ? 0 : static_cast<double>(found) / static_cast<double>(true_pairs);
  }
};

struct LinkEvaluation {
  std::int64_t records = 0;  // stored records the truth knows and a person holds
  std::int64_t persons_found = 0;
  std::int64_t true_persons = 0;
  std::int64_t pairs_found = 0;
  std::int64_t true_pairs = 0;
  link::PairwiseQuality quality;
  std::vector<RuleCompleteness> blocking;
  std::string by;  // the truth column of by_value, or empty
  std::vector<GroupRecall> by_value;
};

// Throws core::UserError when nothing is linked, the file is not a truth file, a stored record has no row
// in it, or records were imported after the last link. `by`, when not empty, names a truth column to
// break recall down by.
LinkEvaluation evaluate_linkage(const Workspace& workspace, const std::string& truth_path,
                                const std::string& by = {});

}  // namespace clearpoint::pipeline
