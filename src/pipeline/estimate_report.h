// Estimate report: the Multiple Systems Estimate of the hidden total as a value — per stratum the chosen
// method's estimate (a log-linear model chosen from the overlaps, or a posterior: latent classes or
// decomposable graph averaging), the three kinds of answer side by side with the assumption each makes and
// a flag when they disagree beyond their intervals; for log-linear methods the model and its estimate, the
// intervals side by side (profile likelihood and Wald conditional on the model, BCa bootstrap with the
// selection re-run), the models near the best and the spread of their estimates, the checks (each list left
// out, two lists merged, each list's known size estimated from the others) and the flags a reader must see.
// Text, CSV and JSON are rendered from it (render/estimate_render.h), so the three never disagree; every
// result carries its method, input checksum, seed and version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "link/capture_histories.h"
#include "mse/capture_table.h"
#include "mse/diagnostics.h"
#include "mse/profile_interval.h"
#include "pipeline/posterior_estimate.h"
#include "pipeline/workspace.h"

namespace clearpoint::pipeline {

struct EstimateSettings {
  // latent-class | dga | stepwise | bic | aic | aicc | average | fixed:[12,13,3]
  std::string method = "latent-class";
  int max_order = 0;   // 0: lists − 1 (2 for 6 lists)
  int bootstrap = -1;  // replicates; -1: chosen by how costly one selection is (default_replicates)
  std::uint64_t seed = 1;
  int threads = 0;  // as core::thread_count: 0 is every core
  double level = 0.95;
  bool stale_ok = false;  // from the store: estimate from persons older than the records (flagged)
  int chains = 4;         // latent-class: chains, kept draws per chain (0: until converged), classes
  std::int64_t samples = 0;
  int classes = 10;
  int leapfrog_steps = mse::LatentClassSettings{}.leapfrog_steps;  // latent-class: 0 for Gibbs sweeps alone
  std::int64_t max_iterations = mse::LatentClassSettings{}.max_iterations;  // latent-class, per chain
  // latent-class with list coverage: one model whose list probabilities the groups share (the default;
  // mse::LatentClassSettings::share_coverage_groups), or every coverage group on its own
  bool shared_coverage_model = true;
  bool compare = true;        // the other kinds of estimate beside the chosen one
  std::string coverage_path;  // from the store: a coverage file (link/list_coverage.h)
  int linkage_draws = 0;      // from the store, posterior methods: re-estimate over this many linkage draws
};

// One kind of estimate in the side-by-side table.
struct MethodAnswer {
  std::string method;
  std::string interval;  // what the interval is
  std::string assumes;   // the assumption it rests on, in plain words
  bool ok = false;
  std::string problem;
  double estimate = 0;
  double lower = 0;
  double upper = 0;
  bool chosen = false;  // the report's own method
  bool settled = true;  // a posterior's chains reached R̂ < 1.01 and 1,000 effective draws
};

struct BootstrapSummary {
  int replicates = 0;
  int failed = 0;
  std::uint64_t seed = 0;
  mse::Interval bca;
  mse::Interval percentile;
  double bias_correction = 0;
  double acceleration = 0;
};

struct ModelSpread {
  mse::Spread spread;
  std::size_t admissible = 0;
  int inadmissible = 0;
  double weighted_average = 0;
};

// The estimate carried over linkages drawn from the linkage's own probabilities (pipeline/linkage_draws.h):
// the posteriors of every draw pooled with equal weight, and how much of the pooled variance lies between
// the draws — the linkage's share of the uncertainty.
struct LinkageUncertainty {
  int draws = 0;
  double persons_lowest = 0;  // persons found, over the draws
  double persons_highest = 0;
  mse::PosteriorSummary pooled;
  double share_of_variance = 0;
};

// The estimate of one stratum (or of the whole table).
struct StratumEstimate {
  std::vector<std::string> stratum;  // the stratum's values; empty without strata
  std::vector<std::string> lists;
  double observed = 0;
  std::string input_checksum;
  std::string method;
  std::optional<std::string> models_searched;  // exhaustive methods: which models
  bool ok = false;
  std::string problem;  // when !ok: why there is no estimate
  std::string model;
  double estimate = 0;
  double hidden = 0;  // estimate − observed: the persons never identified
  std::string note;   // the fit's explanation (infinite terms), if any
  mse::Interval profile;
  mse::Interval wald_log;
  std::optional<std::vector<mse::NearTie>> near_ties;  // exhaustive methods
  std::optional<ModelSpread> spread;                   // exhaustive methods
  std::optional<PosteriorEstimate> posterior;  // latent-class and dga: the posterior, its credible interval
  std::vector<MethodAnswer> side_by_side;
  std::optional<LinkageUncertainty> linkage;
  std::optional<BootstrapSummary> bootstrap;
  std::string bootstrap_skipped;  // why no bootstrap ran, when none did
  std::vector<mse::ListLeftOut> leave_one_list_out;
  std::vector<mse::ListsMerged> two_lists_merged;
  std::vector<mse::KnownListCheck> known_list_sizes;
  std::vector<std::string> flags;
};

struct EstimateReport {
  std::string version;
  std::string source;  // the histories file or the store
  std::uint64_t seed = 0;
  double level = 0;
  std::vector<std::string> strata;  // stratum names
  std::vector<StratumEstimate> results;
};

// The selection-aware interval belongs beside the model-conditional ones, so it runs by default: 1,000
// replicates when a selection is cheap (stepwise, one model), 200 for an exhaustive search of up to 5 lists
// (about 20 s), none for 6 lists (each replicate searches 32,768 models) unless asked.
int default_replicates(const mse::Method& method, int lists);

// The posterior methods' settings from the report's, and one table's estimate by a posterior method.
PosteriorSettings posterior_settings(const EstimateSettings& settings);
StratumEstimate posterior_stratum(const mse::CaptureTable& table, const EstimateSettings& settings);

// The report's flags: near-tied models that disagree by more than this factor, one person moving the
// estimate by more than this share, a list's known size missed by more than this share.
inline constexpr double kNearTieDisagreement = 1.25;
inline constexpr double kSmallCellInfluence = 0.10;
inline constexpr double kKnownSizeMiss = 0.20;

StratumEstimate estimate_table(const mse::CaptureTable& table, const EstimateSettings& settings,
                               const std::string& where);
EstimateReport estimate_tables(const mse::StratifiedTables& tables, const std::string& source,
                               const EstimateSettings& settings);
// The first table of a histories file estimated by one method with its profile interval only (no
// bootstrap, no checks): the figure `claims compare` sets beside published claims.
struct ModelConditionalEstimate {
  std::string source;
  bool ok = false;
  std::string problem;
  std::string method;
  std::string model;
  double estimate = 0;
  double observed = 0;
  int lists = 0;
  mse::Interval profile;
};
ModelConditionalEstimate model_conditional_estimate(const std::string& histories_path,
                                                    const std::string& method, int threads = 0);
// The same for a table in hand (a log-linear method only), at `level`.
ModelConditionalEstimate model_conditional_estimate(const mse::CaptureTable& table, const std::string& method,
                                                    int threads, double level = 0.95);

// From a capture-history CSV (its own stratum_ columns) or from the linked persons in the store.
EstimateReport estimate_from_file(const std::string& histories_path, const EstimateSettings& settings);
EstimateReport estimate_from_store(const Workspace& workspace, const std::vector<link::Stratum>& strata,
                                   const EstimateSettings& settings);

}  // namespace clearpoint::pipeline
