#include "link/linker.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "core/random.h"
#include "link/competing_matches.h"

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
      case BlockingKeyPart::Kind::kDay:
        if (field.first_day != field.last_day) return {};
        key += std::to_string(field.first_day);
        break;
      case BlockingKeyPart::Kind::kText:
        key += field.text;
        break;
      case BlockingKeyPart::Kind::kSkeletonPair: {
        const PreparedField& other = record[part.length];
        if (other.empty) return {};
        const bool in_order = field.skeleton <= other.skeleton;
        key += in_order ? field.skeleton : other.skeleton;
        key += '\x1e';
        key += in_order ? other.skeleton : field.skeleton;
        break;
      }
    }
  }
  return key;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> candidate_pairs(const std::vector<PreparedRecord>& a,
                                                                     const std::vector<PreparedRecord>& b,
                                                                     const std::vector<BlockingRule>& rules,
                                                                     std::vector<BlockingReport>* reports) {
  std::unordered_set<std::uint64_t> seen;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;
  for (const auto& rule : rules) {
    std::unordered_map<std::string, std::vector<std::uint32_t>> buckets;
    for (std::uint32_t j = 0; j < b.size(); ++j) {
      if (auto key = blocking_key(b[j], rule); !key.empty()) buckets[std::move(key)].push_back(j);
    }
    BlockingReport report{rule.name, 0};
    for (std::uint32_t i = 0; i < a.size(); ++i) {
      const auto key = blocking_key(a[i], rule);
      if (key.empty()) continue;
      const auto bucket = buckets.find(key);
      if (bucket == buckets.end()) continue;
      for (const std::uint32_t j : bucket->second) {
        ++report.pairs;
        if (seen.insert((static_cast<std::uint64_t>(i) << 32) | j).second) candidates.emplace_back(i, j);
      }
    }
    if (reports != nullptr) reports->push_back(report);
  }
  return candidates;
}

