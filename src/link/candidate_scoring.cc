#include "link/candidate_scoring.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/parallel.h"
#include "core/random.h"

namespace clearpoint::link {

namespace {

// Mixed-radix code of a pattern (level + 1 per comparison, 0 for missing), so patterns computed on
// several threads can be told apart without allocating.
class PatternCode {
 public:
  explicit PatternCode(const std::vector<ComparisonSpec>& specs) {
    std::uint64_t stride = 1;
    for (const auto& spec : specs) {
      strides_.push_back(stride);
      bases_.push_back(static_cast<std::uint64_t>(spec.levels) + 1);
      stride *= bases_.back();
    }
  }
  std::uint64_t encode(const Pattern& pattern) const {
    std::uint64_t code = 0;
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      code += static_cast<std::uint64_t>(pattern[k] + 1) * strides_[k];
    }
    return code;
  }
  Pattern decode(std::uint64_t code) const {
    Pattern pattern(bases_.size());
    for (std::size_t k = 0; k < bases_.size(); ++k) {
      pattern[k] = static_cast<std::int8_t>(static_cast<int>((code / strides_[k]) % bases_[k]) - 1);
    }
    return pattern;
  }

 private:
  std::vector<std::uint64_t> strides_;
  std::vector<std::uint64_t> bases_;
};

// Per record of `a` and name comparison, the adjustment a pair gets when it agrees on that name at the
// top level (name_adjustment in linker.h), looked up once per record instead of once per pair.
std::vector<std::vector<float>> record_adjustments(const FellegiSunter& model,
                                                   const NameFrequencies& frequency,
                                                   const std::vector<PreparedRecord>& a) {
  std::vector<std::vector<float>> adjustment(frequency.names.size());
  for (std::size_t k = 0; k < frequency.names.size(); ++k) {
    if (frequency.names[k].empty()) continue;
    adjustment[k].assign(a.size(), 0);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i][k].empty)
        adjustment[k][i] = static_cast<float>(name_adjustment(model, frequency, k, a[i][k].skeleton));
    }
  }
  return adjustment;
}

}  // namespace

double strongest_against(const FellegiSunter& model, const Pattern& pattern) {
  double strongest = 0;
  for (std::size_t k = 0; k < pattern.size(); ++k) {
    if (pattern[k] == kMissing || !model.specs()[k].holds_apart) continue;
    const auto l = static_cast<std::size_t>(pattern[k]);
    strongest = std::min(strongest, std::log2(model.m()[k][l] / model.u()[k][l]));
  }
  return strongest;
}

CandidatePair ScoredCandidates::pair(std::size_t p, const FellegiSunter& model) const {
  return {a[p], b[p], probability[p], weight[p], strongest_against(model, patterns[pattern[p]])};
}

