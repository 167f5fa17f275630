// Simulation throughput: persons (and their agency records) generated per second on one core, with
// every file written. Target: 1,000,000 persons in under 30 s; bench/simulate_side_by_side.sh
// runs that size through the CLI and reports peak memory.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "io/reference_data.h"
#include "simulate/simulator.h"

namespace clearpoint::bench {
namespace {

void BM_SimulateWesternBalkans(benchmark::State& state) {
  const std::string data_dir = io::find_data_dir();
  const auto countries = io::load_countries(data_dir);
  const auto names = simulate::NameBook::load(data_dir);
  const auto scenario =
      simulate::load_scenario(data_dir + "/scenarios/western-balkans.toml", countries, names);
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("clearpoint-sim-bench-{}", getpid());
  simulate::SimulationOptions options;
  options.out_dir = dir.string();
  options.scale = static_cast<double>(state.range(0)) / 38000.0;  // the scenario has about 38,000 persons
  std::int64_t persons = 0;
  std::int64_t records = 0;
  for (auto _ : state) {
    const auto summary = simulate::simulate(scenario, names, options);
    persons += summary.persons;
    records += summary.records;
    ++options.seed;
  }
  std::filesystem::remove_all(dir);
  state.counters["persons/s"] = benchmark::Counter(static_cast<double>(persons), benchmark::Counter::kIsRate);
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimulateWesternBalkans)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace clearpoint::bench
