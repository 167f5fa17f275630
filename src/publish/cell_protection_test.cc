// Disclosure control on small tables computed by hand, and against brute force: every integer
// completion of the withheld cells that reproduces the published numbers, enumerated without the LP.
#include "publish/cell_protection.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "publish/microcell_space.h"

namespace clearpoint::publish {
namespace {

const ReleaseCell& find(const std::vector<ReleaseCell>& cells, const std::vector<std::string>& categories,
                        const std::string& table = "t") {
  for (const auto& c : cells)
    if (c.table == table && c.categories == categories) return c;
  throw std::logic_error("no such cell");
}

std::size_t position(const std::vector<ReleaseCell>& cells, const std::vector<std::string>& categories,
                     const std::string& table = "t") {
  return static_cast<std::size_t>(&find(cells, categories, table) - cells.data());
}

// The 2 × 2 table with margins
//          c1  c2 | Total
//   r1      1  10 |  11
//   r2     20  30 |  50
//   Total  21  40 |  61
// The 1 is recomputable from its row (11 − 10) or its column (21 − 20); withholding its row and column
// partners is not enough either (a + c = 21 and c + d = 50 with d published give a). All four inner cells
// must go, and then a ∈ [0, 11]: b = 11 − a ≥ 0, c = 21 − a ≥ 0, d = 29 + a ≤ 50.
TEST(CellProtection, TheHandComputedTwoByTwoTable) {
  const MicrocellSpace space({{"row", {"r1", "r2"}}, {"column", {"c1", "c2"}}});
  const auto cells = space.table("t", {"row", "column"}, {1, 10, 20, 30});
  ASSERT_EQ(cells.size(), 9u);
  EXPECT_EQ(find(cells, {"Total", "Total"}).value, 61);
  const auto result = protect_cells(space.size(), cells, {});
  EXPECT_EQ(result.status[position(cells, {"r1", "c1"})], CellStatus::kPrimary);
  for (const auto& other : std::vector<std::vector<std::string>>{{"r1", "c2"}, {"r2", "c1"}, {"r2", "c2"}})
    EXPECT_EQ(result.status[position(cells, other)], CellStatus::kSecondary) << other[0] << other[1];
  for (const auto& margin :
       std::vector<std::vector<std::string>>{{"r1", "Total"}, {"Total", "c2"}, {"Total", "Total"}})
    EXPECT_EQ(result.status[position(cells, margin)], CellStatus::kPublished);
  ASSERT_EQ(result.checks.size(), 1u);
  EXPECT_EQ(result.checks[0].interval.low, 0);
  EXPECT_EQ(result.checks[0].interval.high, 11);
  EXPECT_TRUE(result.checks[0].protected_enough);
}

TEST(CellProtection, TheAuditFindsAnUnderSuppressedTable) {
  const MicrocellSpace space({{"row", {"r1", "r2"}}, {"column", {"c1", "c2"}}});
  const auto cells = space.table("t", {"row", "column"}, {1, 10, 20, 30});
  // Only the small cell and its row partner withheld: the column gives it back exactly.
  std::vector<CellStatus> status(cells.size(), CellStatus::kPublished);
  status[position(cells, {"r1", "c1"})] = CellStatus::kPrimary;
  status[position(cells, {"r1", "c2"})] = CellStatus::kSecondary;
  const auto checks = audit_cells(space.size(), cells, status, {});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_FALSE(checks[0].protected_enough);
  EXPECT_EQ(checks[0].interval.width(), 0) << "recomputed exactly";
  EXPECT_EQ(checks[0].interval.low, 1);
}

// Brute force: the min and max of `target` over every non-negative integer completion of the withheld
// cells of a table of `rows` × `columns` inner cells (margins derived), each at most `cap`.
std::pair<std::int64_t, std::int64_t> brute_force(const MicrocellSpace& space,
                                                  const std::vector<ReleaseCell>& cells,
                                                  const std::vector<CellStatus>& status, std::size_t target,
                                                  std::int64_t cap) {
  std::vector<std::int64_t> x(space.size(), 0);
  std::vector<std::size_t> free;
  for (std::size_t m = 0; m < space.size(); ++m) {
    // A microcell is known when an inner cell holding only it is published.
    bool known = false;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (status[i] == CellStatus::kPublished && cells[i].microcells.size() == 1 &&
          cells[i].microcells[0] == m) {
        x[m] = cells[i].value;
        known = true;
      }
    }
    if (!known) free.push_back(m);
  }
  // No microcell exceeds a published sum that contains it.
  std::vector<std::int64_t> bound(space.size(), cap);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (status[i] != CellStatus::kPublished) continue;
    for (const auto m : cells[i].microcells) bound[m] = std::min(bound[m], cells[i].value);
  }
  std::int64_t low = std::numeric_limits<std::int64_t>::max(), high = -1;
  std::function<void(std::size_t)> visit = [&](std::size_t k) {
    if (k == free.size()) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (status[i] != CellStatus::kPublished) continue;
        std::int64_t sum = 0;
        for (const auto m : cells[i].microcells) sum += x[m];
        if (sum != cells[i].value) return;
      }
      std::int64_t value = 0;
      for (const auto m : cells[target].microcells) value += x[m];
      low = std::min(low, value);
      high = std::max(high, value);
      return;
    }
    for (std::int64_t v = 0; v <= bound[free[k]]; ++v) {
      x[free[k]] = v;
      visit(k + 1);
    }
  };
  visit(0);
  return {low, high};
}

