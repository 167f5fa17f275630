#include "core/diagnostic.h"

#include <fmt/format.h>

namespace clearpoint::core {

std::string spreadsheet_column_letters(std::int64_t column) {
  std::string letters;
  for (std::int64_t n = column; n > 0; n = (n - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

std::string SourceLocation::to_string() const {
  std::string out = file;
  if (!sheet.empty()) {
    out += fmt::format(": {}!", sheet);
    if (column > 0) out += spreadsheet_column_letters(column);
    if (line > 0) out += std::to_string(line);
    return out;
  }
  if (line > 0) out += fmt::format(":{}", line);
  if (line > 0 && column > 0) out += fmt::format(":{}", column);
  return out;
}

std::string Diagnostic::to_string() const {
  std::string out;
  if (!where.file.empty()) out += where.to_string() + ": ";
  if (!field.empty()) out += field + ": ";
  out += problem;
  if (!hint.empty()) out += " — " + hint;
  return out;
}

namespace {
std::string summarise(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "error";
  std::string text = diagnostics.front().to_string();
  if (diagnostics.size() > 1) text += fmt::format(" (and {} more)", diagnostics.size() - 1);
  return text;
}
}  // namespace

UserError::UserError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summarise(diagnostics)), diagnostics_(std::move(diagnostics)) {}

UserError::UserError(std::string problem, std::string hint)
    : UserError(std::vector<Diagnostic>{Diagnostic{{}, {}, std::move(problem), std::move(hint)}}) {}

}  // namespace clearpoint::core
