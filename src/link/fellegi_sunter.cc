#include "link/fellegi_sunter.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace clearpoint::link {

std::int64_t PatternCounts::total() const {
  std::int64_t sum = 0;
  for (const auto& [pattern, count] : counts_) sum += count;
  return sum;
}

FellegiSunter::FellegiSunter(std::vector<ComparisonSpec> specs) : specs_(std::move(specs)) {
  for (const auto& spec : specs_) {
    if (spec.levels < 2) throw std::invalid_argument("a comparison needs at least two levels");
    // Start m rising towards exact agreement and u falling: EM only needs a sensible side to start on.
    std::vector<double> m(static_cast<std::size_t>(spec.levels));
    std::vector<double> u(static_cast<std::size_t>(spec.levels));
    double m_total = 0;
    double u_total = 0;
    for (int l = 0; l < spec.levels; ++l) {
      m[static_cast<std::size_t>(l)] = std::pow(4.0, l);
      u[static_cast<std::size_t>(l)] = std::pow(0.25, l);
      m_total += m[static_cast<std::size_t>(l)];
      u_total += u[static_cast<std::size_t>(l)];
    }
    for (auto& v : m) v /= m_total;
    for (auto& v : u) v /= u_total;
    m_.push_back(std::move(m));
    u_.push_back(std::move(u));
  }
}

void FellegiSunter::estimate_u(const PatternCounts& random_pairs) {
  for (std::size_t k = 0; k < specs_.size(); ++k) {
    std::vector<double> counts(u_[k].size(), 1.0);
    for (const auto& [pattern, count] : random_pairs.counts()) {
      if (pattern[k] != kMissing) counts[static_cast<std::size_t>(pattern[k])] += static_cast<double>(count);
    }
    double total = 0;
    for (const double c : counts) total += c;
    for (std::size_t l = 0; l < counts.size(); ++l) u_[k][l] = counts[l] / total;
  }
}

void FellegiSunter::bound_disagreement() {
  for (std::size_t k = 0; k < m_.size(); ++k) {
    auto& m = m_[k];
    if (m.size() < 2) continue;
    const double lowest = std::min(std::max(m[0], specs_[k].least_disagreement), u_[k][0]);
    if (lowest == m[0]) continue;
    const double rest = 1 - m[0];
    m[0] = lowest;
    for (std::size_t l = 1; l < m.size(); ++l)
      m[l] = rest > 0 ? m[l] * (1 - m[0]) / rest : (1 - m[0]) / static_cast<double>(m.size() - 1);
  }
  // A comparison with a least disagreement also weighs each level at least as much as the one below it
  // (a value in common is no worse evidence than none): lists that always agree leave its middle levels
  // untrained, near m = 0. The mass comes from the top level.
  for (std::size_t k = 0; k < m_.size(); ++k) {
    auto& m = m_[k];
    const auto& u = u_[k];
    if (m.size() < 3 || specs_[k].least_disagreement <= 0) continue;
    for (std::size_t l = 1; l + 1 < m.size(); ++l) {
      const double least = u[l] * m[l - 1] / u[l - 1];
      // The top level gives the mass only while it still weighs at least what level l comes to weigh.
      if (m[l] >= least || (m.back() - (least - m[l])) / u.back() < least / u[l]) continue;
      m.back() -= least - m[l];
      m[l] = least;
    }
  }
}

