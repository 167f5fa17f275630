// TOML files users write (column mappings, scenarios, legal frameworks): parsing with a located error,
// and located problems for what the parse accepted but the file's meaning does not.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"

namespace clearpoint::io {

// Parses `path`; a missing file or a syntax error becomes core::UserError naming `what` ("the scenario"),
// at file:line:column for syntax errors, with `syntax_hint` as the fix.
toml::table parse_toml_file(const std::string& path, std::string_view what, std::string_view syntax_hint);

// The whole number a node holds, and only when it holds one: toml++'s value<int>() converts a float,
// which is undefined behaviour for 5e49 (found by fuzzing the coverage file).
std::optional<std::int64_t> whole_number(const toml::node* node);
// The same, when it lies in [low, high].
std::optional<int> whole_number_in(const toml::node* node, int low, int high);

// A problem at `node` (file-level when null).
core::Diagnostic toml_problem(const std::string& path, const toml::node* node, std::string problem,
                              std::string hint);

}  // namespace clearpoint::io
