// Posterior estimate: the Bayesian answers to "how many in all" as report values — the latent-class model
// (mse/latent_class.h) with its chains and their agreement, and decomposable graph averaging
// (mse/graph_averaging.h) with the graphs that carry the weight — each with its priors stated, since a
// posterior means nothing without them, and flags a reader must see (chains that disagree, too few
// effective draws, a posterior pressing against the grid's cap).
//
// With list coverage the latent-class estimate is by default one model the coverage groups share
// (mse::LatentClassSettings::share_coverage_groups: a lone list's missed persons read from its rate where
// it overlaps, persons of undetermined reach placed among the groups their records allow), each group's
// size reported with its R̂. Otherwise (shared_coverage_model = false) it runs per coverage group over the
// lists that could catch its persons — latent classes with 3 or more lists, independence with 2 (a single
// class; biased low when persons differ in visibility, and flagged), no estimate with 1 (the observed count
// is carried and the total flagged as a lower bound for those persons) — and the groups' posteriors are
// added draw by draw, chain by chain, so the total's interval and its R̂ come from the same draws. Graph
// averaging and the log-linear methods pool the groups, and say so.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mse/capture_table.h"
#include "mse/graph_averaging.h"
#include "mse/latent_class.h"
#include "mse/posterior_summary.h"

namespace clearpoint::pipeline {

struct PosteriorSettings {
  int chains = 4;
  std::int64_t samples = 0;  // kept draws per chain; 0: until R̂ < 1.01 and ESS ≥ 1,000
  int classes = 10;
  // Leapfrog steps of the Hamiltonian sampler a sweep; 0: the Gibbs sampler of LCMCR (with ridge moves).
  int leapfrog_steps = mse::LatentClassSettings{}.leapfrog_steps;
  // Run until converged: the most iterations a chain (warm-up included) before the run stops unsettled.
  std::int64_t max_iterations = mse::LatentClassSettings{}.max_iterations;
  std::uint64_t seed = 1;
  int threads = 0;
  double level = 0.95;
  // With list coverage: one latent-class model whose list probabilities the coverage groups share (the
  // default), or one model per group.
  bool shared_coverage_model = true;
};

struct SamplerRun {
  int chains = 0;
  int classes = 0;
  std::int64_t iterations = 0;  // per chain, warm-up included
  std::int64_t warmup = 0;
  // Separate runs added draw by draw (one per coverage group fitted on its own); with more than one,
  // iterations and warmup are the longest run's, and the other runs were shorter.
  std::size_t runs = 1;
  int leapfrog_steps = 0;  // of each sweep's Hamiltonian move; 0: the Gibbs sampler alone
  double rhat = 0;
  double ess_bulk = 0;
  double ess_tail = 0;
  bool converged = false;
  double seconds = 0;
  std::vector<mse::PosteriorSummary> per_chain;
  std::vector<double> occupied_classes;  // mean over kept draws, per chain
};

struct GraphRun {
  std::size_t graphs = 0;
  double delta = 0;
  double cap = 0;
  double mass_near_cap = 0;
  std::vector<mse::GraphWeight> best;
};

// One coverage group of a stratified estimate: the persons whom the same lists could catch.
struct CoverageGroupEstimate {
  std::vector<std::string> lists;
  double observed = 0;
  // Of the found, persons whose records do not decide whether some lists could catch them, placed here by
  // the shared model (mean over draws); the rest are decided to be in this group.
  double placed = 0;
  std::string how;  // latent classes | independence | not estimable
  mse::PosteriorSummary posterior;
  double rhat = 1;
  double ess_bulk = 0;
  bool converged = true;
};

struct PosteriorEstimate {
  std::string method;  // latent-class | dga
  std::string model;   // what was fitted, in one line
  std::string prior;   // the priors, stated
  mse::PosteriorSummary posterior;
  std::optional<SamplerRun> sampler;
  std::optional<GraphRun> graphs;
  // With list coverage (latent-class): one estimate per coverage group, added draw by draw for the total.
  std::vector<CoverageGroupEstimate> coverage_groups;
  // Draws of N from the posterior (the chains' kept draws, thinned; for dga, evenly spaced quantiles of the
  // grid posterior): what posteriors from different linkages are pooled from.
  std::vector<double> sample;
  std::vector<std::string> flags;
};

bool is_posterior_method(const std::string& method);

// Throws core::UserError when the method cannot run on this table (dga beyond 6 lists, fractional counts).
PosteriorEstimate posterior_estimate(const mse::CaptureTable& table, const std::string& method,
                                     const PosteriorSettings& settings);

}  // namespace clearpoint::pipeline
