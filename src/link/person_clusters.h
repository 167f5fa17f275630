// Person clusters: records of several lists grouped into persons from their scored pairs, so that a
// person appears at most once on each list and never joins two records known to be different people.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace clearpoint::link {

struct CandidatePair {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  double probability = 0;
  double weight = 0;             // log2 Bayes factor, after the term-frequency adjustment
  double strongest_against = 0;  // the most negative weight of a comparison that can hold records apart
};

// Whether two records were compared and found clearly different (a birth date years apart, another
// sex) without strong evidence of their own that they are one person: such records are never joined
// through a chain of links that each looked fine.
using ClearlyDifferent = std::function<bool(std::uint32_t, std::uint32_t)>;
// A comparison that can hold records apart (FieldComparison::holds_apart) weighing less than this says
// two records are different persons, unless the pair's own probability reaches kStrongPairProbability.
// Measured on febrl4 (given name, surname, birth date) and the simulated Western Balkans lists; the
// table is in docs/linkage.md.
inline constexpr double kCannotLinkWeight = -2;
inline constexpr double kStrongPairProbability = 0.9;
// Two clusters of one list merge when the evidence of their compared pairs together reaches this; pairs
// below the floor add nothing (person_clusters.cc).
inline constexpr double kDuplicateProbability = 0.95;
inline constexpr double kDuplicateEvidenceFloor = 0.3;

// Persons from scored pairs over records of several lists: first within-list duplicates are merged
// (pairs of the same list at or above the threshold and at least 0.95, since nothing stops such merges
// from chaining), then cross-list pairs in decreasing probability,
// each merge only when the two clusters hold no list in common — a person appears at most once per list —
// and no record of one is clearly different from a record of the other. Across lists, a merge that would
// make a person of three or more records is also refused when `apart_beyond_a_pair` holds for a record of
// each (two birth days beyond one slip: namesakes chained through a record that fits both), while a pair
// alone may still link — and a pair so linked takes no third record. Returns each record's cluster, named by
// its smallest record index.
std::vector<std::uint32_t> cluster_persons(const std::vector<CandidatePair>& scored,
                                           const std::vector<std::uint32_t>& list_of_record, double threshold,
                                           const ClearlyDifferent& clearly_different,
                                           const ClearlyDifferent& apart_beyond_a_pair = {});

}  // namespace clearpoint::link
