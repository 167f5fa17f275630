// Multiple Systems Estimation speed, side by side with R (MultipleSystemsEstimation, Rcapture, SparseMSE)
// measured on this kind of machine: all 32,768 two-way models of UKdat (R: 77-147 s; target under 1 s on 2
// cores), all 6,893 hierarchical models of UKdat_5 to order 4 (target under 0.3 s), stepwise, and one fit
// with its profile interval.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <utility>

#include "mse/bootstrap.h"
#include "mse/capture_table.h"
#include "mse/graph_averaging.h"
#include "mse/latent_class.h"
#include "mse/model_search.h"
#include "mse/profile_interval.h"

namespace clearpoint::mse {
namespace {

CaptureTable reference_table(const std::string& file) {
  return read_capture_tables(std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/" + file).strata.at(0).table;
}

// A table kept with the benchmarks (bench/data/README.md says where each came from).
CaptureTable bench_table(const std::string& file) {
  return read_capture_tables(std::string(CLEARPOINT_BENCH_DIR) + "/data/" + file).strata.at(0).table;
}

void BM_AllTwoWayModelsUKdat(benchmark::State& state) {
  const auto table = reference_table("UKdat.csv");
  const auto models = two_way_models(6);
  for (auto _ : state) {
    const auto result = search_models(table, models, Criterion::kBic, static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(result.admissible.front().fit.population);
  }
  state.counters["models"] = static_cast<double>(models.size());
  state.counters["threads"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_AllTwoWayModelsUKdat)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AllHierarchicalModelsUKdat5(benchmark::State& state) {
  const auto table = reference_table("UKdat_5.csv");
  const auto models = hierarchical_models(5, 4);
  for (auto _ : state) {
    const auto result = search_models(table, models, Criterion::kBic, static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(result.admissible.front().fit.population);
  }
  state.counters["models"] = static_cast<double>(models.size());
}
BENCHMARK(BM_AllHierarchicalModelsUKdat5)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StepwiseUKdat(benchmark::State& state) {
  const auto table = reference_table("UKdat.csv");
  for (auto _ : state) benchmark::DoNotOptimize(stepwise(table, 0.02).fit.population);
}
BENCHMARK(BM_StepwiseUKdat)->Unit(benchmark::kMicrosecond);

void BM_FitAndProfileKosovo(benchmark::State& state) {
  const auto table = reference_table("Kosovo.csv");
  const auto model = parse_model("[123,14,34]", 4);
  for (auto _ : state) {
    const auto fit = fit_poisson(table, model);
    benchmark::DoNotOptimize(profile_interval(table, model, fit.population).upper);
  }
}
BENCHMARK(BM_FitAndProfileKosovo)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace clearpoint::mse

namespace clearpoint::mse {
namespace {

// Target: a 1,000-replicate BCa bootstrap re-running stepwise selection on UKdat in under 5 s
// (SparseMSE: 189 s).
void BM_BootstrapStepwiseUKdat(benchmark::State& state) {
  const auto table = reference_table("UKdat.csv");
  const auto method = parse_method("stepwise");
  const double estimate = select_model(table, method).population;
  for (auto _ : state) {
    const auto boot = bootstrap_bca(table, method, estimate, 1000, 1, static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(boot.bca.upper);
  }
  state.counters["replicates"] = 1000;
  state.counters["threads"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_BootstrapStepwiseUKdat)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace clearpoint::mse

namespace clearpoint::mse {
namespace {

// Target: graph averaging over all 822 decomposable graphs of 5 lists under 0.1 s (R's dga: 0.7–1.2 s).
void BM_GraphAveragingUKdat5(benchmark::State& state) {
  const auto table = reference_table("UKdat_5.csv");
  for (auto _ : state) benchmark::DoNotOptimize(average_decomposable_graphs(table).posterior.median);
  state.counters["graphs"] = 822;
}
BENCHMARK(BM_GraphAveragingUKdat5)->Unit(benchmark::kMillisecond);

// All 18,154 decomposable graphs of 6 lists, generated on the fly.
void BM_GraphAveragingUKdat6Lists(benchmark::State& state) {
  const auto table = reference_table("UKdat.csv");
  for (auto _ : state) benchmark::DoNotOptimize(average_decomposable_graphs(table).posterior.median);
  state.counters["graphs"] = 18154;
}
BENCHMARK(BM_GraphAveragingUKdat6Lists)->Unit(benchmark::kMillisecond);

// All 617,675 decomposable graphs of 7 lists (R's dga stops at 5 lists with its shipped graph tables):
// New Orleans' 8 lists with F and G merged, on 1 and 2 threads.
void BM_GraphAveragingNewOrleans7Lists(benchmark::State& state) {
  const auto eight = reference_table("NewOrl.csv");
  CaptureTable table;
  table.lists = {"A", "B", "C", "D", "E", "FG", "H"};
  table.counts.assign(1U << 7, 0.0);
  for (History h = 1; h < eight.counts.size(); ++h) {
    const History merged = (h & 0x1FU) | (((h >> 5) | (h >> 6)) & 1U) << 5 | ((h >> 7) & 1U) << 6;
    table.counts[merged] += eight.counts[h];
  }
  GraphAveragingSettings settings;
  settings.threads = static_cast<int>(state.range(0));
  for (auto _ : state)
    benchmark::DoNotOptimize(average_decomposable_graphs(table, settings).posterior.median);
  state.counters["graphs"] = 617675;
}
BENCHMARK(BM_GraphAveragingNewOrleans7Lists)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// How long the chains ran and how far they agree, beside the time.
void report_convergence(benchmark::State& state, const LatentClassResult& result) {
  state.counters["iterations_per_chain"] = static_cast<double>(result.iterations);
  state.counters["rhat"] = result.diagnostics.rhat;
  state.counters["ess_bulk"] = result.diagnostics.ess_bulk;
  state.counters["ess_tail"] = result.diagnostics.ess_tail;
  state.counters["converged"] = result.converged ? 1 : 0;
}

// The latent-class sampler as `estimate --method latent-class` runs it: 4 chains on 2 threads, in rounds
// until R̂ < 1.01 and 1,000 effective draws of N (R's LCMCR: 29–49 s for one 100,000-iteration chain with no
// convergence check).
void run_latent_class(benchmark::State& state, const CaptureTable& table, std::uint64_t seed) {
  LatentClassResult result;
  for (auto _ : state) {
    LatentClassSettings settings;
    settings.seed = seed;
    settings.threads = 2;
    result = fit_latent_class(table, settings);
    benchmark::DoNotOptimize(std::as_const(result.posterior.median));
  }
  report_convergence(state, result);
}

void BM_LatentClassKosovo(benchmark::State& state) {
  run_latent_class(state, reference_table("Kosovo.csv"), 1);
}
BENCHMARK(BM_LatentClassKosovo)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

void BM_LatentClassUKdat5(benchmark::State& state) {
  run_latent_class(state, reference_table("UKdat_5.csv"), 1);
}
BENCHMARK(BM_LatentClassUKdat5)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// Sampler throughput on 11 lists: 4 chains × 100,000 iterations of the Western Balkans demo's table (the
// persons `clearpoint link` found at seed 2026, bench/data/western-balkans-2026.histories.csv).
void BM_LatentClassWesternBalkans11Lists(benchmark::State& state) {
  const auto table = bench_table("western-balkans-2026.histories.csv");
  LatentClassResult result;
  for (auto _ : state) {
    LatentClassSettings settings;
    settings.samples = 50000;
    settings.threads = 2;
    result = fit_latent_class(table, settings);
    benchmark::DoNotOptimize(std::as_const(result.posterior.median));
  }
  state.counters["sweeps_per_s"] = benchmark::Counter(4.0 * 100000, benchmark::Counter::kIsRate);
  state.counters["rhat"] = result.diagnostics.rhat;
  state.counters["ess_bulk"] = result.diagnostics.ess_bulk;
}
BENCHMARK(BM_LatentClassWesternBalkans11Lists)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// The demo's default estimate: the same persons with their coverage (bench/data/
// western-balkans-2026.coverage-histories.csv: 40 coverage groups, 3,118 persons of undetermined reach),
// latent classes shared by the groups, 4 chains on 2 threads run until R̂ < 1.01 and 1,000 effective draws
// of N, as `clearpoint estimate` does.
void BM_LatentClassWesternBalkansSharedCoverage(benchmark::State& state) {
  const auto table = bench_table("western-balkans-2026.coverage-histories.csv");
  LatentClassResult result;
  for (auto _ : state) {
    LatentClassSettings settings;
    settings.threads = 2;
    settings.share_coverage_groups = true;
    result = fit_latent_class(table, settings);
    benchmark::DoNotOptimize(std::as_const(result.posterior.median));
  }
  report_convergence(state, result);
  state.counters["estimate"] = result.posterior.median;
}
BENCHMARK(BM_LatentClassWesternBalkansSharedCoverage)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace
}  // namespace clearpoint::mse
