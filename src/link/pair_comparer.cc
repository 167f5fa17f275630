#include "link/pair_comparer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string_view>

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
bool one_keying_slip(std::int32_t x, std::int32_t y) {
  std::array<int, 2> where{};
  std::array<int, 2> from{};
  std::array<int, 2> to{};
  int count = 0;
  for (int i = 0; i < 8; ++i, x /= 10, y /= 10) {
    const int p = x % 10;
    const int q = y % 10;
    if (p == q) continue;
    if (count == 2) return false;
    where[static_cast<std::size_t>(count)] = i;
    from[static_cast<std::size_t>(count)] = p;
    to[static_cast<std::size_t>(count)] = q;
    ++count;
  }
  return count == 1 || (count == 2 && where[1] == where[0] + 1 && from[0] == to[1] && from[1] == to[0]);
}

// Whether some reading of one name sounds like some reading of the other (sound_key.csv).
bool share_a_sound(const PreparedField& x, const PreparedField& y) {
  for (std::uint8_t i = 0; i < x.sound_count; ++i) {
    for (std::uint8_t j = 0; j < y.sound_count; ++j) {
      if (x.sound_ids[i] == y.sound_ids[j]) return true;
    }
  }
  return false;
}

bool same_name_or_sound(const PreparedField& x, const PreparedField& y) {
  return x.skeleton_id == y.skeleton_id || share_a_sound(x, y);
}

// Day and month exchanged within one year (1985-03-12 / 1985-12-03).
bool day_and_month_swapped(std::int32_t x, std::int32_t y) {
  return x / 10000 == y / 10000 && x % 100 == y / 100 % 100 && x / 100 % 100 == y % 100;
}

