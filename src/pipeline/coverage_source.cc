#include "pipeline/coverage_source.h"

#include "core/diagnostic.h"
#include "io/private_folder.h"

namespace clearpoint::pipeline {

namespace {

// Coverage text read through a file in a private folder beside the store (the reader reads files), its
// problems located as `label` rather than the folder's path.
link::CoverageDeclarations read_coverage_text(const Workspace& workspace, const std::string& content,
                                              const std::string& label) {
  const io::PrivateFolder folder(workspace.db);
  const std::string path = folder.path() + "/coverage.toml";
  io::write_private_file(path, content);
  try {
    auto declarations = link::read_coverage(path);
    declarations.path = label;
    return declarations;
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

}  // namespace

std::optional<link::CoverageDeclarations> coverage_for(const Workspace& workspace, const std::string& file) {
  if (file == kNoCoverage) return std::nullopt;
  if (!file.empty()) return link::read_coverage(file);
  const auto stored = workspace.open_store().saved_coverage();
  if (!stored) return std::nullopt;
  return read_coverage_text(workspace, stored->content, std::string(kStoredCoverageLabel));
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
