// The `clearpoint` subcommands. Each file cmd_<name>.cc registers one command on the application; the
// callbacks throw core::UserError for problems the user can fix.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace clearpoint::cli {

void add_init_command(CLI::App& app, GlobalOptions& options);
void add_import_command(CLI::App& app, GlobalOptions& options);
void add_export_command(CLI::App& app, GlobalOptions& options);
void add_batches_command(CLI::App& app, GlobalOptions& options);
void add_stats_command(CLI::App& app, GlobalOptions& options);
void add_fields_command(CLI::App& app, GlobalOptions& options);
void add_simulate_command(CLI::App& app, GlobalOptions& options);
void add_classify_command(CLI::App& app, GlobalOptions& options);
void add_verdicts_command(CLI::App& app, GlobalOptions& options);
void add_definitions_command(CLI::App& app, GlobalOptions& options);
void add_link_command(CLI::App& app, GlobalOptions& options);
void add_persons_command(CLI::App& app, GlobalOptions& options);
void add_histories_command(CLI::App& app, GlobalOptions& options);
void add_estimate_command(CLI::App& app, GlobalOptions& options);
void add_tiers_command(CLI::App& app, GlobalOptions& options);
void add_claims_command(CLI::App& app, GlobalOptions& options);
void add_flows_commands(CLI::App& app, GlobalOptions& options);
void add_audit_command(CLI::App& app, GlobalOptions& options);
void add_release_command(CLI::App& app, GlobalOptions& options);
void add_users_command(CLI::App& app, GlobalOptions& options);
void add_serve_command(CLI::App& app, GlobalOptions& options);
void add_mappings_command(CLI::App& app, GlobalOptions& options);
void add_coverage_command(CLI::App& app, GlobalOptions& options);

}  // namespace clearpoint::cli
