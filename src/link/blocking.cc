#include "link/blocking.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "core/partial_date.h"

namespace clearpoint::link {

std::string blocking_key(const PreparedRecord& record, const BlockingRule& rule) {
  std::string key;
  for (const auto& part : rule.parts) {
    const PreparedField& field = record[part.comparison];
    if (field.empty) return {};
    key += '\x1f';
    switch (part.kind) {
      case BlockingKeyPart::Kind::kSkeleton:
        key += field.skeleton;
        break;
      case BlockingKeyPart::Kind::kSkeletonPrefix:
        key += field.skeleton.substr(0, part.length);
        break;
      case BlockingKeyPart::Kind::kYear:
        key += std::to_string(field.year);
        break;
      case BlockingKeyPart::Kind::kLastYear:
        key += std::to_string(
            field.last_day == field.first_day ? field.year : core::CivilDate::from_days(field.last_day).year);
        break;
      case BlockingKeyPart::Kind::kDay:
        if (field.first_day != field.last_day) return {};
        key += std::to_string(field.first_day);
        break;
      case BlockingKeyPart::Kind::kText:
        key += field.text;
        break;
      case BlockingKeyPart::Kind::kSkeletonPair:
      case BlockingKeyPart::Kind::kSoundPair:
      case BlockingKeyPart::Kind::kPrefixPair: {
        const PreparedField& other = record[part.length];
        if (other.empty) return {};
        const bool sound = part.kind == BlockingKeyPart::Kind::kSoundPair;
        const std::size_t letters =
            part.kind == BlockingKeyPart::Kind::kPrefixPair ? part.prefix : std::string::npos;
        const std::string x = (sound ? field.sound : field.skeleton).substr(0, letters);
        const std::string y = (sound ? other.sound : other.skeleton).substr(0, letters);
        const bool in_order = x <= y;
        key += in_order ? x : y;
        key += '\x1e';
        key += in_order ? y : x;
        break;
      }
    }
  }
  return key;
}

BlockingKeys::BlockingKeys(const std::vector<PreparedRecord>& records, const std::vector<BlockingRule>& rules)
    : keys_(rules.size(), std::vector<std::uint64_t>(records.size(), 0)) {
  for (std::size_t r = 0; r < rules.size(); ++r) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto key = blocking_key(records[i], rules[r]);
      if (key.empty()) continue;
      // 0 means "no key"; a real key hashing to 0 moves to 1 (a collision only adds a compared pair).
      keys_[r][i] = std::max<std::uint64_t>(1, std::hash<std::string_view>{}(key));
    }
  }
}

void BlockingKeys::apply_bounds(const std::vector<BlockingRule>& rules) {
  for (std::size_t r = 0; r < rules.size() && r < keys_.size(); ++r) {
    if (rules[r].max_bucket == 0) continue;
    std::unordered_map<std::uint64_t, std::uint32_t> size;
    for (const auto key : keys_[r]) {
      if (key != 0) ++size[key];
    }
    for (auto& key : keys_[r]) {
      if (key != 0 && size[key] > rules[r].max_bucket) key = 0;
    }
  }
}

bool BlockingKeys::compared(std::uint32_t a, std::uint32_t b) const {
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    if (share(r, a, b)) return true;
  }
  return false;
}

namespace {

using Keyed = std::vector<std::pair<std::uint64_t, std::uint32_t>>;  // (key, record), sorted

Keyed keyed(const BlockingKeys& keys, std::size_t rule, std::size_t n) {
  Keyed sorted;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (const auto key = keys.key(rule, i); key != 0) sorted.emplace_back(key, i);
  }
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
    const auto found_earlier = [&](std::uint32_t i, std::uint32_t j) {
      for (std::size_t earlier = 0; earlier < r; ++earlier) {
        const auto key = a_keys.key(earlier, i);
        if (key != 0 && key == b_keys.key(earlier, j)) return true;
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
        for (std::size_t p = x; p < x_end; ++p) a_keys.drop(r, a_sorted[p].second);
        if (!within) {
          for (std::size_t q = y; q < y_end; ++q) b_keys.drop(r, b_side[q].second);
        }
      } else {
        for (std::size_t p = x; p < x_end; ++p) {
          for (std::size_t q = within ? p + 1 : y; q < y_end; ++q) {
            const auto i = a_sorted[p].second;
            const auto j = b_side[q].second;
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
