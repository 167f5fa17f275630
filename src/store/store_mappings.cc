// Column mappings saved by agencies (schema version 10): an agency's data officer describes its file's
// columns once and chooses the mapping by name when submitting again. Saving is audited by name only.
#include <nlohmann/json.hpp>

#include "store/store.h"

namespace clearpoint::store {

namespace {

Store::SavedMapping read_mapping(const Statement& row) {
  return Store::SavedMapping{std::string(row.column_text(0)), std::string(row.column_text(1)),
                             std::string(row.column_text(2)), std::string(row.column_text(3)),
                             std::string(row.column_text(4))};
}

}  // namespace

void Store::save_mapping(const SavedMapping& mapping, const std::string& actor) {
  Transaction transaction(*db_);
  auto upsert = db_->prepare(
      "INSERT INTO column_mappings (agency, name, content, saved_by, saved_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (agency, name) DO UPDATE SET content = excluded.content, saved_by = excluded.saved_by, "
      "saved_at = excluded.saved_at");
  upsert.bind(1, mapping.agency)
      .bind(2, mapping.name)
      .bind(3, mapping.content)
      .bind(4, actor)
      .bind(5, utc_now());
  upsert.step();
  append_audit(actor, "mapping-saved", std::nullopt,
               nlohmann::json{{"agency", mapping.agency}, {"mapping", mapping.name}}.dump());
  transaction.commit();
}

std::vector<Store::SavedMapping> Store::saved_mappings(const std::string& agency) const {
  auto s = db_->prepare(
      "SELECT agency, name, content, saved_by, saved_at FROM column_mappings WHERE agency = ? ORDER BY name");
  s.bind(1, agency);
  std::vector<SavedMapping> out;
  while (s.step()) out.push_back(read_mapping(s));
  return out;
}

std::optional<Store::SavedMapping> Store::saved_mapping(const std::string& agency,
                                                        const std::string& name) const {
  auto s = db_->prepare(
      "SELECT agency, name, content, saved_by, saved_at FROM column_mappings WHERE agency = ? AND name = ?");
  s.bind(1, agency).bind(2, name);
  if (!s.step()) return std::nullopt;
  return read_mapping(s);
}

}  // namespace clearpoint::store