// Random 2 × 3 tables with small counts: after protection every primary cell's interval is at least the
// threshold wide, and the LP's interval is exactly the brute-force one.
TEST(CellProtection, EverySmallCellIsProtectedAndTheLpIntervalIsTheExactOne) {
  std::mt19937 random(20261130);
  const MicrocellSpace space({{"row", {"r1", "r2"}}, {"column", {"c1", "c2", "c3"}}});
  int tables_with_secondaries = 0;
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<std::int64_t> counts(space.size());
    for (auto& c : counts) c = std::uniform_int_distribution<std::int64_t>(0, 7)(random);
    const auto cells = space.table("t", {"row", "column"}, counts);
    const ProtectionRules rules{3, false, 0};
    const auto result = protect_cells(space.size(), cells, rules);
    if (result.secondary > 0) ++tables_with_secondaries;
    for (const auto& check : result.checks) {
      EXPECT_TRUE(check.protected_enough) << "trial " << trial;
      const auto [low, high] = brute_force(space, cells, result.status, check.cell, 21);
      EXPECT_EQ(check.interval.low, low) << "trial " << trial;
      ASSERT_TRUE(check.interval.high.has_value());
      EXPECT_EQ(*check.interval.high, high) << "trial " << trial;
    }
  }
  EXPECT_GT(tables_with_secondaries, 8);
}

// Two tables sharing the grand total: by sex, and by age. Withholding the women's 2 and the total
// protects the first table on its own (the women's count is unbounded), and the second has no small
// cell — but it publishes the total, and total − men = women. Protected together, the women's count is
// hidden inside [0, 10].
TEST(CellProtection, LinkedTablesAreProtectedTogether) {
  const MicrocellSpace space({{"sex", {"female", "male"}}, {"age", {"minor", "adult"}}});
  const std::vector<std::int64_t> counts = {1, 1, 3,
                                            5};  // female minor, female adult, male minor, male adult
  const auto by_sex = space.table("sex", {"sex"}, counts);
  const auto by_age = space.table("age", {"age"}, counts);
  const ProtectionRules rules{3, false, 0};
  std::vector<CellStatus> alone(by_sex.size(), CellStatus::kPublished);
  alone[position(by_sex, {"female"}, "sex")] = CellStatus::kPrimary;
  alone[position(by_sex, {"Total"}, "sex")] = CellStatus::kSecondary;
  for (const auto& check : audit_cells(space.size(), by_sex, alone, rules))
    EXPECT_TRUE(check.protected_enough) << "safe on its own";
  std::vector<ReleaseCell> both = by_sex;
  both.insert(both.end(), by_age.begin(), by_age.end());
  std::vector<CellStatus> separately = alone;
  separately.resize(both.size(), CellStatus::kPublished);
  const auto checks = audit_cells(space.size(), both, separately, rules);
  ASSERT_FALSE(checks.empty());
  EXPECT_FALSE(checks[0].protected_enough);
  EXPECT_EQ(checks[0].interval.low, 2);
  EXPECT_EQ(checks[0].interval.high, 2);
  const auto together = protect_cells(space.size(), both, rules);
  ASSERT_EQ(together.checks.size(), 1u);
  EXPECT_TRUE(together.checks[0].protected_enough);
  EXPECT_EQ(together.checks[0].interval.low, 0);
  EXPECT_EQ(together.checks[0].interval.high, 10);
}

