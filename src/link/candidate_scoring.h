// Candidate scoring: the comparison patterns of many candidate pairs, the Fellegi–Sunter model trained
// on them without labels, and each pair's weight and probability — the engine behind link_lists
// (linker.h explains the steps).
//
// A million records give tens of millions of candidates but only a few hundred distinct patterns, so a
// pair is stored as two record indices, the index of its pattern and its term-frequency adjustment;
// training counts patterns, never pairs, and weighing a pair is one table look-up and an addition.
// Patterns are computed on every core.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "link/blocking.h"
#include "link/competing_matches.h"
#include "link/fellegi_sunter.h"
#include "link/linker.h"

namespace clearpoint::link {

struct ScoredCandidates {
  std::vector<std::uint32_t> a;        // per pair: record index in the first list
  std::vector<std::uint32_t> b;        // and in the second (the same list for deduplication)
  std::vector<std::uint32_t> pattern;  // per pair: index into `patterns`
  std::vector<Pattern> patterns;       // the distinct patterns
  std::vector<float> adjustment;       // per pair: the term-frequency adjustment of its weight (bits)
  NameFrequencies frequencies;         // the name tables the adjustments came from (empty: not adjusted)
  std::vector<double> weight;          // per pair: log2 Bayes factor with the adjustment
  std::vector<double> probability;     // per pair

  std::size_t size() const { return a.size(); }
  // Pair `p` as the public CandidatePair.
  CandidatePair pair(std::size_t p, const FellegiSunter& model) const;
};

// The most negative weight any comparison of `pattern` that can hold records apart carries (0 when none
// is negative).
double strongest_against(const FellegiSunter& model, const Pattern& pattern);

// Compares the candidate pairs of `records`, trains `model` (u from random pairs; m in one EM session per
// training rule, over the pairs that share that rule's key in `keys`, with the comparisons the rule fixes
// left out; then the prior, at most one true pair per record) and scores every pair.
ScoredCandidates train_and_score(const std::vector<PreparedRecord>& records,
                                 std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates,
                                 const std::vector<BlockingRule>& training, const BlockingKeys& keys,
                                 FellegiSunter& model, const PairComparer& comparer,
                                 const LinkOptions& options, EmReport& em);

// Weights from the model's current m and u (probabilities untouched).
void reweigh(const FellegiSunter& model, ScoredCandidates& scored);
// Probabilities from the weights with the model's prior, one pair at a time.
void pairwise_probabilities(const FellegiSunter& model, ScoredCandidates& scored);

// The EM of the one-to-one mixture: competing probabilities (E), then m from them with u kept from
// random pairs (M), `rounds` times, and the competing probabilities of the final m. `list_of_record` gives
// each record's list. The probabilities end in `scored`; the result holds only the persons each pair of
// lists shares.
CompetingMatches competing_em(FellegiSunter& model, ScoredCandidates& scored,
                              const std::vector<std::uint32_t>& list_of_record, int rounds, int threads = 0);

}  // namespace clearpoint::link
