// The distributions the samplers draw from, checked against Boost.Math's exact distributions: a chi-square
// goodness-of-fit test for the binomial (every branch: inversion from zero, from the mode, p above one
// half), and the exact moments for gamma and beta. Seeds are fixed, so the tests are deterministic; the
// thresholds are p-values of 10^-4.
#include "core/random.h"

#include <gtest/gtest.h>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <map>

namespace clearpoint::core {
namespace {

// Chi-square p-value of `draws` binomial(n, p) variates against the exact probabilities, cells with an
// expected count below 5 pooled into their neighbours.
double binomial_fit(std::int64_t n, double p, int draws, std::uint64_t seed) {
  Rng rng(seed);
  std::map<std::int64_t, int> seen;
  for (int i = 0; i < draws; ++i) {
    const auto x = rng.binomial(n, p);
    EXPECT_GE(x, 0);
    EXPECT_LE(x, n);
    ++seen[x];
  }
  const boost::math::binomial_distribution<double> exact(static_cast<double>(n), p);
  double statistic = 0;
  int cells = 0;
  double expected = 0;
  double observed = 0;
  for (std::int64_t x = 0; x <= n; ++x) {
    expected += draws * boost::math::pdf(exact, static_cast<double>(x));
    observed += seen.contains(x) ? seen[x] : 0;
    if (expected >= 5 || x == n) {
      statistic += (observed - expected) * (observed - expected) / std::max(expected, 1e-9);
      ++cells;
      expected = 0;
      observed = 0;
    }
  }
  const boost::math::chi_squared_distribution<double> chi(std::max(cells - 1, 1));
  return boost::math::cdf(boost::math::complement(chi, statistic));
}

TEST(Random, BinomialMatchesTheExactDistributionOnEveryBranch) {
  EXPECT_GT(binomial_fit(20, 0.3, 50000, 1), 1e-4);       // few successes: inversion from zero
  EXPECT_GT(binomial_fit(1500, 0.3, 50000, 2), 1e-4);     // outward from the mode
  EXPECT_GT(binomial_fit(100000, 0.02, 50000, 3), 1e-4);  // many trials
  EXPECT_GT(binomial_fit(60, 0.9, 50000, 4), 1e-4);       // p above one half
  Rng rng(5);
  EXPECT_EQ(rng.binomial(0, 0.5), 0);
  EXPECT_EQ(rng.binomial(7, 0.0), 0);
  EXPECT_EQ(rng.binomial(7, 1.0), 7);
}

// Poisson and binomial draws with a small mean answer 0 from their first uniform without the exponential
// when it lies clearly below the chance of 0; the answer must still be the inversion's: 0 exactly when that
// uniform is at most P(0), taken here from Boost.Math. A twin generator reads the same uniforms.
TEST(Random, ZeroIsDrawnExactlyWhenTheFirstUniformIsWithinTheChanceOfZero) {
  Rng rng(21);
  Rng twin(21);
  int zeros = 0;
  for (const double mean : {1e-12, 1e-6, 0.01, 0.3, 0.95, 4.0}) {
    const boost::math::poisson_distribution<double> poisson(mean);
    const boost::math::binomial_distribution<double> binomial(400, mean / 400);
    for (int i = 0; i < 20000; ++i) {
      const double u = twin.uniform();
      const auto k = rng.poisson(mean);
      for (std::int64_t extra = 0; extra < k; ++extra) twin.uniform();  // one uniform more per count
      const double zero = boost::math::pdf(poisson, 0.0);
      if (std::fabs(u - zero) > 1e-12) {
        ASSERT_EQ(k == 0, u <= zero) << "poisson mean " << mean;
      }
      const double v = twin.uniform();  // inversion from zero reads one uniform
      const auto x = rng.binomial(400, mean / 400);
      const double none = boost::math::pdf(binomial, 0.0);
      if (std::fabs(v - none) > 1e-12) {
        ASSERT_EQ(x == 0, v <= none) << "binomial mean " << mean;
      }
      zeros += static_cast<int>(k == 0) + static_cast<int>(x == 0);
    }
  }
  EXPECT_GT(zeros, 0);
  EXPECT_LT(zeros, 6 * 2 * 20000);
}

TEST(Random, GammaAndBetaHaveTheirMoments) {
  Rng rng(11);
  for (const double shape : {0.25, 1.0, 3.5, 400.0}) {
    const int n = 200000;
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < n; ++i) {
      const double x = rng.gamma(shape);
      ASSERT_GE(x, 0);
      sum += x;
      squares += x * x;
    }
    const double mean = sum / n;
    const double variance = squares / n - mean * mean;
    // Mean shape, variance shape; five standard errors.
    EXPECT_NEAR(mean, shape, 5 * std::sqrt(shape / n)) << shape;
    EXPECT_NEAR(variance, shape, 0.05 * shape + 5 * std::sqrt(6 * shape / n)) << shape;
  }
  const double a = 2;
  const double b = 5;
  double sum = 0;
  for (int i = 0; i < 100000; ++i) sum += rng.beta(a, b);
  EXPECT_NEAR(sum / 100000, a / (a + b), 0.002);
}

TEST(Random, StreamsDifferPerItemAndRepeatPerSeed) {
  EXPECT_EQ(stream_seed(7, 0), stream_seed(7, 0));
  EXPECT_NE(stream_seed(7, 0), stream_seed(7, 1));
  EXPECT_NE(stream_seed(7, 0), stream_seed(8, 0));
}

}  // namespace
}  // namespace clearpoint::core
