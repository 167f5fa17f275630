// Coverage study (docs/estimation.md): how often each interval holds the true population, over many
// populations simulated with heterogeneity and list dependence (data/scenarios/coverage-five-lists.toml),
// and the bias of each estimator. Capture histories come from the simulation's truth, so the study
// measures estimation alone, not linkage.
// usage: clearpoint_coverage [scenario=data/scenarios/coverage-five-lists.toml] [populations=200]
//                            [bootstrap replicates=200] [threads=2]
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "io/csv_reader.h"
#include "io/reference_data.h"
#include "mse/bootstrap.h"
#include "simulate/simulator.h"

namespace {

using namespace clearpoint;

struct Tally {
  int covered = 0;
  int runs = 0;
  double width = 0;
  void add(const mse::Interval& interval, double truth) {
    ++runs;
    covered += interval.lower <= truth && truth <= interval.upper ? 1 : 0;
    width += interval.upper - interval.lower;
  }
};

struct Estimator {
  double error = 0;
  double squared = 0;
  int runs = 0;
  void add(double estimate, double truth) {
    ++runs;
    error += estimate - truth;
    squared += (estimate - truth) * (estimate - truth);
  }
};

// The capture table of a simulation's truth (lists in manifest order) and its true population.
std::pair<mse::CaptureTable, double> true_table(const std::string& dir,
                                                const std::vector<std::string>& lists) {
  io::CsvReader truth(dir + "/truth.csv", {});
  io::CsvRow row;
  truth.next(row);
  std::map<std::string, mse::History> history;
  while (truth.next(row)) {
    auto& h = history[row.fields[0]];
    for (std::size_t j = 0; j < lists.size(); ++j) {
      if (row.fields[1] == lists[j]) h |= mse::History{1} << j;
    }
  }
  mse::CaptureTable table{lists, std::vector<double>(std::size_t{1} << lists.size(), 0.0)};
  for (const auto& [person, h] : history) {
    if (h != 0) table.counts[h] += 1;
  }
  return {table, static_cast<double>(history.size())};
}

}  // namespace

int main(int argc, char** argv) {
  const auto data = io::find_data_dir();
  const std::string scenario_file = argc > 1 ? argv[1] : data + "/scenarios/coverage-five-lists.toml";
  const int populations = argc > 2 ? std::atoi(argv[2]) : 200;
  const int replicates = argc > 3 ? std::atoi(argv[3]) : 200;
  const int threads = argc > 4 ? std::atoi(argv[4]) : 2;
  const auto countries = io::load_countries(data);
  const auto names = simulate::NameBook::load(data);
  const auto scenario = simulate::load_scenario(scenario_file, countries, names);
  const std::vector<std::string> lists = {"POLICE", "SHELTER", "IOM", "SOCIAL", "LABOUR"};
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("clearpoint-coverage-{}", getpid());
  std::map<std::string, Tally> tallies;
  std::map<std::string, Estimator> estimators;
  double true_total = 0;
  double observed_total = 0;
  for (int p = 0; p < populations; ++p) {
    simulate::SimulationOptions options;
    options.seed = 1000 + static_cast<std::uint64_t>(p);
    options.out_dir = dir.string();
    simulate::simulate(scenario, names, options);
    const auto [table, truth] = true_table(dir.string(), lists);
    true_total += truth;
    observed_total += table.observed();
    for (const char* name : {"stepwise", "bic"}) {
      const auto method = mse::parse_method(name);
      const auto selection = mse::select_model(table, method, threads);
      if (!selection.ok) continue;
      estimators[name].add(selection.population, truth);
      tallies[fmt::format("{}: profile likelihood (model-conditional)", name)].add(
          mse::profile_interval(table, selection.model, selection.fit.population), truth);
      tallies[fmt::format("{}: Wald, log scale (model-conditional)", name)].add(
          mse::wald_interval(selection.fit), truth);
      if (std::string(name) == "stepwise" && replicates > 0) {
        const auto boot = mse::bootstrap_bca(table, method, selection.population, replicates,
                                             static_cast<std::uint64_t>(p), threads);
        tallies["stepwise: BCa bootstrap, selection re-run"].add(boot.bca, truth);
        tallies["stepwise: percentile bootstrap, selection re-run"].add(boot.percentile, truth);
      }
    }
    if ((p + 1) % 20 == 0) fmt::print(stderr, "{} of {} populations\n", p + 1, populations);
  }
  std::filesystem::remove_all(dir);
  fmt::print("{}\n\n", scenario_file);
  fmt::print(
      "{} populations of {:.0f} persons on average, {:.0f} identified ({:.0f}%); bootstrap {} replicates\n\n",
      populations, true_total / populations, observed_total / populations, 100 * observed_total / true_total,
      replicates);
  fmt::print(
      "| estimator | mean estimate − truth | relative bias | root mean square error |\n|---|---|---|---|\n");
  for (const auto& [name, e] : estimators) {
    fmt::print("| {} | {:+.0f} | {:+.1f}% | {:.0f} |\n", name, e.error / e.runs,
               100 * e.error / e.runs / (true_total / populations), std::sqrt(e.squared / e.runs));
  }
  fmt::print("\n| interval (nominal 95%) | real coverage | mean width |\n|---|---|---|\n");
  for (const auto& [name, t] : tallies) {
    fmt::print("| {} | {:.1f}% ({} of {}) | {:.0f} |\n", name, 100.0 * t.covered / t.runs, t.covered, t.runs,
               t.width / t.runs);
  }
  return 0;
}
