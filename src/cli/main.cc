// clearpoint: the command-line entry point. Exit codes: 0 ok, 1 user error, 2 internal error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "cli/unknown_command.h"
#include "core/allocator_tuning.h"
#include "core/diagnostic.h"
#include "core/terminal_text.h"
#include "store/sqlite.h"

namespace {
constexpr int kUserError = 1;
constexpr int kInternalError = 2;
}  // namespace

int main(int argc, char** argv) {
  using namespace clearpoint;
  core::restart_with_allocator_tunables(argv);
  CLI::App app{
      "clearpoint: counts and understands human-trafficking cases honestly.\n"
      "Keeps agencies' case records, judges them under every legal definition, links them into "
      "persons across lists, scripts and spellings, estimates the hidden total from the lists' overlap, "
      "and sets routes, country roles, TIP tiers and published claims beside them."};
  app.set_version_flag("--version", std::string("clearpoint ") + CLEARPOINT_VERSION);
  app.require_subcommand(1);
  cli::GlobalOptions options;
  if (const char* db = std::getenv("CLEARPOINT_DB"); db != nullptr && *db != '\0') options.db = db;
  app.add_option("--db", options.db, "The store (SQLite file); default clearpoint.db or $CLEARPOINT_DB")
      ->capture_default_str();
  app.add_option("--data-dir", options.data_dir,
                 "clearpoint's data/ folder; default $CLEARPOINT_DATA or the built-in one");
  app.add_option("--actor", options.actor,
                 "A name recorded in the audit log beside your login name (which is always recorded)");
  if (const char* key = std::getenv("CLEARPOINT_KEY_FILE"); key != nullptr) options.key_file = key;
  app.add_option("--key-file", options.key_file,
                 "An encrypted store's key file; default $CLEARPOINT_KEY_FILE (a passphrase comes from "
                 "$CLEARPOINT_PASSPHRASE)");

  cli::add_init_command(app, options);
  cli::add_import_command(app, options);
  cli::add_mappings_command(app, options);
  cli::add_export_command(app, options);
  cli::add_batches_command(app, options);
  cli::add_stats_command(app, options);
  cli::add_fields_command(app, options);
  cli::add_simulate_command(app, options);
  cli::add_classify_command(app, options);
  cli::add_verdicts_command(app, options);
  cli::add_definitions_command(app, options);
  cli::add_link_command(app, options);
  cli::add_persons_command(app, options);
  cli::add_histories_command(app, options);
  cli::add_estimate_command(app, options);
  cli::add_coverage_command(app, options);
  cli::add_tiers_command(app, options);
  cli::add_claims_command(app, options);
  cli::add_flows_commands(app, options);
  cli::add_audit_command(app, options);
  cli::add_release_command(app, options);
  cli::add_users_command(app, options);
  cli::add_serve_command(app, options);

  if (const auto unknown = cli::unknown_command(app, argc, argv)) {
    fmt::print(stderr, "clearpoint: '{}' is not a command{}\nRun `clearpoint --help` for the commands.\n",
               unknown->name,
               unknown->nearest.empty() ? "" : fmt::format(" — did you mean '{}'?", unknown->nearest));
    return kUserError;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr,
               "clearpoint: {}\nRun `clearpoint --help` (or `clearpoint COMMAND --help`) for the options.\n",
               e.what());
    return kUserError;
  } catch (const core::UserError& e) {
    for (const auto& d : e.diagnostics())
      fmt::print(stderr, "error: {}\n", core::terminal_safe(d.to_string()));
    return kUserError;
  } catch (const store::SqliteError& e) {
    if (const auto problem = store::user_problem(e)) {
      fmt::print(stderr, "error: {}\n", *problem);
      return kUserError;
    }
    fmt::print(stderr, "internal error: {}\nThe store was not changed by the failed step.\n", e.what());
    return kInternalError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\nPlease report it with the command you ran (not the data).\n",
               e.what());
    return kInternalError;
  }
  return 0;
}
