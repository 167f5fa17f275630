#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "pipeline/person_table.h"
#include "render/text_table.h"

namespace clearpoint::cli {

namespace {

struct PersonsArgs {
  pipeline::PersonExportSettings settings;
};

void show(const GlobalOptions& options, const PersonsArgs& args) {
  if (!args.settings.out.empty()) {
    const auto count = pipeline::export_persons(options, args.settings);
    if (args.settings.out != "-")
      fmt::print(stderr, "wrote {} records' persons to {}\n", count, args.settings.out);
    return;
  }
  const auto rows = pipeline::person_rows(options, args.settings.filter);
  std::vector<std::vector<std::string>> table;
  for (const auto& row : rows) {
    std::string lists;
    for (const auto& list : row.person_lists) lists += (lists.empty() ? "" : " ") + list;
    table.push_back({row.agency + "/" + row.list + "/" + row.record_id, row.person,
                     row.link_probability ? fmt::format("{:.3f}", *row.link_probability) : "alone", lists});
  }
  render::print_table(std::cout, {"record", "person", "link probability", "lists the person is on"}, table);
}

}  // namespace

void add_persons_command(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<PersonsArgs>();
  auto& s = args->settings;
  auto* command = app.add_subcommand("persons",
                                     "Each record's person from the last `clearpoint link`, its link "
                                     "probability and the lists the person is "
                                     "on; as a table, or with --out as CSV or JSON Lines");
  command->add_option("--out", s.out, "Write CSV or JSON Lines to this file (- for standard output)");
  command->add_option("--format", s.format, "csv or jsonl; default from the file name")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  command->add_option("--agency", s.filter.agency, "Only this agency's records");
  command->add_option("--list", s.filter.list, "Only this list's records");
  command->add_flag("--force", s.force, "Replace --out when it is an existing regular file");
  command->callback([&options, args] { show(options, *args); });
}

}  // namespace clearpoint::cli