namespace {

struct Scoring {
  std::vector<Pattern> patterns;   // per candidate
  std::vector<double> adjustment;  // per candidate: the term-frequency adjustment of its weight
};

void rescore(const FellegiSunter& model, const Scoring& scoring, std::vector<CandidatePair>& scored);

// Trains the model on the candidates (see linker.h) and scores each; shared by linking two lists and
// deduplicating one. `bound` is the largest possible number of true pairs (for λ in the EM sessions).
std::vector<CandidatePair> train_and_score(
    const std::vector<PreparedRecord>& a, const std::vector<PreparedRecord>& b,
    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& candidates,
    const std::vector<BlockingRule>& blocking, FellegiSunter& model, const PairComparer& comparer,
    const LinkOptions& options, double most_pairs, bool bound_prior, EmReport& em, Scoring& scoring) {
  const std::vector<BlockingRule>& rules = options.training.empty() ? blocking : options.training;
  // Patterns of every candidate, and for each rule the patterns of the pairs it found with the
  // comparisons its key uses blanked out: those agree by construction and would teach EM nothing true.
  std::vector<Pattern> patterns;
  patterns.reserve(candidates.size());
  PatternCounts candidate_counts;
  std::vector<PatternCounts> session_counts(rules.size());
  std::int64_t all_top = 0;
  const auto specs = comparer.specs();
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const auto& [i, j] = candidates[c];
    patterns.push_back(comparer.compare(a[i], b[j]));
    candidate_counts.add(patterns.back());
    bool top = true;
    for (std::size_t k = 0; k < specs.size(); ++k) top = top && patterns.back()[k] == specs[k].levels - 1;
    all_top += top ? 1 : 0;
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const std::string key = blocking_key(a[i], rules[r]);
      if (key.empty() || key != blocking_key(b[j], rules[r])) continue;
      Pattern blanked = patterns.back();
      for (const auto& part : rules[r].parts) blanked[part.comparison] = kMissing;
      session_counts[r].add(blanked);
    }
  }
  PatternCounts random_counts;
  core::Rng rng(options.seed);
  if (!a.empty() && !b.empty()) {
    for (std::int64_t r = 0; r < options.random_pairs; ++r) {
      const auto i = static_cast<std::size_t>(rng.next() % a.size());
      const auto j = static_cast<std::size_t>(rng.next() % b.size());
      random_counts.add(comparer.compare(a[i], b[j]));
    }
  }
  model.estimate_u(random_counts);
  const double deterministic =
      candidates.empty()
          ? 0.01
          : std::max(0.001, static_cast<double>(all_top) / static_cast<double>(candidates.size()));
  // m by EM in one session per blocking rule (as Splink trains): each comparison's m is the average over
  // the sessions whose rule does not use it.
  const std::vector<std::vector<double>> start = model.m();
  std::vector<std::vector<double>> sum(start.size());
  std::vector<int> sessions(start.size(), 0);
  for (std::size_t k = 0; k < start.size(); ++k) sum[k].assign(start[k].size(), 0);
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (session_counts[r].counts().empty()) continue;
    model.m() = start;
    const double bound = std::min(1.0, most_pairs / static_cast<double>(session_counts[r].total()));
    em = model.estimate_m(session_counts[r], std::min(deterministic, bound), 500, 1e-9, bound);
    std::vector<char> used(start.size(), 0);
    for (const auto& part : rules[r].parts) used[part.comparison] = 1;
    for (std::size_t k = 0; k < start.size(); ++k) {
      if (used[k]) continue;
      for (std::size_t l = 0; l < sum[k].size(); ++l) sum[k][l] += model.m()[k][l];
      ++sessions[k];
    }
  }
  for (std::size_t k = 0; k < start.size(); ++k) {
    if (sessions[k] == 0) {
      model.m()[k] = start[k];
      continue;
    }
    for (std::size_t l = 0; l < sum[k].size(); ++l) model.m()[k][l] = sum[k][l] / sessions[k];
  }
  // Bounded only when deduplicating: linking two lists, the one-to-one assignment keeps each record to
  // one partner, and bounding λ there cost recall on febrl4 (F1 0.948 against 0.982; docs/linkage.md).
  const double final_bound =
      candidates.empty() ? 1.0 : std::min(1.0, most_pairs / static_cast<double>(candidates.size()));
  em.prior = model.estimate_prior(candidate_counts,
                                  bound_prior ? std::min(deterministic, final_bound) : deterministic, 1000,
                                  bound_prior ? final_bound : 1.0);

  const auto frequency =
      options.frequency_adjusted_names ? name_frequencies(comparer, {&a, &b}) : NameFrequencies{};
  scoring.adjustment.assign(candidates.size(), 0);
  std::vector<CandidatePair> scored(candidates.size());
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    scored[c].a = candidates[c].first;
    scored[c].b = candidates[c].second;
    scoring.adjustment[c] = frequency_adjustment(model, frequency, a[candidates[c].first], patterns[c]);
  }
  scoring.patterns = std::move(patterns);
  rescore(model, scoring, scored);
  return scored;
}

// Weights (and pairwise probabilities with the model's prior) of the candidates from their patterns.
void rescore(const FellegiSunter& model, const Scoring& scoring, std::vector<CandidatePair>& scored) {
  const double log2_prior_odds = std::log2(model.prior() / (1 - model.prior()));
  for (std::size_t c = 0; c < scored.size(); ++c) {
    const Pattern& pattern = scoring.patterns[c];
    scored[c].weight = model.match_weight(pattern) + scoring.adjustment[c];
    scored[c].probability = 1 / (1 + std::exp2(-(scored[c].weight + log2_prior_odds)));
    double strongest_against = 0;
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      if (pattern[k] == kMissing) continue;
      const auto l = static_cast<std::size_t>(pattern[k]);
      strongest_against = std::min(strongest_against, std::log2(model.m()[k][l] / model.u()[k][l]));
    }
    scored[c].strongest_against = strongest_against;
  }
}

