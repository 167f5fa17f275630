// Multiple Systems Estimation speed, side by side with R (MultipleSystemsEstimation, Rcapture, SparseMSE)
// measured on this kind of machine: all 32,768 two-way models of UKdat (R: 77-147 s; target under 1 s on 2
// cores), all 6,893 hierarchical models of UKdat_5 to order 4 (target under 0.3 s), stepwise, and one fit
// with its profile interval.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "mse/bootstrap.h"
#include "mse/capture_table.h"
#include "mse/model_search.h"
#include "mse/profile_interval.h"

namespace clearpoint::mse {
namespace {

CaptureTable reference_table(const std::string& file) {
  return read_capture_tables(std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/" + file).strata.at(0).table;
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