// Differencing between releases. Release 1 is year × sex
//            female  male | Total
//   2024        2      9  |   11
//   2025        7      8  |   15
//   Total       9     17  |   26
// with the 2 hidden in the rectangle of the four inner cells (margins published). Release 2 is one
// number, the men identified in 2024 (9): no small count, safe on its own — but 11 − 9 = 2. Audited with
// release 1 it is refused; protected with release 1 known, the 9 is withheld.
TEST(CellProtection, ARevisionThatWouldRevealAnEarlierCellByDifferencingIsRefusedOrProtected) {
  const MicrocellSpace space({{"year", {"2024", "2025"}}, {"sex", {"female", "male"}}});
  const std::vector<std::int64_t> counts = {2, 9, 7, 8};
  const ProtectionRules rules{3, false, 0};
  const auto first_cells = space.table("year-sex", {"year", "sex"}, counts);
  const PublishedRelease first{"2025-1", first_cells, protect_cells(space.size(), first_cells, rules).status};
  EXPECT_EQ(first.status[position(first_cells, {"2024", "female"}, "year-sex")], CellStatus::kPrimary);
  EXPECT_EQ(first.status[position(first_cells, {"2024", "male"}, "year-sex")], CellStatus::kSecondary);
  EXPECT_EQ(first.status[position(first_cells, {"2024", "Total"}, "year-sex")], CellStatus::kPublished);
  ReleaseCell men;
  men.table = "men-2024";
  men.categories = {"2024", "male"};
  men.microcells = first_cells[position(first_cells, {"2024", "male"}, "year-sex")].microcells;
  men.value = 9;
  const std::vector<ReleaseCell> second = {men};
  const std::vector<CellStatus> as_is = {CellStatus::kPublished};
  const auto refused = audit_cells(space.size(), second, as_is, rules, {first});
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].release, 0);
  EXPECT_FALSE(refused[0].protected_enough);
  EXPECT_EQ(refused[0].interval.low, 2);
  EXPECT_EQ(refused[0].interval.high, 2);
  const auto revised = protect_cells(space.size(), second, rules, {first});
  EXPECT_EQ(revised.status[0], CellStatus::kSecondary);
  ASSERT_EQ(revised.checks.size(), 1u);
  EXPECT_TRUE(revised.checks[0].protected_enough);
}

}  // namespace
}  // namespace clearpoint::publish

