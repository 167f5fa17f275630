#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "io/csv_writer.h"
#include "io/safe_output.h"
#include "pipeline/capture_tables.h"

namespace clearpoint::cli {

void add_histories_command(CLI::App& app, GlobalOptions& options) {
  auto out = std::make_shared<std::string>("-");
  auto force = std::make_shared<bool>(false);
  auto strata = std::make_shared<std::vector<std::string>>();
  auto* command = app.add_subcommand(
      "histories", "The capture-history table of the linked persons (one 0/1 column per list, then count)");
  command->add_option("--out", *out, "Output CSV, or - for standard output")->capture_default_str();
  command->add_flag("--force", *force, "Replace --out when it is an existing regular file");
  command
      ->add_option("--strata", *strata,
                   "One table per stratum, as leading stratum_<name> columns: sex, age, citizenship, year")
      ->delimiter(',');
  auto coverage = std::make_shared<std::string>();
  command
      ->add_option("--coverage", *coverage,
                   "A coverage file (docs/estimation.md): adds a coverage column, the lists that could have "
                   "caught each history's persons; default the coverage saved in the store, 'none' for none")
      ->check(CLI::ExistingFile | CLI::IsMember({"none"}));
  auto stale_ok = std::make_shared<bool>(false);
  command->add_flag("--stale-ok", *stale_ok,
                    "Write the histories of persons linked before the latest imports or withdrawals");
  command->callback([&options, out, force, strata, stale_ok, coverage] {
    std::optional<io::SafeOutput> file;
    if (*out != "-") file.emplace(*out, io::SafeOutputOptions{*force, {options.db}, "--out"});
    std::string stale;
    const auto histories = pipeline::capture_histories_from_store(
        options, parse_strata(*strata), "run `clearpoint link` first", *stale_ok, &stale, *coverage);
    if (!stale.empty()) fmt::print(stderr, "warning: {}\n", stale);
    for (const auto& note : histories.coverage_notes()) fmt::print(stderr, "note: {}\n", note);
    const auto rows = histories.rows();
    std::ostream& stream = file ? file->stream() : std::cout;
    io::CsvWriter csv(stream, ',');
    csv.write_row(histories.header());
    for (const auto& row : rows) csv.write_row(row);
    if (file) {
      file->commit();
      fmt::print(stderr, "{} persons on {} lists: {} observed histories written to {}\n", histories.persons(),
                 histories.lists(), rows.size(), *out);
    }
  });
}

}  // namespace clearpoint::cli
