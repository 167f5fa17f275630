#include "link/blocking.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "core/partial_date.h"

namespace clearpoint::link {

namespace {

// A sound key's hash as key text, its eight bytes (the keys of every reading are kept as hashes,
// PreparedField; a million records make sixteen million of these, so no decimal formatting).
std::string sound_text(std::uint64_t id) {
  std::string text(sizeof id, '\0');
  std::memcpy(text.data(), &id, sizeof id);
  return text;
}

// Both names' keys in sorted order, so that given name and surname may sit in either column.
std::string unordered_pair(const std::string& x, const std::string& y) {
  const bool in_order = x <= y;
  return (in_order ? x : y) + '\x1e' + (in_order ? y : x);
}

}  // namespace

std::vector<std::string> blocking_keys(const PreparedRecord& record, const BlockingRule& rule) {
  std::vector<std::string> keys = {std::string()};
  const auto append = [&](const std::string& part) {
    for (auto& key : keys) key += '\x1f' + part;
  };
  for (const auto& part : rule.parts) {
    const PreparedField& field = record[part.comparison];
    if (field.empty && part.kind != BlockingKeyPart::Kind::kEitherName) return {};
    switch (part.kind) {
      case BlockingKeyPart::Kind::kSkeleton:
        append(field.skeleton);
        break;
      case BlockingKeyPart::Kind::kSkeletonPrefix:
        append(field.skeleton.substr(0, part.length));
        break;
      case BlockingKeyPart::Kind::kYear:
        append(std::to_string(field.year));
        break;
      case BlockingKeyPart::Kind::kLastYear:
        append(std::to_string(field.last_day == field.first_day
                                  ? field.year
                                  : core::CivilDate::from_days(field.last_day).year));
        break;
      case BlockingKeyPart::Kind::kDay:
        if (field.first_day != field.last_day) return {};
        append(std::to_string(field.first_day));
        break;
      case BlockingKeyPart::Kind::kMonthDay:
        if (field.ymd == 0) return {};
        append(std::to_string(field.ymd % 10000));
        break;
      case BlockingKeyPart::Kind::kText:
        append(field.text);
        break;
      case BlockingKeyPart::Kind::kSkeletonPair:
      case BlockingKeyPart::Kind::kPrefixPair: {
        const PreparedField& other = record[part.length];
        if (other.empty) return {};
        const std::size_t letters =
            part.kind == BlockingKeyPart::Kind::kPrefixPair ? part.prefix : std::string::npos;
        append(unordered_pair(field.skeleton.substr(0, letters), other.skeleton.substr(0, letters)));
        break;
      }
      case BlockingKeyPart::Kind::kEitherName: {
        const PreparedField& other = record[part.length];
        std::vector<std::string> extended;
        for (const auto& key : keys) {
          if (!field.empty) extended.push_back(key + '\x1f' + field.skeleton);
          if (!other.empty) extended.push_back(key + '\x1f' + other.skeleton);
        }
        if (extended.empty()) return {};
        keys = std::move(extended);
        break;
      }
      case BlockingKeyPart::Kind::kSoundPair: {
        const PreparedField& other = record[part.length];
        if (other.empty || field.sound_count == 0 || other.sound_count == 0) return {};
        std::vector<std::string> extended;
        extended.reserve(keys.size() * field.sound_count * other.sound_count);
        for (const auto& key : keys) {
          for (std::uint8_t i = 0; i < field.sound_count; ++i) {
            for (std::uint8_t j = 0; j < other.sound_count; ++j) {
              extended.push_back(
                  key + '\x1f' +
                  unordered_pair(sound_text(field.sound_ids[i]), sound_text(other.sound_ids[j])));
            }
          }
        }
        keys = std::move(extended);
        break;
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

bool share_blocking_key(const PreparedRecord& a, const PreparedRecord& b, const BlockingRule& rule) {
  const auto x = blocking_keys(a, rule);
  const auto y = blocking_keys(b, rule);
  return std::any_of(x.begin(), x.end(),
                     [&](const std::string& key) { return std::binary_search(y.begin(), y.end(), key); });
}

BlockingKeys::BlockingKeys(const std::vector<PreparedRecord>& records, const std::vector<BlockingRule>& rules)
    : first_(rules.size(), std::vector<std::uint64_t>(records.size(), 0)),
      more_start_(rules.size()),
      more_(rules.size()) {
  // 0 means "no key"; a real key hashing to 0 moves to 1 (a collision only adds a compared pair).
  const auto hash = [](const std::string& key) {
    return std::max<std::uint64_t>(1, std::hash<std::string_view>{}(key));
  };
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const bool many = std::any_of(
        rules[r].parts.begin(), rules[r].parts.end(),
        [](const BlockingKeyPart& part) { return part.kind == BlockingKeyPart::Kind::kSoundPair; });
    if (many) more_start_[r].assign(records.size() + 1, 0);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto keys = blocking_keys(records[i], rules[r]);
      if (!keys.empty()) first_[r][i] = hash(keys.front());
      if (many) {
        for (std::size_t k = 1; k < keys.size(); ++k) more_[r].push_back(hash(keys[k]));
        more_start_[r][i + 1] = static_cast<std::uint32_t>(more_[r].size());
      }
    }
  }
}

bool BlockingKeys::share_more(std::size_t rule, std::uint32_t a, std::uint32_t b, std::uint64_t below) const {
  bool shared = false;
  for_each_key(rule, a, [&](std::uint64_t x) {
    if (shared || (below != 0 && x >= below)) return;
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

void BlockingKeys::apply_bounds(const std::vector<BlockingRule>& rules) {
  for (std::size_t r = 0; r < rules.size() && r < first_.size(); ++r) {
    if (rules[r].max_bucket == 0) continue;
    std::unordered_map<std::uint64_t, std::uint32_t> size;
    for (std::uint32_t i = 0; i < first_[r].size(); ++i)
      for_each_key(r, i, [&](std::uint64_t key) { ++size[key]; });
    for (auto& key : first_[r]) {
      if (key != 0 && size[key] > rules[r].max_bucket) key = 0;
    }
    for (auto& key : more_[r]) {
      if (key != 0 && size[key] > rules[r].max_bucket) key = 0;
    }
  }
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

// Pairs from the buckets of each rule in turn (a merge of the two lists' sorted keys), each kept only
// when no earlier rule shares a key for it. `within`: a and b are one list and each unordered pair counts
// once.
std::vector<std::pair<std::uint32_t, std::uint32_t>> find_candidates(
    BlockingKeys& a_keys, BlockingKeys& b_keys, std::size_t a_size, std::size_t b_size,
    const std::vector<BlockingRule>& rules, bool within, std::vector<BlockingReport>* reports) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    BlockingReport report{rules[r].name};
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
      const std::size_t records = within ? x_end - x : (x_end - x) + (y_end - y);
      if (rules[r].max_bucket != 0 && records > rules[r].max_bucket) {
        ++report.skipped_buckets;
        report.skipped_records += static_cast<std::int64_t>(records);
        for (std::size_t p = x; p < x_end; ++p) a_keys.drop(r, a_sorted[p].second, key);
        if (!within) {
          for (std::size_t q = y; q < y_end; ++q) b_keys.drop(r, b_side[q].second, key);
        }
      } else {
        for (std::size_t p = x; p < x_end; ++p) {
          for (std::size_t q = within ? p + 1 : y; q < y_end; ++q) {
            const auto i = a_sorted[p].second;
            const auto j = b_side[q].second;
            // A pair meets once per key the two records share under a multi-key rule: it counts at
            // the smallest, the bucket merged first.
            if (a_keys.share_below(r, i, j, key)) continue;
            ++report.pairs;
            if (found_earlier(i, j)) continue;
            ++report.new_pairs;
            candidates.emplace_back(i, j);
          }
        }
      }
      x = x_end;
      y = y_end;
    }
    if (reports != nullptr) reports->push_back(report);
  }
  return candidates;
}

}  // namespace

std::vector<std::pair<std::uint32_t, std::uint32_t>> candidate_pairs_within(
    const std::vector<PreparedRecord>& records, const std::vector<BlockingRule>& rules, BlockingKeys& keys,
    std::vector<BlockingReport>* reports) {
  keys = BlockingKeys(records, rules);
  return find_candidates(keys, keys, records.size(), records.size(), rules, true, reports);
}

}  // namespace clearpoint::link
