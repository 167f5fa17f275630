#include "pipeline/estimate_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/diagnostic.h"
#include "core/number_text.h"
#include "core/parallel.h"
#include "mse/bootstrap.h"
#include "pipeline/capture_tables.h"
#include "pipeline/linkage_uncertainty.h"
#include "pipeline/side_by_side.h"

namespace clearpoint::pipeline {

namespace {

using core::estimate_text;

bool is_exhaustive(const mse::Method& method) {
  return method.kind != mse::Method::Kind::kStepwise && method.kind != mse::Method::Kind::kFixed;
}

void add_model_uncertainty(StratumEstimate& e, const mse::SearchResult& search) {
  const auto ties = mse::near_ties(search);
  e.near_ties = ties;
  e.spread = ModelSpread{mse::estimate_spread(search), search.admissible.size(), search.inadmissible,
                         search.weighted_population};
  if (!ties.empty() && ties.front().models > 1 &&
      ties.front().highest > kNearTieDisagreement * ties.front().lowest) {
    e.flags.push_back(fmt::format("models within ΔBIC 2 of the best disagree: {} to {}",
                                  estimate_text(ties.front().lowest), estimate_text(ties.front().highest)));
  }
}

void add_bootstrap(StratumEstimate& e, const mse::CaptureTable& table, const mse::Method& method,
                   const EstimateSettings& settings, int threads) {
  const int replicates =
      settings.bootstrap >= 0 ? settings.bootstrap : default_replicates(method, table.list_count());
  if (replicates == 0) {
    e.bootstrap_skipped = settings.bootstrap == 0
                              ? "not asked for (--bootstrap 0)"
                              : "not run by default: each replicate would search every model of 6 lists; "
                                "give --bootstrap N, or use --method stepwise";
    return;
  }
  const auto boot =
      mse::bootstrap_bca(table, method, e.estimate, replicates, settings.seed, threads, settings.level);
  e.bootstrap = BootstrapSummary{replicates,      boot.failed,          settings.seed,    boot.bca,
                                 boot.percentile, boot.bias_correction, boot.acceleration};
  for (mse::History h = 1; h < table.counts.size(); ++h) {
    const double without_one = boot.leave_one_out[h];
    if (table.counts[h] > 0 && table.counts[h] <= 5 && std::isfinite(without_one) &&
        std::fabs(without_one - e.estimate) > kSmallCellInfluence * e.estimate) {
      e.flags.push_back(fmt::format("one person fewer in history {:0{}b} (count {}) moves the estimate to {}",
                                    h, table.list_count(), table.counts[h], estimate_text(without_one)));
    }
  }
}

void add_checks(StratumEstimate& e, const mse::CaptureTable& table, const mse::Method& method, int threads) {
  e.leave_one_list_out = mse::leave_one_list_out(table, method, threads);
  if (table.list_count() <= 6) {  // beyond, t(t−1)/2 selections of t−1 lists take too long for a report
    e.two_lists_merged = mse::merge_two_lists(table, method, threads);
  }
  e.known_list_sizes = mse::known_list_sizes(table, method, threads);
  for (const auto& k : e.known_list_sizes) {
    if (k.ok && std::fabs(k.estimate - k.known) > kKnownSizeMiss * k.known) {
      e.flags.push_back(fmt::format("the other lists estimate {}'s size as {} but it holds {}", k.list,
                                    estimate_text(k.estimate), estimate_text(k.known)));
    }
  }
}

}  // namespace

int default_replicates(const mse::Method& method, int lists) {
  if (!is_exhaustive(method)) return 1000;
  return lists <= 5 ? 200 : 0;
}

namespace {

StratumEstimate loglinear_estimate(const mse::CaptureTable& table, const mse::Method& method,
                                   const EstimateSettings& settings) {
  const int threads = core::thread_count(settings.threads);
  const auto selection = mse::select_model(table, method, threads);
  StratumEstimate e;
  e.lists = table.lists;
  e.observed = table.observed();
  e.input_checksum = mse::table_checksum(table);
  e.method = method.name();
  if (method.kind == mse::Method::Kind::kBic || method.kind == mse::Method::Kind::kAic ||
      method.kind == mse::Method::Kind::kAicc || method.kind == mse::Method::Kind::kAverage) {
    e.models_searched = mse::candidate_description(table.list_count(), method.max_order);
  }
  if (!selection.ok) {
    e.problem = selection.problem;
    return e;
  }
  e.ok = true;
  e.model = selection.model.notation();
  e.estimate = selection.population;
  e.hidden = selection.population - table.observed();
  e.note = selection.fit.explanation;
  e.profile = mse::profile_interval(table, selection.model, selection.fit.population, settings.level);
  e.wald_log = mse::wald_interval(selection.fit, settings.level);
  if (table.coverage.size() > 1) {
    e.flags.push_back(fmt::format(
        "the log-linear model pools {} coverage groups into one table, so lists that cannot see the same "
        "persons look dependent; --method latent-class uses the coverage",
        table.coverage.size()));
  }
  if (!e.profile.upper_bounded)
    e.flags.emplace_back("the profile interval's upper limit hit the search bound (1000 × observed)");
  if (selection.search) add_model_uncertainty(e, *selection.search);
  add_bootstrap(e, table, method, settings, threads);
  add_checks(e, table, method, threads);
  return e;
}

}  // namespace

PosteriorSettings posterior_settings(const EstimateSettings& settings) {
  PosteriorSettings s;
  s.chains = settings.chains;
  s.samples = settings.samples;
  s.classes = settings.classes;
  s.leapfrog_steps = settings.leapfrog_steps;
  s.max_iterations = settings.max_iterations;
  s.seed = settings.seed;
  s.threads = settings.threads;
  s.level = settings.level;
  s.shared_coverage_model = settings.shared_coverage_model;
  return s;
}

StratumEstimate posterior_stratum(const mse::CaptureTable& table, const EstimateSettings& settings) {
  StratumEstimate e;
  e.lists = table.lists;
  e.observed = table.observed();
  e.input_checksum = mse::table_checksum(table);
  e.method = settings.method;
  // With nobody on two lists the posterior of N is its prior: no sampler should be asked to explore it.
  if (table.overlapping() == 0 && table.coverage.empty()) {
    e.problem = "nobody is on two lists, so no overlap says how many were missed";
    return e;
  }
  auto posterior = posterior_estimate(table, settings.method, posterior_settings(settings));
  e.ok = true;
  e.model = posterior.model;
  e.estimate = posterior.posterior.median;
  e.hidden = e.estimate - e.observed;
  e.flags = posterior.flags;
  e.posterior = std::move(posterior);
  e.bootstrap_skipped = "not needed: the credible interval already accounts for the model";
  return e;
}

StratumEstimate estimate_table(const mse::CaptureTable& table, const EstimateSettings& settings,
                               const std::string& where) {
  mse::check_table(table, where);
  StratumEstimate e;
  if (is_posterior_method(settings.method)) {
    e = posterior_stratum(table, settings);
  } else {
    auto method = mse::parse_method(settings.method);
    method.max_order = settings.max_order;
    e = loglinear_estimate(table, method, settings);
  }
  if (settings.compare) add_side_by_side(e, table, settings);
  return e;
}

namespace {

// A wrong method is reported before any input is read.
void check_method(const EstimateSettings& settings) {
  if (!is_posterior_method(settings.method)) mse::parse_method(settings.method);
}

EstimateReport estimate_with(const mse::StratifiedTables& tables, const std::string& source,
                             const EstimateSettings& settings) {
  EstimateReport report;
  report.version = CLEARPOINT_VERSION;
  report.source = source;
  report.seed = settings.seed;
  report.level = settings.level;
  report.strata = tables.stratum_names;
  for (const auto& stratum : tables.strata) {
    const std::string where =
        stratum.values.empty() ? source : fmt::format("{} [{}]", source, fmt::join(stratum.values, ", "));
    auto e = estimate_table(stratum.table, settings, where);
    e.stratum = stratum.values;
    report.results.push_back(std::move(e));
  }
  return report;
}

}  // namespace

EstimateReport estimate_tables(const mse::StratifiedTables& tables, const std::string& source,
                               const EstimateSettings& settings) {
  check_method(settings);
  return estimate_with(tables, source, settings);
}

ModelConditionalEstimate model_conditional_estimate(const std::string& histories_path,
                                                    const std::string& method, int threads) {
  if (is_posterior_method(method)) {
    throw core::UserError(
        fmt::format(
            "claims compare sets a model's estimate and profile interval beside the claims; '{}' gives "
            "a posterior",
            method),
        "use a log-linear --method (stepwise, bic, …), or `clearpoint estimate --method " + method + "`");
  }
  const auto table = mse::read_capture_tables(histories_path).strata.at(0).table;
  mse::check_table(table, histories_path);
  auto e = model_conditional_estimate(table, method, threads);
  e.source = histories_path;
  return e;
}

ModelConditionalEstimate model_conditional_estimate(const mse::CaptureTable& table, const std::string& method,
                                                    int threads, double level) {
  const auto parsed = mse::parse_method(method);
  const auto selection = mse::select_model(table, parsed, core::thread_count(threads));
  ModelConditionalEstimate e;
  e.method = parsed.name();
  e.observed = table.observed();
  e.lists = table.list_count();
  e.ok = selection.ok;
  if (!selection.ok) {
    e.problem = selection.problem;
    return e;
  }
  e.model = selection.model.notation();
  e.estimate = selection.population;
  e.profile = mse::profile_interval(table, selection.model, selection.fit.population, level);
  return e;
}

EstimateReport estimate_from_file(const std::string& histories_path, const EstimateSettings& settings) {
  check_method(settings);
  return estimate_with(mse::read_capture_tables(histories_path), histories_path, settings);
}

EstimateReport estimate_from_store(const Workspace& workspace, const std::vector<link::Stratum>& strata,
                                   const EstimateSettings& settings) {
  check_method(settings);
  std::string stale;
  const auto histories =
      capture_histories_from_store(workspace, strata, "run `clearpoint link` first, or give --histories FILE",
                                   settings.stale_ok, &stale, settings.coverage_path);
  auto report = estimate_with(capture_tables(histories, strata), workspace.db, settings);
  if (settings.linkage_draws > 0) add_linkage_uncertainty(report, workspace, strata, settings);
  const auto coverage_notes = histories.coverage_notes();
  for (auto& result : report.results)
    result.flags.insert(result.flags.begin(), coverage_notes.begin(), coverage_notes.end());
  if (!stale.empty()) {
    for (auto& result : report.results) result.flags.insert(result.flags.begin(), stale);
  }
  return report;
}

}  // namespace clearpoint::pipeline
