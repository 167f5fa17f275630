// Fellegi–Sunter: how much a comparison pattern says about two records being the same person.
//
// Each of K comparisons puts a pair on a level (0 = disagree … levels−1 = exact) or marks it missing.
// A model holds, per comparison and level, m = P(level | same person) and u = P(level | different
// persons), and the prior λ = P(same person) among candidate pairs. Missing comparisons are missing at
// random: they contribute nothing, rather than counting as disagreement.
//
// Training follows the practice that keeps unsupervised estimation from collapsing on few fields:
// u from random pairs (nearly all non-matches), the starting λ from a deterministic rule, and m by EM
// over the *unique* comparison patterns weighted by their counts, so a million pairs with a few hundred
// patterns cost a few hundred evaluations per iteration.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace clearpoint::link {

// Levels of one pair, one byte per comparison; kMissing where a value is absent.
using Pattern = std::vector<std::int8_t>;
inline constexpr std::int8_t kMissing = -1;

struct ComparisonSpec {
  std::string name;
  int levels = 2;
  std::vector<std::string> level_names;  // optional, for explanations
  bool holds_apart = false;              // FieldComparison::holds_apart
  double least_disagreement = 0;         // FieldComparison::least_disagreement
};

class PatternCounts {
 public:
  void add(const Pattern& pattern, std::int64_t count = 1) { counts_[pattern] += count; }
  const std::map<Pattern, std::int64_t>& counts() const { return counts_; }
  std::int64_t total() const;

 private:
  std::map<Pattern, std::int64_t> counts_;
};

// Every level's m starts each M-step from this many expected true pairs (a Dirichlet prior), so a level
// no trained pair happened to reach (a mistyped birth date among well-typed training pairs) keeps a
// small m rather than m = 0, whose weight of −17 bits would forbid every true pair that reaches it.
inline constexpr double kMPseudoPairs = 1.0;

struct EmReport {
  int iterations = 0;
  bool converged = false;
  double prior = 0;
};

class FellegiSunter {
 public:
  explicit FellegiSunter(std::vector<ComparisonSpec> specs);

  // u-probabilities from the patterns of random pairs, with add-one smoothing so no level is impossible.
  void estimate_u(const PatternCounts& random_pairs);
  // m-probabilities and λ by EM over the candidate pairs' unique patterns; u stays fixed. `initial_prior`
  // usually comes from a deterministic rule (the share of candidate pairs that agree exactly on all).
  // On blocked candidates with few comparisons this can drift towards "every pair matches" (λ → 1,
  // m → u); the Linker therefore trains m in sessions per blocking rule (see linker.h).
  // `max_prior` bounds λ: linking two lists one to one there can be no more true pairs than records in
  // the smaller list, which rules out the degenerate "every pair matches" fixed point.
  EmReport estimate_m(const PatternCounts& candidates, double initial_prior, int max_iterations = 500,
                      double tolerance = 1e-9, double max_prior = 1.0);

  // λ alone by EM with m and u fixed (after m was trained in sessions that each exclude the comparisons
  // their blocking rule fixes, where λ itself is not comparable across sessions).
  double estimate_prior(const PatternCounts& candidates, double initial_prior, int max_iterations = 1000,
                        double max_prior = 1.0);

  // log2 of the Bayes factor m/u summed over non-missing comparisons.
  double match_weight(const Pattern& pattern) const;
  // log2(m/u) per comparison and level, for scoring many pairs without a logarithm each.
  std::vector<std::vector<double>> weight_table() const;
  // P(same person | pattern) with the model's prior.
  double match_probability(const Pattern& pattern) const;
  // One line per comparison: level, m, u and its weight, for `link explain`.
  std::vector<std::string> explain(const Pattern& pattern) const;

  const std::vector<ComparisonSpec>& specs() const { return specs_; }
  std::vector<std::vector<double>>& m() { return m_; }
  std::vector<std::vector<double>>& u() { return u_; }
  const std::vector<std::vector<double>>& m() const { return m_; }
  const std::vector<std::vector<double>>& u() const { return u_; }
  double prior() const { return prior_; }
  void set_prior(double prior) { prior_ = prior; }
  // Disagreement is never evidence for one person: where a comparison's lowest level ("different",
  // "more than 3 years apart") has m above u — a level no true pair reached, smoothed, against a u near 0
  // (one sex in every record) — m is brought down to u and the other levels rescaled. Where a comparison
  // names a least disagreement (ComparisonSpec), m of its lowest level is raised to it (never above u).
  void bound_disagreement();

 private:
  std::vector<ComparisonSpec> specs_;
  std::vector<std::vector<double>> m_;
  std::vector<std::vector<double>> u_;
  double prior_ = 0.01;
};

}  // namespace clearpoint::link
