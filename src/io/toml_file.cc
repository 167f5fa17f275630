#include "io/toml_file.h"

#include <fmt/format.h>

namespace clearpoint::io {

toml::table parse_toml_file(const std::string& path, std::string_view what, std::string_view syntax_hint) {
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source();
    if (where.begin.line == 0) {
      throw core::UserError(fmt::format("cannot read {} {}: {}", what, path, error.description()),
                            "check the path");
    }
    throw core::UserError(std::vector<core::Diagnostic>{
        {{path, static_cast<std::int64_t>(where.begin.line), static_cast<std::int64_t>(where.begin.column)},
         {},
         std::string(error.description()),
         std::string(syntax_hint)}});
  }
}

std::optional<std::int64_t> whole_number(const toml::node* node) {
  if (node == nullptr) return std::nullopt;
  if (const auto* integer = node->as_integer()) return integer->get();
  return std::nullopt;
}

std::optional<int> whole_number_in(const toml::node* node, int low, int high) {
  const auto number = whole_number(node);
  if (!number || *number < low || *number > high) return std::nullopt;
  return static_cast<int>(*number);
}

core::Diagnostic toml_problem(const std::string& path, const toml::node* node, std::string problem,
                              std::string hint) {
  core::SourceLocation where{path, 0, 0};
  if (node != nullptr) {
    where.line = static_cast<std::int64_t>(node->source().begin.line);
    where.column = static_cast<std::int64_t>(node->source().begin.column);
  }
  return core::Diagnostic{where, {}, std::move(problem), std::move(hint)};
}

}  // namespace clearpoint::io
