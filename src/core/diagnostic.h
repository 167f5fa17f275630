// Diagnostic: a problem a user caused, said so that a non-programmer can fix it.
//
// Every diagnostic names where the problem is (file:line:column), which field, what is wrong and
// what to do about it. Diagnostics never carry the value of a field that names a person: callers
// pass only the field name and a description of the problem.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace clearpoint::core {

struct SourceLocation {
  // Constructors rather than aggregate initialisation: GCC 12 reports false "maybe uninitialized"
  // warnings for nested aggregates of strings at -O3.
  SourceLocation() = default;
  SourceLocation(std::string file_name, std::int64_t line_number, std::int64_t column_number)
      : file(std::move(file_name)), line(line_number), column(column_number) {}

  std::string file;
  std::int64_t line = 0;    // 1-based; 0 when the problem is about the whole file
  std::int64_t column = 0;  // 1-based character (not byte) column; 0 when unknown
  // A workbook's sheet: then `line` is the sheet's row and `column` its column (A = 1), said as Sheet!C12.
  std::string sheet;

  // "file:line:column", "file: Sheet!C12", "file" or "" — as much as is known.
  std::string to_string() const;
};

// A spreadsheet column's letters: 1 → A, 26 → Z, 27 → AA.
std::string spreadsheet_column_letters(std::int64_t column);

struct Diagnostic {
  Diagnostic() = default;
  Diagnostic(SourceLocation location, std::string field_name, std::string what, std::string fix)
      : where(std::move(location)),
        field(std::move(field_name)),
        problem(std::move(what)),
        hint(std::move(fix)) {}

  SourceLocation where;
  std::string field;  // canonical field name, or empty for file-level problems
  std::string problem;
  std::string hint;

  // "file:line:column: field: problem — hint"
  std::string to_string() const;
};

// Thrown for problems the user can fix (bad input, missing files, wrong options). The CLI maps it to
// exit code 1; anything else escaping a command is an internal error (exit code 2).
class UserError : public std::runtime_error {
 public:
  explicit UserError(std::vector<Diagnostic> diagnostics);
  UserError(std::string problem, std::string hint);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace clearpoint::core
