// ColumnMapping: how one agency's own file layout maps onto clearpoint's fields.
//
// Agencies keep their own headers ("Prezime", "Datum rođenja", "Nationality") and their own words
// ("Ž", "da", "SRB"). A mapping file, written once per agency in TOML, lets them submit files as
// they are:
//
//   [columns]                  # header in the file = clearpoint field ("" ignores the column)
//   "Prezime" = "surnames"
//   "Napomena" = ""
//   [constants]                # a value for every row, for fields the file has no column for
//   agency = "ASTRA"
//   [values.sex]               # the agency's words = clearpoint's values, for one field
//   "Ž" = "female"
//   [values.tristate]          # ... or for every yes/no/unknown field at once
//   "da" = "yes"
//   [format]
//   separator = ";"            # the CSV separator (detected when absent)
//   list_separator = ","       # what separates items inside a list cell (default '|')
//   trim = true                # drop spaces around headers and cells (", "-separated exports)
//   date_format = "YYYYMMDD"   # how every date cell is written (io/date_format.h); default ISO
//   impossible_dates = "unknown"   # keep a row whose date cannot exist with that date unknown,
//                                  # counted and reported (default "reject": the row is an error);
//                                  # "year" keeps its year alone (19175009 → 1917), counted and reported
//
// Without a mapping the headers must be clearpoint's field names (docs/data-dictionary.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/date_format.h"
#include "records/field_catalogue.h"

namespace clearpoint::io {

// What import does with a date cell that fits the layout but names no calendar day (31 February, month 50).
enum class ImpossibleDates {
  kReject,   // the row is an error
  kUnknown,  // the date is kept unknown
  kYear,     // the date is kept as its year alone: a slip in the month or day leaves the year standing, and
             // a year-only date agrees with every day of that year instead of disagreeing with any
};

class ColumnMapping {
 public:
  // Reads a mapping file; throws core::UserError with file:line:column for any problem.
  static ColumnMapping load(const std::string& path);
  static ColumnMapping identity() { return {}; }
  // A mapping given in code: header → field name ("" ignores the column). Throws std::invalid_argument
  // for a field that does not exist (a programming error, not a user's).
  static ColumnMapping from_columns(const std::vector<std::pair<std::string, std::string>>& columns);

  // The field a header maps to. Empty optional: the header is unknown. nullptr: ignore the column.
  std::optional<const records::FieldSpec*> field_for(std::string_view header) const;
  // The agency's word for a value of `field` translated to clearpoint's, or the text unchanged.
  std::string_view translate(const records::FieldSpec& field, std::string_view text) const;

  const std::map<std::string, std::string, std::less<>>& constants() const { return constants_; }
  char separator() const { return separator_; }
  char list_separator() const { return list_separator_; }
  bool trims() const { return trim_; }
  const std::optional<DateFormat>& date_format() const { return date_format_; }
  ImpossibleDates impossible_dates() const { return impossible_dates_; }

 private:
  std::map<std::string, const records::FieldSpec*, std::less<>> columns_;
  std::map<std::string, std::string, std::less<>> constants_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> values_;
  char separator_ = 0;
  char list_separator_ = '|';
  bool trim_ = false;
  std::optional<DateFormat> date_format_;
  ImpossibleDates impossible_dates_ = ImpossibleDates::kReject;
};

// The catalogue field name nearest to `text`, for "did you mean" hints; empty when none is close.
std::string nearest_field_name(std::string_view text);

}  // namespace clearpoint::io