// Two different days (YYYYMMDD) that one clerk's mistake could have made of one: the "close" date level.
bool one_slip_apart(std::int32_t x, std::int32_t y) {
  return day_and_month_swapped(x, y) || one_keying_slip(x, y);
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

std::int8_t name_level(const PreparedField& x, const PreparedField& y) {
  if (share_a_sound(x, y)) return 3;
  // Most compared names are clearly different (the blocking paired the records on another field): their
  // letters alone rule out "similar".
  if (jaro_winkler_upper_bound(x.letters, x.folded.size(), y.letters, y.folded.size()) < 0.80) return 0;
  const bool fast = !x.folded_ascii.empty() && !y.folded_ascii.empty();
  double similarity =
      fast ? jaro_winkler_ascii64(x.folded_ascii, y.folded_ascii) : jaro_winkler(x.folded, y.folded);
  if (similarity >= 0.80 && x.ending.id != 0 && x.ending.id == y.ending.id) {
    // Surnames that end alike in a common ending: most of their similarity is the ending, which a large
    // share of all surnames hold. The part before it must be similar too (never more than the whole).
    const auto stem = [](const auto& folded, std::uint8_t ending) {
      return folded.substr(0, folded.size() - ending);
    };
    const double stems = fast ? jaro_winkler_ascii64(stem(std::string_view(x.folded_ascii), x.ending.length),
                                                     stem(std::string_view(y.folded_ascii), y.ending.length))
                              : jaro_winkler(stem(std::u32string_view(x.folded), x.ending.length),
                                             stem(std::u32string_view(y.folded), y.ending.length));
    similarity = std::min(similarity, stems);
  }
  return similarity >= 0.92 ? 2 : similarity >= 0.80 ? 1 : 0;
}

std::uint64_t key_id(const std::string& key) {
  return std::hash<std::string_view>{}(key);
}

// Whether two given names meet through nicknames or another language's form: one stands for the other
// (Наташа, Natalia; Hanna, Anna), or both stand for one name (Sasha, Sanja → Aleksandra). Most names
// stand for nothing else.
bool stand_for_one_name(const PreparedField& x, const PreparedField& y) {
  if (x.stands_for_ids.empty() && y.stands_for_ids.empty()) return false;
  const auto has = [](const std::vector<std::uint64_t>& ids, std::uint64_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  if (has(x.stands_for_ids, y.skeleton_id) || has(y.stands_for_ids, x.skeleton_id)) return true;
  for (const auto id : x.stands_for_ids) {
    if (has(y.stands_for_ids, id)) return true;
  }
  return false;
}

}  // namespace

PairComparer::PairComparer(std::vector<FieldComparison> comparisons, const NameNormaliser& names)
    : comparisons_(std::move(comparisons)), names_(names) {
  if (comparisons_.size() > 64)
    throw std::invalid_argument("at most 64 comparisons (PreparedRecord::present)");
  for (std::size_t k = 0; k < comparisons_.size(); ++k) {
    if (comparisons_[k].comparator == Comparator::kGivenName) given_ = k;
    if (comparisons_[k].comparator == Comparator::kSurname) surname_ = k;
  }
}

std::int8_t PairComparer::crossed_level(const PreparedField& x, const PreparedField& y) {
  return x.skeleton_id == y.skeleton_id ? kSameName : name_level(x, y);
}

PreparedRecord PairComparer::prepare(const std::vector<std::string>& row) const {
  PreparedRecord record(comparisons_.size());
  for (std::size_t k = 0; k < comparisons_.size(); ++k) {
    const auto column = comparisons_[k].column;
    record.set(k, prepare_field(k, column < row.size() ? row[column] : std::string()));
  }
  return record;
}

PreparedField PairComparer::prepare_field(std::size_t k, const std::string& value) const {
  const auto& c = comparisons_[k];
  PreparedField field;
  field.text = trim(value);
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
      field.skeleton_id = key_id(field.skeleton);
      if (c.comparator == Comparator::kGivenName) {
        for (const auto& key : names_.given_keys(field.text)) {
          if (key != field.skeleton) field.stands_for_ids.push_back(key_id(key));
        }
      }
      for (const auto& key : names_.sound_keys_of_folded(folded)) {
        if (field.sound_count < field.sound_ids.size()) field.sound_ids[field.sound_count++] = key_id(key);
      }
      field.folded = to_code_points(folded);
      field.letters = letter_counts(field.folded);
      if (c.comparator == Comparator::kSurname) field.ending = names_.common_ending(field.folded);
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
      if (field.first_day == field.last_day) {
        const auto day = core::CivilDate::from_days(field.first_day);
        field.ymd = day.year * 10000 + day.month * 100 + day.day;
      }
      field.whole_year = field.first_day == core::CivilDate{field.year, 1, 1}.to_days() &&
                         field.last_day == core::CivilDate{field.year, 12, 31}.to_days();
      break;
    }
    case Comparator::kSet: {
      std::string_view rest = field.text;
      while (!rest.empty()) {
        const auto bar = rest.find('|');
        const auto value = rest.substr(0, bar);
        if (!value.empty()) field.value_ids.push_back(key_id(std::string(value)));
        rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
      }
      std::sort(field.value_ids.begin(), field.value_ids.end());
      field.value_ids.erase(std::unique(field.value_ids.begin(), field.value_ids.end()),
                            field.value_ids.end());
      field.folded = to_code_points(field.text);
      break;
    }
    case Comparator::kYear:
      // Years reach linkage validated: the text starts with a four-digit year.
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
    if (found == cache_[k].end()) {
      found = cache_[k]
                  .emplace(value, std::make_shared<const PreparedField>(comparer_.prepare_field(k, value)))
                  .first;
    }
    record.set(k, found->second);
  }
  return record;
}

Pattern PairComparer::compare(const PreparedRecord& a, const PreparedRecord& b) const {
  Pattern pattern;
  compare_into(a, b, pattern);
  return pattern;
}

bool PairComparer::birth_days_disagree(const PreparedRecord& a, const PreparedRecord& b) const {
  for (std::size_t k = 0; k < comparisons_.size(); ++k) {
    if (comparisons_[k].comparator != Comparator::kPartialDate) continue;
    const auto& x = a[k];
    const auto& y = b[k];
    if (x.ymd == 0 || y.ymd == 0 || x.whole_year || y.whole_year || x.ymd == y.ymd) continue;
    if (!one_slip_apart(x.ymd, y.ymd)) return true;
  }
  return false;
}