// The EM of the one-to-one mixture: competing probabilities (E), then m from them with u kept from
// random pairs (M), `rounds` times, and the competing probabilities of the final m. Session-trained m
// still carries namesakes counted as matches; weighing each pair by its competing probability removes
// most of them (a birth date years apart was "3% of matches" after the sessions, 0.3% after this).
CompetingMatches competing_em(FellegiSunter& model, const Scoring& scoring,
                              std::vector<CandidatePair>& scored,
                              const std::vector<std::uint32_t>& list_of_record, std::uint32_t b_offset,
                              int rounds) {
  std::vector<WeightedPair> weighted(scored.size());
  for (int round = 0;; ++round) {
    for (std::size_t p = 0; p < scored.size(); ++p)
      weighted[p] = {scored[p].a, b_offset + scored[p].b, scored[p].weight};
    auto competing = competing_matches(weighted, list_of_record);
    for (std::size_t p = 0; p < scored.size(); ++p) scored[p].probability = competing.probability[p];
    if (round == rounds) return competing;
    auto& m = model.m();
    std::vector<std::vector<double>> next(m.size());
    for (std::size_t k = 0; k < m.size(); ++k) next[k].assign(m[k].size(), 1e-6);
    for (std::size_t p = 0; p < scored.size(); ++p) {
      for (std::size_t k = 0; k < m.size(); ++k) {
        const auto level = scoring.patterns[p][k];
        if (level != kMissing) next[k][static_cast<std::size_t>(level)] += scored[p].probability;
      }
    }
    for (std::size_t k = 0; k < m.size(); ++k) {
      double total = 0;
      for (const double v : next[k]) total += v;
      for (std::size_t l = 0; l < m[k].size(); ++l) m[k][l] = next[k][l] / total;
    }
    const std::vector<double> probability = [&] {
      std::vector<double> kept(scored.size());
      for (std::size_t p = 0; p < scored.size(); ++p) kept[p] = scored[p].probability;
      return kept;
    }();
    rescore(model, scoring, scored);
    for (std::size_t p = 0; p < scored.size(); ++p) scored[p].probability = probability[p];
  }
}

// Candidates within one set of records (one list, or all lists at once): each unordered pair once.
std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs_within(const std::vector<PreparedRecord>& records,
                                                                  const std::vector<BlockingRule>& rules,
                                                                  std::vector<BlockingReport>& blocking) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;
  for (const auto& [i, j] : candidate_pairs(records, records, rules, &blocking)) {
    if (i < j) candidates.emplace_back(i, j);
  }
  return candidates;
}

}  // namespace

NameFrequencies name_frequencies(const PairComparer& comparer,
                                 std::initializer_list<const std::vector<PreparedRecord>*> lists) {
  const auto& comparisons = comparer.comparisons();
  NameFrequencies frequency(comparisons.size());
  for (std::size_t k = 0; k < comparisons.size(); ++k) {
    const auto kind = comparisons[k].comparator;
    if (kind != Comparator::kName && kind != Comparator::kGivenName && kind != Comparator::kSurname) continue;
    double total = 0;
    for (const auto* list : lists) {
      for (const auto& record : *list) {
        if (record[k].empty) continue;
        frequency[k][record[k].skeleton] += 1;
        total += 1;
      }
    }
    for (auto& [key, count] : frequency[k]) count /= total;
  }
  return frequency;
}

double frequency_adjustment(const FellegiSunter& model, const NameFrequencies& frequency,
                            const PreparedRecord& a, const Pattern& pattern) {
  double adjustment = 0;
  for (std::size_t k = 0; k < frequency.size(); ++k) {
    if (frequency[k].empty() || pattern[k] != model.specs()[k].levels - 1) continue;
    const auto found = frequency[k].find(a[k].skeleton);
    if (found == frequency[k].end()) continue;
    const double u_top = model.u()[k].back();
    adjustment += std::log2(u_top / std::max(found->second, 0.01 * u_top));
  }
  return adjustment;
}

