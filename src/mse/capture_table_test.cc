// Capture tables in the layouts the R packages use, against hand-counted tables and the two-list
// Lincoln–Petersen estimate (n_A · n_B / n_AB), which the main-effects model reproduces exactly.
#include "mse/capture_table.h"

#include <gtest/gtest.h>

#include "core/diagnostic.h"
#include "mse/poisson_fit.h"
#include "testing/temp_dir.h"

namespace clearpoint::mse {
namespace {

TEST(CaptureTable, FreqColumnAndLincolnPetersen) {
  ::clearpoint::testing::TempDir dir;
  const auto tables = read_capture_tables(dir.write("f.csv", "A,B,freq\n1,0,40\n0,1,30\n1,1,6\n"));
  ASSERT_EQ(tables.strata.size(), 1U);
  const auto& t = tables.strata[0].table;
  EXPECT_EQ(t.observed(), 76);
  // A holds 46, B 36, both 6: N = 46 · 36 / 6 = 276.
  EXPECT_NEAR(fit_poisson(t, parse_model("[1,2]", 2)).population, 276.0, 1e-6);
}

TEST(CaptureTable, IndividualRowsWithoutACountColumn) {
  ::clearpoint::testing::TempDir dir;
  const auto tables = read_capture_tables(dir.write("i.csv", "A,B,C\n1,0,0\n1,1,0\n1,0,0\n0,0,1\n0,1,1\n"));
  const auto& t = tables.strata[0].table;
  EXPECT_EQ(t.counts[0b001], 2);
  EXPECT_EQ(t.counts[0b011], 1);
  EXPECT_EQ(t.counts[0b100], 1);
  EXPECT_EQ(t.counts[0b110], 1);
  EXPECT_EQ(t.observed(), 5);
}

TEST(CaptureTable, StratumColumnsSplitTheTable) {
  ::clearpoint::testing::TempDir dir;
  const auto tables = read_capture_tables(
      dir.write("s.csv", "stratum_sex,A,B,count\nfemale,1,0,10\nmale,1,0,3\nfemale,1,1,2\nmale,0,1,4\n"));
  ASSERT_EQ(tables.stratum_names, (std::vector<std::string>{"sex"}));
  ASSERT_EQ(tables.strata.size(), 2U);
  EXPECT_EQ(tables.strata[0].values, (std::vector<std::string>{"female"}));
  EXPECT_EQ(tables.strata[0].table.observed(), 12);
  EXPECT_EQ(tables.strata[1].table.counts[0b010], 4);
}

TEST(CaptureTable, ChecksumChangesWithAnyCount) {
  CaptureTable a{{"A", "B"}, {0, 40, 30, 6}};
  CaptureTable b{{"A", "B"}, {0, 40, 30, 7}};
  EXPECT_NE(table_checksum(a), table_checksum(b));
  EXPECT_EQ(table_checksum(a), table_checksum(CaptureTable{{"A", "B"}, {0, 40, 30, 6}}));
}

}  // namespace
}  // namespace clearpoint::mse

namespace clearpoint::mse {
namespace {

// A coverage column splits the persons by the lists that could have caught them; the groups add up to the
// table, and each group becomes a table over its own lists.
TEST(CaptureTable, CoverageColumnGroupsPersonsByTheListsThatCouldCatchThem) {
  ::clearpoint::testing::TempDir dir;
  const auto tables = read_capture_tables(dir.write(
      "c.csv", "coverage,A,B,C,count\n110,1,0,0,10\n110,1,1,0,4\n111,1,0,0,3\n111,0,0,1,5\n111,1,1,1,2\n"));
  const auto& t = tables.strata.at(0).table;
  ASSERT_EQ(t.coverage.size(), 2u);
  EXPECT_EQ(t.coverage[0].lists, 0b011u);  // A and B (bits in list order)
  EXPECT_EQ(t.coverage[1].lists, 0b111u);
  EXPECT_EQ(t.counts[0b001], 13);
  EXPECT_EQ(t.observed(), 24);
  const auto ab = group_table(t, t.coverage[0]);
  EXPECT_EQ(ab.lists, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(ab.counts, (std::vector<double>{0, 10, 0, 4}));
  EXPECT_NE(table_checksum(t), table_checksum(CaptureTable{t.lists, t.counts}));
}

TEST(CaptureTable, CoverageThatContradictsTheHistoryIsRefused) {
  ::clearpoint::testing::TempDir dir;
  try {
    read_capture_tables(dir.write("c.csv", "coverage,A,B,count\n10,1,1,4\n1x,1,0,2\n"));
    FAIL() << "accepted";
  } catch (const core::UserError& error) {
    std::string text;
    for (const auto& d : error.diagnostics()) text += d.to_string() + "\n";
    EXPECT_NE(text.find("c.csv:2:1: coverage: these persons are on a list that, by this coverage"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("c.csv:3:1: coverage: '1x' is not one 0, 1 or ?"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace clearpoint::mse