EmReport FellegiSunter::estimate_m(const PatternCounts& candidates, double initial_prior, int max_iterations,
                                   double tolerance, double max_prior) {
  EmReport report;
  prior_ = std::min({std::max(initial_prior, 1e-6), 1 - 1e-6, max_prior});
  std::vector<std::pair<const Pattern*, double>> patterns;
  double n = 0;
  for (const auto& [pattern, count] : candidates.counts()) {
    patterns.emplace_back(&pattern, static_cast<double>(count));
    n += static_cast<double>(count);
  }
  if (n == 0) return report;
  for (report.iterations = 1; report.iterations <= max_iterations; ++report.iterations) {
    std::vector<std::vector<double>> m_next(m_.size());
    for (std::size_t k = 0; k < m_.size(); ++k) m_next[k].assign(m_[k].size(), kMPseudoPairs);
    std::vector<double> observed(m_.size(), 0);
    double expected_matches = 0;
    for (const auto& [pattern, count] : patterns) {
      // E-step in log space: many comparisons multiply small numbers.
      double log_m = std::log(prior_);
      double log_u = std::log(1 - prior_);
      for (std::size_t k = 0; k < m_.size(); ++k) {
        const auto level = (*pattern)[k];
        if (level == kMissing) continue;
        log_m += std::log(m_[k][static_cast<std::size_t>(level)]);
        log_u += std::log(u_[k][static_cast<std::size_t>(level)]);
      }
      const double g = 1 / (1 + std::exp(log_u - log_m));
      const double weight = g * count;
      expected_matches += weight;
      for (std::size_t k = 0; k < m_.size(); ++k) {
        const auto level = (*pattern)[k];
        if (level == kMissing) continue;
        m_next[k][static_cast<std::size_t>(level)] += weight;
        observed[k] += weight;
      }
    }
    const double next_prior = std::min({std::max(expected_matches / n, 1e-9), 1 - 1e-9, max_prior});
    double change = std::fabs(next_prior - prior_);
    prior_ = next_prior;
    for (std::size_t k = 0; k < m_.size(); ++k) {
      if (observed[k] <= 0) continue;  // missing throughout (e.g. used for blocking): nothing to learn
      double total = 0;
      for (const double v : m_next[k]) total += v;
      for (std::size_t l = 0; l < m_[k].size(); ++l) {
        const double updated = m_next[k][l] / total;
        change = std::max(change, std::fabs(updated - m_[k][l]));
        m_[k][l] = updated;
      }
    }
    if (change < tolerance) {
      report.converged = true;
      break;
    }
  }
  report.prior = prior_;
  return report;
}

double FellegiSunter::estimate_prior(const PatternCounts& candidates, double initial_prior,
                                     int max_iterations, double max_prior) {
  prior_ = std::min({std::max(initial_prior, 1e-6), 1 - 1e-6, max_prior});
  std::vector<std::pair<double, double>> weights;  // (Bayes factor, count)
  double n = 0;
  for (const auto& [pattern, count] : candidates.counts()) {
    weights.emplace_back(std::exp2(match_weight(pattern)), static_cast<double>(count));
    n += static_cast<double>(count);
  }
  for (int iteration = 0; iteration < max_iterations && n > 0; ++iteration) {
    double expected = 0;
    for (const auto& [factor, count] : weights) {
      const double odds = prior_ / (1 - prior_) * factor;
      expected += count * odds / (1 + odds);
    }
    const double next = std::min({std::max(expected / n, 1e-9), 1 - 1e-9, max_prior});
    const bool done = std::fabs(next - prior_) < 1e-12;
    prior_ = next;
    if (done) break;
  }
  return prior_;
}

double FellegiSunter::match_weight(const Pattern& pattern) const {
  double weight = 0;
  for (std::size_t k = 0; k < m_.size(); ++k) {
    const auto level = pattern[k];
    if (level == kMissing) continue;
    weight += std::log2(m_[k][static_cast<std::size_t>(level)] / u_[k][static_cast<std::size_t>(level)]);
  }
  return weight;
}

std::vector<std::vector<double>> FellegiSunter::weight_table() const {
  std::vector<std::vector<double>> table(m_.size());
  for (std::size_t k = 0; k < m_.size(); ++k) {
    for (std::size_t l = 0; l < m_[k].size(); ++l) table[k].push_back(std::log2(m_[k][l] / u_[k][l]));
  }
  return table;
}

double FellegiSunter::match_probability(const Pattern& pattern) const {
  const double log2_odds = match_weight(pattern) + std::log2(prior_ / (1 - prior_));
  return 1 / (1 + std::exp2(-log2_odds));
}

std::vector<std::string> FellegiSunter::explain(const Pattern& pattern) const {
  std::vector<std::string> lines;
  for (std::size_t k = 0; k < specs_.size(); ++k) {
    const auto level = pattern[k];
    if (level == kMissing) {
      lines.push_back(fmt::format("{}: missing (no evidence either way)", specs_[k].name));
      continue;
    }
    const auto l = static_cast<std::size_t>(level);
    const std::string name =
        l < specs_[k].level_names.size() ? specs_[k].level_names[l] : fmt::format("level {}", l);
    lines.push_back(fmt::format("{}: {} — m {:.4f}, u {:.4f}, weight {:+.2f}", specs_[k].name, name, m_[k][l],
                                u_[k][l], std::log2(m_[k][l] / u_[k][l])));
  }
  return lines;
}

}  // namespace clearpoint::link
