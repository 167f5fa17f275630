// A thin RAII layer over the SQLite C API: a connection, prepared statements and transactions.
//
// Only what the store needs: every failure becomes a SqliteError carrying SQLite's message and code,
// statements are finalized and connections closed by their destructors, and a Transaction rolls back
// unless it was committed, so an exception anywhere in an import leaves the database as it was.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace clearpoint::store {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }
  bool is_constraint() const { return (code_ & 0xff) == SQLITE_CONSTRAINT; }
  bool is_busy() const { return (code_ & 0xff) == SQLITE_BUSY || (code_ & 0xff) == SQLITE_LOCKED; }

 private:
  int code_;
};

// What a user can do about an SQLite failure that is no fault of clearpoint's (the store busy,
// read-only, damaged, on a full disk or in a folder that is gone), as one sentence with its remedy;
// empty for failures that are clearpoint's own (internal errors).
std::optional<std::string> user_problem(const SqliteError& error);

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);

  Statement& bind(int index, std::string_view text);  // empty text binds NULL
  // Without copying: `text` must stay unchanged until the statement is stepped or reset.
  Statement& bind_static(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  // True while a row is available; false when done. Throws on error.
  bool step();
  // Ready to step again; bindings stay (every row of an import rebinds all of them).
  void reset();

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  // "" for NULL.
  std::string_view column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
};

class Database {
 public:
  enum class Mode { kOpenExisting, kCreate };
  Database(const std::string& path, Mode mode);

  void execute(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(handle_.get(), sql); }
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(handle_.get()); }
  std::int64_t changes() const { return sqlite3_changes64(handle_.get()); }
  sqlite3* raw() const { return handle_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> handle_;
};

// BEGIN IMMEDIATE on construction (the writer lock is taken up front, so two imports never interleave);
// ROLLBACK on destruction unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace clearpoint::store
