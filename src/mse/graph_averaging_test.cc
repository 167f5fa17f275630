// Decomposable graph averaging against the reference runs of R's dga 2.0 in ../shared/data/mse/README.md
// (δ = 2^−t, prior 1/N, grid up to 30 times the observed count as its wrapper's default): medians and 95%
// limits within 1% (the grid here is integer up to 500 missing persons, then one part in 300: well inside
// that). The graph counts are the published numbers of labelled chordal graphs (OEIS A058862).
#include "mse/graph_averaging.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/diagnostic.h"
#include "mse/decomposable_graphs.h"

namespace clearpoint::mse {
namespace {

std::string reference(const std::string& file) {
  return std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/" + file;
}

TEST(DecomposableGraphs, CountsAreThoseOfLabelledChordalGraphs) {
  EXPECT_EQ(decomposable_graphs(3).size(), 8u);
  EXPECT_EQ(decomposable_graphs(4).size(), 61u);  // 64 graphs less the three 4-cycles
  EXPECT_EQ(decomposable_graphs(5).size(), 822u);
  EXPECT_EQ(decomposable_graphs(6).size(), 18154u);
  EXPECT_THROW(decomposable_graphs(7), std::invalid_argument);
}

TEST(DecomposableGraphs, CliquesAndSeparatorsOfAPath) {
  // 1 — 2 — 3: cliques {1,2} and {2,3}, separated by {2}.
  for (const auto& g : decomposable_graphs(3)) {
    if (g.notation(3) != "[12,23]") continue;
    EXPECT_EQ(g.cliques.size(), 2u);
    ASSERT_EQ(g.separators.size(), 1u);
    EXPECT_EQ(g.separators[0], 0b010u);
    return;
  }
  FAIL() << "the path 1-2-3 is missing";
}

TEST(GraphAveraging, ReproducesTheReferenceRunsOfDga) {
  struct Case {
    const char* file;
    double median, lower, upper;
  };
  const Case cases[] = {
      {"Korea.csv", 159, 123, 440},      {"Kosovo.csv", 12596, 9827, 16544},
      {"Western.csv", 2133, 1343, 3876}, {"UKdat_5.csv", 22989, 10389, 33509},
      {"NewOrl_5.csv", 847, 529, 1590},
  };
  for (const auto& c : cases) {
    if (!std::filesystem::exists(reference(c.file))) GTEST_SKIP() << "no " << reference(c.file);
    const auto table = read_capture_tables(reference(c.file)).strata.at(0).table;
    const auto r = average_decomposable_graphs(table);
    EXPECT_NEAR(r.posterior.median, c.median, 0.01 * c.median) << c.file;
    EXPECT_NEAR(r.posterior.lower, c.lower, 0.01 * c.lower) << c.file;
    EXPECT_NEAR(r.posterior.upper, c.upper, 0.01 * c.upper) << c.file;
    EXPECT_LT(r.mass_near_cap, 0.001) << c.file;
    ASSERT_FALSE(r.best.empty());
  }
}

TEST(GraphAveraging, KosovoWeightIsOnTheGraphOfThePublishedModel) {
  if (!std::filesystem::exists(reference("Kosovo.csv"))) GTEST_SKIP();
  const auto r = average_decomposable_graphs(read_capture_tables(reference("Kosovo.csv")).strata.at(0).table);
  EXPECT_EQ(r.graphs, 61u);
  EXPECT_EQ(r.best.front().graph, "[123,134]");
  EXPECT_GT(r.best.front().posterior, 0.9);
}

TEST(GraphAveraging, APosteriorPressingOnTheCapIsReported) {
  if (!std::filesystem::exists(reference("UKdat_5.csv"))) GTEST_SKIP();
  GraphAveragingSettings s;
  s.cap_multiple = 10;  // UKdat_5's posterior reaches past 10 × 2,744
  const auto r =
      average_decomposable_graphs(read_capture_tables(reference("UKdat_5.csv")).strata.at(0).table, s);
  EXPECT_GT(r.mass_near_cap, 0.05);
}

TEST(GraphAveraging, RefusesTablesOutsideThreeToSixLists) {
  CaptureTable two{{"a", "b"}, {0, 5, 7, 3}};
  EXPECT_THROW(average_decomposable_graphs(two), core::UserError);
}

}  // namespace
}  // namespace clearpoint::mse
