#include "pipeline/batches.h"

#include <fmt/format.h>

namespace clearpoint::pipeline {

std::vector<store::BatchInfo> list_batches(const Workspace& workspace, const std::string& agency) {
  return workspace.open_store().batches({agency, {}, {}});
}

store::BatchInfo show_batch(const Workspace& workspace, std::int64_t id) {
  const auto batch = workspace.open_store().batch(id);
  if (!batch) throw core::UserError(fmt::format("there is no batch {}", id), "see `clearpoint batches list`");
  return *batch;
}

void withdraw_batch(const Workspace& workspace, std::int64_t id, const std::string& reason) {
  workspace.open_store().withdraw_batch(id, workspace.audit_actor(), reason);
}

}  // namespace clearpoint::pipeline
