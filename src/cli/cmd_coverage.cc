#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <memory>

#include "cli/commands.h"
#include "pipeline/coverage_source.h"

namespace clearpoint::cli {

void add_coverage_command(CLI::App& app, GlobalOptions& options) {
  auto* command = app.add_subcommand(
      "coverage",
      "The lists' coverage kept in the store, used by every estimate unless --coverage says else");
  command->require_subcommand(1);

  auto file = std::make_shared<std::string>();
  auto* save = command->add_subcommand("save", "Check a coverage file and keep it in the store");
  save->add_option("file", *file, "The coverage file (TOML, docs/estimation.md)")
      ->required()
      ->check(CLI::ExistingFile);
  save->callback([&options, file] {
    std::ifstream in(*file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    pipeline::save_coverage(options, text);
    fmt::print(
        "coverage saved in the store: `estimate`, release reports and the server use it from now on "
        "(--coverage none pools the lists)\n");
  });

  auto* show = command->add_subcommand("show", "Print the coverage kept in the store");
  show->callback([&options] {
    const auto saved = pipeline::saved_coverage(options);
    if (!saved) {
      fmt::print("no coverage is saved in the store — `clearpoint coverage save FILE`\n");
      return;
    }
    fmt::print("# saved by {} at {}\n{}", saved->saved_by, saved->saved_at, saved->content);
  });

  auto* clear = command->add_subcommand("clear", "Remove the coverage kept in the store");
  clear->callback([&options] {
    fmt::print("{}\n", pipeline::clear_coverage(options) ? "the store's coverage was removed"
                                                         : "no coverage was saved in the store");
  });
}

}  // namespace clearpoint::cli