LinkResult link_two_lists(const std::vector<PreparedRecord>& a, const std::vector<PreparedRecord>& b,
                          const std::vector<BlockingRule>& rules, FellegiSunter& model,
                          const PairComparer& comparer, const LinkOptions& options) {
  LinkResult result;
  const auto candidates = candidate_pairs(a, b, rules, &result.blocking);
  result.candidates = static_cast<std::int64_t>(candidates.size());
  Scoring scoring;
  result.scored =
      train_and_score(a, b, candidates, rules, model, comparer, options,
                      static_cast<double>(std::min(a.size(), b.size())), false, result.em, scoring);
  if (options.competing) {
    const auto offset = static_cast<std::uint32_t>(a.size());
    std::vector<std::uint32_t> list_of_record(a.size() + b.size(), 0);
    std::fill(list_of_record.begin() + offset, list_of_record.end(), 1);
    const auto competing =
        competing_em(model, scoring, result.scored, list_of_record, offset, options.competing_rounds);
    result.shared = competing.shared.empty() ? 0 : competing.shared.begin()->second;
  }
  std::vector<CandidatePair> ordered = result.scored;
  // Ties broken by index so the assignment is the same on every run.
  std::sort(ordered.begin(), ordered.end(), [](const CandidatePair& x, const CandidatePair& y) {
    if (x.probability != y.probability) return x.probability > y.probability;
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
  });
  std::vector<char> used_a(a.size(), 0);
  std::vector<char> used_b(b.size(), 0);
  for (const auto& pair : ordered) {
    if (pair.probability < options.threshold) break;
    if (used_a[pair.a] || used_b[pair.b]) continue;
    used_a[pair.a] = used_b[pair.b] = 1;
    result.links.push_back(pair);
  }
  return result;
}

DedupResult deduplicate(const std::vector<PreparedRecord>& records, const std::vector<BlockingRule>& rules,
                        FellegiSunter& model, const PairComparer& comparer, const LinkOptions& options) {
  DedupResult result;
  const auto candidates = pairs_within(records, rules, result.blocking);
  result.candidates = static_cast<std::int64_t>(candidates.size());
  // At most n − 1 true pairs would put everyone in one cluster; n is a loose, safe bound for λ.
  Scoring scoring;
  result.scored = train_and_score(records, records, candidates, rules, model, comparer, options,
                                  static_cast<double>(records.size()), true, result.em, scoring);
  // Clusters: records joined by pairs at or above the threshold, transitively (union–find); each record's
  // cluster is named by its smallest member, so the naming is the same on every run.
  std::vector<std::uint32_t> parent(records.size());
  for (std::uint32_t i = 0; i < parent.size(); ++i) parent[i] = i;
  const auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& pair : result.scored) {
    if (pair.probability < options.threshold) continue;
    const auto x = find(pair.a);
    const auto y = find(pair.b);
    if (x != y) parent[std::max(x, y)] = std::min(x, y);
  }
  result.cluster.resize(records.size());
  for (std::uint32_t i = 0; i < records.size(); ++i) result.cluster[i] = find(i);
  return result;
}

ManyListsResult link_lists(const std::vector<PreparedRecord>& records,
                           const std::vector<std::uint32_t>& list_of_record,
                           const std::vector<BlockingRule>& rules, FellegiSunter& model,
                           const PairComparer& comparer, const LinkOptions& options) {
  ManyListsResult result;
  const auto candidates = pairs_within(records, rules, result.blocking);
  result.candidates = static_cast<std::int64_t>(candidates.size());
  Scoring scoring;
  result.scored = train_and_score(records, records, candidates, rules, model, comparer, options,
                                  static_cast<double>(records.size()), true, result.em, scoring);
  auto competing = competing_em(model, scoring, result.scored, list_of_record, 0, options.competing_rounds);
  result.shared = std::move(competing.shared);
  result.cluster = cluster_persons(result.scored, list_of_record, options.threshold);
  return result;
}

