#include "link/pair_comparer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "core/edit_distance.h"
#include "core/parse_number.h"
#include "core/partial_date.h"
#include "link/string_similarity.h"

namespace clearpoint::link {

namespace {

// The top level of a name comparison: the same skeleton (or, for given names, a shared formal name).
constexpr std::int8_t kSameName = 4;

// Whether two days written as YYYYMMDD differ by one keying slip: one digit typed wrong, or two
// neighbouring digits swapped (19140913 / 19104913 is one digit; 19850312 / 19850321 two swapped).
bool one_keying_slip(const core::CivilDate& p, const core::CivilDate& q) {
  const auto digits = [](const core::CivilDate& d) {
    return std::array<int, 8>{d.year / 1000,      d.year / 100 % 10, d.year / 10 % 10, d.year % 10,
                              d.month / 10,       d.month % 10,      d.day / 10,       d.day % 10};
  };
  const auto x = digits(p);
  const auto y = digits(q);
  std::array<std::size_t, 3> differ{};
  std::size_t count = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == y[i]) continue;
    if (count == differ.size()) return false;
    differ[count++] = i;
  }
  if (count == 1) return true;
  return count == 2 && differ[1] == differ[0] + 1 && x[differ[0]] == y[differ[1]] && x[differ[1]] == y[differ[0]];
}

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  const auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// "19851231" from YYYYMMDD or YYYY-MM-DD; empty when it is neither.
std::string date_digits(const std::string& text) {
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != '-') {
      return {};
    }
  }
  return digits.size() == 8 ? digits : std::string();
}

std::int8_t date_level(const PreparedField& a, const PreparedField& b) {
  if (a.text == b.text) return 3;
  const std::string& x = a.text;
  const std::string& y = b.text;
  const bool swapped =
      x.compare(0, 4, y, 0, 4) == 0 && x.compare(4, 2, y, 6, 2) == 0 && x.compare(6, 2, y, 4, 2) == 0;
  // One digit changed, or two neighbouring digits exchanged (19581203 / 19518203): the typos of dates.
  int differing = 0;
  std::size_t first = 8;
  for (std::size_t i = 0; i < 8; ++i) {
    if (x[i] != y[i]) {
      if (first == 8) first = i;
      ++differing;
    }
  }
  const bool transposed = differing == 2 && first < 7 && x[first] == y[first + 1] && x[first + 1] == y[first];
  if (swapped || differing == 1 || transposed) return 2;
  if (a.year == b.year) return 1;
  return 0;
}

std::int8_t name_level(const PreparedField& x, const PreparedField& y) {
  if (x.sound == y.sound) return 3;
  const bool fast = !x.folded_ascii.empty() && !y.folded_ascii.empty();
  const double similarity =
      fast ? jaro_winkler_ascii64(x.folded_ascii, y.folded_ascii) : jaro_winkler(x.folded, y.folded);
  return similarity >= 0.92 ? 2 : similarity >= 0.80 ? 1 : 0;
}

// Whether a prepared partial date is exactly one calendar year (a year-only date, or 1 January).
bool whole_year(const PreparedField& date) {
  return date.first_day == core::CivilDate{date.year, 1, 1}.to_days() &&
         date.last_day == core::CivilDate{date.year, 12, 31}.to_days();
}

}  // namespace

PairComparer::PairComparer(std::vector<FieldComparison> comparisons, const NameNormaliser& names)
    : comparisons_(std::move(comparisons)), names_(names) {
  for (std::size_t k = 0; k < comparisons_.size(); ++k) {
    if (comparisons_[k].comparator == Comparator::kGivenName) given_ = k;
    if (comparisons_[k].comparator == Comparator::kSurname) surname_ = k;
  }
}

std::int8_t PairComparer::crossed_level(const PreparedField& x, const PreparedField& y) {
  return x.skeleton == y.skeleton ? kSameName : name_level(x, y);
}

PreparedRecord PairComparer::prepare(const std::vector<std::string>& row) const {
  PreparedRecord record(comparisons_.size());
  for (std::size_t k = 0; k < comparisons_.size(); ++k) {
    const auto column = comparisons_[k].column;
    record[k] = prepare_field(k, column < row.size() ? row[column] : std::string());
  }
  return record;
}

