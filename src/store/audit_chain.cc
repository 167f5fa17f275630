#include "store/audit_chain.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace clearpoint::store {

namespace {

constexpr std::string_view kNoUpdate =
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END";
constexpr std::string_view kNoDelete =
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END";

constexpr std::string_view kRowColumns = "id, at, actor, action, batch_id, detail, chain";

AuditEntry read_row(const Statement& s) {
  AuditEntry row;
  row.id = s.column_int(0);
  row.at = s.column_text(1);
  row.actor = s.column_text(2);
  row.action = s.column_text(3);
  if (!s.column_is_null(4)) row.batch_id = s.column_int(4);
  row.detail = s.column_text(5);
  return row;
}

}  // namespace

std::string chain_link(const FieldCipher& cipher, std::string_view previous, const AuditEntry& row) {
  const nlohmann::json message = {previous,   row.id,
                                  row.at,     row.actor,
                                  row.action, row.batch_id ? nlohmann::json(*row.batch_id) : nlohmann::json(),
                                  row.detail};
  return cipher.chain_hash(message.dump());
}

std::vector<AuditEntry> read_audit_log(Database& db) {
  auto s = db.prepare(fmt::format("SELECT {} FROM audit ORDER BY id", kRowColumns));
  std::vector<AuditEntry> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::string chain_head(Database& db) {
  auto s = db.prepare("SELECT chain FROM audit ORDER BY id DESC LIMIT 1");
  if (!s.step()) return std::string(kChainStart);
  return std::string(s.column_text(0));
}

void create_audit_triggers(Database& db) {
  db.execute(kNoUpdate);
  db.execute(kNoDelete);
}

void rewrite_chain(Database& db, const FieldCipher& cipher) {
  db.execute("DROP TRIGGER IF EXISTS audit_no_update");
  db.execute("DROP TRIGGER IF EXISTS audit_no_delete");
  std::vector<std::pair<std::int64_t, std::string>> chains;
  {
    auto rows = db.prepare(fmt::format("SELECT {} FROM audit ORDER BY id", kRowColumns));
    std::string previous(kChainStart);
    while (rows.step()) {
      previous = chain_link(cipher, previous, read_row(rows));
      chains.emplace_back(rows.column_int(0), previous);
    }
  }
  auto update = db.prepare("UPDATE audit SET chain = ? WHERE id = ?");
  for (const auto& [id, chain] : chains) {
    update.reset();
    update.bind(1, chain).bind(2, id);
    update.step();
  }
  create_audit_triggers(db);
}

StoreCheck check_store(Database& db, const FieldCipher& cipher) {
  StoreCheck check;
  {
    auto integrity = db.prepare("PRAGMA integrity_check");
    while (integrity.step()) {
      const std::string_view line = integrity.column_text(0);
      if (line != "ok") check.problems.push_back(fmt::format("the database file is damaged: {}", line));
    }
  }
  for (const auto& [name, sql] :
       {std::pair{"audit_no_update", kNoUpdate}, std::pair{"audit_no_delete", kNoDelete}}) {
    auto trigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
    trigger.bind(1, std::string_view(name));
    if (!trigger.step()) {
      check.problems.push_back(
          fmt::format("the trigger {} that keeps the audit log append-only is missing", name));
    } else if (trigger.column_text(0) != sql) {
      check.problems.push_back(fmt::format("the trigger {} was changed", name));
    }
  }
  {
    auto rows = db.prepare(fmt::format("SELECT {} FROM audit ORDER BY id", kRowColumns));
    std::string previous(kChainStart);
    std::int64_t last_id = 0;
    while (rows.step()) {
      const AuditEntry row = read_row(rows);
      ++check.audit_rows;
      if (row.id != last_id + 1) {
        check.problems.push_back(row.id > last_id + 1
                                     ? fmt::format("audit rows {}–{} are missing", last_id + 1, row.id - 1)
                                     : fmt::format("audit row {} is out of order", row.id));
      }
      last_id = row.id;
      const std::string expected = chain_link(cipher, previous, row);
      const std::string_view stored = rows.column_text(6);
      if (stored.empty()) {
        check.problems.push_back(
            fmt::format("audit row {} ({}) has no chain value: it was written outside "
                        "clearpoint",
                        row.id, row.action));
      } else if (stored != expected) {
        check.problems.push_back(fmt::format(
            "audit row {} ({}, {}) does not follow from the rows before it: it, or a row before it, was "
            "edited, inserted or removed",
            row.id, row.action, row.at));
      }
      // Follow the stored chain, so one altered row is reported once, not with every row after it.
      previous = stored.empty() ? expected : std::string(stored);
    }
    check.head = previous;
  }
  {
    auto batches = db.prepare(
        "SELECT b.id, b.status, b.record_count, "
        "(SELECT count(*) FROM records r WHERE r.batch_id = b.id), "
        "(SELECT count(*) FROM audit a WHERE a.batch_id = b.id AND a.action = 'import'), "
        "(SELECT count(*) FROM audit a WHERE a.batch_id = b.id AND a.action = 'withdraw') "
        "FROM batches b ORDER BY b.id");
    while (batches.step()) {
      const auto id = batches.column_int(0);
      const bool withdrawn = batches.column_text(1) == "withdrawn";
      const auto counted = batches.column_int(2);
      const auto held = batches.column_int(3);
      if (batches.column_int(4) == 0)
        check.problems.push_back(fmt::format("batch {} has no import entry in the audit log", id));
      if (withdrawn && batches.column_int(5) == 0)
        check.problems.push_back(
            fmt::format("batch {} is withdrawn without a withdrawal in the audit log", id));
      if (withdrawn && held != 0)
        check.problems.push_back(fmt::format("withdrawn batch {} still holds {} records", id, held));
      if (!withdrawn && held != counted)
        check.problems.push_back(
            fmt::format("batch {} holds {} records but was imported with {}", id, held, counted));
    }
  }
  if (cipher.encrypts()) {
    for (const std::string_view column : FieldCipher::identifying_fields()) {
      auto plain = db.prepare(fmt::format(
          "SELECT count(*) FROM records WHERE \"{0}\" IS NOT NULL AND substr(\"{0}\", 1, 5) <> 'enc1:'",
          column));
      plain.step();
      if (const auto n = plain.column_int(0); n > 0)
        check.problems.push_back(
            fmt::format("{} records hold {} in plain text in an encrypted store", n, column));
    }
  }
  return check;
}

}  // namespace clearpoint::store
