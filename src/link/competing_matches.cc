#include "link/competing_matches.h"

#include <algorithm>
#include <cmath>

#include "core/parallel.h"

namespace clearpoint::link {

namespace {

// Pairs come in order of their first record, so the second record's per-side sums are read at random
// across arrays of millions: each loop asks for the sums `kAhead` pairs before it needs them.
constexpr std::size_t kAhead = 16;

void prefetch(const void* address) {
  __builtin_prefetch(address);
}

}  // namespace

CompetingMatcher::CompetingMatcher(std::vector<std::uint32_t> a, std::vector<std::uint32_t> b,
                                   const std::vector<std::uint32_t>& list_of_record, int threads)
    : threads_(threads) {
  std::uint32_t lists = 0;
  for (const auto list : list_of_record) {
    if (list >= list_size_.size()) list_size_.resize(list + 1, 0);
    list_size_[list] += 1;
    lists = std::max(lists, list + 1);
  }
  // Dense numbering of (record, list of its candidate) — a record's side towards one list — through a
  // table of records × lists, and of (list, list).
  std::vector<std::uint32_t> side_of(list_of_record.size() * lists, UINT32_MAX);
  std::vector<std::uint32_t> lists_index(static_cast<std::size_t>(lists) * lists, UINT32_MAX);
  const auto side = [&](std::uint32_t record, std::uint32_t list) {
    auto& slot = side_of[static_cast<std::size_t>(record) * lists + list];
    if (slot == UINT32_MAX) slot = static_cast<std::uint32_t>(sides_++);
    return slot;
  };
  indexed_.resize(a.size());
  for (std::size_t p = 0; p < a.size(); ++p) {
    if (p + kAhead < a.size())
      prefetch(&side_of[static_cast<std::size_t>(b[p + kAhead]) * lists + list_of_record[a[p + kAhead]]]);
    const auto list_a = list_of_record[a[p]];
    const auto list_b = list_of_record[b[p]];
    auto& index =
        lists_index[static_cast<std::size_t>(std::min(list_a, list_b)) * lists + std::max(list_a, list_b)];
    if (index == UINT32_MAX) {
      index = static_cast<std::uint32_t>(lists_.size());
      lists_.emplace_back(std::min(list_a, list_b), std::max(list_a, list_b));
    }
    indexed_[p] = {side(a[p], list_b), side(b[p], list_a), index, static_cast<float>(list_size_[list_a]),
                   static_cast<float>(list_size_[list_b])};
  }
  // Start from most of the smaller list; the iteration comes down to its fixed point.
  shared_.resize(lists_.size());
  for (std::size_t i = 0; i < lists_.size(); ++i) {
    shared_[i] = 0.99 * std::min(list_size_[lists_[i].first], list_size_[lists_[i].second]);
  }
  probability_.assign(a.size(), 0);
}

CompetingMatcher::Shared CompetingMatcher::solve(const std::vector<double>& log2_factor, int iterations,
                                                 double tolerance) {
  const std::size_t n = indexed_.size();
  // Factors beyond 2^60 change nothing a double can show; capping keeps the sums finite.
  const auto factor_of = [&](std::size_t p) { return std::exp2(std::min(log2_factor[p], 60.0)); };
  live_.clear();
  live_.reserve(n);
  is_live_.assign(n, 0);
  for (std::size_t p = 0; p < n; ++p) {
    const auto& x = indexed_[p];
    const double factor = factor_of(p);
    if (factor < 1e-6 * std::max(x.size_a, x.size_b)) continue;
    live_.push_back({static_cast<std::uint32_t>(p), x.side_a, x.side_b, x.lists, static_cast<float>(factor),
                     static_cast<float>(probability_[p])});
    is_live_[p] = 1;
  }
  // Chance that a record is taken by some candidate on a given list (mean field of the assignment): a
  // competitor already claimed elsewhere competes less. (The sums per record stay on one thread: they
  // are bound by memory, not by arithmetic, and split across two cores they ran slower.)
  taken_.assign(sides_, 0);
  for (std::size_t l = 0; l < live_.size(); ++l) {
    if (l + kAhead < live_.size()) prefetch(&taken_[live_[l + kAhead].side_b]);
    taken_[live_[l].side_a] += live_[l].probability;
    taken_[live_[l].side_b] += live_[l].probability;
  }
  factor_sum_.resize(sides_);
  offer_.resize(live_.size());
  std::vector<double> next(shared_.size());
  const auto probability_of = [&](const Indexed& x, double to_a, double to_b) {
    const double m = shared_[x.lists];
    const double c = m / (static_cast<double>(x.size_a) * x.size_b);
    return std::pair(c * to_a / ((1 - m / x.size_a) + c * factor_sum_[x.side_a]),
                     c * to_b / ((1 - m / x.size_b) + c * factor_sum_[x.side_b]));
  };
  for (int iteration = 0; iteration < iterations; ++iteration) {
    // What each pair offers its two records, on every core.
    core::parallel_for(
        live_.size(), threads_, core::even_grain(live_.size(), threads_, core::kCheapLoopSerialBelow),
        [&](std::size_t begin, std::size_t end) {
          for (std::size_t l = begin; l < end; ++l) {
            if (l + kAhead < end) prefetch(&taken_[live_[l + kAhead].side_a]);
            const auto& x = live_[l];
            const double mine = x.probability;
            offer_[l] = {static_cast<float>(x.factor * std::clamp(1 - (taken_[x.side_b] - mine), 0.0, 1.0)),
                         static_cast<float>(x.factor * std::clamp(1 - (taken_[x.side_a] - mine), 0.0, 1.0))};
          }
        });
    std::fill(factor_sum_.begin(), factor_sum_.end(), 0.0F);
    for (std::size_t l = 0; l < live_.size(); ++l) {
      if (l + kAhead < live_.size()) prefetch(&factor_sum_[live_[l + kAhead].side_b]);
      factor_sum_[live_[l].side_a] += offer_[l].first;
      factor_sum_[live_[l].side_b] += offer_[l].second;
    }
    core::parallel_for(
        live_.size(), threads_, core::even_grain(live_.size(), threads_, core::kCheapLoopSerialBelow),
        [&](std::size_t begin, std::size_t end) {
          for (std::size_t l = begin; l < end; ++l) {
            if (l + kAhead < end) {
              prefetch(&factor_sum_[live_[l + kAhead].side_b]);
              prefetch(&indexed_[live_[l + kAhead].pair]);
            }
            auto& x = live_[l];
            const auto [from_a, from_b] = probability_of(indexed_[x.pair], offer_[l].first, offer_[l].second);
            x.probability = static_cast<float>(std::min(from_a, from_b));
            // The EM update of M: the expected number of A's records with a partner, and of B's, averaged.
            offer_[l].first = static_cast<float>(0.5 * (from_a + from_b));
          }
        });
    std::fill(next.begin(), next.end(), 0.0);
    std::fill(taken_.begin(), taken_.end(), 0.0F);
    for (std::size_t l = 0; l < live_.size(); ++l) {
      if (l + kAhead < live_.size()) prefetch(&taken_[live_[l + kAhead].side_b]);
      const auto& x = live_[l];
      next[x.lists] += offer_[l].first;
      taken_[x.side_a] += x.probability;
      taken_[x.side_b] += x.probability;
    }
    double change = 0;
    for (std::size_t i = 0; i < lists_.size(); ++i) {
      // A list pair cannot share more persons than its smaller list holds (nor, within one list, more
      // duplicate pairs than pairs); the cap keeps 1 − M/|A| positive.
      const double most = 0.999 * std::min(list_size_[lists_[i].first], list_size_[lists_[i].second]);
      const double updated = std::clamp(next[i], 1e-6, most);
      change = std::max(change, std::fabs(updated - shared_[i]) / std::max(1.0, updated));
      shared_[i] = updated;
    }
    if (change < tolerance && iteration > 0) break;
  }
  for (const auto& x : live_) probability_[x.pair] = x.probability;
  // The pairs left out, from the converged sums (their own factor adds nothing visible to them).
  for (std::size_t p = 0; p < n; ++p) {
    if (is_live_[p]) continue;
    const double factor = factor_of(p);
    const auto [from_a, from_b] = probability_of(indexed_[p], factor, factor);
    probability_[p] = std::min(from_a, from_b);
  }
  // Duplicates within a list do not compete: one person may have five records on a list, each the
  // duplicate of the others, and competing would give each of her pairs a fifth. Their probability is
  // the pairwise one, with the prior of the list's duplicates that the competing iteration converged
  // to: it bounds each record's duplicate mass by one, so namesakes that fit the model too well cannot
  // run the prior away (left free, the duplicates' own fixed point made one person of 150,000
  // namesakes in a million simulated records).
  for (std::size_t p = 0; p < n; ++p) {
    const auto& x = indexed_[p];
    if (lists_[x.lists].first != lists_[x.lists].second) continue;
    const double c = shared_[x.lists] / (0.5 * static_cast<double>(x.size_a) * (x.size_a - 1));
    const double factor = factor_of(p);
    probability_[p] = c * factor / ((1 - c) + c * factor);
  }
  Shared shared;
  for (std::size_t i = 0; i < lists_.size(); ++i) shared[lists_[i]] = shared_[i];
  return shared;
}

CompetingMatches competing_matches(const std::vector<WeightedPair>& pairs,
                                   const std::vector<std::uint32_t>& list_of_record, int iterations) {
  std::vector<std::uint32_t> a(pairs.size());
  std::vector<std::uint32_t> b(pairs.size());
  std::vector<double> factor(pairs.size());
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    a[p] = pairs[p].a;
    b[p] = pairs[p].b;
    factor[p] = pairs[p].log2_factor;
  }
  CompetingMatcher matcher(std::move(a), std::move(b), list_of_record);
  CompetingMatches result;
  // The tolerance of the first version, for callers that solve once.
  result.shared = matcher.solve(factor, iterations, 1e-7);
  result.probability = matcher.probability();
  return result;
}

}  // namespace clearpoint::link
