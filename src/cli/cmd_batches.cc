#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "pipeline/batches.h"
#include "render/text_table.h"

namespace clearpoint::cli {

void add_batches_command(CLI::App& app, GlobalOptions& options) {
  auto* command = app.add_subcommand("batches", "List, show or withdraw imported batches");
  command->require_subcommand(1);

  auto agency = std::make_shared<std::string>();
  auto* list = command->add_subcommand("list", "One line per batch");
  list->add_option("--agency", *agency, "Only this agency's batches");
  list->callback([&options, agency] {
    std::vector<std::vector<std::string>> rows;
    for (const auto& b : pipeline::list_batches(options, *agency)) {
      rows.push_back({std::to_string(b.id), b.agency, b.list, b.label, std::to_string(b.record_count),
                      std::to_string(b.rejected_count), std::string(store::to_string(b.status)),
                      b.imported_at, b.imported_by});
    }
    if (rows.empty()) {
      fmt::print("no batches yet — import one with `clearpoint import FILE --agency NAME`\n");
      return;
    }
    render::print_table(
        std::cout, {"batch", "agency", "list", "file", "records", "rejected", "status", "imported", "by"},
        rows);
  });

  auto show_id = std::make_shared<std::int64_t>(0);
  auto* show = command->add_subcommand("show", "Everything known about one batch");
  show->add_option("id", *show_id, "Batch number")->required();
  show->callback([&options, show_id] {
    const auto b = pipeline::show_batch(options, *show_id);
    std::vector<std::vector<std::string>> rows = {{"batch", std::to_string(b.id)},
                                                  {"agency", b.agency},
                                                  {"list", b.list},
                                                  {"file", b.label},
                                                  {"format", b.format},
                                                  {"records", std::to_string(b.record_count)},
                                                  {"rejected rows", std::to_string(b.rejected_count)},
                                                  {"status", std::string(store::to_string(b.status))},
                                                  {"imported", b.imported_at},
                                                  {"imported by", b.imported_by},
                                                  {"content hash", b.content_hash}};
    if (b.status == store::BatchStatus::kWithdrawn) {
      rows.push_back({"withdrawn", b.withdrawn_at});
      rows.push_back({"withdrawn by", b.withdrawn_by});
      rows.push_back({"reason", b.withdraw_reason});
    }
    render::print_table(std::cout, {"property", "value"}, rows);
  });

  auto withdraw_id = std::make_shared<std::int64_t>(0);
  auto reason = std::make_shared<std::string>();
  auto* withdraw =
      command->add_subcommand("withdraw", "Remove a batch's records; the batch and its audit trail stay");
  withdraw->add_option("id", *withdraw_id, "Batch number")->required();
  withdraw->add_option("--reason", *reason, "Why (kept in the audit log)")->required();
  withdraw->callback([&options, withdraw_id, reason] {
    pipeline::withdraw_batch(options, *withdraw_id, *reason);
    fmt::print("batch {} withdrawn\n", *withdraw_id);
  });
}

}  // namespace clearpoint::cli
