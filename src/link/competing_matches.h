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
// pairs outside the candidates are assumed to have negligible factors. Duplicates within one list do
// not compete (a person may have several records on a list, each the duplicate of the others): their
// probability is c·BF / ((1 − c) + c·BF) with c = M / (|A|(|A|−1)/2), M the duplicate pairs.
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

// The same for one fixed set of pairs solved repeatedly with changing weights (the EM of the linker):
// the pairs are indexed once, and each solve starts from the previous one's fixed point.
//
// Pairs whose factor cannot matter are left out of the iteration and given their probability from the
// converged sums at the end: c·BF of such a pair is below 10⁻⁶ even with the largest M a list pair
// allows (c ≤ 1 / the larger list), so it moves no denominator. Most candidates found by names share a
// name and so stay in (70-93 % of a million records' candidates): the iteration itself is made cheap
// instead (single precision, buffers kept, warm starts).
class CompetingMatcher {
 public:
  using Shared = std::map<std::pair<std::uint32_t, std::uint32_t>, double>;

  // `threads` as core::thread_count: 0 is every core.
  CompetingMatcher(std::vector<std::uint32_t> a, std::vector<std::uint32_t> b,
                   const std::vector<std::uint32_t>& list_of_record, int threads = 0);
  // `log2_factor` per pair, in the order of construction; iterates until no list pair's M moves by
  // more than `tolerance` of itself. Returns M per list pair; probability() holds the pairs'.
  Shared solve(const std::vector<double>& log2_factor, int iterations = 100, double tolerance = 1e-3);
  const std::vector<double>& probability() const { return probability_; }

 private:
  struct Indexed {
    std::uint32_t side_a, side_b, lists;
    float size_a, size_b;
  };
  // A pair in the iteration, with everything the loops read of it side by side, in single precision:
  // half the memory traffic, and the per-record sums then fit the cache (probabilities need no more
  // than seven digits).
  struct Live {
    std::uint32_t pair, side_a, side_b, lists;
    float factor, probability;
  };
  std::vector<Indexed> indexed_;
  std::vector<double> list_size_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> lists_;  // per list pair index: (list, list)
  std::size_t sides_ = 0;
  int threads_ = 0;
  // The state a solve ends in and the next starts from.
  std::vector<double> shared_;
  std::vector<double> probability_;
  // Buffers kept between solves: allocating them afresh costs the kernel zeroing gigabytes of pages.
  std::vector<Live> live_;
  std::vector<std::pair<float, float>> offer_;  // per live pair: the factors it offers a and b
  std::vector<float> taken_;
  std::vector<float> factor_sum_;
  std::vector<char> is_live_;
};

}  // namespace clearpoint::link
