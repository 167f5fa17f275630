// The latent-class estimate by coverage group: each group over its own lists, the groups added draw by
// draw, single-list groups carried as found and said so, two-list groups by independence and said so.
#include "pipeline/posterior_estimate.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/random.h"

namespace clearpoint::pipeline {
namespace {

bool has_flag(const PosteriorEstimate& e, const std::string& text) {
  for (const auto& f : e.flags) {
    if (f.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(PosteriorEstimate, CoverageGroupsAreEstimatedApartAndAdded) {
  // Lists A, B, C in one country; D only elsewhere. Group ABC: 3,000 persons caught independently with
  // probability 0.3 each; group D: 200 found by D alone; group CD: two lists.
  mse::CaptureTable table{{"A", "B", "C", "D"}, std::vector<double>(16, 0.0)};
  core::Rng rng(5);
  for (int i = 0; i < 3000; ++i) {
    mse::History h = 0;
    for (int j = 0; j < 3; ++j) {
      if (rng.bernoulli(0.3)) h |= mse::History{1} << j;
    }
    if (h != 0) mse::add_covered(table, 0b0111, h, 1);
  }
  mse::add_covered(table, 0b1000, 0b1000, 200);
  mse::add_covered(table, 0b1100, 0b0100, 60);
  mse::add_covered(table, 0b1100, 0b1000, 50);
  mse::add_covered(table, 0b1100, 0b1100, 15);
  PosteriorSettings settings;
  settings.samples = 4000;
  settings.shared_coverage_model = false;
  const auto e = posterior_estimate(table, "latent-class", settings);
  ASSERT_EQ(e.coverage_groups.size(), 3u);
  double sum_of_medians = 0;
  for (const auto& g : e.coverage_groups) sum_of_medians += g.posterior.median;
  EXPECT_NEAR(e.posterior.median, sum_of_medians, 0.03 * sum_of_medians);
  const auto& abc = e.coverage_groups.front();  // groups in order of their list masks: ABC (0111) first
  EXPECT_EQ(abc.lists, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_LT(abc.posterior.lower, 3000);
  EXPECT_GT(abc.posterior.upper, 3000);
  EXPECT_EQ(e.coverage_groups[1].how, "not estimable: one list");
  EXPECT_EQ(e.coverage_groups[1].posterior.median, 200);
  EXPECT_EQ(e.coverage_groups[2].how, "independence (2 lists)");
  // Chapman's form of Lincoln–Petersen: (75 + 1)(65 + 1)/(15 + 1) − 1 = 312.5.
  EXPECT_NEAR(e.coverage_groups[2].posterior.median, 312.5, 0.12 * 312.5);
  EXPECT_TRUE(has_flag(e, "counted as found, with none hidden"));
  EXPECT_TRUE(has_flag(e, "assuming the two lists catch independently"));
  EXPECT_TRUE(has_flag(e, "persons are in coverage groups of three lists"));
  // Two groups ran the sampler (ABC and CD; D alone is carried): the run says so, and its length is the
  // longest group's, a fixed 2 × 4,000 here.
  ASSERT_TRUE(e.sampler.has_value());
  EXPECT_EQ(e.sampler->runs, 2u);
  EXPECT_EQ(e.sampler->iterations, 8000);
  EXPECT_EQ(e.sampler->warmup, 4000);
}

// Chains that sit in different modes (UKdat_5 after 600 iterations of the Gibbs sampler alone: the chains
// started in the hidden-class mode have not left it; the Hamiltonian moves leave it sooner) are reported as
// such, whatever the seed, and the pooled figure is called no estimate.
TEST(PosteriorEstimate, ChainsInDifferentPlacesAreNotPooledSilently) {
  const std::string path = std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/UKdat_5.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP();
  const auto table = mse::read_capture_tables(path).strata.at(0).table;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    PosteriorSettings settings;
    settings.samples = 300;
    settings.leapfrog_steps = 0;
    settings.seed = seed;
    const auto e = posterior_estimate(table, "latent-class", settings);
    ASSERT_TRUE(e.sampler.has_value());
    EXPECT_FALSE(e.sampler->converged) << seed;
    EXPECT_GT(e.sampler->rhat, 1.1) << seed;
    EXPECT_TRUE(has_flag(e, "they sit in different places, so the pooled figure is not an estimate")) << seed;
  }
}

TEST(PosteriorEstimate, GraphAveragingSaysItPoolsCoverageGroups) {
  mse::CaptureTable table{{"A", "B", "C"}, std::vector<double>(8, 0.0)};
  mse::add_covered(table, 0b111, 0b001, 40);
  mse::add_covered(table, 0b111, 0b011, 10);
  mse::add_covered(table, 0b111, 0b110, 12);
  mse::add_covered(table, 0b110, 0b010, 30);
  mse::add_covered(table, 0b110, 0b100, 25);
  const auto e = posterior_estimate(table, "dga", {});
  EXPECT_TRUE(has_flag(e, "graph averaging pools 2 coverage groups"));
}

}  // namespace
}  // namespace clearpoint::pipeline