namespace clearpoint::publish {
namespace {

// A hierarchy: years and the periods they make up. By year: 2001 = 2, 2002 = 10, 2003 = 10 (total 22); by
// period: 2001–2002 = 12, 2003 = 10. Withholding the 2 and its neighbour 2003 protects the year table
// alone (2001 + 2003 = 12 could be 2 + 10 or 12 + 0) — but the period 2001–2002 = 12 with 2002 = 10
// published gives the 2 back. Protected with the period table known, 2002 must go too.
TEST(CellProtection, APeriodTotalIsASumOfYearsAndIsProtectedWithThem) {
  const DerivedVariable period{"period",
                               {"year"},
                               {"2001-2002", "2003"},
                               {{{"2001"}, "2001-2002"}, {{"2002"}, "2001-2002"}, {{"2003"}, "2003"}}};
  const MicrocellSpace space({{"year", {"2001", "2002", "2003"}}}, {period});
  const std::vector<std::int64_t> counts = {2, 10, 10};
  auto cells = space.table("by-year", {"year"}, counts);
  const auto by_period = space.table("by-period", {"period"}, counts);
  EXPECT_EQ(find(by_period, {"2001-2002"}, "by-period").value, 12);
  EXPECT_EQ(find(by_period, {"2001-2002"}, "by-period").microcells, (std::vector<std::size_t>{0, 1}));
  cells.insert(cells.end(), by_period.begin(), by_period.end());

  std::vector<CellStatus> naive(cells.size(), CellStatus::kPublished);
  naive[position(cells, {"2001"}, "by-year")] = CellStatus::kPrimary;
  naive[position(cells, {"2003"}, "by-year")] = CellStatus::kSecondary;
  const auto exposed = audit_cells(space.size(), cells, naive, {});
  ASSERT_EQ(exposed.size(), 1u);
  EXPECT_EQ(exposed[0].interval.low, 2);
  EXPECT_EQ(exposed[0].interval.high, 2) << "12 − 10, through the period";

  const auto result = protect_cells(space.size(), cells, {});
  ASSERT_EQ(result.checks.size(), 1u);
  EXPECT_TRUE(result.checks[0].protected_enough);
  EXPECT_NE(result.status[position(cells, {"2002"}, "by-year")], CellStatus::kPublished);
}

// Women, men, girls and boys are sex by age: a table by those groups and a table by sex share their
// microcells. The girls' 3 is the women-and-girls total of the sex table less the women.
TEST(CellProtection, DerivedGroupsShareTheMicrocellsOfTheirSources) {
  DerivedVariable group{"group", {"sex", "age"}, {"boys", "girls", "men", "women"}, {}};
  group.of[{"female", "child"}] = "girls";
  group.of[{"female", "adult"}] = "women";
  group.of[{"male", "child"}] = "boys";
  group.of[{"male", "adult"}] = "men";
  const MicrocellSpace space({{"sex", {"female", "male"}}, {"age", {"adult", "child"}}}, {group});
  // female adult 40, female child 3, male adult 20, male child 9.
  const std::vector<std::int64_t> counts = {40, 3, 20, 9};
  auto cells = space.table("by-group", {"group"}, counts);
  const auto by_sex = space.table("by-sex", {"sex"}, counts);
  EXPECT_EQ(find(cells, {"girls"}, "by-group").value, 3);
  EXPECT_EQ(find(by_sex, {"female"}, "by-sex").value, 43);
  cells.insert(cells.end(), by_sex.begin(), by_sex.end());
  const auto result = protect_cells(space.size(), cells, {});
  for (const auto& check : result.checks) EXPECT_TRUE(check.protected_enough);
  // Withholding the girls and the boys alone is not enough: female − women = girls.
  EXPECT_TRUE(result.status[position(cells, {"women"}, "by-group")] != CellStatus::kPublished ||
              result.status[position(cells, {"female"}, "by-sex")] != CellStatus::kPublished);
  EXPECT_FALSE(result.checks.empty());
}

// Lifting one published number inside the solver gives the interval a new problem without it gives.
TEST(AttackerProblem, LiftingAKnownSumEqualsSolvingWithoutIt) {
  std::mt19937 random(7);
  const MicrocellSpace space({{"row", {"r1", "r2", "r3"}}, {"column", {"c1", "c2", "c3"}}});
  for (int trial = 0; trial < 10; ++trial) {
    std::vector<std::int64_t> counts(space.size());
    for (auto& c : counts) c = std::uniform_int_distribution<std::int64_t>(0, 6)(random);
    const auto cells = space.table("t", {"row", "column"}, counts);
    std::vector<KnownSum> known;
    for (std::size_t i = 1; i < cells.size(); ++i) known.push_back({cells[i].microcells, cells[i].value});
    AttackerProblem lifted(space.size(), known);
    for (std::size_t k = 0; k < known.size(); ++k) {
      auto without = known;
      without.erase(without.begin() + static_cast<long>(k));
      const auto expected = AttackerProblem(space.size(), without).interval(cells[0].microcells);
      const auto got = lifted.interval_without(cells[0].microcells, k);
      if (known[k].value == 0) {
        EXPECT_FALSE(got.has_value()) << "a published zero is not a row of the problem";
        continue;
      }
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(got->low, expected.low) << trial << ":" << k;
      EXPECT_EQ(got->high, expected.high) << trial << ":" << k;
    }
    // And the problem is as it was after every lift.
    EXPECT_EQ(lifted.interval(cells[0].microcells).low, counts[0]);
    EXPECT_EQ(lifted.interval(cells[0].microcells).high, counts[0]);
  }
}

}  // namespace
}  // namespace clearpoint::publish
