// AttackerProblem: what someone holding every published number of a release can infer about a cell that
// was suppressed.
//
// A release is seen as sums over microcells — the counts of the finest cross-classification of every
// dimension its tables use (year × sex × age group × …). Each published cell, margin and total fixes a
// sum of microcells; a suppressed cell is a sum the attacker does not see. Knowing that counts are
// non-negative, the attacker's best knowledge of a suppressed cell is the interval [min, max] of its sum
// over every non-negative assignment of the microcells that reproduces all published numbers: two
// linear programmes (the classic audit of τ-ARGUS and sdcTable), solved here with GLPK's simplex. The LP
// relaxes integrality, so the interval it gives is at least as wide as the integer one; both ends are
// rounded inward to integers, which makes the reported interval exact for the totally unimodular
// tables of one release and never narrower than the truth otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace clearpoint::publish {

// A sum of microcells and its value, as published (or known to be).
struct KnownSum {
  std::vector<std::size_t> microcells;
  std::int64_t value = 0;
  // A published value known only to within ± slack (a count rounded to a multiple of slack + 1): the sum
  // lies in [value − slack, value + slack]. 0: known exactly.
  std::int64_t slack = 0;
};

struct Interval {
  std::int64_t low = 0;
  std::optional<std::int64_t> high;  // none: unbounded (no published number limits the cell)
  // Width; none when unbounded.
  std::optional<std::int64_t> width() const {
    return high ? std::optional<std::int64_t>(*high - low) : std::nullopt;
  }
};

class AttackerProblem {
 public:
  // `microcells` unknowns, each ≥ 0, constrained by every known sum.
  AttackerProblem(std::size_t microcells, const std::vector<KnownSum>& known);
  ~AttackerProblem();
  AttackerProblem(const AttackerProblem&) = delete;
  AttackerProblem& operator=(const AttackerProblem&) = delete;

  // The attacker's interval for the sum of `target`. Throws std::runtime_error when the known sums
  // contradict each other (an inconsistent release, a programming error).
  Interval interval(const std::vector<std::size_t>& target);
  // The interval as it would be with the known sum `known_index` (its position in the constructor's list)
  // withheld as well: the sum's constraint is lifted for the two solves and put back, so the solver
  // starts from the basis it has. None when that sum is a zero, whose microcells were left out of the
  // problem (build a new problem without it instead).
  std::optional<Interval> interval_without(const std::vector<std::size_t>& target, std::size_t known_index);

 private:
  struct Glpk;
  std::unique_ptr<Glpk> lp_;
  std::vector<int> row_;     // per known sum: its LP row (1-based), or 0 for a zero
  std::vector<int> column_;  // per microcell: its LP column (1-based), or 0 when a published zero fixes it
  int columns_ = 0;
};

}  // namespace clearpoint::publish
