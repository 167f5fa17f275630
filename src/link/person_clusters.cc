#include "link/person_clusters.h"

#include <algorithm>
#include <iterator>
#include <tuple>
#include <unordered_set>

#include "core/union_find.h"

namespace clearpoint::link {

std::vector<std::uint32_t> cluster_persons(const std::vector<CandidatePair>& scored,
                                           const std::vector<std::uint32_t>& list_of_record, double threshold,
                                           const ClearlyDifferent& clearly_different) {
  const std::size_t n = list_of_record.size();
  core::UnionFind sets(n);
  std::vector<std::vector<std::uint32_t>> lists(n);    // per root: the lists its cluster holds, sorted
  std::vector<std::vector<std::uint32_t>> members(n);  // per root: its records
  for (std::uint32_t i = 0; i < n; ++i) {
    lists[i] = {list_of_record[i]};
    members[i] = {i};
  }
  const auto find = [&](std::uint32_t x) { return sets.find(x); };
  // Merging clusters that contradict each other would make one person of two through a chain of links
  // that each looked fine.
  const auto contradict = [&](std::uint32_t x, std::uint32_t y) {
    for (const auto i : members[x]) {
      for (const auto j : members[y]) {
        if (clearly_different(i, j)) return true;
      }
    }
    return false;
  };
  const auto merge = [&](std::uint32_t x, std::uint32_t y) {
    const auto keep = sets.join_roots(x, y);
    const auto gone = std::max(x, y);
    std::vector<std::uint32_t> joined;
    std::set_union(lists[keep].begin(), lists[keep].end(), lists[gone].begin(), lists[gone].end(),
                   std::back_inserter(joined));
    lists[keep] = std::move(joined);
    lists[gone].clear();
    members[keep].insert(members[keep].end(), members[gone].begin(), members[gone].end());
    members[gone].clear();
  };
  // Stage 1: duplicates within a list. They chain transitively with nothing to stop them, so they need
  // more evidence (0.95).
  std::vector<const CandidatePair*> duplicates;
  for (const auto& pair : scored) {
    if (list_of_record[pair.a] == list_of_record[pair.b] && pair.probability >= std::max(threshold, 0.95)) {
      duplicates.push_back(&pair);
    }
  }
  const auto by_probability = [](const CandidatePair* x, const CandidatePair* y) {
    if (x->probability != y->probability) return x->probability > y->probability;
    return std::pair(x->a, x->b) < std::pair(y->a, y->b);
  };
  std::sort(duplicates.begin(), duplicates.end(), by_probability);
  for (const auto* pair : duplicates) {
    const auto x = find(pair->a);
    const auto y = find(pair->b);
    if (x != y && !contradict(x, y)) merge(x, y);
  }
  // Stage 2: across lists, by the probability that a record's partner on another list is in the other
  // cluster — the sum over that cluster's records on that list. Two records of one person on a list
  // compete for the same partner (0.5 each); together they are the partner.
  struct Score {
    double probability = 0;
    std::uint32_t a = 0;  // records that name the two clusters
    std::uint32_t b = 0;
  };
  // Σ P per (record, other cluster, that cluster's list), by sorting rather than hashing: a million
  // records give millions of these.
  struct Target {
    std::uint32_t record, cluster, list;
    double probability;
  };
  std::vector<Target> targets;
  for (const auto& pair : scored) {
    if (list_of_record[pair.a] == list_of_record[pair.b]) continue;
    targets.push_back({pair.a, find(pair.b), list_of_record[pair.b], pair.probability});
    targets.push_back({pair.b, find(pair.a), list_of_record[pair.a], pair.probability});
  }
  const auto target_key = [](const Target& t) { return std::tuple(t.record, t.cluster, t.list); };
  std::sort(targets.begin(), targets.end(),
            [&](const Target& x, const Target& y) { return target_key(x) < target_key(y); });
  // The best (record, cluster) sum names each pair of clusters.
  struct Candidate {
    std::uint32_t low, high;  // the two clusters
    Score score;
  };
  std::vector<Candidate> candidates;
  for (std::size_t t = 0; t < targets.size();) {
    double sum = 0;
    std::size_t end = t;
    while (end < targets.size() && target_key(targets[end]) == target_key(targets[t]))
      sum += targets[end++].probability;
    const auto x = find(targets[t].record);
    candidates.push_back({std::min(x, targets[t].cluster),
                          std::max(x, targets[t].cluster),
                          {sum, targets[t].record, targets[t].cluster}});
    t = end;
  }
  targets = {};
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    if (x.low != y.low || x.high != y.high) return std::pair(x.low, x.high) < std::pair(y.low, y.high);
    if (x.score.probability != y.score.probability) return x.score.probability > y.score.probability;
    return std::pair(x.score.a, x.score.b) < std::pair(y.score.a, y.score.b);
  });
  std::vector<Score> ordered;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const bool first_of_its_clusters =
        c == 0 || candidates[c].low != candidates[c - 1].low || candidates[c].high != candidates[c - 1].high;
    if (first_of_its_clusters && candidates[c].score.probability >= threshold)
      ordered.push_back(candidates[c].score);
  }
  candidates = {};
  std::sort(ordered.begin(), ordered.end(), [](const Score& x, const Score& y) {
    if (x.probability != y.probability) return x.probability > y.probability;
    return std::pair(x.a, x.b) < std::pair(y.a, y.b);
  });
  for (const auto& score : ordered) {
    const auto x = find(score.a);
    const auto y = find(score.b);
    if (x == y) continue;
    std::vector<std::uint32_t> common;
    std::set_intersection(lists[x].begin(), lists[x].end(), lists[y].begin(), lists[y].end(),
                          std::back_inserter(common));
    if (!common.empty()) continue;  // would put one person twice on a list
    if (contradict(x, y)) continue;
    merge(x, y);
  }
  std::vector<std::uint32_t> cluster(n);
  for (std::uint32_t i = 0; i < n; ++i) cluster[i] = find(i);
  return cluster;
}

std::vector<std::uint32_t> cluster_persons(const std::vector<CandidatePair>& scored,
                                           const std::vector<std::uint32_t>& list_of_record, double threshold,
                                           double cannot_link_weight) {
  std::unordered_set<std::uint64_t> against;
  const auto pair_key = [](std::uint32_t x, std::uint32_t y) {
    return (static_cast<std::uint64_t>(std::min(x, y)) << 32) | std::max(x, y);
  };
  for (const auto& pair : scored) {
    if (pair.strongest_against < cannot_link_weight) against.insert(pair_key(pair.a, pair.b));
  }
  return cluster_persons(scored, list_of_record, threshold,
                         [&](std::uint32_t x, std::uint32_t y) { return against.count(pair_key(x, y)) > 0; });
}

}  // namespace clearpoint::link
