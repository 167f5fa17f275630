// Decomposable graph averaging against the reference runs of R's dga 2.0 in ../shared/data/mse/README.md
// (δ = 2^−t, prior 1/N, grid up to 30 times the observed count as its wrapper's default): medians and 95%
// limits within 1% (the grid here is integer up to 500 missing persons, then one part in 300: well inside
// that). The graph counts are the published numbers of labelled chordal graphs (OEIS A058862).
#include "mse/graph_averaging.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

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
  // 617,675 on 7 vertices: the published count of labelled chordal graphs (OEIS A058862), not ours.
  std::size_t seven = 0;
  for_each_decomposable_graph(7, [&seven](const DecomposableGraph&) { ++seven; });
  EXPECT_EQ(seven, 617675u);
  EXPECT_THROW(decomposable_graphs(8), std::invalid_argument);
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

// Every clique is complete and maximal, and every edge lies in one: checked from the edge set itself, for
// every graph of 6 lists (the cliques come from the search's elimination order, not from trying subsets).
TEST(DecomposableGraphs, CliquesAreTheMaximalCompleteSets) {
  constexpr int kLists = 6;
  std::vector<std::pair<int, int>> pairs;
  for (int i = 0; i < kLists; ++i)
    for (int j = i + 1; j < kLists; ++j) pairs.emplace_back(i, j);
  for_each_decomposable_graph(kLists, [&](const DecomposableGraph& g) {
    const auto joined = [&](int a, int b) {
      for (std::size_t e = 0; e < pairs.size(); ++e)
        if (((g.edges >> e) & 1U) && pairs[e] == std::pair{std::min(a, b), std::max(a, b)}) return true;
      return false;
    };
    const auto complete = [&](std::uint32_t set) {
      for (int a = 0; a < kLists; ++a)
        for (int b = a + 1; b < kLists; ++b)
          if (((set >> a) & 1U) && ((set >> b) & 1U) && !joined(a, b)) return false;
      return true;
    };
    for (const auto c : g.cliques) {
      ASSERT_TRUE(complete(c)) << g.notation(kLists);
      for (int v = 0; v < kLists; ++v) {
        if (!((c >> v) & 1U)) {
          ASSERT_FALSE(complete(c | (1U << v))) << g.notation(kLists) << " not maximal";
        }
      }
    }
    for (const auto& [a, b] : pairs) {
      if (!joined(a, b)) continue;
      const std::uint32_t edge = (1U << a) | (1U << b);
      ASSERT_TRUE(std::any_of(g.cliques.begin(), g.cliques.end(),
                              [edge](std::uint32_t c) { return (c & edge) == edge; }));
    }
    ASSERT_EQ(g.separators.size() + 1, g.cliques.size());
  });
}

// Seven independent lists over a known population (a binomial sampler here, not the code under test):
// averaged over all 617,675 graphs, the posterior sits near the truth and its interval covers it; the
// answer does not depend on the number of threads.
TEST(GraphAveraging, SevenIndependentListsFindTheirPopulation) {
  constexpr int kLists = 7;
  constexpr int kPopulation = 1000;
  std::mt19937_64 random(20261201);
  std::bernoulli_distribution caught(0.2);
  CaptureTable table;
  for (int j = 0; j < kLists; ++j) table.lists.push_back(std::string(1, static_cast<char>('A' + j)));
  table.counts.assign(1U << kLists, 0.0);
  for (int person = 0; person < kPopulation; ++person) {
    History h = 0;
    for (int j = 0; j < kLists; ++j) h |= caught(random) ? (1U << j) : 0U;
    if (h != 0) table.counts[h] += 1;
  }
  GraphAveragingSettings one_thread;
  one_thread.threads = 1;
  one_thread.cap_multiple = 4;  // a shorter grid keeps the test quick; the posterior ends far below it
  const auto r = average_decomposable_graphs(table, one_thread);
  EXPECT_EQ(r.graphs, 617675u);
  EXPECT_NEAR(r.posterior.median, kPopulation, 0.08 * kPopulation);
  EXPECT_LE(r.posterior.lower, kPopulation);
  EXPECT_GE(r.posterior.upper, kPopulation);
  EXPECT_LT(r.mass_near_cap, 1e-6);
  GraphAveragingSettings two_threads = one_thread;
  two_threads.threads = 2;
  const auto again = average_decomposable_graphs(table, two_threads);
  EXPECT_EQ(again.posterior.median, r.posterior.median);
  EXPECT_EQ(again.posterior.lower, r.posterior.lower);
  EXPECT_EQ(again.posterior.upper, r.posterior.upper);
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

TEST(GraphAveraging, RefusesTablesOutsideThreeToSevenLists) {
  CaptureTable two{{"a", "b"}, {0, 5, 7, 3}};
  EXPECT_THROW(average_decomposable_graphs(two), core::UserError);
  CaptureTable eight{{"a", "b", "c", "d", "e", "f", "g", "h"}, std::vector<double>(256, 1.0)};
  eight.counts[0] = 0;
  EXPECT_THROW(average_decomposable_graphs(eight), core::UserError);
}

}  // namespace
}  // namespace clearpoint::mse
