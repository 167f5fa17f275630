#include "store/sqlite.h"

#include <fmt/format.h>

namespace clearpoint::store {

std::optional<std::string> user_problem(const SqliteError& error) {
  switch (error.code() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "the store is busy (another clearpoint is writing to it) — try again when it has finished";
    case SQLITE_READONLY:
      return "the store is read-only for you (the file, its folder or its -wal/-shm files) — ask its "
             "owner, or work on a copy you may write";
    case SQLITE_CANTOPEN:
      return "the store cannot be opened (its folder is missing or not yours to write) — check the path "
             "given with --db";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "the store's file is damaged — restore it from a backup and run `clearpoint audit verify`";
    case SQLITE_FULL:
      return "the disk is full — free space and run the command again (nothing was stored)";
    case SQLITE_IOERR:
      return "the disk reported an input/output error — check the disk, then run `clearpoint audit verify`";
    default:
      return std::nullopt;
  }
}

namespace {
[[noreturn]] void fail(sqlite3* db, int code, std::string_view doing) {
  throw SqliteError(
      fmt::format("SQLite: {} failed: {}", doing, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code)),
      db != nullptr ? sqlite3_extended_errcode(db) : code);
}
}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  statement_.reset(raw);
  if (rc != SQLITE_OK) fail(db, rc, "preparing a statement");
}

Statement& Statement::bind(int index, std::string_view text) {
  if (text.empty()) return bind_null(index);
  const int rc = sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()),
                                   SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(db_, rc, "binding a value");
  return *this;
}

Statement& Statement::bind_static(int index, std::string_view text) {
  if (text.empty()) return bind_null(index);
  const int rc =
      sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) fail(db_, rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  const int rc = sqlite3_bind_double(statement_.get(), index, value);
  if (rc != SQLITE_OK) fail(db_, rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(statement_.get(), index, value);
  if (rc != SQLITE_OK) fail(db_, rc, "binding a value");
  return *this;
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(statement_.get(), index);
  if (rc != SQLITE_OK) fail(db_, rc, "binding a value");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(statement_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Reset so the statement can be reused after a constraint failure the caller recovers from.
  sqlite3_reset(statement_.get());
  fail(db_, rc, "a statement");
}

void Statement::reset() {
  sqlite3_reset(statement_.get());
}

std::int64_t Statement::column_int(int index) const {
  return sqlite3_column_int64(statement_.get(), index);
}

double Statement::column_double(int index) const {
  return sqlite3_column_double(statement_.get(), index);
}

std::string_view Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(statement_.get(), index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(statement_.get(), index))};
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(statement_.get(), index) == SQLITE_NULL;
}

namespace {
// Memory statistics cost a mutex on every allocation and clearpoint never reads them. Configuration
// must come before SQLite initialises, so it happens once, before the first connection.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite3_initialize() == SQLITE_OK;
  }();
  if (!configured) throw SqliteError("SQLite could not be initialised", SQLITE_ERROR);
}
}  // namespace

Database::Database(const std::string& path, Mode mode) {
  configure_sqlite_once();
  sqlite3* raw = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | (mode == Mode::kCreate ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  handle_.reset(raw);
  if (rc != SQLITE_OK) fail(raw, rc, fmt::format("opening {}", path));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 10000);
}

void Database::execute(std::string_view sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(handle_.get(), std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string text = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw SqliteError("SQLite: " + text, rc);
  }
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.execute("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.execute("ROLLBACK");
    } catch (...) {  // NOLINT(bugprone-empty-catch): a failed rollback leaves SQLite to roll back on close
    }
  }
}

void Transaction::commit() {
  db_.execute("COMMIT");
  done_ = true;
}

}  // namespace clearpoint::store
