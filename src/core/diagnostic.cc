#include "core/diagnostic.h"

#include <fmt/format.h>

namespace clearpoint::core {

std::string Diagnostic::to_string() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += fmt::format(":{}", where.line);
    if (where.line > 0 && where.column > 0) out += fmt::format(":{}", where.column);
    out += ": ";
  }
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