namespace {

// How many pairs ahead the comparing loop asks for the second record's memory: enough loads in flight to
// hide its latency, few enough that they are still in cache when the pair is reached.
constexpr std::size_t kPrefetchAhead = 8;

// Every candidate compared, on every core; distinct patterns numbered in order of first appearance so the
// numbering is the same on every run.
ScoredCandidates compare_candidates(const std::vector<PreparedRecord>& a,
                                    const std::vector<PreparedRecord>& b,
                                    std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates,
                                    const PairComparer& comparer, int threads) {
  ScoredCandidates scored;
  const std::size_t n = candidates.size();
  scored.a.resize(n);
  scored.b.resize(n);
  for (std::size_t c = 0; c < n; ++c) std::tie(scored.a[c], scored.b[c]) = candidates[c];
  candidates = {};
  const PatternCode code(comparer.specs());
  std::vector<std::uint64_t> codes(n);
  core::parallel_for(n, threads, core::even_grain(n, threads, core::kCheapLoopSerialBelow),
                     [&](std::size_t begin, std::size_t end) {
                       Pattern pattern;
                       for (std::size_t c = begin; c < end; ++c) {
                         // Two steps ahead: the record's own bytes, then (once they are in) its fields.
                         if (c + 3 * kPrefetchAhead < end)
                           __builtin_prefetch(&b[scored.b[c + 3 * kPrefetchAhead]]);
                         if (c + kPrefetchAhead < end) b[scored.b[c + kPrefetchAhead]].prefetch_fields();
                         comparer.compare_into(a[scored.a[c]], b[scored.b[c]], pattern);
                         codes[c] = code.encode(pattern);
                       }
                     });
  std::unordered_map<std::uint64_t, std::uint32_t> index_of;
  scored.pattern.resize(n);
  for (std::size_t c = 0; c < n; ++c) {
    const auto [it, fresh] =
        index_of.try_emplace(codes[c], static_cast<std::uint32_t>(scored.patterns.size()));
    if (fresh) scored.patterns.push_back(code.decode(codes[c]));
    scored.pattern[c] = it->second;
  }
  return scored;
}

// What training reads: the patterns of all candidates, of the pairs sharing each training rule's key (with
// the comparisons the key fixes blanked: they agree by construction and would teach EM nothing true), and
// how many candidates agree at the top level of every comparison.
struct TrainingCounts {
  PatternCounts candidates;
  std::vector<PatternCounts> sessions;  // per training rule
  std::int64_t all_top = 0;
};

TrainingCounts count_patterns(const ScoredCandidates& scored, const std::vector<BlockingRule>& training,
                              const BlockingKeys& keys, const std::vector<ComparisonSpec>& specs) {
  const std::size_t distinct = scored.patterns.size();
  std::vector<std::int64_t> count(distinct, 0);
  std::vector<std::vector<std::int64_t>> session(training.size(), std::vector<std::int64_t>(distinct, 0));
  for (std::size_t c = 0; c < scored.size(); ++c) {
    ++count[scored.pattern[c]];
    for (std::size_t r = 0; r < training.size(); ++r) {
      if (keys.share(r, scored.a[c], scored.b[c])) ++session[r][scored.pattern[c]];
    }
  }
  TrainingCounts counts;
  counts.sessions.resize(training.size());
  for (std::size_t id = 0; id < distinct; ++id) {
    const Pattern& pattern = scored.patterns[id];
    counts.candidates.add(pattern, count[id]);
    bool top = true;
    for (std::size_t k = 0; k < specs.size(); ++k) top = top && pattern[k] == specs[k].levels - 1;
    if (top) counts.all_top += count[id];
    for (std::size_t r = 0; r < training.size(); ++r) {
      if (session[r][id] == 0) continue;
      Pattern blanked = pattern;
      for (const auto& part : training[r].parts) blanked[part.comparison] = kMissing;
      counts.sessions[r].add(blanked, session[r][id]);
    }
  }
  return counts;
}

// u from random pairs: nearly all of them are two different persons.
PatternCounts random_pair_counts(const std::vector<PreparedRecord>& a, const std::vector<PreparedRecord>& b,
                                 const PairComparer& comparer, const LinkOptions& options) {
  PatternCounts random_counts;
  core::Rng rng(options.seed);
  if (a.empty() || b.empty()) return random_counts;
  Pattern pattern;
  for (std::int64_t r = 0; r < options.random_pairs; ++r) {
    const auto i = static_cast<std::size_t>(rng.next() % a.size());
    const auto j = static_cast<std::size_t>(rng.next() % b.size());
    comparer.compare_into(a[i], b[j], pattern);
    random_counts.add(pattern);
  }
  return random_counts;
}

// m by EM in one session per training rule (as Splink trains): each comparison's m is the average over the
// sessions whose rule does not use it; a comparison no session could learn keeps its starting m.
void train_m_by_sessions(FellegiSunter& model, const std::vector<BlockingRule>& training,
                         const std::vector<PatternCounts>& sessions, double deterministic, double most_pairs,
                         EmReport& em) {
  const std::vector<std::vector<double>> start = model.m();
  std::vector<std::vector<double>> sum(start.size());
  std::vector<int> learnt(start.size(), 0);
  for (std::size_t k = 0; k < start.size(); ++k) sum[k].assign(start[k].size(), 0);
  for (std::size_t r = 0; r < training.size(); ++r) {
    if (sessions[r].counts().empty()) continue;
    model.m() = start;
    const double bound = std::min(1.0, most_pairs / static_cast<double>(sessions[r].total()));
    em = model.estimate_m(sessions[r], std::min(deterministic, bound), 500, 1e-9, bound);
    std::vector<char> used(start.size(), 0);
    for (const auto& part : training[r].parts) used[part.comparison] = 1;
    for (std::size_t k = 0; k < start.size(); ++k) {
      if (used[k]) continue;
      for (std::size_t l = 0; l < sum[k].size(); ++l) sum[k][l] += model.m()[k][l];
      ++learnt[k];
    }
  }
  for (std::size_t k = 0; k < start.size(); ++k) {
    model.m()[k] = start[k];
    if (learnt[k] == 0) continue;
    for (std::size_t l = 0; l < sum[k].size(); ++l) model.m()[k][l] = sum[k][l] / learnt[k];
  }
  model.bound_disagreement();
}

// Each pair's term-frequency adjustment: the sum over its names agreeing at the top level of how much
// rarer the commoner of its two records' names is than the model's u, the given name and surname
// together bounded by their full name's namesakes (frequency_adjustment, here with each record's part
// looked up once).
void adjust_for_name_frequencies(ScoredCandidates& scored, const FellegiSunter& model,
                                 const PairComparer& comparer, const std::vector<PreparedRecord>& a,
                                 const std::vector<PreparedRecord>& b) {
  const auto& specs = model.specs();
  scored.frequencies = name_frequencies(comparer, {&a, &b});
  const auto& frequencies = scored.frequencies;
  const auto per_record = record_adjustments(model, frequencies, a);
  const auto per_record_b = &a == &b ? per_record : record_adjustments(model, frequencies, b);
  const auto full_names = [&](const std::vector<PreparedRecord>& records) {
    std::vector<FullNameOf> of(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) of[i] = full_name_of(frequencies, records[i]);
    return of;
  };
  const auto full_name_a = full_names(a);
  const auto full_name_b = &a == &b ? full_name_a : full_names(b);
  std::vector<std::vector<std::size_t>> top_names(scored.patterns.size());
  for (std::size_t id = 0; id < scored.patterns.size(); ++id) {
    for (std::size_t k = 0; k < per_record.size(); ++k) {
      if (!per_record[k].empty() && scored.patterns[id][k] == specs[k].levels - 1) top_names[id].push_back(k);
    }
  }
  for (std::size_t c = 0; c < scored.size(); ++c) {
    const auto x = scored.a[c];
    const auto y = scored.b[c];
    const auto bits = [&](std::size_t k) { return std::min(per_record[k][x], per_record_b[k][y]); };
    scored.adjustment[c] = static_cast<float>(agreeing_names_adjustment(
        model, frequencies, top_names[scored.pattern[c]], bits, full_name_a[x], full_name_b[y]));
  }
}

}  // namespace

