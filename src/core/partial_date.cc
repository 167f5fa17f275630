#include "core/partial_date.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace clearpoint::core {

namespace {

constexpr int kEarliestYear = 1900;
constexpr int kLatestYear = 2100;
constexpr int kOldestAge = 120;

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Reads an unsigned decimal of min_digits..max_digits digits from the front of `text`.
std::optional<int> take_digits(std::string_view& text, std::size_t min_digits, std::size_t max_digits) {
  std::size_t n = 0;
  while (n < text.size() && n < max_digits && text[n] >= '0' && text[n] <= '9') ++n;
  if (n < min_digits) return std::nullopt;
  int value = 0;
  std::from_chars(text.data(), text.data() + n, value);
  text.remove_prefix(n);
  return value;
}

bool take(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

struct Dated {
  CivilDate date;
  std::uint8_t precision = 0;  // 1 year, 2 month, 3 day
};

// One calendar date at year, month or day precision, ISO or DD.MM.YYYY[.]; the whole of `text`.
std::optional<Dated> parse_one(std::string_view text, std::string& problem) {
  std::string_view rest = text;
  if (text.find('.') != std::string_view::npos) {
    const auto day = take_digits(rest, 1, 2);
    if (!day || !take(rest, ".")) return std::nullopt;
    const auto month = take_digits(rest, 1, 2);
    if (!month || !take(rest, ".")) return std::nullopt;
    const auto year = take_digits(rest, 4, 4);
    if (!year) return std::nullopt;
    take(rest, ".");
    if (!rest.empty()) return std::nullopt;
    if (!CivilDate::is_valid(*year, *month, *day)) {
      problem = "is not a real calendar date";
      return std::nullopt;
    }
    return Dated{{*year, *month, *day}, 3};
  }
  const auto year = take_digits(rest, 4, 4);
  if (!year) return std::nullopt;
  Dated out{{*year, 1, 1}, 1};
  if (take(rest, "-")) {
    const auto month = take_digits(rest, 2, 2);
    if (!month) return std::nullopt;
    out.date.month = *month;
    out.precision = 2;
    if (take(rest, "-")) {
      const auto day = take_digits(rest, 2, 2);
      if (!day) return std::nullopt;
      out.date.day = *day;
      out.precision = 3;
    }
  }
  if (!rest.empty()) return std::nullopt;
  if (!CivilDate::is_valid(out.date.year, out.date.month, out.date.day)) {
    problem = "is not a real calendar date";
    return std::nullopt;
  }
  return out;
}

DayNumber first_day(const Dated& d) {
  return d.date.to_days();
}

DayNumber last_day(const Dated& d) {
  switch (d.precision) {
    case 1:
      return CivilDate{d.date.year, 12, 31}.to_days();
    case 2:
      return CivilDate{d.date.year, d.date.month, CivilDate::days_in_month(d.date.year, d.date.month)}
          .to_days();
    default:
      return d.date.to_days();
  }
}

std::string format_dated(const CivilDate& date, std::uint8_t precision) {
  switch (precision) {
    case 1:
      return fmt::format("{:04}", date.year);
    case 2:
      return fmt::format("{:04}-{:02}", date.year, date.month);
    default:
      return date.iso();
  }
}

const char* const kFormsHint =
    "write YYYY-MM-DD, DD.MM.YYYY, YYYY-MM, YYYY, a range like 1984/1986, an age like "
    "'17 on 2004-05-01' or 'about 17 on 2004-05-01', or leave it empty when unknown";

}  // namespace

bool CivilDate::is_valid(int year, int month, int day) {
  return year >= kEarliestYear && year <= kLatestYear && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

int CivilDate::days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil algorithm (public domain description of the Gregorian calendar).
DayNumber CivilDate::to_days() const {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilDate::from_days(DayNumber days) {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  return CivilDate{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

CivilDate CivilDate::plus_years(int years) const {
  CivilDate out{year + years, month, day};
  out.day = std::min(out.day, days_in_month(out.year, out.month));
  return out;
}

std::string CivilDate::iso() const {
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::optional<DateInterval> DateInterval::intersect(const DateInterval& other) const {
  if (!overlaps(other)) return std::nullopt;
  return DateInterval{std::max(first, other.first), std::min(last, other.last)};
}

namespace {
int age_of(const CivilDate& born, const CivilDate& on) {
  const bool before_birthday = on.month < born.month || (on.month == born.month && on.day < born.day);
  return on.year - born.year - (before_birthday ? 1 : 0);
}
}  // namespace

AgeRange age_range_on(const DateInterval& birth, const CivilDate& on) {
  return AgeRange{age_of(CivilDate::from_days(birth.last), on),
                  age_of(CivilDate::from_days(birth.first), on)};
}

PartialDate PartialDate::year(int year) {
  PartialDate out;
  out.kind_ = Kind::kYear;
  out.start_ = CivilDate{year, 1, 1};
  out.start_precision_ = 1;
  return out;
}

PartialDate PartialDate::day(const CivilDate& date) {
  PartialDate out;
  out.kind_ = Kind::kDay;
  out.start_ = date;
  out.start_precision_ = 3;
  return out;
}

PartialDate PartialDate::age_on(int age_years, const CivilDate& reference, bool estimated) {
  PartialDate out;
  out.kind_ = estimated ? Kind::kEstimatedAge : Kind::kExactAge;
  out.start_ = reference;
  out.start_precision_ = 3;
  out.age_ = static_cast<std::int16_t>(age_years);
  return out;
}

PartialDate::ParseResult PartialDate::parse(std::string_view raw) {
  const std::string_view text = trim(raw);
  if (text.empty() || text == "unknown") return {PartialDate{}, {}, {}};

  std::string problem;
  const auto fail = [&](std::string what) {
    return ParseResult{std::nullopt, problem.empty() ? std::move(what) : problem, kFormsHint};
  };

  // Ages: "[about ]N on DATE".
  if (const auto on = text.find(" on "); on != std::string_view::npos) {
    std::string_view age_text = text.substr(0, on);
    const bool estimated = take(age_text, "about ");
    std::string_view digits = trim(age_text);
    const auto age = take_digits(digits, 1, 3);
    if (!age || !digits.empty()) return fail("the age before 'on' is not a whole number of years");
    if (*age > kOldestAge) return fail(fmt::format("an age of {} years is not plausible", *age));
    const auto reference = parse_one(trim(text.substr(on + 4)), problem);
    if (!reference || reference->precision != 3) return fail("the day after 'on' must be a full date");
    return {age_on(*age, reference->date, estimated), {}, {}};
  }

  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    const auto from = parse_one(trim(text.substr(0, slash)), problem);
    const auto to = parse_one(trim(text.substr(slash + 1)), problem);
    if (!from || !to) return fail("is not a date range of the form START/END");
    if (first_day(*from) > last_day(*to)) return fail("the range ends before it starts");
    PartialDate out;
    out.kind_ = Kind::kRange;
    out.start_ = from->date;
    out.start_precision_ = from->precision;
    out.end_ = to->date;
    out.end_precision_ = to->precision;
    return {out, {}, {}};
  }

  const auto one = parse_one(text, problem);
  if (!one) return fail("is not a date");
  PartialDate out;
  out.kind_ = one->precision == 1 ? Kind::kYear : one->precision == 2 ? Kind::kMonth : Kind::kDay;
  out.start_ = one->date;
  out.start_precision_ = one->precision;
  return {out, {}, {}};
}

std::optional<DateInterval> PartialDate::interval() const {
  switch (kind_) {
    case Kind::kUnknown:
      return std::nullopt;
    case Kind::kYear:
    case Kind::kMonth:
    case Kind::kDay: {
      const Dated d{start_, start_precision_};
      return DateInterval{first_day(d), last_day(d)};
    }
    case Kind::kRange:
      return DateInterval{first_day(Dated{start_, start_precision_}), last_day(Dated{end_, end_precision_})};
    case Kind::kExactAge:
    case Kind::kEstimatedAge: {
      // Aged between `youngest` and `oldest` on the reference day means born after the day the person
      // would have turned oldest+1 and no later than the day they turned `youngest`.
      const int slack = kind_ == Kind::kEstimatedAge ? 1 : 0;
      const int youngest = std::max(0, age_ - slack);
      const int oldest = age_ + slack;
      return DateInterval{start_.plus_years(-(oldest + 1)).to_days() + 1,
                          start_.plus_years(-youngest).to_days()};
    }
  }
  return std::nullopt;
}

std::string PartialDate::canonical() const {
  switch (kind_) {
    case Kind::kUnknown:
      return {};
    case Kind::kYear:
    case Kind::kMonth:
    case Kind::kDay:
      return format_dated(start_, start_precision_);
    case Kind::kRange:
      return format_dated(start_, start_precision_) + "/" + format_dated(end_, end_precision_);
    case Kind::kExactAge:
      return fmt::format("{} on {}", age_, start_.iso());
    case Kind::kEstimatedAge:
      return fmt::format("about {} on {}", age_, start_.iso());
  }
  return {};
}

}  // namespace clearpoint::core
