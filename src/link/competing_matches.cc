#include "link/competing_matches.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace clearpoint::link {

CompetingMatches competing_matches(const std::vector<WeightedPair>& pairs,
                                   const std::vector<std::uint32_t>& list_of_record, int iterations) {
  std::vector<double> list_size;
  for (const auto list : list_of_record) {
    if (list >= list_size.size()) list_size.resize(list + 1, 0);
    list_size[list] += 1;
  }
  // Dense numbering of (record, list of its candidate) and of (list, list), so the iteration below runs
  // over plain vectors.
  std::unordered_map<std::uint64_t, std::uint32_t> side_index;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> lists_index;
  const auto side = [&](std::uint32_t record, std::uint32_t list) {
    const auto key = (static_cast<std::uint64_t>(record) << 32) | list;
    return side_index.try_emplace(key, static_cast<std::uint32_t>(side_index.size())).first->second;
  };
  struct Indexed {
    std::uint32_t side_a, side_b, lists;
    double size_a, size_b, factor;
  };
  std::vector<Indexed> indexed(pairs.size());
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    const auto list_a = list_of_record[pairs[p].a];
    const auto list_b = list_of_record[pairs[p].b];
    const auto key = std::pair(std::min(list_a, list_b), std::max(list_a, list_b));
    const auto lists =
        lists_index.try_emplace(key, static_cast<std::uint32_t>(lists_index.size())).first->second;
    // Factors beyond 2^60 change nothing a double can show; capping keeps the sums finite.
    indexed[p] = {
        side(pairs[p].a, list_b), side(pairs[p].b, list_a), lists,
        list_size[list_a],        list_size[list_b],        std::exp2(std::min(pairs[p].log2_factor, 60.0))};
  }
  // Start from most of the smaller list; the iteration comes down to its fixed point.
  std::vector<double> shared(lists_index.size());
  for (const auto& [lists, i] : lists_index) {
    shared[i] = 0.99 * std::min(list_size[lists.first], list_size[lists.second]);
  }
  CompetingMatches result;
  result.probability.assign(pairs.size(), 0);
  // Chance that a record is taken by some candidate on a given list (mean field of the assignment): a
  // competitor already claimed elsewhere competes less.
  std::vector<double> taken(side_index.size(), 0);
  std::vector<double> factor_sum(side_index.size());
  std::vector<double> to_a(pairs.size());
  std::vector<double> to_b(pairs.size());
  std::vector<double> next(shared.size());
  for (int iteration = 0; iteration < iterations; ++iteration) {
    std::fill(factor_sum.begin(), factor_sum.end(), 0.0);
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      const auto& x = indexed[p];
      const double mine = result.probability[p];
      to_a[p] = x.factor * std::clamp(1 - (taken[x.side_b] - mine), 0.0, 1.0);  // b as a's partner, if free
      to_b[p] = x.factor * std::clamp(1 - (taken[x.side_a] - mine), 0.0, 1.0);
      factor_sum[x.side_a] += to_a[p];
      factor_sum[x.side_b] += to_b[p];
    }
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      const auto& x = indexed[p];
      const double m = shared[x.lists];
      const double c = m / (x.size_a * x.size_b);
      const double from_a = c * to_a[p] / ((1 - m / x.size_a) + c * factor_sum[x.side_a]);
      const double from_b = c * to_b[p] / ((1 - m / x.size_b) + c * factor_sum[x.side_b]);
      result.probability[p] = std::min(from_a, from_b);
      // The EM update of M: the expected number of A's records with a partner, and of B's, averaged.
      next[x.lists] += 0.5 * (from_a + from_b);
    }
    std::fill(taken.begin(), taken.end(), 0.0);
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      taken[indexed[p].side_a] += result.probability[p];
      taken[indexed[p].side_b] += result.probability[p];
    }
    double change = 0;
    for (const auto& [lists, i] : lists_index) {
      // A list pair cannot share more persons than its smaller list holds (nor, within one list, more
      // duplicate pairs than records); the cap keeps 1 − M/|A| positive.
      const double most = 0.999 * std::min(list_size[lists.first], list_size[lists.second]);
      const double updated = std::clamp(next[i], 1e-6, most);
      change = std::max(change, std::fabs(updated - shared[i]));
      shared[i] = updated;
    }
    if (change < 1e-6 && iteration > 0) break;
  }
  for (const auto& [lists, i] : lists_index) result.shared[lists] = shared[i];
  return result;
}

}  // namespace clearpoint::link
