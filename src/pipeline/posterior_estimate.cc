#include "pipeline/posterior_estimate.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/number_text.h"
#include "core/parallel.h"
#include "mse/latent_class.h"

namespace clearpoint::pipeline {

namespace {

using core::estimate_text;

// Chains whose medians differ by more than this share of the pooled interval's width disagree visibly.
constexpr double kChainDisagreement = 0.25;

mse::LatentClassSettings sampler_settings(const PosteriorSettings& settings) {
  mse::LatentClassSettings s;
  s.classes = settings.classes;
  s.chains = settings.chains;
  s.leapfrog_steps = settings.leapfrog_steps;
  s.max_iterations = settings.max_iterations;
  s.samples = settings.samples;
  s.seed = settings.seed;
  s.threads = core::thread_count(settings.threads);
  s.level = settings.level;
  return s;
}

// Draw i of `chain` stretched or thinned to `length` draws, keeping the chain's order.
double draw_at(const std::vector<double>& chain, std::size_t i, std::size_t length) {
  return chain[i * chain.size() / length];
}

PosteriorEstimate latent_class_by_coverage(const mse::CaptureTable& table,
                                           const PosteriorSettings& settings) {
  const auto s = sampler_settings(settings);
  PosteriorEstimate e;
  e.method = "latent-class";
  e.model = fmt::format(
      "per coverage group: latent classes (up to {}) with 3 or more lists, independence with 2; "
      "added draw by draw",
      s.classes);
  e.prior = fmt::format(
      "per group N_g ∝ 1/N_g; list probabilities Beta({}, {}); stick-breaking concentration Gamma({}, {})",
      s.lambda_a, s.lambda_b, s.alpha_shape, s.alpha_rate);
  constexpr std::size_t kLength = mse::kKeptDraws;
  std::vector<std::vector<double>> total(static_cast<std::size_t>(s.chains),
                                         std::vector<double>(kLength, 0.0));
  double carried = 0;                  // persons of groups only one list could catch
  std::size_t single_list_groups = 0;  // and groups whose lists share nobody
  double independence_persons = 0;
  double three_list_persons = 0;  // latent classes on three lists: dependence and heterogeneity confounded
  SamplerRun run;
  run.chains = s.chains;
  run.classes = s.classes;
  run.leapfrog_steps = s.leapfrog_steps;
  run.converged = true;
  run.runs = 0;
  for (const auto& group : table.coverage) {
    const auto sub = mse::group_table(table, group);
    CoverageGroupEstimate g;
    g.lists = sub.lists;
    g.observed = sub.observed();
    if (sub.list_count() < 2 || sub.overlapping() == 0) {
      g.how = sub.list_count() < 2 ? "not estimable: one list" : "not estimable: no one on two lists";
      g.posterior = mse::PosteriorSummary{g.observed, g.observed, g.observed, g.observed, s.level};
      carried += g.observed;
      ++single_list_groups;
      e.coverage_groups.push_back(std::move(g));
      continue;
    }
    auto group_settings = s;
    if (sub.list_count() == 2) {
      group_settings.classes = 1;
      independence_persons += g.observed;
    }
    const auto fit = mse::fit_latent_class(sub, group_settings);
    g.how = sub.list_count() == 2 ? "independence (2 lists)" : "latent classes";
    if (sub.list_count() == 3) three_list_persons += g.observed;
    g.posterior = fit.posterior;
    g.rhat = fit.diagnostics.rhat;
    g.ess_bulk = fit.diagnostics.ess_bulk;
    g.converged = fit.converged;
    run.converged = run.converged && fit.converged;
    if (fit.iterations > run.iterations) run.warmup = fit.warmup;  // the longest run's, beside its length
    run.iterations = std::max(run.iterations, fit.iterations);
    run.seconds += fit.seconds;
    ++run.runs;
    for (std::size_t c = 0; c < total.size(); ++c) {
      for (std::size_t i = 0; i < kLength; ++i) total[c][i] += draw_at(fit.draws[c], i, kLength);
    }
    e.coverage_groups.push_back(std::move(g));
  }
  for (auto& chain : total) {
    for (auto& x : chain) x += carried;
  }
  for (const auto& chain : total) {
    e.sample.insert(e.sample.end(), chain.begin(), chain.end());
    run.per_chain.push_back(mse::summarise_draws(chain, s.level));
    run.occupied_classes.push_back(0);
  }
  e.posterior = mse::summarise_draws(e.sample, s.level);
  const auto diagnostics = mse::diagnose_chains(total);
  run.rhat = diagnostics.rhat;
  run.ess_bulk = diagnostics.ess_bulk;
  run.ess_tail = diagnostics.ess_tail;
  if (single_list_groups > 0) {
    e.flags.push_back(fmt::format(
        "{} persons in {} coverage group{} that only one list could catch, or whose lists share nobody, are "
        "counted as found, with none hidden: no overlap can say how many were missed, "
        "so the total is a lower bound for them (--coverage-model shared reads their lists' catch rates "
        "where they overlap with others)",
        fmt::format("{:.0f}", carried), single_list_groups, single_list_groups == 1 ? "" : "s"));
  }
  if (independence_persons > 0) {
    e.flags.push_back(
        fmt::format("{} persons in coverage groups of two lists are estimated assuming the two lists "
                    "catch independently: too low if the same victims are hard for both to find",
                    fmt::format("{:.0f}", independence_persons)));
  }
  if (three_list_persons > 0) {
    e.flags.push_back(fmt::format(
        "{:.0f} persons are in coverage groups of three lists, where latent classes cannot tell two lists "
        "that refer victims to each other from victims easy for both to find (30% low in the two-country "
        "study of docs/estimation.md): compare the log-linear and dga answers",
        three_list_persons));
  }
  for (const auto& g : e.coverage_groups) {
    if (!g.converged) {
      e.flags.push_back(
          fmt::format("the coverage group {} has not settled (R̂ {:.3f}, {:.0f} effective draws): its share "
                      "of the total is uncertain — run longer (--samples)",
                      fmt::join(g.lists, " + "), g.rhat, g.ess_bulk));
    }
  }
  e.sampler = std::move(run);
  return e;
}

// The sampler's run as the report shows it: length, agreement of the chains, each chain's answer.
SamplerRun sampler_run(const mse::LatentClassResult& fit, const mse::LatentClassSettings& s) {
  SamplerRun run;
  run.chains = s.chains;
  run.classes = s.classes;
  run.leapfrog_steps = s.leapfrog_steps;
  run.iterations = fit.iterations;
  run.warmup = fit.warmup;
  run.rhat = fit.diagnostics.rhat;
  run.ess_bulk = fit.diagnostics.ess_bulk;
  run.ess_tail = fit.diagnostics.ess_tail;
  run.converged = fit.converged;
  run.seconds = fit.seconds;
  for (const auto& chain : fit.chains) {
    run.per_chain.push_back(chain.posterior);
    run.occupied_classes.push_back(chain.mean_occupied_classes);
  }
  return run;
}

// What a reader must see when the chains disagree or give few effective draws.
void chain_flags(PosteriorEstimate& e, const mse::LatentClassResult& fit, const mse::LatentClassSettings& s) {
  if (fit.diagnostics.rhat >= s.target_rhat) {
    const auto [lowest, highest] = std::minmax_element(
        fit.chains.begin(), fit.chains.end(),
        [](const auto& a, const auto& b) { return a.posterior.median < b.posterior.median; });
    std::vector<std::string> medians;
    for (const auto& chain : fit.chains) medians.push_back(estimate_text(chain.posterior.median));
    const bool apart = highest->posterior.median - lowest->posterior.median >
                       kChainDisagreement * (fit.posterior.upper - fit.posterior.lower);
    e.flags.push_back(fmt::format(
        "the {} chains have not converged (R̂ = {:.3f} after {} iterations each): their medians are {}{}",
        s.chains, fit.diagnostics.rhat, fit.iterations, fmt::join(medians, ", "),
        apart ? "; they sit in different places, so the pooled figure is not an estimate — run longer "
                "(--samples), or merge or stratify the lists"
              : "; run longer (--samples) before publishing"));
  } else if (fit.diagnostics.ess_bulk < s.target_ess || fit.diagnostics.ess_tail < s.target_ess) {
    e.flags.push_back(
        fmt::format("few effective draws of N (bulk {:.0f}, tail {:.0f}; 1,000 wanted): the interval's "
                    "limits are uncertain",
                    fit.diagnostics.ess_bulk, fit.diagnostics.ess_tail));
  }
}

// The groups as one model (mse::LatentClassSettings::share_coverage_groups): every list calibrated where it
// overlaps with others, each group's missed persons drawn over its own lists.
PosteriorEstimate latent_class_shared(const mse::CaptureTable& table, const PosteriorSettings& settings) {
  auto s = sampler_settings(settings);
  s.share_coverage_groups = true;
  const auto fit = mse::fit_latent_class(table, s);
  PosteriorEstimate e;
  e.method = "latent-class";
  e.model = fmt::format(
      "one Dirichlet-process mixture of independent lists (up to {} latent classes) over {} coverage groups: "
      "each list's probability in each class shared, structural zeros for the lists that could not catch "
      "a group",
      s.classes, table.coverage.size());
  e.prior = fmt::format(
      "per group N_g ∝ 1/N_g; list probabilities Beta({}, {}); stick-breaking concentration Gamma({}, {})",
      s.lambda_a, s.lambda_b, s.alpha_shape, s.alpha_rate);
  e.posterior = fit.posterior;
  for (const auto& chain : fit.draws) e.sample.insert(e.sample.end(), chain.begin(), chain.end());
  double alone = 0;  // persons whom one list alone could catch: estimated from that list's rate elsewhere
  for (std::size_t i = 0; i < table.coverage.size(); ++i) {
    const auto& group = fit.groups[i];
    CoverageGroupEstimate g;
    g.lists = mse::group_list_names(table, table.coverage[i]);
    g.observed = group.observed;
    g.placed = std::max(0.0, group.observed - group.decided);
    g.how = g.lists.size() < 2 ? "shared classes, one list" : "shared classes";
    if (g.lists.size() < 2) alone += group.observed;
    g.posterior = group.posterior;
    g.rhat = group.diagnostics.rhat;
    g.ess_bulk = group.diagnostics.ess_bulk;
    g.converged = group.diagnostics.rhat < s.target_rhat;
    e.coverage_groups.push_back(std::move(g));
  }
  double undetermined = 0;
  for (const auto& cell : table.undetermined) undetermined += cell.count;
  if (undetermined > 0) {
    e.flags.push_back(fmt::format(
        "{:.0f} persons whose records do not decide whether some lists could have caught them are placed, in "
        "every draw, among the coverage groups their records allow (in proportion to each group's size and "
        "the chance of their history there), not taken as covered by those lists",
        undetermined));
  }
  if (alone > 0) {
    e.flags.push_back(fmt::format(
        "{:.0f} persons are in coverage groups that one list alone could catch: how many it missed there is "
        "read from how often it finds the persons it shares with other lists, assuming the same latent "
        "classes in both places",
        alone));
  }
  chain_flags(e, fit, s);
  e.sampler = sampler_run(fit, s);
  return e;
}

PosteriorEstimate latent_class(const mse::CaptureTable& table, const PosteriorSettings& settings) {
  if (!table.coverage.empty()) {
    return settings.shared_coverage_model ? latent_class_shared(table, settings)
                                          : latent_class_by_coverage(table, settings);
  }
  const auto s = sampler_settings(settings);
  const auto fit = mse::fit_latent_class(table, s);
  PosteriorEstimate e;
  e.method = "latent-class";
  e.model = fmt::format("Dirichlet-process mixture of independent lists, up to {} latent classes", s.classes);
  e.prior =
      fmt::format("N ∝ 1/N; list probabilities Beta({}, {}); stick-breaking concentration Gamma({}, {})",
                  s.lambda_a, s.lambda_b, s.alpha_shape, s.alpha_rate);
  e.posterior = fit.posterior;
  for (const auto& chain : fit.draws) e.sample.insert(e.sample.end(), chain.begin(), chain.end());
  chain_flags(e, fit, s);
  e.sampler = sampler_run(fit, s);
  return e;
}

// Lists with different coverage pooled into one table: what a method that cannot use coverage must say.
std::string pooled_coverage_flag(const mse::CaptureTable& table, const std::string& method) {
  return fmt::format(
      "{} pools {} coverage groups into one table, so lists that cannot see the same persons look dependent; "
      "the latent-class estimate uses the coverage",
      method, table.coverage.size());
}

PosteriorEstimate graph_averaging(const mse::CaptureTable& table, const PosteriorSettings& settings) {
  mse::GraphAveragingSettings s;
  s.level = settings.level;
  s.threads = settings.threads;
  const auto fit = mse::average_decomposable_graphs(table, s);
  PosteriorEstimate e;
  e.method = "dga";
  e.model =
      fmt::format("average over all {} decomposable graphs of {} lists", fit.graphs, table.list_count());
  e.prior = fmt::format(
      "N ∝ 1/N for N up to {} (30 × observed); every graph equally likely; hyper-Dirichlet with δ = {} "
      "prior persons per cell",
      estimate_text(fit.cap), fit.delta);
  e.posterior = fit.posterior;
  e.graphs = GraphRun{fit.graphs, fit.delta, fit.cap, fit.mass_near_cap, fit.best};
  e.sample = fit.quantiles;
  if (table.coverage.size() > 1) e.flags.push_back(pooled_coverage_flag(table, "graph averaging"));
  if (fit.mass_near_cap > 0.001) {
    e.flags.push_back(fmt::format(
        "{:.1f}% of the posterior lies in the top tenth of the range searched (up to {}): the upper limit is "
        "set by the cap, not by the data",
        100 * fit.mass_near_cap, estimate_text(fit.cap)));
  }
  return e;
}

}  // namespace

bool is_posterior_method(const std::string& method) {
  return method == "latent-class" || method == "dga";
}

PosteriorEstimate posterior_estimate(const mse::CaptureTable& table, const std::string& method,
                                     const PosteriorSettings& settings) {
  return method == "dga" ? graph_averaging(table, settings) : latent_class(table, settings);
}

}  // namespace clearpoint::pipeline
