#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "core/diagnostic.h"
#include "pipeline/store_admin.h"
#include "render/text_table.h"

namespace clearpoint::cli {

void add_audit_command(CLI::App& app, GlobalOptions& options) {
  auto* command = app.add_subcommand("audit", "Read the audit log, or check that nothing was done to it");
  command->require_subcommand(1);
  auto* list = command->add_subcommand("list", "Every audit entry: when, who, what (no names)");
  list->callback([&options] {
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : pipeline::audit_entries(options))
      rows.push_back({std::to_string(e.id), e.at, e.actor, e.action,
                      e.batch_id ? std::to_string(*e.batch_id) : "", e.detail});
    render::print_table(std::cout, {"#", "at", "actor", "action", "batch", "detail"}, rows);
  });
  auto* verify = command->add_subcommand(
      "verify", "Check the database file, the audit chain and its triggers, and every batch's records");
  verify->callback([&options] {
    const auto check = pipeline::verify_store(options);
    if (!check.ok()) {
      std::vector<core::Diagnostic> problems;
      for (const auto& problem : check.problems) problems.push_back({{}, "", problem, ""});
      problems.back().hint =
          "restore the store from a backup taken before the first problem; docs/security.md";
      throw core::UserError(std::move(problems));
    }
    fmt::print("audit log: {} entries, chain intact (head {}); triggers in place; every batch whole\n",
               check.audit_rows, check.head);
  });
}

}  // namespace clearpoint::cli
