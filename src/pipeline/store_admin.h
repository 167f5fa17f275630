// Store administration: creating a store (plain or encrypted), changing its key, checking it and
// reading its audit log — the use cases of `clearpoint init`, `rekey` and `audit`.
#pragma once

#include <string>
#include <vector>

#include "pipeline/workspace.h"
#include "store/audit_chain.h"
#include "store/store_key.h"

namespace clearpoint::pipeline {

struct InitOutcome {
  int schema_version = 0;
  bool encrypted = false;
};
// Creates the store, encrypted under `encrypt_with` when it names a new key file or passphrase, or
// brings an existing store's schema up to date.
InitOutcome init_store(const Workspace& workspace, const store::KeySource& encrypt_with);

// Encrypts the store under a new key (from the old key, or from plain text). Returns the records
// re-encrypted.
std::int64_t rekey_store(const Workspace& workspace, const store::KeySource& new_key);

// `clearpoint audit verify`: the store's check, audited itself (so verifications show in the log).
store::StoreCheck verify_store(const Workspace& workspace);

std::vector<store::AuditEntry> audit_entries(const Workspace& workspace);

}  // namespace clearpoint::pipeline
