// The field catalogue: every field of a CaseRecord, its type, allowed values and HTCDS counterpart.
//
// This one table drives the CSV and JSON Lines column names, the SQLite columns, value parsing and
// canonical formatting, and the data dictionary (`clearpoint fields`, docs/data-dictionary.md), so a
// field is added in one place. Text forms are what an agency writes in a CSV cell; list fields separate
// items with '|'.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/country_set.h"
#include "records/case_record.h"

namespace clearpoint::records {

enum class FieldKind {
  kIdentifier,   // ASCII letters, digits and . _ - / : # (case numbers like 2004/117)
  kText,         // any script, stored exactly as written
  kTextList,     // '|'-separated texts
  kCode,         // one of `allowed`, or empty for unknown
  kCodeList,     // '|'-separated codes from `allowed`
  kCountry,      // a code from data/countries.csv
  kCountryList,  // '|'-separated country codes, order kept
  kDate,         // a core::PartialDate
  kYear,         // a calendar year
  kTriState,     // yes / no / unknown
};
std::string_view to_string(FieldKind kind);

enum class FieldGroup { kProvenance, kPerson, kCase, kLegalElement };
std::string_view to_string(FieldGroup group);

using FieldMember = std::variant<std::string CaseRecord::*, std::vector<std::string> CaseRecord::*,
                                 core::PartialDate CaseRecord::*, std::optional<int> CaseRecord::*,
                                 core::TriState CaseRecord::*, LegalElement>;

struct FieldSpec {
  std::string_view name;
  FieldKind kind;
  FieldGroup group;
  FieldMember member;
  bool required = false;
  // Names and identifiers of people: never echoed in messages, logs or the audit trail.
  bool identifying = false;
  std::span<const std::string_view> allowed{};
  std::string_view htcds;  // HTCDS v2.0 counterpart, or a note where there is none
  std::string_view description;
};

std::span<const FieldSpec> field_catalogue();
const FieldSpec* find_field(std::string_view name);

struct FieldProblem {
  std::string problem;
  std::string hint;
};

// Parses `text` (a cell's content) into the field of `record`. On a problem the field is left empty or
// unchanged (the row is refused either way) and the problem never quotes identifying values.
std::optional<FieldProblem> assign_field(CaseRecord& record, const FieldSpec& field, std::string_view text,
                                         const core::CountrySet& countries);

// The canonical text of the field: what `assign_field` reads back to the same value.
std::string field_text(const CaseRecord& record, const FieldSpec& field);
// The same into `out` (replacing its content), reusing its capacity on hot paths.
void write_field_text(const CaseRecord& record, const FieldSpec& field, std::string& out);

// The value of a yes/no/unknown field (kind kTriState) without going through text.
core::TriState tristate_value(const CaseRecord& record, const FieldSpec& field);

// Checks that span fields: required fields present, dates consistent with each other.
struct RecordProblem {
  std::string_view field;
  FieldProblem problem;
};
std::vector<RecordProblem> check_record(const CaseRecord& record);

inline constexpr char kListSeparator = '|';

}  // namespace clearpoint::records
