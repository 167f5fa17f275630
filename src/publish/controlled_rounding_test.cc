// Controlled rounding on tables checked by hand and by summation: every value a multiple of the base next
// to the true one, every table adding up, shared cells rounded alike, and the attacker's view audited.
#include "publish/controlled_rounding.h"

#include <gtest/gtest.h>

#include <random>

#include "publish/microcell_space.h"

namespace clearpoint::publish {
namespace {

std::int64_t at(const std::vector<ReleaseCell>& cells, const std::vector<std::int64_t>& rounded,
                const std::vector<std::string>& categories) {
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells[i].categories == categories) return rounded[i];
  throw std::logic_error("no such cell");
}

// The 2 × 2 table of cell_protection_test.cc, base 5:
//          c1  c2 | Total
//   r1      1  10 |  11
//   r2     20  30 |  50
//   Total  21  40 |  61
// Only the 1 and three margins are not multiples; r1 = 1 + 10, c1 = 1 + 20 and the total move with the 1.
// Rounding it down costs 1 + 1 + 1 + 1 = 4, up 4 + 4 + 4 + 4 = 16: down.
TEST(ControlledRounding, TheHandComputedTwoByTwoTable) {
  const MicrocellSpace space({{"row", {"r1", "r2"}}, {"column", {"c1", "c2"}}});
  const auto cells = space.table("t", {"row", "column"}, {1, 10, 20, 30});
  const auto rounded = controlled_rounding(cells, 5);
  ASSERT_TRUE(rounded.has_value());
  EXPECT_EQ(at(cells, *rounded, {"r1", "c1"}), 0);
  EXPECT_EQ(at(cells, *rounded, {"r1", "Total"}), 10);
  EXPECT_EQ(at(cells, *rounded, {"Total", "c1"}), 20);
  EXPECT_EQ(at(cells, *rounded, {"Total", "Total"}), 60);
  EXPECT_EQ(at(cells, *rounded, {"r2", "Total"}), 50);
  // Every published value within 4 of the truth; the 1 can be anything from 0 to 4.
  const auto checks = audit_rounded(space.size(), cells, *rounded, 5, {});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].interval.low, 0);
  EXPECT_EQ(checks[0].interval.high, 4);
  EXPECT_TRUE(checks[0].protected_enough);
}

TEST(ControlledRounding, RandomTwoWayTablesAlwaysRoundAndAddUp) {
  std::mt19937 random(30112026);
  const MicrocellSpace space({{"row", {"a", "b", "c"}}, {"column", {"w", "x", "y", "z"}}});
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<std::int64_t> counts(space.size());
    for (auto& c : counts) c = std::uniform_int_distribution<std::int64_t>(0, 23)(random);
    const auto cells = space.table("t", {"row", "column"}, counts);
    const auto rounded = controlled_rounding(cells, 5);
    ASSERT_TRUE(rounded.has_value()) << "a two-way table always has a controlled rounding (trial " << trial
                                     << ")";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      EXPECT_EQ((*rounded)[i] % 5, 0);
      EXPECT_LT(std::abs((*rounded)[i] - cells[i].value), 5);
      if (cells[i].value % 5 == 0) {
        EXPECT_EQ((*rounded)[i], cells[i].value) << "a multiple stays";
      }
    }
    // Additivity, by summation: each row and column margin and the total.
    for (const std::string r : {"a", "b", "c", "Total"}) {
      std::int64_t sum = 0;
      for (const std::string c : {"w", "x", "y", "z"}) sum += at(cells, *rounded, {r, c});
      EXPECT_EQ(sum, at(cells, *rounded, {r, "Total"})) << trial << " row " << r;
    }
    for (const std::string c : {"w", "x", "y", "z", "Total"}) {
      std::int64_t sum = 0;
      for (const std::string r : {"a", "b", "c"}) sum += at(cells, *rounded, {r, c});
      EXPECT_EQ(sum, at(cells, *rounded, {"Total", c})) << trial << " column " << c;
    }
  }
}

// Two tables share the grand total: it is one cell, rounded once.
TEST(ControlledRounding, ACellTwoTablesShareIsRoundedOnce) {
  const MicrocellSpace space({{"sex", {"female", "male"}}, {"age", {"adult", "child"}}});
  const std::vector<std::int64_t> counts = {21, 3, 9, 1};  // 34 in all
  auto cells = space.table("by-sex", {"sex"}, counts);
  const auto by_age = space.table("by-age", {"age"}, counts);
  cells.insert(cells.end(), by_age.begin(), by_age.end());
  const auto rounded = controlled_rounding(cells, 5);
  ASSERT_TRUE(rounded.has_value());
  std::int64_t first_total = -1;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].categories != std::vector<std::string>{"Total"}) continue;
    if (first_total < 0) first_total = (*rounded)[i];
    EXPECT_EQ((*rounded)[i], first_total);
  }
  EXPECT_TRUE(first_total == 30 || first_total == 35);
}

}  // namespace
}  // namespace clearpoint::publish
