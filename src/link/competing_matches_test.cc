// Competing matches: a record's candidates on one list share at most one partner, a competitor already
// claimed elsewhere competes less, and the number of shared persons is recovered.
#include "link/competing_matches.h"

#include <gtest/gtest.h>

#include "core/random.h"

namespace clearpoint::link {
namespace {

TEST(CompetingMatches, TwoEqualCandidatesShareOnePartner) {
  // Record 0 (list 0) has two indistinguishable candidates on list 1; record 3 (list 0) matches 4.
  const std::vector<std::uint32_t> lists = {0, 1, 1, 0, 1};
  const auto result = competing_matches({{0, 1, 20}, {0, 2, 20}, {3, 4, 20}}, lists);
  EXPECT_NEAR(result.probability[0], result.probability[1], 1e-12);
  EXPECT_LE(result.probability[0] + result.probability[1], 1 + 1e-9);
  EXPECT_GT(result.probability[2], 0.99);
}

TEST(CompetingMatches, ACompetitorClaimedElsewhereCompetesLess) {
  // Two women of the same name on each list: 0↔2 and 1↔3 agree on the birth date (2^20), the crossed
  // pairs on the name and a near date (2^17). Counted one record at a time, each diagonal pair would be
  // diluted by its crossed rival to 2^20 / (2^20 + 2^17) = 0.89; as an assignment the diagonal explains
  // both lists, and a rival already claimed by the other woman competes less.
  const std::vector<std::uint32_t> lists = {0, 0, 1, 1};
  const auto result = competing_matches({{0, 2, 20}, {1, 3, 20}, {0, 3, 17}, {1, 2, 17}}, lists);
  EXPECT_GT(result.probability[0], 0.97);
  EXPECT_GT(result.probability[1], 0.97);
  EXPECT_LT(result.probability[2], 0.03);
  EXPECT_LT(result.probability[3], 0.03);
}

TEST(CompetingMatches, RecoversTheNumberOfSharedPersons) {
  // Lists of 1,000 and 800 records sharing 500 persons; true pairs carry a factor of 2^20, and every
  // record also has three chance candidates with factors of 2^-2.
  core::Rng rng(7);
  std::vector<std::uint32_t> lists(1800, 0);
  for (std::uint32_t i = 1000; i < 1800; ++i) lists[i] = 1;
  std::vector<WeightedPair> pairs;
  for (std::uint32_t i = 0; i < 500; ++i) pairs.push_back({i, 1000 + i, 20});
  const std::size_t true_pairs = pairs.size();
  for (std::uint32_t i = 0; i < 1000; ++i) {
    for (int k = 0; k < 3; ++k) {
      auto j = static_cast<std::uint32_t>(1000 + rng.next() % 800);
      if (j - 1000 == i) j = 1000 + (i + 1) % 800;
      pairs.push_back({i, j, -2});
    }
  }
  const auto result = competing_matches(pairs, lists);
  EXPECT_NEAR(result.shared.at({0, 1}), 500, 5);
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    if (p < true_pairs) {
      EXPECT_GT(result.probability[p], 0.95) << p;
    } else {
      EXPECT_LT(result.probability[p], 0.05) << p;
    }
  }
}

TEST(CompetingMatcher, AWarmSolveEndsWhereAColdOneDoesAndNegligiblePairsStayNegligible) {
  // Record 0 (list 0) has a strong candidate 2 and a hopeless one 3 (2^-30: far below what any
  // denominator notices, so it is left out of the iteration and given its probability at the end).
  const std::vector<std::uint32_t> lists = {0, 0, 1, 1};
  const std::vector<double> weights = {20, -30, 20};
  CompetingMatcher matcher({0, 0, 1}, {2, 3, 3}, lists);
  matcher.solve(weights, 100, 1e-9);
  const auto cold = matcher.probability();
  const auto shared = matcher.solve(weights, 100, 1e-9);  // starts from the fixed point: stays there
  for (std::size_t p = 0; p < cold.size(); ++p) EXPECT_NEAR(matcher.probability()[p], cold[p], 1e-6);
  EXPECT_GT(cold[0], 0.99);
  EXPECT_LT(cold[1], 1e-6);
  EXPECT_GT(cold[2], 0.99);
  EXPECT_NEAR(shared.at({0, 1}), 2, 0.02);
}

}  // namespace
}  // namespace clearpoint::link
