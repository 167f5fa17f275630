// PairComparer: turns two records into a comparison pattern (one level per comparison) for the
// Fellegi–Sunter model.
//
// Records are rows of text fields; each comparison names a field and how to compare it:
//   kName             exact skeleton (see NameNormaliser) 4, the same sound key 3 (Đukić / Giukic /
//                     Dzhukich, Honcharenko / Goncharenko), Jaro–Winkler of the folded names ≥ 0.92: 2,
//                     ≥ 0.80: 1, else 0 — so Đorđević and Djordjevic meet at the top level;
//   kGivenName        as kName, and a nickname meets its formal name at the top level (Наташа, Natalia);
//   kSurname          as kName on the skeleton without the Slavic feminine ending (Ivanova, Ivanov); two
//                     surnames that end in the same common ending (surname_endings.csv: -ović, -ovski,
//                     -enko, -escu) are similar or close only when what precedes it is too — Trajkovska
//                     and Stojanovska share nothing else;
//   kPartialDate      a clearpoint partial date as an interval of days: the same day 5; one digit
//                     mistyped or two neighbouring digits swapped, day and month swapped, or both known
//                     to the month and overlapping 4; the intervals overlap 3 (a
//                     year-only date or an estimated age agrees here with every date it allows); apart by
//                     less than a year 2, by one to three years 1, by more 0; 1 January, the usual
//                     placeholder for an unknown day, counts as the whole year;
//   kYear             the year of a date (or a year alone): equal 2, one apart 1, else 0;
//   kExact            equal 1, else 0;
//   kExactOrTypo      equal 2, one Damerau–Levenshtein edit 1, else 0.
// With a kGivenName and a kSurname comparison, names written in each other's place are compared crossed
// (given against surname, surname against given), and the crossed levels stand when clearly better.
// An empty field makes its comparison missing. Values are prepared once per record, so comparing a pair
// does no Unicode work beyond Jaro–Winkler on prepared code points.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "link/fellegi_sunter.h"
#include "link/name_normaliser.h"
#include "link/string_similarity.h"

namespace clearpoint::link {

// kSet: a field holding several values separated by "|" (forms of exploitation), compared as sets.
enum class Comparator { kName, kGivenName, kSurname, kPartialDate, kYear, kExact, kExactOrTypo, kSet };

struct FieldComparison {
  std::string name;
  std::size_t column = 0;
  Comparator comparator = Comparator::kExact;
  // Whether disagreement on this field alone can hold two records apart (person_clusters.h): a birth
  // date years apart or another sex, which a clerk does not mistype into a plausible value. Names can
  // not: they are replaced by nicknames, married names, other romanisations and mishearings.
  bool holds_apart = false;
  // The least share of one person's record pairs taken to disagree on this field whatever EM learns
  // (FellegiSunter::bound_disagreement): for a case's attributes, which agencies classify differently and
  // which a person exploited again may change, so that lists agreeing throughout cannot make a
  // disagreement decisive.
  double least_disagreement = 0;
};

// What comparing a pair reads comes first, in the struct's first cache line: a million records do not
// fit the cache, and a pair's comparisons otherwise wait on memory. Skeletons and sound keys are compared
// by their 64-bit hashes (two different keys share one with probability 2^-64).
struct PreparedField {
  bool empty = true;
  int year = 0;                // dates
  std::int32_t first_day = 0;  // partial dates: the interval of possible days
  std::int32_t last_day = 0;
  std::int32_t ymd = 0;           // partial dates known to the day: YYYYMMDD as a number, else 0
  bool whole_year = false;        // partial dates that are exactly one calendar year (or 1 January)
  std::uint64_t skeleton_id = 0;  // names: hash of `skeleton`
  std::uint8_t sound_count = 0;   // names: how many of sound_ids are set
  std::array<std::uint64_t, 4> sound_ids{};  // names: hashes of the sound key in each reading
  std::string folded_ascii;  // names: the folded text when it is ASCII of at most 64 characters (fast path)
  LetterCounts letters{};    // names: the folded text's letter counts, for Jaro–Winkler's cheap upper bound
  NameNormaliser::SurnameEnding ending;  // surnames: the common ending the folded text ends in, if any
  // Given names that stand for other names (a nickname's formal names, another language's forms): hashes
  // of those names' skeletons (NameNormaliser::given_keys).
  std::vector<std::uint64_t> stands_for_ids;
  std::vector<std::uint64_t> value_ids;  // sets: hashes of each value, sorted and distinct
  std::string text;                      // as given (trimmed)
  std::string skeleton;                  // names
  std::u32string folded;  // names: folded code points for Jaro–Winkler; others: the text's code points
};

// A record's prepared fields, with a bit per field that holds a value: comparing a pair visits only the
// fields both records hold, so the comparisons most lists leave empty (identity number, address) cost
// nothing. Only the fields that hold a value are stored, and each as a shared, immutable prepared value:
// in a million records a few thousand names and dates recur, so records share them (RecordPreparer)
// instead of each holding a copy — copies took 1.5 GB, most of reading's time in allocation, and left
// every comparison waiting on memory, where the shared values stay in the processor's cache.
class PreparedRecord {
 public:
  PreparedRecord() = default;
  explicit PreparedRecord(std::size_t fields) : size_(fields) {}
  // Sets field k; fields must be set in increasing k, each once. An empty field is not stored.
  void set(std::size_t k, const PreparedField& field) {
    if (field.empty) return;
    set(k, std::make_shared<const PreparedField>(field));
  }
  void set(std::size_t k, std::shared_ptr<const PreparedField> field) {
    if (field->empty) return;
    present_ |= std::uint64_t{1} << k;
    fields_.push_back(std::move(field));
  }
  const PreparedField& operator[](std::size_t k) const {
    if (((present_ >> k) & 1U) == 0) return kAbsent;
    return *fields_[static_cast<std::size_t>(std::popcount(present_ & ((std::uint64_t{1} << k) - 1)))];
  }
  std::size_t size() const { return size_; }
  std::uint64_t present() const { return present_; }
  // Asks the processor to start loading the record's list of fields. Candidate pairs are compared in
  // order of their first record, so the second is a random one of a million: waiting for it was most
  // of comparing at that scale. Reads `fields_` itself, so prefetch the record (`&record`) some pairs
  // before calling this.
  void prefetch_fields() const { __builtin_prefetch(fields_.data()); }

