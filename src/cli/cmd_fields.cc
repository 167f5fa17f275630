#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "records/data_dictionary.h"

namespace clearpoint::cli {

void add_fields_command(CLI::App& app, GlobalOptions& /*options*/) {
  auto* command =
      app.add_subcommand("fields", "Print the data dictionary: every field, its type and allowed values");
  command->callback([] { std::cout << records::data_dictionary_markdown(); });
}

}  // namespace clearpoint::cli
