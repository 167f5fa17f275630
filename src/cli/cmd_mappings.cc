#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "cli/commands.h"
#include "core/diagnostic.h"
#include "pipeline/saved_mappings.h"
#include "render/text_table.h"

namespace clearpoint::cli {

void add_mappings_command(CLI::App& app, GlobalOptions& options) {
  auto* command = app.add_subcommand(
      "mappings", "Column mappings an agency saved to choose again (import --saved-mapping, the server)");
  command->require_subcommand(1);

  struct Args {
    std::string agency;
    std::string name;
    std::string file;
  };
  auto args = std::make_shared<Args>();

  auto* save = command->add_subcommand("save", "Check a mapping file and save it for the agency under NAME");
  save->add_option("name", args->name, "The name the agency chooses it by")->required();
  save->add_option("file", args->file, "The mapping (TOML, docs/import.md)")
      ->required()
      ->check(CLI::ExistingFile);
  save->add_option("--agency", args->agency, "The agency whose mapping it is")->required();
  save->callback([&options, args] {
    std::ifstream in(args->file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    pipeline::save_mapping(options, args->agency, args->name, text);
    fmt::print("mapping '{}' saved for {}\n", args->name, args->agency);
  });

  auto* list = command->add_subcommand("list", "The agency's saved mappings");
  list->add_option("--agency", args->agency, "The agency")->required();
  list->callback([&options, args] {
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : pipeline::saved_mappings(options, args->agency))
      rows.push_back({m.name, m.saved_by, m.saved_at});
    if (rows.empty()) {
      fmt::print("{} has no saved mappings — `clearpoint mappings save NAME FILE --agency {}`\n",
                 args->agency, args->agency);
      return;
    }
    render::print_table(std::cout, {"mapping", "saved by", "saved at"}, rows);
  });

  auto* show = command->add_subcommand("show", "Print a saved mapping");
  show->add_option("name", args->name, "The mapping")->required();
  show->add_option("--agency", args->agency, "The agency")->required();
  show->callback([&options, args] {
    fmt::print("{}", pipeline::saved_mapping_text(options, args->agency, args->name));
  });
}

}  // namespace clearpoint::cli
