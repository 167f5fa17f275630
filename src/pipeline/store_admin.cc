#include "pipeline/store_admin.h"

namespace clearpoint::pipeline {

InitOutcome init_store(const Workspace& workspace, const store::KeySource& encrypt_with) {
  const auto opened = workspace.init_store(encrypt_with);
  return {opened.schema_version(), opened.encrypted()};
}

std::int64_t rekey_store(const Workspace& workspace, const store::KeySource& new_key) {
  auto opened = workspace.open_store();
  opened.rekey(new_key, workspace.audit_actor());
  std::int64_t records = 0;
  for (const auto& batch : opened.batches())
    if (batch.status == store::BatchStatus::kActive) records += batch.record_count;
  return records;
}

store::StoreCheck verify_store(const Workspace& workspace) {
  return workspace.open_store().check();
}

std::vector<store::AuditEntry> audit_entries(const Workspace& workspace) {
  return workspace.open_store().audit_log();
}

}  // namespace clearpoint::pipeline
