#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "io/csv_writer.h"
#include "pipeline/export_records.h"
#include "records/record_stats.h"
#include "render/text_table.h"

namespace clearpoint::cli {

namespace {
struct StatsArgs {
  std::string format = "table";
  store::RecordFilter filter;
};

void print_tables(const records::RecordStats& stats) {
  fmt::print("{} records (records, not persons: one person on several lists counts on each)\n",
             stats.records());
  for (const auto& tally : stats.tallies()) {
    fmt::print("\nby {}{}\n", tally.dimension,
               tally.multi_valued ? " (a record counts once under each value it lists)" : "");
    std::vector<std::vector<std::string>> rows;
    for (const auto& [value, count] : tally.counts) {
      const double share =
          stats.records() > 0 ? 100.0 * static_cast<double>(count) / static_cast<double>(stats.records()) : 0;
      rows.push_back({value, std::to_string(count), fmt::format("{:.1f}%", share)});
    }
    render::print_table(std::cout, {tally.dimension, "records", "share"}, rows);
  }
}
}  // namespace

void add_stats_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<StatsArgs>();
  auto* command =
      app.add_subcommand("stats", "Counts of stored records by agency, year, sex, exploitation and country");
  command->add_option("--format", args->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  command->add_option("--agency", args->filter.agency, "Only this agency's records");
  command->add_option("--list", args->filter.list, "Only this list's records");
  command->callback([&options, args] {
    const auto stats = pipeline::record_stats(options, args->filter);
    if (args->format == "table") {
      print_tables(stats);
    } else if (args->format == "csv") {
      io::CsvWriter csv(std::cout, ',');
      csv.write_row(std::vector<std::string>{"dimension", "value", "records"});
      csv.write_row(std::vector<std::string>{"total", "", std::to_string(stats.records())});
      for (const auto& tally : stats.tallies()) {
        for (const auto& [value, count] : tally.counts) {
          csv.write_row(std::vector<std::string>{tally.dimension, value, std::to_string(count)});
        }
      }
    } else {
      nlohmann::ordered_json out = {{"unit", "records"}, {"records", stats.records()}};
      for (const auto& tally : stats.tallies()) {
        nlohmann::ordered_json counts = nlohmann::ordered_json::object();
        for (const auto& [value, count] : tally.counts) counts[value] = count;
        out["by"][tally.dimension] = {{"multi_valued", tally.multi_valued}, {"counts", counts}};
      }
      std::cout << out.dump(2) << '\n';
    }
  });
}

}  // namespace clearpoint::cli
