// Convergence diagnostics against what theory says for chains whose behaviour is known: independent draws
// (R̂ 1, effective size the number of draws), a first-order autoregressive chain (effective size
// n (1 − ρ)/(1 + ρ)), and chains that sit in different places or drift (R̂ well above 1.01).
#include "mse/mcmc_diagnostics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/random.h"

namespace clearpoint::mse {
namespace {

std::vector<std::vector<double>> ar1_chains(int chains, int draws, double rho, std::uint64_t seed,
                                            double shift_last = 0) {
  std::vector<std::vector<double>> out;
  for (int c = 0; c < chains; ++c) {
    core::Rng rng(core::stream_seed(seed, static_cast<std::uint64_t>(c)));
    std::vector<double> x(static_cast<std::size_t>(draws));
    double value = rng.normal();
    for (auto& v : x) {
      value = rho * value + std::sqrt(1 - rho * rho) * rng.normal();
      v = value + (c == chains - 1 ? shift_last : 0);
    }
    out.push_back(std::move(x));
  }
  return out;
}

TEST(McmcDiagnostics, IndependentDrawsHaveRhatOneAndFullSize) {
  const auto d = diagnose_chains(ar1_chains(4, 5000, 0.0, 1));
  EXPECT_LT(d.rhat, 1.005);
  EXPECT_NEAR(d.ess_bulk, 20000, 0.1 * 20000);
  EXPECT_NEAR(d.ess_tail, 20000, 0.15 * 20000);
}

TEST(McmcDiagnostics, AutocorrelatedDrawsHaveTheTheoreticalSize) {
  const double rho = 0.9;
  const auto chains = ar1_chains(4, 50000, rho, 2);
  const double theory = 4.0 * 50000 * (1 - rho) / (1 + rho);  // 10,526
  EXPECT_NEAR(diagnose_chains(chains).ess_bulk, theory, 0.15 * theory);
  EXPECT_LT(diagnose_chains(chains).rhat, 1.01);
}

TEST(McmcDiagnostics, ChainsInDifferentPlacesOrDriftingAreCaught) {
  EXPECT_GT(diagnose_chains(ar1_chains(4, 2000, 0.5, 3, 1.0)).rhat, 1.05);
  // One chain drifting: split-R̂ sees its halves disagree even when it is alone.
  std::vector<double> drift(4000);
  core::Rng rng(4);
  for (std::size_t i = 0; i < drift.size(); ++i) drift[i] = static_cast<double>(i) / 1000 + rng.normal();
  EXPECT_GT(split_rhat({drift}), 1.1);
  EXPECT_THROW(diagnose_chains({{1.0, 2.0}}), std::invalid_argument);
}

}  // namespace
}  // namespace clearpoint::mse
