#include <fmt/format.h>

#include <iostream>
#include <map>

#include "cli/commands.h"
#include "io/csv_writer.h"
#include "io/reference_data.h"
#include "pipeline/flows.h"
#include "render/text_table.h"
#include "tiers/tier_grid.h"

namespace clearpoint::cli {

namespace {

struct TiersArgs {
  std::vector<std::string> countries = {"AL", "BA", "HR", "MK", "CS"};
  std::string years = "2001-2006";
  std::vector<std::string> add;
  std::string format = "text";
  bool with_cases = false;
};

void run_tiers(const GlobalOptions& options, const TiersArgs& args) {
  const auto data = options.data_folder();
  const auto countries = options.countries();
  auto history = tiers::TierHistory::load(data, countries);
  for (const auto& file : args.add) history.add_file(file, countries);
  for (const auto& c : args.countries) {
    if (!countries.contains(c)) {
      throw core::UserError(fmt::format("--countries: '{}' is not a country code", c),
                            "use codes from data/countries.csv");
    }
  }
  const auto [first, last] = parse_years(args.years, 2001);
  const auto rows = tiers::tier_grid(history, args.countries, first, last);
  std::vector<std::string> header = {"country"};
  for (int y = first; y <= last; ++y) header.push_back(std::to_string(y));
  if (args.format == "csv") {
    io::CsvWriter csv(std::cout, ',');
    csv.write_row(header);
    for (const auto& row : rows) {
      std::vector<std::string> cells = {row.country};
      cells.insert(cells.end(), row.cells.begin(), row.cells.end());
      csv.write_row(cells);
    }
    return;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& row : rows) {
    std::vector<std::string> cells = {fmt::format("{} {}", row.country, countries.name(row.country))};
    cells.insert(cells.end(), row.cells.begin(), row.cells.end());
    table.push_back(cells);
    if (args.with_cases) {
      const auto trend = pipeline::case_trend(options, row.country);
      std::vector<std::string> counts = {"  cases: origin/transit/destination"};
      for (int y = first; y <= last; ++y) {
        const auto t = trend.find(y);
        counts.push_back(
            t == trend.end() ? "0/0/0" : fmt::format("{}/{}/{}", t->second[0], t->second[1], t->second[2]));
      }
      table.push_back(counts);
    }
  }
  fmt::print(
      "US TIP Report tiers by report year (1, 2, 2WL = Tier 2 Watch List, 3, SC = special case, n.r. = not "
      "reviewed; blank: no source ranks it)\n");
  render::print_table(std::cout, header, table);
  for (const auto& row : rows) {
    for (const auto& note : row.notes) fmt::print("{}\n", note);
  }
  fmt::print("rule: {} — {} (Watch List reports count from {})\n", history.rules().downgrade_text,
             history.rules().downgrade_source, history.rules().downgrade_first_report);
  fmt::print(
      "sources: data/tiers/*.csv, each row with its own (`--add FILE` adds rows; disagreements are shown)\n");
}

}  // namespace

void add_tiers_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<TiersArgs>();
  auto* command = app.add_subcommand(
      "tiers", "US TIP Report tier history: country × year grid with its sources and rules");
  command->add_option("--countries", args->countries, "Country codes")->delimiter(',')->capture_default_str();
  command->add_option("--years", args->years, "Report years, e.g. 2001-2006")->capture_default_str();
  command
      ->add_option("--add", args->add,
                   "More rankings: CSV with country,report_year,tier,changed_on,tier_after,ranked_as,source")
      ->check(CLI::ExistingFile);
  command->add_flag("--with-cases", args->with_cases,
                    "Set the stored cases per year (origin/transit/destination) beside the tiers");
  command->add_option("--format", args->format, "text | csv")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "csv"}));
  command->callback([&options, args] { run_tiers(options, *args); });
}

}  // namespace clearpoint::cli
