#include "link/linker.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "link/candidate_scoring.h"

namespace clearpoint::link {

namespace {

std::string full_name_key(const NameFrequencies& frequency, const PreparedRecord& record) {
  return record[frequency.given].skeleton + '\x1f' + record[frequency.surname].skeleton;
}

bool has_full_name(const NameFrequencies& frequency, const PreparedRecord& record) {
  return frequency.given != SIZE_MAX && frequency.surname != SIZE_MAX && frequency.birth != SIZE_MAX &&
         !record[frequency.given].empty && !record[frequency.surname].empty;
}

}  // namespace

NameFrequencies name_frequencies(const PairComparer& comparer,
                                 std::initializer_list<const std::vector<PreparedRecord>*> lists) {
  const auto& comparisons = comparer.comparisons();
  NameFrequencies frequency;
  frequency.names.resize(comparisons.size());
  for (std::size_t k = 0; k < comparisons.size(); ++k) {
    const auto kind = comparisons[k].comparator;
    if (kind == Comparator::kGivenName && frequency.given == SIZE_MAX) frequency.given = k;
    if (kind == Comparator::kSurname && frequency.surname == SIZE_MAX) frequency.surname = k;
    if (kind == Comparator::kPartialDate && frequency.birth == SIZE_MAX) frequency.birth = k;
    if (kind != Comparator::kName && kind != Comparator::kGivenName && kind != Comparator::kSurname) continue;
    double total = 0;
    for (const auto* list : lists) {
      for (const auto& record : *list) {
        if (record[k].empty) continue;
        frequency.names[k][record[k].skeleton] += 1;
        total += 1;
      }
    }
    for (auto& [key, count] : frequency.names[k]) count /= total;
  }
  // Persons of each full name told apart by birth day; records without a full date tell none apart.
  std::unordered_map<std::string, std::unordered_set<std::int32_t>> days;
  for (const auto* list : lists) {
    for (const auto& record : *list) {
      if (!has_full_name(frequency, record) || record[frequency.birth].ymd == 0) continue;
      days[full_name_key(frequency, record)].insert(record[frequency.birth].ymd);
    }
  }
  for (const auto& [key, birth_days] : days) {
    frequency.full_name_persons += static_cast<double>(birth_days.size());
    if (birth_days.size() >= 2) frequency.full_name_birth_days[key] = static_cast<double>(birth_days.size());
  }
  return frequency;
}

FullNameOf full_name_of(const NameFrequencies& frequency, const PreparedRecord& record) {
  FullNameOf of;
  if (!has_full_name(frequency, record)) return of;
  of.given = record[frequency.given].skeleton_id;
  of.surname = record[frequency.surname].skeleton_id;
  of.birth_day = record[frequency.birth].ymd;
  if (frequency.full_name_birth_days.empty()) return of;
  const auto found = frequency.full_name_birth_days.find(full_name_key(frequency, record));
  if (found != frequency.full_name_birth_days.end()) of.birth_days = found->second;
  return of;
}

double full_name_bound(const FellegiSunter& model, const NameFrequencies& frequency, const FullNameOf& a,
                       const FullNameOf& b) {
  constexpr double kNone = std::numeric_limits<double>::infinity();
  const auto bound = [&](double days, int own) {
    const double others = days - own;
    if (others < 1) return kNone;
    const double u = model.u()[frequency.given].back() * model.u()[frequency.surname].back();
    return std::log2(u * frequency.full_name_persons / others);
  };
  if (a.given == b.given && a.surname == b.surname) {
    // One full name: the persons it counts include the pair's own, once per full birth date they give.
    const int own =
        std::max(1, (a.birth_day != 0 ? 1 : 0) + (b.birth_day != 0 && b.birth_day != a.birth_day ? 1 : 0));
    return bound(a.birth_days, own);
  }
  // A nickname or names written crosswise: each record's full name has namesakes of its own.
  return std::min(bound(a.birth_days, 1), bound(b.birth_days, 1));
}

double frequency_adjustment(const FellegiSunter& model, const NameFrequencies& frequency,
                            const PreparedRecord& a, const PreparedRecord& b, const Pattern& pattern) {
  std::vector<std::size_t> top_names;
  for (std::size_t k = 0; k < frequency.names.size(); ++k) {
    if (!frequency.names[k].empty() && pattern[k] == model.specs()[k].levels - 1) top_names.push_back(k);
  }
  const auto bits = [&](std::size_t k) {
    return std::min(name_adjustment(model, frequency, k, a[k].skeleton),
                    name_adjustment(model, frequency, k, b[k].skeleton));
  };
  return agreeing_names_adjustment(model, frequency, top_names, bits, full_name_of(frequency, a),
                                   full_name_of(frequency, b));
}

double name_adjustment(const FellegiSunter& model, const NameFrequencies& frequency, std::size_t k,
                       const std::string& skeleton) {
  const auto found = frequency.names[k].find(skeleton);
  if (found == frequency.names[k].end()) return 0;
  const double u_top = model.u()[k].back();
  return std::log2(u_top / std::max(found->second, 0.01 * u_top));
}

BlockedCandidates block_within(const std::vector<PreparedRecord>& records,
                               const std::vector<BlockingRule>& rules, int threads) {
  BlockedCandidates blocked;
  blocked.pairs = candidate_pairs_within(records, rules, blocked.keys, &blocked.reports, threads);
  // In record order, a pair's first record stays in cache across its candidates: scoring then runs
  // 1.4 times faster than in the rules' bucket order (bench/link_bench.cc).
  std::sort(blocked.pairs.begin(), blocked.pairs.end());
  return blocked;
}

Predictions train_and_predict(const std::vector<PreparedRecord>& records,
                              const std::vector<std::uint32_t>& list_of_record,
                              const std::vector<BlockingRule>& rules, BlockedCandidates& blocked,
                              FellegiSunter& model, const PairComparer& comparer,
                              const LinkOptions& options) {
  const auto step = [&](const std::string& name) {
    if (options.on_step) options.on_step(name);
  };
  Predictions predictions;
  predictions.candidates = static_cast<std::int64_t>(blocked.pairs.size());
  const auto& training = options.training.empty() ? rules : options.training;
  BlockingKeys training_keys(records, training);
  training_keys.apply_bounds(training);
  auto scores = train_and_score(records, std::move(blocked.pairs), training, training_keys, model, comparer,
                                options, predictions.em);
  blocked.pairs = {};
  step("comparing and training");
  auto competing = competing_em(model, scores, list_of_record, options.competing_rounds, options.threads);
  step("competing probabilities");
  predictions.shared = std::move(competing.shared);
  predictions.frequencies = std::move(scores.frequencies);
  for (std::size_t p = 0; p < scores.size(); ++p) {
    if (scores.probability[p] >= kKeptProbability) predictions.scored.push_back(scores.pair(p, model));
  }
  return predictions;
}

std::vector<std::uint32_t> cluster_predictions(const std::vector<PreparedRecord>& records,
                                               const std::vector<std::uint32_t>& list_of_record,
                                               const Predictions& predictions, const BlockingKeys& keys,
                                               const FellegiSunter& model, const PairComparer& comparer,
                                               const LinkOptions& options) {
  // Two records were compared when a blocking rule paired them; the comparison is made again here,
  // for the few pairs a merge asks about, rather than kept for every candidate.
  // A pair whose own (competing) probability is strong links despite one field against it: a mistyped
  // birth date beside two agreeing names. Any other compared pair with such a field holds the two
  // clusters apart, so two namesakes born years apart are never joined through a third record.
  std::unordered_set<std::uint64_t> strong;
  const auto pair_key = [](std::uint32_t x, std::uint32_t y) {
    return (static_cast<std::uint64_t>(std::min(x, y)) << 32) | std::max(x, y);
  };
  for (const auto& pair : predictions.scored) {
    if (pair.strongest_against < kCannotLinkWeight && pair.probability >= kStrongPairProbability)
      strong.insert(pair_key(pair.a, pair.b));
  }
  // An analyst who saw both records outranks the model: "same" pairs are merged first (probability 1)
  // and never count as clearly different; "different" pairs always do.
  std::unordered_set<std::uint64_t> decided_different;
  for (const auto& [x, y] : options.decided_different) decided_different.insert(pair_key(x, y));
  for (const auto& [x, y] : options.decided_same) strong.insert(pair_key(x, y));
  const auto clearly_different = [&](std::uint32_t x, std::uint32_t y) {
    if (decided_different.contains(pair_key(x, y))) return true;
    return keys.compared(x, y) && !strong.contains(pair_key(x, y)) &&
           strongest_against(model, comparer.compare(records[x], records[y])) < kCannotLinkWeight;
  };
  const auto apart_beyond_a_pair = [&](std::uint32_t x, std::uint32_t y) {
    return comparer.birth_days_disagree(records[x], records[y]);
  };
  if (options.decided_same.empty()) {
    return cluster_persons(predictions.scored, list_of_record, options.threshold, clearly_different,
                           apart_beyond_a_pair);
  }
  std::vector<CandidatePair> scored = predictions.scored;
  for (const auto& [x, y] : options.decided_same) {
    if (x != y && !decided_different.contains(pair_key(x, y)))
      scored.push_back({std::min(x, y), std::max(x, y), 1.0, 0.0, 0.0});
  }
  return cluster_persons(scored, list_of_record, options.threshold, clearly_different, apart_beyond_a_pair);
}

ManyListsResult link_lists(const std::vector<PreparedRecord>& records,
                           const std::vector<std::uint32_t>& list_of_record,
                           const std::vector<BlockingRule>& rules, FellegiSunter& model,
                           const PairComparer& comparer, const LinkOptions& options) {
  const auto step = [&](const std::string& name) {
    if (options.on_step) options.on_step(name);
  };
  auto blocked = block_within(records, rules, options.threads);
  step("blocking");
  auto predictions = train_and_predict(records, list_of_record, rules, blocked, model, comparer, options);
  ManyListsResult result;
  result.cluster =
      cluster_predictions(records, list_of_record, predictions, blocked.keys, model, comparer, options);
  step("clustering");
  result.blocking = std::move(blocked.reports);
  result.candidates = predictions.candidates;
  result.scored = std::move(predictions.scored);
  result.em = predictions.em;
  result.shared = std::move(predictions.shared);
  result.frequencies = std::move(predictions.frequencies);
  return result;
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
