#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/progress.h"
#include "io/reference_data.h"
#include "render/text_table.h"
#include "simulate/simulator.h"

namespace clearpoint::cli {

namespace {
struct SimulateArgs {
  std::string scenario;
  std::string out;
  std::uint64_t seed = 1;
  double scale = 1;
};
}  // namespace

void add_simulate_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<SimulateArgs>();
  auto* command = app.add_subcommand(
      "simulate",
      "Write synthetic agency lists with known ground truth from a scenario (no real person is described)");
  command->add_option("--scenario", args->scenario,
                      "Scenario file (TOML); default the data folder's scenarios/western-balkans.toml");
  command
      ->add_option("--out", args->out,
                   "Folder for the batch files, their mappings, truth.csv and manifest.csv")
      ->required();
  command->add_option("--seed", args->seed, "Random seed: the same seed and scenario give the same files")
      ->capture_default_str();
  command->add_option("--scale", args->scale, "Multiply every victim count, e.g. 0.1 or 10")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command->callback([&options, args] {
    const std::string data_dir = options.data_folder();
    const std::string scenario_path =
        args->scenario.empty()
            ? (std::filesystem::path(data_dir) / "scenarios" / "western-balkans.toml").string()
            : args->scenario;
    const auto country_set = io::load_countries(data_dir);
    const auto names = simulate::NameBook::load(data_dir);
    const auto scenario = simulate::load_scenario(scenario_path, country_set, names);
    Progress progress("simulating " + scenario.name);
    simulate::SimulationOptions simulation;
    simulation.seed = args->seed;
    simulation.scale = args->scale;
    simulation.out_dir = args->out;
    simulation.progress = [&](int year) {
      progress.update(static_cast<std::uint64_t>(year - scenario.first_year),
                      static_cast<std::uint64_t>(scenario.last_year - scenario.first_year + 1));
    };
    const auto summary = simulate::simulate(scenario, names, simulation);
    fmt::print("{} (seed {}, scale {}): {} persons, {} identified on at least one list, {} records\n",
               scenario.name, args->seed, args->scale, summary.persons, summary.identified, summary.records);
    std::vector<std::vector<std::string>> rows;
    for (const auto& list : summary.lists) {
      rows.push_back({list.agency, list.list, list.batch_file, std::to_string(list.records),
                      std::to_string(list.persons)});
    }
    render::print_table(std::cout, {"agency", "list", "file", "records", "persons"}, rows);
    fmt::print("\nthe truth by year of identification (what the agencies' lists cannot show)\n");
    std::vector<std::vector<std::string>> years;
    for (const auto& [year, counts] : summary.years) {
      years.push_back(
          {std::to_string(year), std::to_string(counts.persons), std::to_string(counts.identified),
           fmt::format("{:.1f}%", counts.persons > 0 ? 100.0 * static_cast<double>(counts.identified) /
                                                           static_cast<double>(counts.persons)
                                                     : 0.0),
           std::to_string(counts.records)});
    }
    render::print_table(std::cout, {"year", "true persons", "identified", "share", "records"}, years);
    fmt::print("written to {}: the batches, their column mappings, truth.csv and manifest.csv\n", args->out);
  });
}

}  // namespace clearpoint::cli