std::vector<std::uint32_t> cluster_persons(const std::vector<CandidatePair>& scored,
                                           const std::vector<std::uint32_t>& list_of_record, double threshold,
                                           double cannot_link_weight) {
  const std::size_t n = list_of_record.size();
  std::vector<std::uint32_t> parent(n);
  for (std::uint32_t i = 0; i < n; ++i) parent[i] = i;
  std::vector<std::vector<std::uint32_t>> lists(n);    // per root: the lists its cluster holds, sorted
  std::vector<std::vector<std::uint32_t>> members(n);  // per root: its records
  for (std::uint32_t i = 0; i < n; ++i) {
    lists[i] = {list_of_record[i]};
    members[i] = {i};
  }
  std::unordered_map<std::uint64_t, double> against;
  against.reserve(scored.size());
  const auto pair_key = [](std::uint32_t x, std::uint32_t y) {
    return (static_cast<std::uint64_t>(std::min(x, y)) << 32) | std::max(x, y);
  };
  for (const auto& pair : scored) {
    if (pair.strongest_against < cannot_link_weight)
      against[pair_key(pair.a, pair.b)] = pair.strongest_against;
  }
  const auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  // Two clusters contradict each other when some record of one and some record of the other were
  // compared and found clearly different (a birth date years apart, another name): merging them would
  // make one person of two through a chain of links that each looked fine.
  const auto contradict = [&](std::uint32_t x, std::uint32_t y) {
    for (const auto i : members[x]) {
      for (const auto j : members[y]) {
        if (against.count(pair_key(i, j)) > 0) return true;
      }
    }
    return false;
  };
  const auto merge = [&](std::uint32_t x, std::uint32_t y) {
    const auto keep = std::min(x, y);
    const auto gone = std::max(x, y);
    parent[gone] = keep;
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
  struct Target {
    std::uint32_t record, cluster, list;
    bool operator==(const Target&) const = default;
  };
  struct TargetHash {
    std::size_t operator()(const Target& t) const {
      return std::hash<std::uint64_t>{}((static_cast<std::uint64_t>(t.record) << 32) | t.cluster) ^
             (static_cast<std::size_t>(t.list) * 0x9e3779b97f4a7c15ULL);
    }
  };
  std::unordered_map<Target, double, TargetHash> to_cluster;  // (record, cluster, its list) → Σ P
  to_cluster.reserve(2 * scored.size());
  for (const auto& pair : scored) {
    if (list_of_record[pair.a] == list_of_record[pair.b]) continue;
    to_cluster[{pair.a, find(pair.b), list_of_record[pair.b]}] += pair.probability;
    to_cluster[{pair.b, find(pair.a), list_of_record[pair.a]}] += pair.probability;
  }
  std::map<std::pair<std::uint32_t, std::uint32_t>, Score> cluster_score;
  for (const auto& [target, probability] : to_cluster) {
    const auto x = find(target.record);
    auto& score = cluster_score[{std::min(x, target.cluster), std::max(x, target.cluster)}];
    const bool better = probability > score.probability ||
                        (probability == score.probability &&
                         std::pair(target.record, target.cluster) < std::pair(score.a, score.b));
    if (better) score = {probability, target.record, target.cluster};
  }
  std::vector<Score> ordered;
  for (const auto& [clusters, score] : cluster_score) {
    if (score.probability >= threshold) ordered.push_back(score);
  }
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

double PairwiseQuality::precision() const {
  const auto predicted = true_positives + false_positives;
  return predicted == 0 ? 0 : static_cast<double>(true_positives) / static_cast<double>(predicted);
}

double PairwiseQuality::recall() const {
  const auto actual = true_positives + false_negatives;
  return actual == 0 ? 0 : static_cast<double>(true_positives) / static_cast<double>(actual);
}

double PairwiseQuality::f1() const {
  const double p = precision();
  const double r = recall();
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

}  // namespace clearpoint::link
