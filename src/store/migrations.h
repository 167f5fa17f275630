// Schema migrations: the store's schema as an ordered list of steps, each applied once.
//
// PRAGMA user_version records the last step applied. A step is never edited once released; a change
// to the schema is a new step. Opening a store written by a newer clearpoint is refused rather than
// risking a half-understood schema.
#pragma once

#include <span>
#include <string_view>

#include "store/sqlite.h"

namespace clearpoint::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
  void (*after)(Database&) = nullptr;  // work SQL cannot do, in the same transaction
};

std::span<const Migration> migrations();
int latest_schema_version();

// Applies every step newer than the database's version, each in its own transaction. Only `clearpoint
// init` calls it: other commands refuse a store with an older schema instead of changing it.
void migrate(Database& db);
// Throws core::UserError unless the database has exactly this clearpoint's schema (older: upgrade with
// `clearpoint init`; newer: use a newer clearpoint).
void require_current_schema(Database& db);
// The database's schema version (PRAGMA user_version).
int schema_version(Database& db);
// Marks a database as a clearpoint store (PRAGMA application_id), so no command mistakes another
// program's SQLite database for one.
inline constexpr int kApplicationId = 0x434C5054;  // "CLPT"

}  // namespace clearpoint::store