PreparedField PairComparer::prepare_field(std::size_t k, const std::string& value) const {
  const auto& c = comparisons_[k];
  PreparedField field;
  field.text = trim(value);
  if (c.comparator == Comparator::kDate) field.text = date_digits(field.text);
  if (c.comparator == Comparator::kYear) {
    const std::string digits = date_digits(field.text);
    field.text = !digits.empty() ? digits.substr(0, 4)
                 : (field.text.size() == 4 && std::all_of(field.text.begin(), field.text.end(), ::isdigit))
                     ? field.text
                     : std::string();
  }
  field.empty = field.text.empty();
  if (field.empty) return field;
  switch (c.comparator) {
    case Comparator::kName:
    case Comparator::kGivenName:
    case Comparator::kSurname: {
      const std::string folded = c.comparator == Comparator::kSurname ? strip_gender(names_.fold(field.text))
                                                                      : names_.fold(field.text);
      field.skeleton =
          c.comparator == Comparator::kSurname ? names_.surname_key(field.text) : names_.skeleton(field.text);
      if (c.comparator == Comparator::kGivenName) field.keys = names_.given_keys(field.text);
      field.sound = names_.sound_key_of_folded(folded);
      field.folded = to_code_points(folded);
      if (is_ascii64(folded)) field.folded_ascii = folded;
      break;
    }
    case Comparator::kPartialDate: {
      const auto parsed = core::PartialDate::parse(field.text);
      const auto interval = parsed.value ? parsed.value->interval() : std::nullopt;
      if (!interval) {
        field.empty = true;
        break;
      }
      field.first_day = interval->first;
      field.last_day = interval->last;
      field.year = core::CivilDate::from_days(interval->first).year;
      // 1 January is where registers put a birth date known only by its year: it is compared as the
      // year, so a placeholder neither agrees to the day nor disagrees with the real date.
      if (const auto day = core::CivilDate::from_days(field.first_day);
          field.first_day == field.last_day && day.month == 1 && day.day == 1) {
        field.last_day = core::CivilDate{day.year, 12, 31}.to_days();
      }
      break;
    }
    case Comparator::kDate:
    case Comparator::kYear:
      // Dates and years reach linkage validated: the text starts with a four-digit year.
      field.year = core::parse_int(field.text.substr(0, 4)).value_or(0);
      field.folded = to_code_points(field.text);
      break;
    default:
      field.folded = to_code_points(field.text);
      break;
  }
  return field;
}

RecordPreparer::RecordPreparer(const PairComparer& comparer)
    : comparer_(comparer), cache_(comparer.comparisons().size()) {}

PreparedRecord RecordPreparer::prepare(const std::vector<std::string>& row) {
  const auto& comparisons = comparer_.comparisons();
  PreparedRecord record(comparisons.size());
  for (std::size_t k = 0; k < comparisons.size(); ++k) {
    const auto column = comparisons[k].column;
    const std::string& value = column < row.size() ? row[column] : kNothing;
    auto found = cache_[k].find(value);
    if (found == cache_[k].end()) found = cache_[k].emplace(value, comparer_.prepare_field(k, value)).first;
    record[k] = found->second;
  }
  return record;
}

Pattern PairComparer::compare(const PreparedRecord& a, const PreparedRecord& b) const {
  Pattern pattern;
  compare_into(a, b, pattern);
  return pattern;
}

