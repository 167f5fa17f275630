// Saved column mappings: an agency describes its file's columns once (io/column_mapping.h) and chooses the
// mapping by name when it submits again, from the browser or the CLI. A mapping is checked before it is
// saved, so a saved mapping always loads; an agency sees and uses only its own.
#pragma once

#include <string>
#include <vector>

#include "io/column_mapping.h"
#include "pipeline/workspace.h"
#include "store/store.h"

namespace clearpoint::pipeline {

// Checks `content` as a mapping and saves it for `agency` under `name` (letters, digits, space, . _ -; up
// to 64 characters), replacing a mapping of that name. Throws core::UserError with the problems located
// as "mapping 'NAME'" when the name or the mapping is wrong; nothing is saved then.
void save_mapping(const Workspace& workspace, const std::string& agency, const std::string& name,
                  const std::string& content);

std::vector<store::Store::SavedMapping> saved_mappings(const Workspace& workspace, const std::string& agency);

// The text of the agency's mapping `name`; throws core::UserError naming the agency's mappings when it has
// none of that name.
std::string saved_mapping_text(const Workspace& workspace, const std::string& agency,
                               const std::string& name);

// Loads a mapping's text through a file in a private folder beside the store (the mapping reader reads
// files); problems are located as `label`, never as the folder's path.
io::ColumnMapping load_mapping_text(const Workspace& workspace, const std::string& content,
                                    const std::string& label);

}  // namespace clearpoint::pipeline
