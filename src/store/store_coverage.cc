// The list coverage declared for estimation (schema version 11, link/list_coverage.h): one declaration at a
// time, kept so that every estimate reads the same one; each save and removal audited (by size only).
#include <nlohmann/json.hpp>

#include "store/store.h"

namespace clearpoint::store {

void Store::save_coverage(const std::string& content, const std::string& actor) {
  Transaction transaction(*db_);
  auto upsert = db_->prepare(
      "INSERT INTO list_coverage (id, content, saved_by, saved_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO "
      "UPDATE SET content = excluded.content, saved_by = excluded.saved_by, saved_at = excluded.saved_at");
  upsert.bind(1, content).bind(2, actor).bind(3, utc_now());
  upsert.step();
  append_audit(actor, "coverage-saved", std::nullopt,
               nlohmann::json{{"bytes", static_cast<std::int64_t>(content.size())}}.dump());
  transaction.commit();
}

std::optional<Store::SavedCoverage> Store::saved_coverage() const {
  auto s = db_->prepare("SELECT content, saved_by, saved_at FROM list_coverage WHERE id = 1");
  if (!s.step()) return std::nullopt;
  return SavedCoverage{std::string(s.column_text(0)), std::string(s.column_text(1)),
                       std::string(s.column_text(2))};
}

bool Store::clear_coverage(const std::string& actor) {
  Transaction transaction(*db_);
  auto remove = db_->prepare("DELETE FROM list_coverage WHERE id = 1");
  remove.step();
  const bool removed = db_->changes() > 0;
  if (removed) append_audit(actor, "coverage-cleared", std::nullopt, "{}");
  transaction.commit();
  return removed;
}

}  // namespace clearpoint::store
