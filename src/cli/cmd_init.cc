#include <fmt/format.h>

#include "cli/commands.h"

namespace clearpoint::cli {

void add_init_command(CLI::App& app, GlobalOptions& options) {
  auto* command = app.add_subcommand("init", "Create an empty store (or bring an existing one up to date)");
  command->callback([&options] {
    const int schema = options.init_store();
    fmt::print("store {} ready (schema version {})\n", options.db, schema);
  });
}

}  // namespace clearpoint::cli
