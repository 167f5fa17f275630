// Batches as use cases: which batches are stored (by agency), one batch's record, and withdrawing a batch
// (its records go; the batch row and its audit trail stay).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/workspace.h"
#include "store/store.h"

namespace clearpoint::pipeline {

std::vector<store::BatchInfo> list_batches(const Workspace& workspace, const std::string& agency);
// Throws core::UserError when there is no such batch.
store::BatchInfo show_batch(const Workspace& workspace, std::int64_t id);
void withdraw_batch(const Workspace& workspace, std::int64_t id, const std::string& reason);

}  // namespace clearpoint::pipeline