void PairComparer::compare_into(const PreparedRecord& a, const PreparedRecord& b, Pattern& pattern) const {
  pattern.assign(comparisons_.size(), kMissing);
  for (std::size_t k = 0; k < comparisons_.size(); ++k) {
    const PreparedField& x = a[k];
    const PreparedField& y = b[k];
    if (x.empty || y.empty) continue;
    switch (comparisons_[k].comparator) {
      case Comparator::kName: {
        if (x.skeleton == y.skeleton) {
          pattern[k] = kSameName;
          break;
        }
        pattern[k] = name_level(x, y);
        break;
      }
      case Comparator::kGivenName: {
        bool shared = false;
        for (const auto& key : x.keys)
          shared = shared || std::binary_search(y.keys.begin(), y.keys.end(), key);
        if (shared) {
          pattern[k] = kSameName;
          break;
        }
        pattern[k] = name_level(x, y);
        break;
      }
      case Comparator::kSurname: {
        if (x.skeleton == y.skeleton) {
          pattern[k] = kSameName;
          break;
        }
        pattern[k] = name_level(x, y);
        break;
      }
      case Comparator::kPartialDate: {
        // Levels as in specs(): apart by more than 3 years, by 1-3 years, by less than a year, ranges
        // that overlap, swapped day and month or both within a month, the same day.
        const bool x_day = x.first_day == x.last_day;
        const bool y_day = y.first_day == y.last_day;
        if (x_day && y_day && x.first_day == y.first_day) {
          pattern[k] = 5;
          break;
        }
        if (x_day && y_day) {
          const auto p = core::CivilDate::from_days(x.first_day);
          const auto q = core::CivilDate::from_days(y.first_day);
          if ((p.year == q.year && p.day == q.month && p.month == q.day) || one_keying_slip(p, q)) {
            pattern[k] = 4;
            break;
          }
        }
        // Two birth years (a year-only date, or 1 January) one keying slip apart beyond neighbouring years
        // (1915 / 1951, 1984 / 1948, 1962 / 1932); a slip in the last digit is the 1-3 years level.
        if (whole_year(x) && whole_year(y) && std::abs(x.year - y.year) > 3 &&
            one_keying_slip(core::CivilDate{x.year, 1, 1}, core::CivilDate{y.year, 1, 1})) {
          pattern[k] = 4;
          break;
        }
        const std::int32_t gap = std::max(x.first_day, y.first_day) - std::min(x.last_day, y.last_day);
        if (gap <= 0) {
          const bool narrow = x.last_day - x.first_day <= 31 && y.last_day - y.first_day <= 31;
          pattern[k] = narrow ? 4 : 3;
        } else {
          pattern[k] = gap <= 366 ? 2 : gap <= 3 * 366 ? 1 : 0;
        }
        break;
      }
      case Comparator::kDate:
        pattern[k] = date_level(x, y);
        break;
      case Comparator::kYear:
        pattern[k] = x.year == y.year ? 2 : std::abs(x.year - y.year) == 1 ? 1 : 0;
        break;
      case Comparator::kExact:
        pattern[k] = x.text == y.text ? 1 : 0;
        break;
      case Comparator::kExactOrTypo:
        pattern[k] = x.text == y.text ? 2 : core::damerau_levenshtein(x.folded, y.folded) <= 1 ? 1 : 0;
        break;
    }
  }
  // Given name and surname written in each other's place (a clerk's swap): the crossed comparison
  // stands when it agrees better than the direct one.
  if (given_ < comparisons_.size() && surname_ < comparisons_.size() && pattern[given_] != kMissing &&
      pattern[surname_] != kMissing && pattern[given_] + pattern[surname_] < 2 * kSameName) {
    const auto given = crossed_level(a[given_], b[surname_]);
    const auto surname = crossed_level(a[surname_], b[given_]);
    if (given + surname > pattern[given_] + pattern[surname_] + 1) {
      pattern[given_] = given;
      pattern[surname_] = surname;
    }
  }
}

std::vector<ComparisonSpec> PairComparer::specs() const {
  std::vector<ComparisonSpec> specs;
  for (const auto& c : comparisons_) {
    switch (c.comparator) {
      case Comparator::kName:
      case Comparator::kSurname:
        specs.push_back({c.name,
                         5,
                         {"different", "similar (JW ≥ 0.80)", "close (JW ≥ 0.92)", "same sound key", "same skeleton"}});
        break;
      case Comparator::kGivenName:
        specs.push_back(
            {c.name,
             5,
             {"different", "similar (JW ≥ 0.80)", "close (JW ≥ 0.92)", "same sound key", "same name or nickname"}});
        break;
      case Comparator::kPartialDate:
        specs.push_back(
            {c.name,
             6,
             {"more than 3 years apart", "1 to 3 years apart", "less than a year apart", "ranges overlap",
              "close (one digit mistyped, day and month swapped, or both within a month)", "same day"}});
        break;
      case Comparator::kDate:
        specs.push_back({c.name, 4, {"different", "same year", "one digit or day/month swapped", "equal"}});
        break;
      case Comparator::kYear:
        specs.push_back({c.name, 3, {"more than a year apart", "one year apart", "same year"}});
        break;
      case Comparator::kExact:
        specs.push_back({c.name, 2, {"different", "equal"}});
        break;
      case Comparator::kExactOrTypo:
        specs.push_back({c.name, 3, {"different", "one edit", "equal"}});
        break;
    }
  }
  for (std::size_t k = 0; k < specs.size(); ++k) specs[k].holds_apart = comparisons_[k].holds_apart;
  return specs;
}

}  // namespace clearpoint::link
