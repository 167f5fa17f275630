// Latent-class Multiple Systems Estimation: the non-parametric latent-class model of Manrique-Vallier
// (2016, "Bayesian population size estimation using Dirichlet process mixtures", Biometrics; R package
// LCMCR). Persons fall into latent classes; within a class the lists catch independently, each with its
// own probability, so persons who are hard for every agency to find form their own class instead of
// hiding in the overlaps as log-linear models let them. Class weights follow a stick-breaking prior
// truncated at K classes with concentration α ~ Gamma(a, b); each list's probability in each class
// ~ Beta(a, b); N has the prior 1/N, and the persons on no list are drawn by data augmentation (a negative
// binomial count, then their classes).
//
// The Gibbs sampler works on the table of distinct histories — each sweep allocates a history's count to
// the classes by one multinomial draw, then draws the missed persons and the parameters twice (the slow
// direction of the chain is a missed count and the list probabilities that imply it, and a round of them
// costs little beside allocating the found persons) — so its cost does not depend on the number of persons.
// Before the allocation, Metropolis moves take one class along that slow direction (its list probabilities
// down and its weight up together) with the found persons' classes and the missed persons integrated out,
// both drawn afresh right after: about half the sweeps for the same effective draws. Then a Hamiltonian
// Monte Carlo trajectory (leapfrog_steps steps) moves every list probability and every stick at once on the
// same collapsed posterior, accepted on its exact value (so the gradient only decides how far the chain
// travels): the class structure and the missed count it implies, which the Gibbs steps move a little per
// sweep, cross in one trajectory — about six times the effective draws an iteration for about three
// times its cost. Its step size and each coordinate's scale are learnt inside the warm-up and then fixed.
// Several chains run in parallel from dispersed starts (every second one with a large class nearly invisible
// to every list, the second mode that traps single chains); each chain draws from its own stream, so the
// result depends on the seed alone, never on the thread count. With a fixed length (`samples`) the first half
// of every chain is warm-up. Without one the chains run in rounds until R̂ < 1.01 and both effective sizes of
// N reach the target, or the budget ends: half as long again while the chains disagree, then as long as their
// effective draws so far say the target needs (a tenth to spare); warm-up is half of the first round whose
// second half had R̂ < 1.05, and at least a quarter of the run. Chains unconverged at the end of the budget
// make the result say so and
// shows each chain's answer instead of pooling them silently. N is never capped.
//
// List coverage (share_coverage_groups): the persons whom different sets of lists could catch are one
// population of classes, each list with one probability per class, but a list is a structural zero for a
// person it could not catch — it neither finds nor misses her. So a list seen alone in one group is
// calibrated where it overlaps with others ("borrowing strength"), which independent per-group fits cannot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mse/capture_table.h"
#include "mse/mcmc_diagnostics.h"
#include "mse/posterior_summary.h"

namespace clearpoint::mse {

struct LatentClassSettings {
  int classes = 10;  // K, the truncation of the stick-breaking prior (LCMCR's default)
  int chains = 4;
  // Draws kept per chain after a warm-up of as many; 0: run in rounds until converged or out of budget.
  std::int64_t samples = 0;
  std::int64_t max_iterations = 1'024'000;  // per chain, warm-up included, when running until converged
  double target_rhat = 1.01;
  double target_ess = 1000;   // bulk and tail effective sample size of N
  double alpha_shape = 0.25;  // Gamma prior on the stick-breaking concentration (LCMCR's defaults)
  double alpha_rate = 0.25;
  double lambda_a = 1;  // Beta prior on each list's probability in each class
  double lambda_b = 1;
  // Metropolis moves along the sampler's slow direction per sweep (one class's list probabilities down
  // and its weight up together, the classes of the persons found and the missed ones integrated out);
  // 0 leaves the plain Gibbs sampler.
  int ridge_moves = 2;
  // Leapfrog steps of the Hamiltonian sampler (each iteration one trajectory over every list probability
  // and stick, the persons' classes and the missed persons integrated out); 0: the Gibbs sampler above.
  int leapfrog_steps = 30;
  std::uint64_t seed = 1;
  int threads = 0;
  double level = 0.95;
  // With the table's coverage groups: one model for all of them — the classes and each list's probability
  // in each class shared, each group's persons missed only by the lists that could catch them (structural
  // zeros), each group's size with the prior 1/N_g — so a list's catch rate learnt where it overlaps with
  // others also says how many it missed where it is alone. Otherwise the groups are ignored.
  bool share_coverage_groups = false;
};

// One coverage group's size (found + missed) in the shared model.
struct GroupPosterior {
  double observed = 0;  // persons found: those whose reach is decided, plus those placed here (mean)
  double decided = 0;   // persons found whose records decide that this group's lists could catch them
  PosteriorSummary posterior;
  ChainDiagnostics diagnostics;
};

struct ChainResult {
  PosteriorSummary posterior;  // this chain's kept draws of N
  double mean_occupied_classes = 0;
};

struct LatentClassResult {
  double observed = 0;
  PosteriorSummary posterior;  // every chain's kept draws of N pooled
  ChainDiagnostics diagnostics;
  std::vector<ChainResult> chains;
  std::int64_t iterations = 0;  // per chain, warm-up included
  std::int64_t warmup = 0;
  bool converged = false;
  double seconds = 0;
  // Each chain's kept draws of N, evenly thinned to at most kKeptDraws, in order: enough to add the
  // posteriors of independent strata draw by draw, and to check the sum's convergence.
  std::vector<std::vector<double>> draws;
  // With share_coverage_groups, per coverage group in the table's order (a few thousand draws per chain).
  std::vector<GroupPosterior> groups;
};

inline constexpr std::size_t kKeptDraws = 4000;

LatentClassResult fit_latent_class(const CaptureTable& table, const LatentClassSettings& settings);

}  // namespace clearpoint::mse
