#include "link/fellegi_sunter.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/random.h"

namespace clearpoint::link {
namespace {

// Pairs drawn from a known model: 10% matches; three comparisons with three levels and one with two,
// some values missing at random. EM (u from random pairs, m by EM over unique patterns) must recover m
// and λ within sampling error.
TEST(FellegiSunter, EmRecoversKnownMAndPriorFromSimulatedPairs) {
  const std::vector<std::vector<double>> m = {
      {0.05, 0.15, 0.80}, {0.10, 0.20, 0.70}, {0.02, 0.08, 0.90}, {0.3, 0.7}};
  const std::vector<std::vector<double>> u = {
      {0.85, 0.10, 0.05}, {0.70, 0.20, 0.10}, {0.95, 0.04, 0.01}, {0.6, 0.4}};
  const double prior = 0.1;
  core::Rng rng(3);
  const auto draw = [&](const std::vector<double>& p) {
    double r = rng.uniform();
    for (std::size_t l = 0; l < p.size(); ++l) {
      if (r < p[l]) return static_cast<std::int8_t>(l);
      r -= p[l];
    }
    return static_cast<std::int8_t>(p.size() - 1);
  };
  PatternCounts candidates;
  PatternCounts random_pairs;
  for (int i = 0; i < 400000; ++i) {
    const bool match = rng.bernoulli(prior);
    Pattern p;
    for (std::size_t k = 0; k < m.size(); ++k)
      p.push_back(rng.bernoulli(0.1) ? kMissing : draw(match ? m[k] : u[k]));
    candidates.add(p);
    Pattern q;
    for (std::size_t k = 0; k < u.size(); ++k) q.push_back(draw(u[k]));
    random_pairs.add(q);
  }
  FellegiSunter model({{"a", 3, {}}, {"b", 3, {}}, {"c", 3, {}}, {"d", 2, {}}});
  model.estimate_u(random_pairs);
  const auto report = model.estimate_m(candidates, 0.02);
  EXPECT_TRUE(report.converged);
  EXPECT_NEAR(model.prior(), prior, 0.005);
  for (std::size_t k = 0; k < m.size(); ++k) {
    for (std::size_t l = 0; l < m[k].size(); ++l) {
      EXPECT_NEAR(model.m()[k][l], m[k][l], 0.02) << "m[" << k << "][" << l << "]";
      EXPECT_NEAR(model.u()[k][l], u[k][l], 0.005) << "u[" << k << "][" << l << "]";
    }
  }
}

TEST(FellegiSunter, MissingValuesAreNoEvidenceAndWeightsAddUp) {
  FellegiSunter model({{"name", 2, {"differs", "same"}}, {"year", 2, {"differs", "same"}}});
  model.m() = {{0.1, 0.9}, {0.2, 0.8}};
  model.u() = {{0.9, 0.1}, {0.5, 0.5}};
  model.set_prior(0.01);
  EXPECT_NEAR(model.match_weight({1, 1}), std::log2(9.0) + std::log2(1.6), 1e-12);
  EXPECT_NEAR(model.match_weight({1, kMissing}), std::log2(9.0), 1e-12);
  EXPECT_NEAR(model.match_weight({kMissing, kMissing}), 0.0, 1e-12);
  // With no evidence the probability is the prior.
  EXPECT_NEAR(model.match_probability({kMissing, kMissing}), 0.01, 1e-12);
  const double odds = 0.01 / 0.99 * 9.0 * 1.6;
  EXPECT_NEAR(model.match_probability({1, 1}), odds / (1 + odds), 1e-12);
  EXPECT_EQ(model.explain({1, kMissing})[1], "year: missing (no evidence either way)");
}

}  // namespace
}  // namespace clearpoint::link
