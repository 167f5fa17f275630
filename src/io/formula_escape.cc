#include "io/formula_escape.h"

namespace clearpoint::io {

namespace {
bool starts_formula_after_apostrophes(std::string_view text) {
  const auto first = text.find_first_not_of('\'');
  if (first == std::string_view::npos) return false;
  const char c = text[first];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}
}  // namespace

std::string escape_formula(std::string_view text) {
  if (!starts_formula_after_apostrophes(text)) return std::string(text);
  std::string escaped = "'";
  escaped += text;
  return escaped;
}

std::string_view unescape_formula(std::string_view cell) {
  if (cell.empty() || cell.front() != '\'' || !starts_formula_after_apostrophes(cell)) return cell;
  return cell.substr(1);
}

}  // namespace clearpoint::io
