#include "cli/unknown_command.h"

#include <vector>

#include "core/suggest.h"

namespace clearpoint::cli {

std::optional<UnknownCommand> unknown_command(CLI::App& app, int argc, const char* const* argv) {
  std::vector<std::string> commands;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
  }
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.rfind("--", 0) == 0) {
      // A main option: its value follows unless given as --option=value or the option is a flag.
      const auto* option = app.get_option_no_throw(word.substr(0, word.find('=')));
      if (option != nullptr && option->get_type_size() != 0 && word.find('=') == std::string::npos) ++i;
      continue;
    }
    if (word.rfind('-', 0) == 0) continue;
    for (const auto& command : commands) {
      if (command == word) return std::nullopt;
    }
    return UnknownCommand{word, core::nearest_name(word, commands)};
  }
  return std::nullopt;
}

}  // namespace clearpoint::cli