void PairComparer::compare_into(const PreparedRecord& a, const PreparedRecord& b, Pattern& pattern) const {
  pattern.assign(comparisons_.size(), kMissing);
  for (std::uint64_t both = a.present() & b.present(); both != 0; both &= both - 1) {
    const auto k = static_cast<std::size_t>(std::countr_zero(both));
    const PreparedField& x = a[k];
    const PreparedField& y = b[k];
    switch (comparisons_[k].comparator) {
      case Comparator::kName: {
        if (x.skeleton_id == y.skeleton_id) {
          pattern[k] = kSameName;
          break;
        }
        pattern[k] = name_level(x, y);
        break;
      }
      case Comparator::kGivenName: {
        if (x.skeleton_id == y.skeleton_id || stand_for_one_name(x, y)) {
          pattern[k] = kSameName;
          break;
        }
        pattern[k] = name_level(x, y);
        break;
      }
      case Comparator::kSurname: {
        if (x.skeleton_id == y.skeleton_id) {
          pattern[k] = kSameName;
          break;
        }
        pattern[k] = name_level(x, y);
        break;
      }
      case Comparator::kPartialDate: {
        // Levels as in specs(): apart by more than 3 years, by 1-3 years, by less than a year, ranges
        // that overlap, swapped day and month or both within a month, the same day.
        if (x.ymd != 0 && y.ymd != 0) {
          if (x.ymd == y.ymd) {
            pattern[k] = 5;
            break;
          }
          if (one_slip_apart(x.ymd, y.ymd)) {
            pattern[k] = 4;
            break;
          }
        }
        // Two birth years (a year-only date, or 1 January) one keying slip apart beyond neighbouring years
        // (1915 / 1951, 1984 / 1948, 1962 / 1932); a slip in the last digit is the 1-3 years level.
        if (x.whole_year && y.whole_year && std::abs(x.year - y.year) > 3 &&
            one_keying_slip(x.year * 10000 + 101, y.year * 10000 + 101)) {
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
      case Comparator::kYear:
        pattern[k] = x.year == y.year ? 2 : std::abs(x.year - y.year) == 1 ? 1 : 0;
        break;
      case Comparator::kExact:
        pattern[k] = x.text == y.text ? 1 : 0;
        break;
      case Comparator::kExactOrTypo:
        pattern[k] = x.text == y.text ? 2 : core::damerau_levenshtein(x.folded, y.folded) <= 1 ? 1 : 0;
        break;
      case Comparator::kSet:
        if (x.value_ids == y.value_ids) {
          pattern[k] = 2;
        } else {
          // Two short sorted lists: a value in common is one merge step away.
          auto i = x.value_ids.begin();
          auto j = y.value_ids.begin();
          while (i != x.value_ids.end() && j != y.value_ids.end() && *i != *j) (*i < *j) ? ++i : ++j;
          pattern[k] = i != x.value_ids.end() && j != y.value_ids.end() ? 1 : 0;
        }
        break;
    }
  }
  // Given name and surname written in each other's place (a clerk's swap): the crossed comparison
  // stands when it agrees better than the direct one. A swap is only looked for where at least one
  // crossed name is the same name or sound (Ewan Brock / Broc Ewan); two names each merely similar
  // to the other's are no evidence of a swap, and checking every pair would double the string work.
  if (given_ < comparisons_.size() && surname_ < comparisons_.size() && pattern[given_] != kMissing &&
      pattern[surname_] != kMissing && pattern[given_] + pattern[surname_] < 2 * kSameName &&
      (same_name_or_sound(a[given_], b[surname_]) || same_name_or_sound(a[surname_], b[given_]))) {
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
        specs.push_back(
            {c.name,
             5,
             {"different", "similar (JW ≥ 0.80)", "close (JW ≥ 0.92)", "same sound key", "same skeleton"}});
        break;
      case Comparator::kGivenName:
        specs.push_back({c.name,
                         5,
                         {"different", "similar (JW ≥ 0.80)", "close (JW ≥ 0.92)", "same sound key",
                          "same name or nickname"}});
        break;
      case Comparator::kPartialDate:
        specs.push_back(
            {c.name,
             6,
             {"more than 3 years apart", "1 to 3 years apart", "less than a year apart", "ranges overlap",
              "close (one digit mistyped, day and month swapped, or both within a month)", "same day"}});
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
      case Comparator::kSet:
        specs.push_back({c.name, 3, {"no value in common", "a value in common", "the same values"}});
        break;
    }
  }
  for (std::size_t k = 0; k < specs.size(); ++k) {
    specs[k].holds_apart = comparisons_[k].holds_apart;
    specs[k].least_disagreement = comparisons_[k].least_disagreement;
  }
  return specs;
}

}  // namespace clearpoint::link