 private:
  static inline const PreparedField kAbsent{};
  std::vector<std::shared_ptr<const PreparedField>> fields_;
  std::uint64_t present_ = 0;
  std::size_t size_ = 0;
};

class PairComparer {
 public:
  PairComparer(std::vector<FieldComparison> comparisons, const NameNormaliser& names);

  PreparedRecord prepare(const std::vector<std::string>& row) const;
  // Comparison k's prepared value of one field's text.
  PreparedField prepare_field(std::size_t k, const std::string& value) const;
  Pattern compare(const PreparedRecord& a, const PreparedRecord& b) const;
  // Whether two records give birth days (known to the day, not a 1 January placeholder) that differ by
  // more than one keying slip or a swap of day and month: two persons, unless a person's records carry
  // two independent mistakes in one date.
  bool birth_days_disagree(const PreparedRecord& a, const PreparedRecord& b) const;
  // The same into `out` (resized), without allocating on the hot path.
  void compare_into(const PreparedRecord& a, const PreparedRecord& b, Pattern& out) const;
  std::vector<ComparisonSpec> specs() const;
  const std::vector<FieldComparison>& comparisons() const { return comparisons_; }

 private:
  static std::int8_t crossed_level(const PreparedField& x, const PreparedField& y);

  std::vector<FieldComparison> comparisons_;
  const NameNormaliser& names_;
  std::size_t given_ = SIZE_MAX;  // the kGivenName and kSurname comparisons, for swapped names
  std::size_t surname_ = SIZE_MAX;
};

// Prepares many records, each distinct value of a field once: in a million records a few thousand
// names recur, and preparing a name (folding, transliteration, skeleton, nicknames) costs far more than
// sharing the prepared value. Not for use from several threads at once (the records it gives may be).
class RecordPreparer {
 public:
  explicit RecordPreparer(const PairComparer& comparer);
  PreparedRecord prepare(const std::vector<std::string>& row);

 private:
  inline static const std::string kNothing;
  const PairComparer& comparer_;
  // per comparison, by the raw text
  std::vector<std::unordered_map<std::string, std::shared_ptr<const PreparedField>>> cache_;
};

}  // namespace clearpoint::link
