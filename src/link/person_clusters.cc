#include "link/person_clusters.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <tuple>

#include "core/union_find.h"

namespace clearpoint::link {

namespace {

// Clusters of records as they grow: each root knows the lists its cluster holds and its records, so a
// merge can be refused when it would put a person twice on a list or join clearly different records.
class Clusters {
 public:
  Clusters(const std::vector<std::uint32_t>& list_of_record, const ClearlyDifferent& clearly_different,
           const ClearlyDifferent& apart_beyond_a_pair)
      : sets_(list_of_record.size()),
        lists_(list_of_record.size()),
        members_(list_of_record.size()),
        apart_inside_(list_of_record.size(), false),
        clearly_different_(clearly_different),
        apart_beyond_a_pair_(apart_beyond_a_pair) {
    for (std::uint32_t i = 0; i < list_of_record.size(); ++i) {
      lists_[i] = {list_of_record[i]};
      members_[i] = {i};
    }
  }

  std::uint32_t find(std::uint32_t x) { return sets_.find(x); }

  // Merging clusters that contradict each other would make one person of two through a chain of links
  // that each looked fine.
  // `across_lists`: a merge of stage 2, where records of three or more lists also contradict through
  // apart_beyond_a_pair.
  bool contradict(std::uint32_t x, std::uint32_t y, bool across_lists = false) const {
    const bool beyond_a_pair =
        across_lists && apart_beyond_a_pair_ && members_[x].size() + members_[y].size() > 2;
    // A pair linked despite its birth days (kept as a pair alone) takes no third record either.
    if (beyond_a_pair && (apart_inside_[x] || apart_inside_[y])) return true;
    for (const auto i : members_[x]) {
      for (const auto j : members_[y]) {
        if (clearly_different_(i, j) || (beyond_a_pair && apart_beyond_a_pair_(i, j))) return true;
      }
    }
    return false;
  }

  bool share_a_list(std::uint32_t x, std::uint32_t y) const {
    std::vector<std::uint32_t> common;
    std::set_intersection(lists_[x].begin(), lists_[x].end(), lists_[y].begin(), lists_[y].end(),
                          std::back_inserter(common));
    return !common.empty();
  }

  // `across_lists`: as in contradict; two records of two lists linked although their birth days disagree
  // beyond one slip are remembered, so that no third record joins them.
  void merge(std::uint32_t x, std::uint32_t y, bool across_lists = false) {
    const bool apart_inside =
        apart_inside_[x] || apart_inside_[y] ||
        (across_lists && apart_beyond_a_pair_ && members_[x].size() == 1 && members_[y].size() == 1 &&
         apart_beyond_a_pair_(members_[x].front(), members_[y].front()));
    const auto keep = sets_.join_roots(x, y);
    const auto gone = std::max(x, y);
    std::vector<std::uint32_t> joined;
    std::set_union(lists_[keep].begin(), lists_[keep].end(), lists_[gone].begin(), lists_[gone].end(),
                   std::back_inserter(joined));
    lists_[keep] = std::move(joined);
    lists_[gone].clear();
    members_[keep].insert(members_[keep].end(), members_[gone].begin(), members_[gone].end());
    members_[gone].clear();
    apart_inside_[keep] = apart_inside;
    apart_inside_[gone] = false;
  }

  std::vector<std::uint32_t> named() {
    std::vector<std::uint32_t> cluster(sets_.size());
    for (std::uint32_t i = 0; i < cluster.size(); ++i) cluster[i] = find(i);
    return cluster;
  }

