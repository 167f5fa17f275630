// The statutory layouts of a protected table, on a table small enough to check by hand: Eurostat's codes
// (SDMX sex and age codes, EL for Greece, TOTAL, OBS_FLAG c), rows summed over years left out; UNODC's
// wide layout with women, men, girls and boys as columns.
#include "publish/table_layout.h"

#include <gtest/gtest.h>

#include "publish/microcell_space.h"

namespace clearpoint::publish {
namespace {

ReleaseDefinition release_2020_2021() {
  ReleaseDefinition release;
  release.first_year = 2020;
  release.last_year = 2021;
  return release;
}

TEST(TableLayout, EurostatCodesAndFlagsOneRowPerYear) {
  const MicrocellSpace space({{"year", {"2020", "2021"}}, {"sex", {"female", "male", "unknown"}}});
  // 2020: 7 women, 1 man, 0 unknown; 2021: 9 women, 6 men, 2 unknown.
  const auto cells = space.table("t", {"year", "sex"}, {7, 1, 0, 9, 6, 2});
  std::vector<CellStatus> status(cells.size(), CellStatus::kPublished);
  status[1] = CellStatus::kPrimary;  // 2020 × male = 1
  const TableDefinition table{"t", "by year and sex", {"year", "sex"}, TableLayout::kEurostat};
  const auto laid = lay_out(table, TableLayout::kEurostat, cells, status, release_2020_2021());
  EXPECT_EQ(laid.header,
            (std::vector<std::string>{"freq", "unit", "sex", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG"}));
  // Two years × (3 sexes + total); the rows over both years (year = Total) are not Eurostat's.
  ASSERT_EQ(laid.rows.size(), 8u);
  EXPECT_EQ(laid.rows[0], (std::vector<std::string>{"A", "NR", "F", "2020", "7", ""}));
  EXPECT_EQ(laid.rows[1], (std::vector<std::string>{"A", "NR", "M", "2020", "", "c"}));
  EXPECT_EQ(laid.rows[2], (std::vector<std::string>{"A", "NR", "UNK", "2020", "0", ""}));
  EXPECT_EQ(laid.rows[3], (std::vector<std::string>{"A", "NR", "T", "2020", "8", ""}));
  EXPECT_EQ(laid.rows[7], (std::vector<std::string>{"A", "NR", "T", "2021", "17", ""}));
}

TEST(TableLayout, EurostatWritesGreeceAsElAndASpanOfYearsWithoutAYearVariable) {
  const MicrocellSpace space(
      {{"citizenship", {"GR", "RS", "unknown"}}, {"age_group", {"adult", "child", "unknown"}}});
  const auto cells = space.table("t", {"citizenship", "age_group"}, {5, 0, 0, 6, 7, 0, 0, 0, 8});
  const std::vector<CellStatus> status(cells.size(), CellStatus::kPublished);
  const TableDefinition table{"t", "", {"citizenship", "age_group"}, TableLayout::kEurostat};
  const auto laid = lay_out(table, TableLayout::kEurostat, cells, status, release_2020_2021());
  EXPECT_EQ(laid.header[2], "citizen");
  EXPECT_EQ(laid.header[3], "age");
  EXPECT_EQ(laid.rows[0], (std::vector<std::string>{"A", "NR", "EL", "Y_GE18", "2020-2021", "5", ""}));
  EXPECT_EQ(laid.rows[1][3], "Y_LT18");
  EXPECT_EQ(laid.rows[2][3], "UNK");
  EXPECT_EQ(laid.rows[3][3], "TOTAL");
  EXPECT_EQ(laid.rows.back(), (std::vector<std::string>{"A", "NR", "TOTAL", "TOTAL", "2020-2021", "26", ""}));
  EXPECT_EQ(laid.rows[8][2], "UNK") << "unknown citizenship";
}

TEST(TableLayout, GlotipIsWideWithWomenMenGirlsBoys) {
  DerivedVariable group{
      "glotip_group", {"sex", "age_group"}, {"boys", "girls", "men", "women", "unknown"}, {}};
  const std::vector<std::string> sexes = {"female", "male", "unknown"}, ages = {"adult", "child", "unknown"};
  // UNODC's groups, written out: row = sex, column = age.
  const char* const groups[3][3] = {
      {"women", "girls", "unknown"}, {"men", "boys", "unknown"}, {"unknown", "unknown", "unknown"}};
  for (std::size_t s = 0; s < 3; ++s)
    for (std::size_t a = 0; a < 3; ++a) group.of[{sexes[s], ages[a]}] = groups[s][a];
  const MicrocellSpace space({{"exploitation", {"labour", "sexual"}},
                              {"sex", {"female", "male", "unknown"}},
                              {"age_group", {"adult", "child", "unknown"}}},
                             {group});
  std::vector<std::int64_t> counts(space.size(), 0);
  counts[space.index({1, 0, 0})] = 40;  // sexual, women
  counts[space.index({1, 0, 1})] = 3;   // sexual, girls
  counts[space.index({0, 1, 0})] = 12;  // labour, men
  counts[space.index({0, 2, 0})] = 5;   // labour, sex unknown
  const auto cells = space.table("t", {"exploitation", "glotip_group"}, counts);
  std::vector<CellStatus> status(cells.size(), CellStatus::kPublished);
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells[i].categories == std::vector<std::string>{"sexual", "girls"}) status[i] = CellStatus::kPrimary;
  const TableDefinition table{"t", "", {"exploitation", "glotip_group"}, TableLayout::kGlotip};
  const auto laid = lay_out(table, TableLayout::kGlotip, cells, status, release_2020_2021());
  EXPECT_EQ(laid.header,
            (std::vector<std::string>{"exploitation", "Women", "Men", "Girls", "Boys", "Unknown", "Total"}));
  ASSERT_EQ(laid.rows.size(), 3u);
  EXPECT_EQ(laid.rows[0], (std::vector<std::string>{"labour", "0", "12", "0", "0", "5", "17"}));
  EXPECT_EQ(laid.rows[1], (std::vector<std::string>{"sexual", "40", "0", "c", "0", "0", "43"}));
  EXPECT_EQ(laid.rows[2], (std::vector<std::string>{"Total", "40", "12", "3", "0", "5", "60"}));
}

}  // namespace
}  // namespace clearpoint::publish