ScoredCandidates train_and_score(const std::vector<PreparedRecord>& records,
                                 std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates,
                                 const std::vector<BlockingRule>& training, const BlockingKeys& keys,
                                 FellegiSunter& model, const PairComparer& comparer,
                                 const LinkOptions& options, EmReport& em) {
  // The helpers compare a pair's first record from `a` with its second from `b`: here both are `records`.
  const auto& a = records;
  const auto& b = records;
  const auto most_pairs = static_cast<double>(records.size());
  auto scored = compare_candidates(a, b, std::move(candidates), comparer, options.threads);
  const std::size_t n = scored.size();
  const auto counts = count_patterns(scored, training, keys, comparer.specs());
  model.estimate_u(random_pair_counts(a, b, comparer, options));
  const double deterministic =
      n == 0 ? 0.01 : std::max(0.001, static_cast<double>(counts.all_top) / static_cast<double>(n));
  train_m_by_sessions(model, training, counts.sessions, deterministic, most_pairs, em);
  const double final_bound = n == 0 ? 1.0 : std::min(1.0, most_pairs / static_cast<double>(n));
  em.prior = model.estimate_prior(counts.candidates, std::min(deterministic, final_bound), 1000, final_bound);
  scored.adjustment.assign(n, 0);
  if (options.frequency_adjusted_names) adjust_for_name_frequencies(scored, model, comparer, a, b);
  reweigh(model, scored);
  pairwise_probabilities(model, scored);
  return scored;
}