 private:
  core::UnionFind sets_;
  std::vector<std::vector<std::uint32_t>> lists_;    // per root: the lists its cluster holds, sorted
  std::vector<std::vector<std::uint32_t>> members_;  // per root: its records
  std::vector<bool> apart_inside_;  // per root: a pair of records whose birth days disagree beyond a slip
  const ClearlyDifferent& clearly_different_;
  const ClearlyDifferent& apart_beyond_a_pair_;
};

// A pair of clusters to merge, named by one record of each, with the evidence for it.
struct ClusterLink {
  double probability = 0;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
};

bool more_probable(const ClusterLink& x, const ClusterLink& y) {
  if (x.probability != y.probability) return x.probability > y.probability;
  return std::pair(x.a, x.b) < std::pair(y.a, y.b);
}

// Stage 1: duplicates within a list. They chain transitively with only the contradiction check to stop
// them, so two clusters of one list merge only on strong evidence (kDuplicateProbability). The evidence
// is the clusters' together: the chance that at least one of the compared pairs across them is a true
// pair, 1 − Π(1 − P), over pairs of at least kDuplicateEvidenceFloor. A person with five records on a
// list, one of them with another surname, is each of those records' duplicate at 0.88 — never 0.95
// alone, but 0.9997 against the other four together. Rounds repeat while clusters grow.
void merge_duplicates(Clusters& clusters, const std::vector<CandidatePair>& scored,
                      const std::vector<std::uint32_t>& list_of_record, double threshold) {
  const double needed = std::max(threshold, kDuplicateProbability);
  std::vector<const CandidatePair*> within;
  for (const auto& pair : scored) {
    if (list_of_record[pair.a] == list_of_record[pair.b] && pair.probability >= kDuplicateEvidenceFloor)
      within.push_back(&pair);
  }
  while (true) {
    // log(1 − P) summed per pair of clusters.
    std::map<std::pair<std::uint32_t, std::uint32_t>,
             std::pair<double, std::pair<std::uint32_t, std::uint32_t>>>
        evidence;
    for (const auto* pair : within) {
      const auto x = clusters.find(pair->a);
      const auto y = clusters.find(pair->b);
      if (x == y) continue;
      auto& [log_none, named] = evidence[{std::min(x, y), std::max(x, y)}];
      log_none += std::log1p(-std::min(pair->probability, 1 - 1e-12));
      named = {pair->a, pair->b};
    }
    std::vector<ClusterLink> merges;
    for (const auto& [clusters_pair, entry] : evidence) {
      const double combined = -std::expm1(entry.first);
      if (combined >= needed) merges.push_back({combined, entry.second.first, entry.second.second});
    }
    if (merges.empty()) return;
    std::sort(merges.begin(), merges.end(), more_probable);
    bool merged = false;
    for (const auto& link : merges) {
      const auto x = clusters.find(link.a);
      const auto y = clusters.find(link.b);
      if (x == y || clusters.contradict(x, y)) continue;
      clusters.merge(x, y);
      merged = true;
    }
    if (!merged) return;
  }
}

// Stage 2's evidence: the probability that a record's partner on another list is in the other cluster —
// the sum over that cluster's records on that list (two records of one person on a list compete for the
// same partner, 0.5 each; together they are the partner). The best (record, cluster) sum names each pair
// of clusters; those reaching the threshold come back most probable first.
std::vector<ClusterLink> cross_list_links(Clusters& clusters, const std::vector<CandidatePair>& scored,
                                          const std::vector<std::uint32_t>& list_of_record,
                                          double threshold) {
  // Σ P per (record, other cluster, that cluster's list), by sorting rather than hashing: a million
  // records give millions of these.
  struct Target {
    std::uint32_t record, cluster, list;
    double probability;
  };
  std::vector<Target> targets;
  for (const auto& pair : scored) {
    if (list_of_record[pair.a] == list_of_record[pair.b]) continue;
    targets.push_back({pair.a, clusters.find(pair.b), list_of_record[pair.b], pair.probability});
    targets.push_back({pair.b, clusters.find(pair.a), list_of_record[pair.a], pair.probability});
  }
  const auto target_key = [](const Target& t) { return std::tuple(t.record, t.cluster, t.list); };
  std::sort(targets.begin(), targets.end(),
            [&](const Target& x, const Target& y) { return target_key(x) < target_key(y); });
  struct Candidate {
    std::uint32_t low, high;  // the two clusters
    ClusterLink link;
  };
  std::vector<Candidate> candidates;
  for (std::size_t t = 0; t < targets.size();) {
    double sum = 0;
    std::size_t end = t;
    while (end < targets.size() && target_key(targets[end]) == target_key(targets[t]))
      sum += targets[end++].probability;
    const auto x = clusters.find(targets[t].record);
    candidates.push_back({std::min(x, targets[t].cluster),
                          std::max(x, targets[t].cluster),
                          {sum, targets[t].record, targets[t].cluster}});
    t = end;
  }
  targets = {};
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    if (x.low != y.low || x.high != y.high) return std::pair(x.low, x.high) < std::pair(y.low, y.high);
    return more_probable(x.link, y.link);
  });
  std::vector<ClusterLink> ordered;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const bool first_of_its_clusters =
        c == 0 || candidates[c].low != candidates[c - 1].low || candidates[c].high != candidates[c - 1].high;
    if (first_of_its_clusters && candidates[c].link.probability >= threshold)
      ordered.push_back(candidates[c].link);
  }
  std::sort(ordered.begin(), ordered.end(), more_probable);
  return ordered;
}

}  // namespace

std::vector<std::uint32_t> cluster_persons(const std::vector<CandidatePair>& scored,
                                           const std::vector<std::uint32_t>& list_of_record, double threshold,
                                           const ClearlyDifferent& clearly_different,
                                           const ClearlyDifferent& apart_beyond_a_pair) {
  Clusters clusters(list_of_record, clearly_different, apart_beyond_a_pair);
  merge_duplicates(clusters, scored, list_of_record, threshold);
  for (const auto& link : cross_list_links(clusters, scored, list_of_record, threshold)) {
    const auto x = clusters.find(link.a);
    const auto y = clusters.find(link.b);
    if (x == y) continue;
    if (clusters.share_a_list(x, y)) continue;  // would put one person twice on a list
    if (clusters.contradict(x, y, true)) continue;
    clusters.merge(x, y, true);
  }
  return clusters.named();
}

}  // namespace clearpoint::link
