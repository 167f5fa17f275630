// PartialDate: a date known only as precisely as the agency recorded it.
//
// Case files rarely hold a clean date of birth. An agency may record a full date, a year, a month,
// a range, an age estimated by a social worker on a given day ("about 17 on 2004-05-01"), an exact
// age on a day ("17 on 2004-05-01"), or nothing. A PartialDate keeps what was recorded (so it can be
// written back exactly) and exposes the interval of calendar days it allows, which is what the legal
// stage (was the person under 18?) and the linkage stage (can two birth dates be the same?) reason on.
//
// Text forms (canonical form first; `parse` also accepts the regional DD.MM.YYYY[.] day-first form):
//   ""  or "unknown"               nothing known
//   1985 | 1985-03 | 1985-03-12     year, month, day precision
//   1984/1986, 1985-01/1985-06-30   an interval (ISO 8601 "start/end"), each end at any precision
//   17 on 2004-05-01                exact age in whole years on a reference day
//   about 17 on 2004-05-01          estimated age: 16, 17 or 18 on the reference day
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clearpoint::core {

// Days since 1970-01-01 in the proleptic Gregorian calendar.
using DayNumber = std::int32_t;

struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;

  static bool is_valid(int year, int month, int day);
  static int days_in_month(int year, int month);
  DayNumber to_days() const;
  static CivilDate from_days(DayNumber days);
  // The same day `years` later (or earlier); 29 February becomes 28 February in common years.
  CivilDate plus_years(int years) const;
  std::string iso() const;
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// A closed interval of calendar days [first, last].
struct DateInterval {
  DayNumber first = 0;
  DayNumber last = 0;

  bool contains(DayNumber day) const { return first <= day && day <= last; }
  bool overlaps(const DateInterval& other) const { return first <= other.last && other.first <= last; }
  std::optional<DateInterval> intersect(const DateInterval& other) const;
  std::int32_t width_days() const { return last - first + 1; }
  friend bool operator==(const DateInterval&, const DateInterval&) = default;
};

// The smallest and largest whole-year ages a person born within `birth` can have on `on`.
struct AgeRange {
  int youngest = 0;
  int oldest = 0;
};
AgeRange age_range_on(const DateInterval& birth, const CivilDate& on);

class PartialDate {
 public:
  enum class Kind : std::uint8_t { kUnknown, kYear, kMonth, kDay, kRange, kExactAge, kEstimatedAge };

  struct ParseResult;
  static ParseResult parse(std::string_view text);

  PartialDate() = default;  // unknown
  static PartialDate year(int year);
  static PartialDate day(const CivilDate& date);
  static PartialDate age_on(int age_years, const CivilDate& reference, bool estimated);

  Kind kind() const { return kind_; }
  bool known() const { return kind_ != Kind::kUnknown; }
  // Empty when unknown.
  std::optional<DateInterval> interval() const;
  // The form `parse` reads back to an equal value; "" when unknown.
  std::string canonical() const;

  friend bool operator==(const PartialDate&, const PartialDate&) = default;

 private:
  Kind kind_ = Kind::kUnknown;
  // For kYear/kMonth/kDay: `start_` holds the date and the unused parts are 1. For kRange: `start_` and
  // `end_` with their own precisions. For ages: `start_` is the reference day and `age_` the years.
  CivilDate start_{};
  CivilDate end_{};
  std::uint8_t start_precision_ = 0;  // 1 year, 2 month, 3 day
  std::uint8_t end_precision_ = 0;
  std::int16_t age_ = 0;
};

struct PartialDate::ParseResult {
  std::optional<PartialDate> value;
  std::string problem;  // set when value is empty
  std::string hint;
};

}  // namespace clearpoint::core