void reweigh(const FellegiSunter& model, ScoredCandidates& scored) {
  std::vector<double> pattern_weight(scored.patterns.size());
  for (std::size_t id = 0; id < scored.patterns.size(); ++id) {
    pattern_weight[id] = model.match_weight(scored.patterns[id]);
  }
  scored.weight.resize(scored.size());
  for (std::size_t p = 0; p < scored.size(); ++p) {
    scored.weight[p] = pattern_weight[scored.pattern[p]] + scored.adjustment[p];
  }
}

void pairwise_probabilities(const FellegiSunter& model, ScoredCandidates& scored) {
  const double log2_prior_odds = std::log2(model.prior() / (1 - model.prior()));
  scored.probability.resize(scored.size());
  for (std::size_t p = 0; p < scored.size(); ++p) {
    scored.probability[p] = 1 / (1 + std::exp2(-(scored.weight[p] + log2_prior_odds)));
  }
}

// Session-trained m still carries namesakes counted as matches; weighing each pair by its competing
// probability removes most of them (a birth date years apart was "3% of matches" after the sessions,
// 0.3% after this).
CompetingMatches competing_em(FellegiSunter& model, ScoredCandidates& scored,
                              const std::vector<std::uint32_t>& list_of_record, int rounds, int threads) {
  CompetingMatcher matcher(scored.a, scored.b, list_of_record, threads);
  for (int round = 0; round < rounds; ++round) {
    // The rounds only need probabilities good enough to move m; the final solve is the tight one.
    matcher.solve(scored.weight, 100, 1e-2);
    scored.probability = matcher.probability();
    // Expected matches per pattern, then per comparison and level.
    std::vector<double> mass(scored.patterns.size(), 0);
    for (std::size_t p = 0; p < scored.size(); ++p) mass[scored.pattern[p]] += scored.probability[p];
    auto& m = model.m();
    std::vector<std::vector<double>> next(m.size());
    for (std::size_t k = 0; k < m.size(); ++k) next[k].assign(m[k].size(), kMPseudoPairs);
    for (std::size_t id = 0; id < scored.patterns.size(); ++id) {
      for (std::size_t k = 0; k < m.size(); ++k) {
        const auto level = scored.patterns[id][k];
        if (level != kMissing) next[k][static_cast<std::size_t>(level)] += mass[id];
      }
    }
    double change = 0;
    for (std::size_t k = 0; k < m.size(); ++k) {
      double total = 0;
      for (const double v : next[k]) total += v;
      for (std::size_t l = 0; l < m[k].size(); ++l) {
        change = std::max(change, std::fabs(next[k][l] / total - m[k][l]));
        m[k][l] = next[k][l] / total;
      }
    }
    model.bound_disagreement();
    reweigh(model, scored);
    if (change < 1e-4) break;  // m has settled: more rounds would change nothing
  }
  CompetingMatches result;
  result.shared = matcher.solve(scored.weight, 100, 1e-3);
  scored.probability = matcher.probability();
  return result;
}

}  // namespace clearpoint::link
