// Reviewing a linkage run: why two records scored as they did, replayed from the stored model (its m, u,
// prior and name-frequency tables, so the weights shown are the ones that decided), and the pairs the run
// left for clerical review.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/workspace.h"

namespace clearpoint::pipeline {

struct PairExplanation {
  struct Comparison {
    std::string name;
    std::string value_a;
    std::string value_b;
    bool missing = false;  // one side empty: no evidence either way
    std::string level;
    double m = 0;
    double u = 0;
    double weight_bits = 0;
  };
  std::vector<Comparison> comparisons;
  double name_adjustment_bits = 0;  // how common the agreeing names are
  double weight_bits = 0;           // the pattern's weight plus the name adjustment
  double prior = 0;                 // the trained prior among candidate pairs
  double pairwise_probability = 0;  // the pair alone, under that prior (before competition and clustering)
  std::optional<double> queued_probability;  // its competing probability, when it is in the review queue
  std::vector<std::string> rules;  // the clustering rules that bear on this pair (person_clusters.h)
  // The blocking rules that paired the two records: empty means the last link never scored the pair.
  std::vector<std::string> blocking_rules;
  // Rules whose key the two share in a bucket over the rule's bound, which pairs nobody: each with its
  // bound, e.g. "surname (more than 20 records share the key)".
  std::vector<std::string> blocking_over_bound;
  std::string person_a;  // empty: not linked
  std::string person_b;
  bool same_person() const { return !person_a.empty() && person_a == person_b; }
};

// Throws core::UserError when a reference names no stored record or nothing has been linked.
PairExplanation explain_pair(const Workspace& workspace, const std::string& reference_a,
                             const std::string& reference_b);

struct ReviewQueue {
  struct Pair {
    std::string record_a;  // AGENCY/LIST/RECORD_ID
    std::string record_b;
    double probability = 0;
    double weight_bits = 0;
    std::string person_a;
    std::string person_b;
    std::string held_apart;  // empty: below the threshold; else the rule that kept a probable pair apart
  };
  std::size_t total = 0;    // pairs in the queue
  std::vector<Pair> pairs;  // the most probable `limit`
};

ReviewQueue review_queue(const Workspace& workspace, std::int64_t limit);

// An analyst's decision on two records: "same" joins them into one person and "different" keeps them
// apart in every later `clearpoint link` (until decided again); the pair leaves the review queue. The
// persons stored now do not change until the next link. Throws core::UserError when a reference names no
// stored record or both name the same one.
void decide_pair(const Workspace& workspace, const std::string& reference_a, const std::string& reference_b,
                 bool same);
// The decisions taken so far, as references (AGENCY/LIST/RECORD_ID).
struct PairDecision {
  std::string record_a;
  std::string record_b;
  bool same = false;
  std::string decided_by;
  std::string decided_at;
};
std::vector<PairDecision> pair_decisions(const Workspace& workspace);

}  // namespace clearpoint::pipeline
