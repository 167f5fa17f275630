#include "link/blocking.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "core/parallel.h"
#include "core/partial_date.h"

namespace clearpoint::link {

namespace {

// Keys are built as 64-bit hashes part by part, never as text: a million records under a dozen rules make
// tens of millions of keys, and a sound-pair rule several per record (strings for each cost seconds).
constexpr std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30U;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27U;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

constexpr std::uint64_t combine(std::uint64_t key, std::uint64_t part) {
  return mix(key ^ (part + 0x9e3779b97f4a7c15ULL + (key << 6U) + (key >> 2U)));
}

std::uint64_t text_hash(std::string_view text) {
  return std::hash<std::string_view>{}(text);
}

// A name's skeleton (hashed once when the record was prepared), or its first `letters` (hashed here, for
// every record of the rule alike, so a short skeleton meets the same letters cut from a longer one).
std::uint64_t skeleton_hash(const PreparedField& field, std::size_t letters = std::string_view::npos) {
  return letters == std::string_view::npos ? field.skeleton_id
                                           : text_hash(std::string_view(field.skeleton).substr(0, letters));
}

// Both names' hashes in sorted order, so that given name and surname may sit in either column.
std::uint64_t unordered_pair(std::uint64_t x, std::uint64_t y) {
  return combine(mix(std::min(x, y)), std::max(x, y));
}

// Extends every key in `keys` by one part of the rule; false when the record has no key under it (the
// part's field is missing, or a date is not known to the day the part needs).
bool append_part(const PreparedRecord& record, const BlockingKeyPart& part, std::vector<std::uint64_t>& keys,
                 std::vector<std::uint64_t>& extended) {
  const auto append = [&](std::uint64_t value) {
    for (auto& key : keys) key = combine(key, value);
    return true;
  };
  const PreparedField& field = record[part.comparison];
  if (field.empty && part.kind != BlockingKeyPart::Kind::kEitherName) return false;
  switch (part.kind) {
    case BlockingKeyPart::Kind::kSkeleton:
      return append(skeleton_hash(field));
    case BlockingKeyPart::Kind::kSkeletonPrefix:
      return append(skeleton_hash(field, part.length));
    case BlockingKeyPart::Kind::kYear:
      return append(static_cast<std::uint64_t>(field.year));
    case BlockingKeyPart::Kind::kLastYear:
      return append(static_cast<std::uint64_t>(
          field.last_day == field.first_day ? field.year : core::CivilDate::from_days(field.last_day).year));
    case BlockingKeyPart::Kind::kDay:
      return field.first_day == field.last_day && append(static_cast<std::uint64_t>(field.first_day));
    case BlockingKeyPart::Kind::kMonthDay:
      return field.ymd != 0 && append(static_cast<std::uint64_t>(field.ymd % 10000));
    case BlockingKeyPart::Kind::kText:
      return append(text_hash(field.text));
    case BlockingKeyPart::Kind::kSkeletonPair: {
      const PreparedField& other = record[part.length];
      if (other.empty) return false;
      if (field.stands_for_ids.empty() && other.stands_for_ids.empty())
        return append(unordered_pair(field.skeleton_id, other.skeleton_id));
      // A nickname or another language's form of a given name (Tanya, Sveta, Maja; Olena) also keys as
      // each name it stands for, as the comparison's "same name or nickname" level reads it: otherwise
      // Tanya Ivanova meets Tatiana Ivanova only under the surname rules, whose buckets a common surname
      // fills past the bound at scale.
      extended.clear();
      const auto forms = [](const PreparedField& name, auto&& f) {
        f(name.skeleton_id);
        for (const auto id : name.stands_for_ids) f(id);
      };
      for (const auto key : keys) {
        forms(field, [&](std::uint64_t x) {
          forms(other, [&](std::uint64_t y) { extended.push_back(combine(key, unordered_pair(x, y))); });
        });
      }
      keys.swap(extended);
      return true;
    }
    case BlockingKeyPart::Kind::kPrefixPair: {
      const PreparedField& other = record[part.length];
      if (other.empty) return false;
      return append(unordered_pair(skeleton_hash(field, part.prefix), skeleton_hash(other, part.prefix)));
    }
    case BlockingKeyPart::Kind::kEitherName: {
      const PreparedField& other = record[part.length];
      extended.clear();
      for (const auto key : keys) {
        if (!field.empty) extended.push_back(combine(key, skeleton_hash(field)));
        if (!other.empty) extended.push_back(combine(key, skeleton_hash(other)));
      }
      keys.swap(extended);
      return !keys.empty();
    }
    case BlockingKeyPart::Kind::kSoundPair: {
      const PreparedField& other = record[part.length];
      if (other.empty || field.sound_count == 0 || other.sound_count == 0) return false;
      extended.clear();
      for (const auto key : keys) {
        for (std::uint8_t i = 0; i < field.sound_count; ++i) {
          for (std::uint8_t j = 0; j < other.sound_count; ++j)
            extended.push_back(combine(key, unordered_pair(field.sound_ids[i], other.sound_ids[j])));
        }
      }
      keys.swap(extended);
      return true;
    }
  }
  return false;
}

// The keys of `record` under `rule` into `keys` (cleared first), distinct and sorted; none when a part is
// missing. 0 means "no key" to BlockingKeys and its largest value "beyond every key", so a key hashing to
// either moves inside (a collision only adds a compared pair).
void key_hashes(const PreparedRecord& record, const BlockingRule& rule, std::vector<std::uint64_t>& keys,
                std::vector<std::uint64_t>& extended) {
  keys.assign(1, 0x2545f4914f6cdd1dULL);
  for (const auto& part : rule.parts) {
    if (!append_part(record, part, keys, extended)) {
      keys.clear();
      return;
    }
  }
  for (auto& key : keys) key = std::clamp<std::uint64_t>(key, 1, kBeyondEveryKey - 1);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

}  // namespace

std::vector<std::uint64_t> blocking_keys(const PreparedRecord& record, const BlockingRule& rule) {
  std::vector<std::uint64_t> keys;
  std::vector<std::uint64_t> extended;
  key_hashes(record, rule, keys, extended);
  return keys;
}

bool share_blocking_key(const PreparedRecord& a, const PreparedRecord& b, const BlockingRule& rule) {
  const auto x = blocking_keys(a, rule);
  const auto y = blocking_keys(b, rule);
  return std::any_of(x.begin(), x.end(),
                     [&](std::uint64_t key) { return std::binary_search(y.begin(), y.end(), key); });
}

bool share_key_within_bound(const PreparedRecord& a, const PreparedRecord& b, const BlockingRule& rule,
                            const std::vector<std::uint64_t>& skipped_keys) {
  const auto x = blocking_keys(a, rule);
  const auto y = blocking_keys(b, rule);
  return std::any_of(x.begin(), x.end(), [&](std::uint64_t key) {
    return std::binary_search(y.begin(), y.end(), key) &&
           !std::binary_search(skipped_keys.begin(), skipped_keys.end(), key);
  });
}

BlockingKeys::BlockingKeys(const std::vector<PreparedRecord>& records, const std::vector<BlockingRule>& rules,
                           int threads)
    : first_(rules.size(), std::vector<std::uint64_t>(records.size(), 0)),
      more_start_(rules.size()),
      more_(rules.size()) {
  core::parallel_for(rules.size(), threads, 1, [&](std::size_t first_rule, std::size_t end_rule) {
    std::vector<std::uint64_t> keys;
    std::vector<std::uint64_t> extended;
    for (std::size_t r = first_rule; r < end_rule; ++r) build_rule(records, rules[r], r, keys, extended);
  });
}

void BlockingKeys::build_rule(const std::vector<PreparedRecord>& records, const BlockingRule& rule,
                              std::size_t r, std::vector<std::uint64_t>& keys,
                              std::vector<std::uint64_t>& extended) {
  // The further keys' rows exist from the first record with more than one key on (the records before have
  // none), so whichever kind of part gives several keys, none is lost.
  for (std::size_t i = 0; i < records.size(); ++i) {
    key_hashes(records[i], rule, keys, extended);
    if (!keys.empty()) first_[r][i] = keys.front();
    if (keys.size() > 1 && more_start_[r].empty()) more_start_[r].assign(records.size() + 1, 0);
    if (!more_start_[r].empty()) {
      for (std::size_t k = 1; k < keys.size(); ++k) more_[r].push_back(keys[k]);
      more_start_[r][i + 1] = static_cast<std::uint32_t>(more_[r].size());
    }
  }
}

bool BlockingKeys::share_more(std::size_t rule, std::uint32_t a, std::uint32_t b, std::uint64_t below) const {
  bool shared = false;
  for_each_key(rule, a, [&](std::uint64_t x) {
    if (shared || x >= below) return;
    for_each_key(rule, b, [&](std::uint64_t y) { shared = shared || x == y; });
  });
  return shared;
}

bool BlockingKeys::share_below(std::size_t rule, std::uint32_t a, std::uint32_t b,
                               std::uint64_t below) const {
  return !more_start_[rule].empty() && share_more(rule, a, b, below);
}

void BlockingKeys::drop(std::size_t rule, std::uint32_t record, std::uint64_t key) {
  if (first_[rule][record] == key) first_[rule][record] = 0;
  if (more_start_[rule].empty()) return;
  for (auto k = more_start_[rule][record]; k < more_start_[rule][record + 1]; ++k) {
    if (more_[rule][k] == key) more_[rule][k] = 0;
  }
}

namespace {

// A bucket of one list's records: every two of them are a pair.
BucketSize bucket_within(std::size_t records) {
  const auto n = static_cast<std::int64_t>(records);
  return {records, n * (n - 1) / 2};
}

}  // namespace

std::size_t bucket_bound(const BlockingRule& rule, std::vector<BucketSize> buckets) {
  if (rule.max_bucket == 0 || rule.pair_budget == 0) return rule.max_bucket;
  // The buckets within the bound pair whatever the budget; only those over it are sorted (at a million
  // records most keys are rare, so this stays off the cost of blocking).
  const auto over = std::partition(buckets.begin(), buckets.end(),
                                   [&](const BucketSize& b) { return b.records <= rule.max_bucket; });
  std::int64_t pairs = 0;
  for (auto it = buckets.begin(); it != over; ++it) pairs += it->pairs;
  std::sort(over, buckets.end(),
            [](const BucketSize& x, const BucketSize& y) { return x.records < y.records; });
  std::size_t bound = rule.max_bucket;
  for (auto it = over; it != buckets.end();) {
    // Every bucket of one size pairs or none does: the bound is a size, the same for every key.
    const auto size = it->records;
    for (; it != buckets.end() && it->records == size; ++it) pairs += it->pairs;
    if (pairs > rule.pair_budget) break;
    bound = size;
  }
  return bound;
}

std::vector<std::size_t> BlockingKeys::apply_bounds(const std::vector<BlockingRule>& rules) {
  std::vector<std::size_t> bounds(rules.size(), 0);
  for (std::size_t r = 0; r < rules.size() && r < first_.size(); ++r) {
    if (rules[r].max_bucket == 0) continue;
    std::unordered_map<std::uint64_t, std::uint32_t> size;
    for (std::uint32_t i = 0; i < first_[r].size(); ++i)
      for_each_key(r, i, [&](std::uint64_t key) { ++size[key]; });
    std::vector<BucketSize> buckets;
    buckets.reserve(size.size());
    for (const auto& [key, records] : size) buckets.push_back(bucket_within(records));
    bounds[r] = bucket_bound(rules[r], std::move(buckets));
    for (auto& key : first_[r]) {
      if (key != 0 && size[key] > bounds[r]) key = 0;
    }
    for (auto& key : more_[r]) {
      if (key != 0 && size[key] > bounds[r]) key = 0;
    }
  }
  return bounds;
}

bool BlockingKeys::compared(std::uint32_t a, std::uint32_t b) const {
  for (std::size_t r = 0; r < first_.size(); ++r) {
    if (share(r, a, b)) return true;
  }
  return false;
}

namespace {

using Keyed = std::vector<std::pair<std::uint64_t, std::uint32_t>>;  // (key, record), sorted

Keyed keyed(const BlockingKeys& keys, std::size_t rule, std::size_t n) {
  Keyed sorted;
  for (std::uint32_t i = 0; i < n; ++i)
    keys.for_each_key(rule, i, [&](std::uint64_t key) { sorted.emplace_back(key, i); });
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// Calls f(x, x_end, y, y_end) for each key the two sorted lists share: a_sorted[x, x_end) and
// b_side[y, y_end) hold it.
template <typename F>
void for_each_bucket(const Keyed& a_sorted, const Keyed& b_side, F&& f) {
  std::size_t x = 0;
  std::size_t y = 0;
  while (x < a_sorted.size() && y < b_side.size()) {
    if (a_sorted[x].first < b_side[y].first) {
      ++x;
      continue;
    }
    if (b_side[y].first < a_sorted[x].first) {
      ++y;
      continue;
    }
    const auto key = a_sorted[x].first;
    std::size_t x_end = x;
    while (x_end < a_sorted.size() && a_sorted[x_end].first == key) ++x_end;
    std::size_t y_end = y;
    while (y_end < b_side.size() && b_side[y_end].first == key) ++y_end;
    f(x, x_end, y, y_end);
    x = x_end;
    y = y_end;
  }
}

BucketSize bucket_size(std::size_t x, std::size_t x_end, std::size_t y, std::size_t y_end, bool within) {
  if (within) return bucket_within(x_end - x);
  return {(x_end - x) + (y_end - y),
          static_cast<std::int64_t>(x_end - x) * static_cast<std::int64_t>(y_end - y)};
}

// Pairs from the buckets of each rule in turn (a merge of the two lists' sorted keys), each kept only
// when no earlier rule shares a key for it. `within`: a and b are one list and each unordered pair counts
// once.
std::vector<std::pair<std::uint32_t, std::uint32_t>> find_candidates(
    BlockingKeys& a_keys, BlockingKeys& b_keys, std::size_t a_size, std::size_t b_size,
    const std::vector<BlockingRule>& rules, bool within, std::vector<BlockingReport>* reports) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    BlockingReport report;
    report.rule = rules[r].name;
    const Keyed a_sorted = keyed(a_keys, r, a_size);
    const Keyed b_sorted = within ? Keyed{} : keyed(b_keys, r, b_size);
    const Keyed& b_side = within ? a_sorted : b_sorted;
    // a_keys and b_keys are one object when `within` (the only use today); across two keyed lists
    // the question needs both, so it is asked of the pair's own side.
    const auto found_earlier = [&](std::uint32_t i, std::uint32_t j) {
      for (std::size_t earlier = 0; earlier < r; ++earlier) {
        if (a_keys.share(earlier, i, j)) return true;
      }
      return false;
    };
    report.bound = rules[r].max_bucket;
    if (rules[r].max_bucket != 0 && rules[r].pair_budget != 0) {
      std::vector<BucketSize> buckets;
      for_each_bucket(a_sorted, b_side,
                      [&](std::size_t x, std::size_t x_end, std::size_t y, std::size_t y_end) {
                        buckets.push_back(bucket_size(x, x_end, y, y_end, within));
                      });
      report.bound = bucket_bound(rules[r], std::move(buckets));
    }
    const auto skip = [&](std::size_t x, std::size_t x_end, std::size_t y, std::size_t y_end) {
      const auto key = a_sorted[x].first;
      ++report.skipped_buckets;
      report.skipped_keys.push_back(key);  // for_each_bucket meets the keys in increasing order
      report.skipped_records += static_cast<std::int64_t>(bucket_size(x, x_end, y, y_end, within).records);
      for (std::size_t p = x; p < x_end; ++p) a_keys.drop(r, a_sorted[p].second, key);
      if (!within) {
        for (std::size_t q = y; q < y_end; ++q) b_keys.drop(r, b_side[q].second, key);
      }
    };
    const auto pair_up = [&](std::size_t x, std::size_t x_end, std::size_t y, std::size_t y_end) {
      const auto key = a_sorted[x].first;
      for (std::size_t p = x; p < x_end; ++p) {
        for (std::size_t q = within ? p + 1 : y; q < y_end; ++q) {
          const auto i = a_sorted[p].second;
          const auto j = b_side[q].second;
          // A pair meets once per key the two records share under a multi-key rule: it counts at the
          // smallest, the bucket merged first.
          if (a_keys.share_below(r, i, j, key)) continue;
          ++report.pairs;
          if (found_earlier(i, j)) continue;
          ++report.new_pairs;
          candidates.emplace_back(i, j);
        }
      }
    };
    for_each_bucket(a_sorted, b_side,
                    [&](std::size_t x, std::size_t x_end, std::size_t y, std::size_t y_end) {
                      const bool over_bound =
                          report.bound != 0 && bucket_size(x, x_end, y, y_end, within).records > report.bound;
                      if (over_bound) {
                        skip(x, x_end, y, y_end);
                      } else {
                        pair_up(x, x_end, y, y_end);
                      }
                    });
    if (reports != nullptr) reports->push_back(report);
  }
  return candidates;
}

}  // namespace

std::vector<std::pair<std::uint32_t, std::uint32_t>> candidate_pairs_within(
    const std::vector<PreparedRecord>& records, const std::vector<BlockingRule>& rules, BlockingKeys& keys,
    std::vector<BlockingReport>* reports, int threads) {
  keys = BlockingKeys(records, rules, threads);
  return find_candidates(keys, keys, records.size(), records.size(), rules, true, reports);
}

}  // namespace clearpoint::link
