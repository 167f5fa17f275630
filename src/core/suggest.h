// Suggestions for misspelt names in user files: "did you mean 'given_names'?".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clearpoint::core {

// The candidate nearest to `name` by edit distance (ASCII letters compared without case), or "" when none
// is within a third of the name's length (at least three edits).
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace clearpoint::core
