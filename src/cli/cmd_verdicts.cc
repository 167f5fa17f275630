#include <iostream>

#include "cli/commands.h"
#include "io/csv_writer.h"
#include "pipeline/classify.h"
#include "render/verdict_rows.h"

namespace clearpoint::cli {

namespace {
struct VerdictsArgs {
  std::string frameworks;
  std::string format = "csv";
  store::RecordFilter filter;
};

void run_verdicts(const GlobalOptions& options, const VerdictsArgs& args) {
  const auto frameworks = pipeline::load_frameworks(options, args.frameworks);
  if (args.format == "jsonl") {
    pipeline::for_each_verdict(options, frameworks, args.filter, [](const pipeline::VerdictRow& row) {
      std::cout << render::verdict_json(row).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
    });
    return;
  }
  io::CsvWriter csv(std::cout, ',');
  csv.write_row(render::verdict_csv_header());
  pipeline::for_each_verdict(options, frameworks, args.filter, [&](const pipeline::VerdictRow& row) {
    csv.write_row(render::verdict_csv_row(row));
  });
}
}  // namespace

void add_verdicts_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<VerdictsArgs>();
  auto* command = app.add_subcommand("verdicts",
                                     "Every stored record's verdict under every framework, with the elements "
                                     "that decided it (CSV or JSON Lines)");
  command->add_option("--frameworks", args->frameworks,
                      "Folder of framework files; default the data folder's frameworks/");
  command->add_option("--format", args->format, "csv or jsonl")
      ->capture_default_str()
      ->check(CLI::IsMember({"csv", "jsonl"}));
  command->add_option("--agency", args->filter.agency, "Only this agency's records");
  command->add_option("--list", args->filter.list, "Only this list's records");
  command->callback([&options, args] { run_verdicts(options, *args); });
}

}  // namespace clearpoint::cli
