// Coverage study (docs/estimation.md): how often each interval holds the true population, over many
// populations simulated with heterogeneity and list dependence, and the bias of each estimator — log-linear
// (stepwise, BIC), latent classes (pooled, and per coverage group or shared across the groups when the lists
// see different people), decomposable graph averaging.
//
// Capture histories come from the simulation's truth (estimation alone) or, with `link`, from importing the
// simulated batches and running `clearpoint link` as a user does (estimation after linkage, with the
// coverage groups decided from what the linked records say, as `estimate --coverage` does).
// usage: clearpoint_coverage [scenario=data/scenarios/coverage-five-lists.toml] [populations=200]
//                            [bootstrap replicates=200] [threads=2] [truth|link]
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "io/csv_reader.h"
#include "io/reference_data.h"
#include "mse/bootstrap.h"
#include "mse/graph_averaging.h"
#include "mse/latent_class.h"
#include "pipeline/capture_tables.h"
#include "pipeline/import_batch.h"
#include "pipeline/linkage.h"
#include "pipeline/posterior_estimate.h"
#include "simulate/simulator.h"

namespace {

using namespace clearpoint;

struct Tally {
  int covered = 0;
  int runs = 0;
  double width = 0;
  void add(double lower, double upper, double truth) {
    ++runs;
    covered += lower <= truth && truth <= upper ? 1 : 0;
    width += upper - lower;
  }
};

struct Estimator {
  double error = 0;
  double squared = 0;
  int runs = 0;
  int unsettled = 0;  // samplers that did not reach R̂ < 1.01 and 1,000 effective draws
  void add(double estimate, double truth) {
    ++runs;
    error += estimate - truth;
    squared += (estimate - truth) * (estimate - truth);
  }
};

std::vector<std::string> split_bars(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, '|');) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

// Whether agency `a` could have caught a person with this true route and year (as the simulator decides).
bool reaches(const simulate::Agency& a, const std::string& origin, const std::vector<std::string>& transit,
             const std::string& destination, int year) {
  if (year < a.first_year || year > a.last_year) return false;
  if (a.sees_origin && origin == a.country) return true;
  if (a.sees_destination && destination == a.country) return true;
  return a.sees_transit && std::find(transit.begin(), transit.end(), a.country) != transit.end();
}

// The capture table of a simulation's truth (lists in scenario order), each person in the coverage group
// of the lists that could have caught her, and the true population.
std::pair<mse::CaptureTable, double> true_table(const std::string& dir, const simulate::Scenario& scenario) {
  std::vector<std::string> lists;
  for (const auto& a : scenario.agencies) lists.push_back(a.id + "/" + a.list);
  io::CsvReader truth(dir + "/truth.csv", {});
  io::CsvRow row;
  truth.next(row);
  struct Person {
    mse::History on = 0;
    mse::History reachable = 0;
  };
  std::map<std::string, Person> persons;
  while (truth.next(row)) {
    auto& p = persons[row.fields[0]];
    const auto transit = split_bars(row.fields[12]);
    const int year = std::atoi(row.fields[14].c_str());
    for (std::size_t j = 0; j < scenario.agencies.size(); ++j) {
      const auto& a = scenario.agencies[j];
      if (row.fields[1] == a.id && row.fields[2] == a.list) p.on |= mse::History{1} << j;
      if (reaches(a, row.fields[11], transit, row.fields[13], year)) p.reachable |= mse::History{1} << j;
    }
  }
  mse::CaptureTable table{lists, std::vector<double>(std::size_t{1} << lists.size(), 0.0)};
  for (const auto& [id, p] : persons) {
    if (p.on != 0) mse::add_covered(table, p.reachable | p.on, p.on, 1);
  }
  return {table, static_cast<double>(persons.size())};
}

// The capture table a user gets: the batches imported with their mappings, `clearpoint link`, and the
// coverage the simulation declares (coverage.toml) applied to what the linked records say.
mse::CaptureTable linked_table(const std::string& dir, const simulate::Scenario& scenario, int threads) {
  pipeline::Workspace workspace;
  workspace.db = dir + "/store.db";
  std::filesystem::remove(workspace.db);
  workspace.init_store();
  for (const auto& a : scenario.agencies) {
    pipeline::ImportSettings settings;
    settings.agency = a.id;
    settings.list = a.list;
    settings.list_given = true;
    settings.mapping_path = dir + "/" + a.file_stem() + ".mapping.toml";
    const std::string extension =
        std::filesystem::exists(dir + "/" + a.file_stem() + ".csv") ? ".csv" : ".jsonl";
    pipeline::import_batches(workspace, {dir + "/" + a.file_stem() + extension}, settings,
                             [](const pipeline::ImportOutcome&) {});
  }
  pipeline::LinkSettings link;
  link.threads = threads;
  pipeline::run_linkage(workspace, link);
  const auto histories =
      pipeline::capture_histories_from_store(workspace, {}, "", false, nullptr, dir + "/coverage.toml");
  return pipeline::capture_tables(histories, {}).strata.at(0).table;
}

// Kept draws per chain of each latent-class run (after as many warm-up iterations): a fixed length keeps the
// study's time bounded; runs that had not settled by then are counted in the table. 5,000 with the
// Hamiltonian moves (about six times the effective draws an iteration of the Gibbs sweeps alone, which ran
// 25,000).
constexpr std::int64_t kSamplerDraws = 5000;

}  // namespace

