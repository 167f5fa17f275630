// Coverage source: which declaration of the lists' reach (link/list_coverage.h) an estimate uses — a
// coverage file named for this run, else the coverage saved in the store, else none (every list taken to
// cover everyone). Saving it in the store makes every estimate — `clearpoint estimate`, a release's
// report, the server's analysts — read the same declaration; `--coverage none` pools the lists on purpose.
#pragma once

#include <optional>
#include <string>

#include "link/list_coverage.h"
#include "pipeline/workspace.h"
#include "store/store.h"

namespace clearpoint::pipeline {

// The word that asks for no coverage at all, the stored one included.
inline constexpr std::string_view kNoCoverage = "none";
// How the report names the stored declaration (CoverageDeclarations::path).
inline constexpr std::string_view kStoredCoverageLabel = "the coverage saved in the store";

// The declarations for a run: read from `file` when it names one, none for "none", else the store's when
// it holds one (labelled kStoredCoverageLabel), else none. Throws core::UserError, located, for a bad file.
std::optional<link::CoverageDeclarations> coverage_for(const Workspace& workspace, const std::string& file);

// Whether a run given `file` uses any coverage (without reading it).
bool uses_coverage(const Workspace& workspace, const std::string& file);

// Checks `content` as a coverage file (problems located as "coverage file:LINE") and saves it in the store,
// replacing the one before. Nothing is saved when it is wrong.
void save_coverage(const Workspace& workspace, const std::string& content);
std::optional<store::Store::SavedCoverage> saved_coverage(const Workspace& workspace);
bool clear_coverage(const Workspace& workspace);

}  // namespace clearpoint::pipeline
