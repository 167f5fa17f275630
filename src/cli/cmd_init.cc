#include <fmt/format.h>

#include "cli/commands.h"

namespace clearpoint::cli {

void add_init_command(CLI::App& app, GlobalOptions& options) {
  auto* command = app.add_subcommand("init", "Create an empty store (or bring an existing one up to date)");
  command->callback([&options] {
    const auto store = store::Store::create(options.db, options.countries(), options.audit_actor());
    fmt::print("store {} ready (schema version {})\n", options.db, store.schema_version());
  });
}

}  // namespace clearpoint::cli
