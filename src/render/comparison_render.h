// Rendering a comparison of legal frameworks (`clearpoint definitions compare`): the same counts of
// cases under every framework, the disagreements between them and what drives each, as a text report, as
// long-format CSV (table, framework, other, value, cases) and as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "law/compare.h"

namespace clearpoint::render {

// `unit` says what was counted ("records (not persons)", "true persons …").
void comparison_text(std::ostream& out, const law::Comparison& c, const std::string& unit);
void comparison_csv(std::ostream& out, const law::Comparison& c);
nlohmann::ordered_json comparison_json(const law::Comparison& c, const std::string& unit);

}  // namespace clearpoint::render
