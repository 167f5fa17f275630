// Competing matches: match probabilities that respect "a person is at most once on a list".
//
// A pair's Bayes factor says how much more likely its comparison pattern is for the same person than
// for two people. Turning it into a probability with one prior per candidate pair (Fellegi–Sunter's λ)
// ignores that record i of list A has at most one partner on list B: two equally good candidates for i
// cannot both be 0.9, and a lone candidate of a record that surely has a partner is likelier than its
// factor alone says. So, for record i of list A and its candidates j on list B (as in Sadinle's Bayesian
// bipartite matching, one record at a time):
//
//   P_A(i↔j) = c·BF_ij / ((1 − M/|A|) + c·Σ_j' BF_ij'),   c = M / (|A|·|B|),
//
// where M is the number of persons on both lists (so M/|A| is the chance that i has a partner at all and
// c the chance that a given pair is one). The same from j's side gives P_B; a pair's probability is the
// smaller of the two. M is estimated per pair of lists by iterating M = Σ P over that pair's candidates;
// pairs outside the candidates are assumed to have negligible factors. Within one list the same
// formula, with M the number of duplicate pairs, governs duplicates.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace clearpoint::link {

struct WeightedPair {
  std::uint32_t a = 0;  // record indices in one numbering across all lists
  std::uint32_t b = 0;
  double log2_factor = 0;  // the pair's match weight (log2 Bayes factor)
};

struct CompetingMatches {
  std::vector<double> probability;  // per pair, in the order given
  // Persons estimated to be on both lists of each pair of lists (list, list) with the first ≤ second;
  // for a list with itself, the pairs of duplicates.
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> shared;
};

// `list_of_record` gives every record's list; `pairs` are candidates between any lists (a ≠ b).
CompetingMatches competing_matches(const std::vector<WeightedPair>& pairs,
                                   const std::vector<std::uint32_t>& list_of_record, int iterations = 100);

}  // namespace clearpoint::link
