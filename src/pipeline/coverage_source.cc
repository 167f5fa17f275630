#include "pipeline/coverage_source.h"

#include "core/diagnostic.h"
#include "io/private_folder.h"

namespace clearpoint::pipeline {

namespace {

link::CoverageDeclarations read_coverage_text(const Workspace& workspace, const std::string& content,
                                              const std::string& label) {
  auto declarations =
      io::read_private_text(workspace.db, content, "coverage.toml", label, link::read_coverage);
  declarations.path = label;
  return declarations;
}

}  // namespace

std::optional<link::CoverageDeclarations> coverage_for(const Workspace& workspace, const std::string& file) {
  if (file == kNoCoverage) return std::nullopt;
  if (!file.empty()) return link::read_coverage(file);
  const auto stored = workspace.open_store().saved_coverage();
  if (!stored) return std::nullopt;
  return read_coverage_text(workspace, stored->content, std::string(kStoredCoverageLabel));
}

bool uses_coverage(const Workspace& workspace, const std::string& file) {
  if (file == kNoCoverage) return false;
  return !file.empty() || workspace.open_store().saved_coverage().has_value();
}

void save_coverage(const Workspace& workspace, const std::string& content) {
  if (content.empty())
    throw core::UserError("the coverage file is empty",
                          "declare each list's reach as docs/estimation.md shows ([[list]] tables)");
  (void)read_coverage_text(workspace, content, "coverage file");
  auto store = workspace.open_store();
  store.save_coverage(content, workspace.audit_actor());
}

std::optional<store::Store::SavedCoverage> saved_coverage(const Workspace& workspace) {
  return workspace.open_store().saved_coverage();
}

bool clear_coverage(const Workspace& workspace) {
  auto store = workspace.open_store();
  return store.clear_coverage(workspace.audit_actor());
}

}  // namespace clearpoint::pipeline
