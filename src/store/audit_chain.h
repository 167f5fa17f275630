// AuditChain: the audit log as a hash chain, and the check that finds what was done to it.
//
// Each audit row carries chain = H(previous row's chain ‖ the row's id, time, actor, action, batch and
// detail), H being BLAKE2b — keyed with a subkey of the store key in an encrypted store, so that nobody
// without the key can rewrite the chain to hide an edit; unkeyed in a plaintext store, where it shows
// edits made without recomputing the chain (docs/security.md says what that does and does not stop).
// Rows written before the chain existed are sealed, as they were, when the store is upgraded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/field_cipher.h"
#include "store/sqlite.h"

namespace clearpoint::store {

// The chain value before the first row.
inline constexpr std::string_view kChainStart =
    "0000000000000000000000000000000000000000000000000000000000000000";

// One row of the audit log: counts, batch numbers and hashes, never names or record ids.
struct AuditEntry {
  std::int64_t id = 0;
  std::string at;
  std::string actor;
  std::string action;
  std::optional<std::int64_t> batch_id;
  std::string detail;
};

// Every row of the log, oldest first.
std::vector<AuditEntry> read_audit_log(Database& db);
// The chain value of `row` following `previous`.
std::string chain_link(const FieldCipher& cipher, std::string_view previous, const AuditEntry& row);
// The chain value of the last row (kChainStart for an empty log).
std::string chain_head(Database& db);

// Writes the chain of every row from the first, replacing what is there (an upgrade seals old rows;
// a rekey re-keys the chain). The append-only triggers are dropped and recreated around it, inside the
// caller's transaction.
void rewrite_chain(Database& db, const FieldCipher& cipher);
// Creates the triggers that refuse updates and deletes of audit rows.
void create_audit_triggers(Database& db);

struct StoreCheck {
  std::int64_t audit_rows = 0;
  std::string head;                   // the chain value of the last row
  std::vector<std::string> problems;  // each says what is wrong and where (row and batch numbers only)
  bool ok() const { return problems.empty(); }
};

// Checks the database file (SQLite's integrity check), the audit triggers, the chain row by row, that
// every batch has its import (and withdrawal) in the log and holds exactly the records it counted, and,
// in an encrypted store, that no identifying column holds plain text.
StoreCheck check_store(Database& db, const FieldCipher& cipher);

}  // namespace clearpoint::store
