// DateFormat: the layout an agency writes its dates in, declared once in its column mapping.
//
// Registers export dates as they keep them — 19560213 (FEBRL, many databases), 13/2/1956, 02/13/1956,
// 13.02.1956. Guessing the layout row by row would read 03/04/1985 as March in one file and April in the
// next, so the mapping declares it (`[format] date_format = "YYYYMMDD"`) and every date cell is read
// with it and handed on in clearpoint's canonical ISO form. A pattern is made of the tokens YYYY (four
// digits), MM and DD (two digits), M and D (one or two digits) and any other characters, which must
// appear as written. An empty cell stays unknown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clearpoint::io {

class DateFormat {
 public:
  enum class Outcome {
    kEmpty,       // the cell is empty: the date is unknown
    kDate,        // a real calendar day; `iso` holds it
    kImpossible,  // the layout fits but no such day exists (31 February, month 13)
    kMismatch,    // the text does not have the declared layout
  };
  struct Reading {
    Outcome outcome = Outcome::kEmpty;
    std::string iso;
    // With kImpossible: the year the cell's year digits spell, when that year exists (0 otherwise) — the
    // part of a slipped date a mapping may keep (impossible_dates = "year").
    int year = 0;
  };

  // Nullopt when the pattern lacks a year, a month or a day, or repeats one.
  static std::optional<DateFormat> parse(std::string_view pattern);

  Reading read(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }

 private:
  enum class Part { kYear, kMonth, kDay, kLiteral };
  struct Token {
    Part part = Part::kLiteral;
    int min_digits = 0;
    int max_digits = 0;
    char literal = 0;
  };
  std::string pattern_;
  std::vector<Token> tokens_;
};

}  // namespace clearpoint::io