int main(int argc, char** argv) {
  const auto data = io::find_data_dir();
  const std::string scenario_file = argc > 1 ? argv[1] : data + "/scenarios/coverage-five-lists.toml";
  const int populations = argc > 2 ? std::atoi(argv[2]) : 200;
  const int replicates = argc > 3 ? std::atoi(argv[3]) : 200;
  const int threads = argc > 4 ? std::atoi(argv[4]) : 2;
  const bool through_link = argc > 5 && std::string(argv[5]) == "link";
  const auto countries = io::load_countries(data);
  const auto names = simulate::NameBook::load(data);
  const auto scenario = simulate::load_scenario(scenario_file, countries, names);
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("clearpoint-coverage-{}", getpid());
  std::map<std::string, Tally> tallies;
  std::map<std::string, Estimator> estimators;
  double true_total = 0;
  double observed_total = 0;
  std::size_t groups = 0;
  for (int p = 0; p < populations; ++p) {
    simulate::SimulationOptions options;
    options.seed = 1000 + static_cast<std::uint64_t>(p);
    options.out_dir = dir.string();
    std::filesystem::remove_all(dir);
    simulate::simulate(scenario, names, options);
    auto [table, truth] = true_table(dir.string(), scenario);
    if (through_link) table = linked_table(dir.string(), scenario, threads);
    groups += table.coverage.size();
    true_total += truth;
    observed_total += table.observed();
    const bool partial = table.coverage.size() > 1;
    auto pooled = table;
    pooled.coverage.clear();
    for (const char* name : {"stepwise", "bic"}) {
      if (std::string(name) == "bic" && table.list_count() > 6) continue;
      const auto method = mse::parse_method(name);
      const auto selection = mse::select_model(pooled, method, threads);
      if (!selection.ok) continue;
      estimators[name].add(selection.population, truth);
      const auto profile = mse::profile_interval(pooled, selection.model, selection.fit.population);
      tallies[fmt::format("{}: profile likelihood (model-conditional)", name)].add(profile.lower,
                                                                                   profile.upper, truth);
      if (std::string(name) == "stepwise" && replicates > 0) {
        const auto boot = mse::bootstrap_bca(pooled, method, selection.population, replicates,
                                             static_cast<std::uint64_t>(p), threads);
        tallies["stepwise: BCa bootstrap, selection re-run"].add(boot.bca.lower, boot.bca.upper, truth);
      }
    }
    pipeline::PosteriorSettings settings;
    settings.seed = static_cast<std::uint64_t>(p) + 1;
    settings.threads = threads;
    settings.samples = kSamplerDraws;
    const auto add_posterior = [&](const std::string& name, const mse::CaptureTable& t,
                                   const std::string& method) {
      const auto e = pipeline::posterior_estimate(t, method, settings);
      estimators[name].add(e.posterior.median, truth);
      if (e.sampler && !e.sampler->converged) ++estimators[name].unsettled;
      tallies[name + ": 95% credible"].add(e.posterior.lower, e.posterior.upper, truth);
    };
    add_posterior(partial ? "latent-class, lists pooled" : "latent-class", pooled, "latent-class");
    if (partial) {
      settings.shared_coverage_model = false;
      add_posterior("latent-class per coverage group", table, "latent-class");
      settings.shared_coverage_model = true;
      add_posterior("latent-class, coverage groups shared", table, "latent-class");
    }
    if (table.list_count() <= 6) add_posterior(partial ? "dga, lists pooled" : "dga", pooled, "dga");
    if ((p + 1) % 10 == 0) fmt::print(stderr, "{} of {} populations\n", p + 1, populations);
  }
  std::filesystem::remove_all(dir);
  fmt::print("{} ({})\n\n", scenario_file,
             through_link ? "histories from `clearpoint link`" : "histories from the truth");
  fmt::print(
      "{} populations of {:.0f} persons on average, {:.0f} identified ({:.0f}%), {:.1f} coverage groups on "
      "average; bootstrap {} replicates; latent-class chains of {} kept draws after as many warm-up\n\n",
      populations, true_total / populations, observed_total / populations, 100 * observed_total / true_total,
      static_cast<double>(groups) / populations, replicates, kSamplerDraws);
  fmt::print(
      "| estimator | mean estimate − truth | relative bias | root mean square error | sampler not settled |\n"
      "|---|---|---|---|---|\n");
  for (const auto& [name, e] : estimators) {
    fmt::print("| {} | {:+.0f} | {:+.1f}% | {:.0f} | {} |\n", name, e.error / e.runs,
               100 * e.error / e.runs / (true_total / populations), std::sqrt(e.squared / e.runs),
               e.unsettled > 0 ? fmt::format("{} of {}", e.unsettled, e.runs) : "—");
  }
  fmt::print("\n| interval (nominal 95%) | real coverage | mean width |\n|---|---|---|\n");
  for (const auto& [name, t] : tallies) {
    fmt::print("| {} | {:.1f}% ({} of {}) | {:.0f} |\n", name, 100.0 * t.covered / t.runs, t.covered, t.runs,
               t.width / t.runs);
  }
  return 0;
}
