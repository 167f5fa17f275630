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
  const io::PrivateFolder folder(workspace.db);
  const std::string path = folder.path() + "/mapping.toml";
  io::write_private_file(path, content);
  try {
    return io::ColumnMapping::load(path);
  } catch (const core::UserError& error) {
    auto diagnostics = error.diagnostics();
    for (auto& diagnostic : diagnostics) {
      if (diagnostic.where.file == path) diagnostic.where.file = label;
      for (auto* text : {&diagnostic.problem, &diagnostic.hint}) {
        for (auto at = text->find(path); at != std::string::npos; at = text->find(path))
          text->replace(at, path.size(), label);
      }
    }
    throw core::UserError(std::move(diagnostics));
  }
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
