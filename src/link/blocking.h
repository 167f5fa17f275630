// Blocking: which pairs of records are compared at all.
//
// A rule builds a key from prepared fields (a name's skeleton or its first letters, a date's year or
// day, a field's text, both names in either order); records sharing a key under any rule become a
// candidate pair, once however many rules find it. Every key is hashed to 64 bits once per record, so
// finding candidates, telling which rule found a pair and checking whether two records were compared at
// all cost integer comparisons. A rule on sound keys gives a record one key per reading of its names
// (NameNormaliser::kReadings): an Italian clerk's Giorgevic and a German one's Dordevic share a key only
// when one is read the Italian way and the other the Slavic way, so two records meet when any of their
// keys agree. A rule may bound its buckets: a key shared by more records than
// `max_bucket` (the commonest surname in a million records) pairs nobody under that rule — the other
// rules must find those pairs — and the report says how many records that left out. A rule may also
// have a pair budget: its larger buckets still pair their records, smallest first, while all its pairs
// stay within the budget — so on lists of thousands every record sharing a surname is compared (a
// fraction of a second), while at a million the bound rises only as far as the budget reaches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "link/pair_comparer.h"

namespace clearpoint::link {

struct BlockingKeyPart {
  // kYear: the year a date's interval starts in; kLastYear: the year it ends in (an estimated age spans
  // two years, and the true year is one of them).
  // kDay: a date known to the day (a partial date that is a range has no key under it).
  // kMonthDay: the month and day of a date known to the day, whatever its year (the year mistyped).
  // kSkeletonPair: the skeletons of this comparison and of comparison `length`, in sorted order — given
  // name and surname in either place, so records with swapped names meet; a given name that stands for
  // others (a nickname, another language's form) gives one key for each of them too. kSoundPair: the same
  // with the sound keys (the name written in another script or romanisation), one key for each pair of the
  // two names' readings. kPrefixPair: the first `prefix` letters of both skeletons, in sorted order
  // (swapped names with a typo further on).
  // kEitherName: the skeleton of this comparison or of comparison `length`, one key each — two records
  // meet when any name of one is any name of the other (a given name written as the surname).
  enum class Kind {
    kSkeleton,
    kSkeletonPrefix,
    kYear,
    kLastYear,
    kDay,
    kMonthDay,
    kText,
    kSkeletonPair,
    kSoundPair,
    kPrefixPair,
    kEitherName
  };
  std::size_t comparison = 0;  // index into the PairComparer's comparisons
  Kind kind = Kind::kSkeleton;
  std::size_t length = 0;  // for kSkeletonPrefix; the other comparison for the pair kinds
  std::size_t prefix = 0;  // for kPrefixPair
};

struct BlockingRule {
  std::string name;
  std::vector<BlockingKeyPart> parts;
  std::size_t max_bucket = 0;  // 0: no bound
  // Buckets over max_bucket pair their records too, smallest first, while the rule's pairs stay within
  // this many (0: none do). Counted bucket by bucket: under a rule of several keys a record (sound keys,
  // either name) a pair sharing two keys counts twice, though it is compared once — so the budget bounds
  // the pairs from above, and is met a little early when many pairs share two keys (counting distinct
  // pairs would need every pair of every large bucket before deciding which to pair).
  std::int64_t pair_budget = 0;
};

// One bucket of a rule: the records sharing its key and the pairs it makes.
struct BucketSize {
  std::size_t records = 0;
  std::int64_t pairs = 0;
};

// The largest bucket (in records) the rule lets pair given all its buckets: max_bucket, raised while
// the pairs of every bucket up to the new size stay within pair_budget; 0 for a rule with no bound.
std::size_t bucket_bound(const BlockingRule& rule, std::vector<BucketSize> buckets);

struct BlockingReport {
  std::string rule;
  std::int64_t pairs = 0;            // pairs this rule yields (before the union removes repeats)
  std::int64_t new_pairs = 0;        // of those, pairs no earlier rule found
  std::size_t bound = 0;             // the largest bucket that paired its records (0: no bound)
  std::int64_t skipped_buckets = 0;  // keys shared by more than `bound` records
  std::int64_t skipped_records = 0;  // records in those buckets
  // Those buckets' keys, sorted: kept with the linkage model, so `link explain` tells a pair that shared
  // only such a key from one that was compared without keying every stored record again.
  std::vector<std::uint64_t> skipped_keys;
};

// Whether two records share a key under `rule` that pairs them: a key not among `skipped_keys` (sorted),
// as find_candidates left them.
bool share_key_within_bound(const PreparedRecord& a, const PreparedRecord& b, const BlockingRule& rule,
                            const std::vector<std::uint64_t>& skipped_keys);

// The keys of `record` under `rule` as the engine uses them, hashed, distinct, sorted and never 0: none when
// a part is missing (the record is then not blocked by it), one for most rules, one per combination of name
// readings for a sound pair, one per name for a name in either column.
std::vector<std::uint64_t> blocking_keys(const PreparedRecord& record, const BlockingRule& rule);
// Whether two records share a key under `rule` (before any bucket bound).
bool share_blocking_key(const PreparedRecord& a, const PreparedRecord& b, const BlockingRule& rule);

// A hashed key is never 0 (no key) nor this value, so "a key below it" is any key.
inline constexpr std::uint64_t kBeyondEveryKey = std::numeric_limits<std::uint64_t>::max();

// Every record's hashed keys under every rule (0: no key, or its bucket was over the rule's bound). The
// first key of each record sits in a flat array; the further keys of a multi-key rule (sound pairs, a
// name in either column) in a compressed row per record, so rules with one key cost no more than before.
class BlockingKeys {
 public:
  BlockingKeys() = default;  // no rules: nothing shared
  // `threads` as core::thread_count: each rule's keys are built on one thread.
  BlockingKeys(const std::vector<PreparedRecord>& records, const std::vector<BlockingRule>& rules,
               int threads = 0);
  // Whether two records of the keyed list share a key under `rule`.
  bool share(std::size_t rule, std::uint32_t a, std::uint32_t b) const {
    const auto key = first_[rule][a];
    if (key != 0 && key == first_[rule][b]) return true;
    return !more_start_[rule].empty() && share_more(rule, a, b, kBeyondEveryKey);
  }
  // Whether they share a key smaller than `below` under `rule` (their pair was met in an earlier bucket).
  bool share_below(std::size_t rule, std::uint32_t a, std::uint32_t b, std::uint64_t below) const;
  // Whether any rule pairs the two records, that is whether they were compared.
  bool compared(std::uint32_t a, std::uint32_t b) const;
  // Calls f(key) for each of the record's keys under `rule` that is not 0.
  template <typename F>
  void for_each_key(std::size_t rule, std::uint32_t record, F&& f) const {
    if (first_[rule][record] != 0) f(first_[rule][record]);
    if (more_start_[rule].empty()) return;
    for (auto k = more_start_[rule][record]; k < more_start_[rule][record + 1]; ++k) {
      if (more_[rule][k] != 0) f(more_[rule][k]);
    }
  }
  // Takes one of a record's keys out of a rule's pairs (its bucket was over the bound).
  void drop(std::size_t rule, std::uint32_t record, std::uint64_t key);
  // Drops every key under a rule that is shared by more records than the rule's bucket_bound; returns
  // each rule's bound as find_candidates applies it (0: none).
  std::vector<std::size_t> apply_bounds(const std::vector<BlockingRule>& rules);

 private:
  void build_rule(const std::vector<PreparedRecord>& records, const BlockingRule& rule, std::size_t r,
                  std::vector<std::uint64_t>& keys, std::vector<std::uint64_t>& extended);
  bool share_more(std::size_t rule, std::uint32_t a, std::uint32_t b, std::uint64_t below) const;
  std::vector<std::vector<std::uint64_t>> first_;  // [rule][record]
  std::vector<std::vector<std::uint32_t>>
      more_start_;                                // [rule][record .. record + 1]: empty for one-key rules
  std::vector<std::vector<std::uint64_t>> more_;  // [rule][more_start_ ..]
};

// Candidate pairs of one set of records (every list's records together) from the union of the rules, each
// unordered pair once as (smaller, larger), keeping the keys (with over-bound buckets cleared) for later
// questions. `reports`, when given, receives the pairs each rule yields.
std::vector<std::pair<std::uint32_t, std::uint32_t>> candidate_pairs_within(
    const std::vector<PreparedRecord>& records, const std::vector<BlockingRule>& rules, BlockingKeys& keys,
    std::vector<BlockingReport>* reports = nullptr, int threads = 0);

}  // namespace clearpoint::link
