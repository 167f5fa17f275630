#include "pipeline/saved_mappings.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/diagnostic.h"
#include "io/private_folder.h"

namespace clearpoint::pipeline {

namespace {

void check_name(const std::string& name) {
  const bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
           c == '.' || c == '_' || c == '-';
  });
  if (name.empty() || name.size() > 64 || !allowed || name.front() == ' ' || name.back() == ' ')
    throw core::UserError("a mapping's name is 1 to 64 letters, digits, spaces, dots, dashes or underscores",
                          "for example \"police 2024 layout\"");
}

}  // namespace

io::ColumnMapping load_mapping_text(const Workspace& workspace, const std::string& content,
                                    const std::string& label) {
  return io::read_private_text(workspace.db, content, "mapping.toml", label, io::ColumnMapping::load);
}

void save_mapping(const Workspace& workspace, const std::string& agency, const std::string& name,
                  const std::string& content) {
  check_name(name);
  if (agency.empty())
    throw core::UserError("a mapping is saved for one agency", "name the agency (--agency)");
  if (content.empty())
    throw core::UserError(fmt::format("the mapping '{}' is empty", name),
                          "write the agency's headers and words as docs/import.md shows");
  (void)load_mapping_text(workspace, content, fmt::format("mapping '{}'", name));
  auto store = workspace.open_store();
  store.save_mapping({agency, name, content, {}, {}}, workspace.audit_actor());
}

std::vector<store::Store::SavedMapping> saved_mappings(const Workspace& workspace,
                                                       const std::string& agency) {
  return workspace.open_store().saved_mappings(agency);
}

std::string saved_mapping_text(const Workspace& workspace, const std::string& agency,
                               const std::string& name) {
  const auto store = workspace.open_store();
  if (auto found = store.saved_mapping(agency, name)) return found->content;
  std::string names;
  for (const auto& mapping : store.saved_mappings(agency))
    names += (names.empty() ? "" : ", ") + fmt::format("'{}'", mapping.name);
  throw core::UserError(fmt::format("{} has no saved mapping '{}'", agency, name),
                        names.empty() ? std::string("save one first (clearpoint mappings save)")
                                      : fmt::format("its mappings: {}", names));
}

}  // namespace clearpoint::pipeline
