// Cell protection: which cells of a release are withheld, so that no small count can be read or
// recomputed from what is published.
//
// Every cell of every table of a release (margins and totals included) is a sum of microcells (see
// attacker_problem.h). Primary suppression withholds the cells below the threshold k (0 < n < k; zeros
// too when the policy says so): a count of 1 or 2 in a municipality or a nationality can name a woman.
// Withholding them is not enough — a row total minus the published cells gives the hidden one back — so
// secondary suppression withholds further cells until, for every primary cell, the attacker's interval
// (the min and max of the cell over everything published, this release and the earlier ones) is at least
// `protection` wide. It chooses, for each cell still exposed, the smallest published cell on one of its
// lines (same table, all categories but one the same), then a cell of a linked table that overlaps it,
// then the smallest published cell anywhere, and checks again by solving the attacker's LPs: the result
// is protected by construction, not by a rule of thumb.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "publish/attacker_problem.h"

namespace clearpoint::publish {

struct ReleaseCell {
  std::string table;                    // the table's id
  std::vector<std::string> categories;  // one per dimension of the table; "Total" for a margin
  std::vector<std::size_t> microcells;  // sorted
  std::int64_t value = 0;
  bool is_margin() const;
};

struct ProtectionRules {
  std::int64_t threshold = 5;   // k: counts 1 … k−1 are withheld
  bool suppress_zeros = false;  // zeros published (default) or withheld as sensitive
  std::int64_t protection = 0;  // the attacker's interval must be at least this wide; 0: the threshold
  std::int64_t required_width() const { return protection > 0 ? protection : threshold; }
  bool sensitive(std::int64_t value) const {
    return (value > 0 && value < threshold) || (value == 0 && suppress_zeros);
  }
};

enum class CellStatus { kPublished, kPrimary, kSecondary };

// A release as it was published: its cells and what was withheld. Later releases are protected with it
// known to the attacker, and its withheld cells must stay hidden (no differencing between releases).
struct PublishedRelease {
  std::string id;
  std::vector<ReleaseCell> cells;
  std::vector<CellStatus> status;
  std::int64_t slack = 0;  // a rounded release: each published value within ± slack of the truth
};

struct CellCheck {
  std::size_t cell = 0;  // index in the release's cells, or in earlier[release]'s
  int release = -1;      // -1: the release being protected or audited; else the earlier release's index
  Interval interval;
  bool protected_enough = false;
};

struct Protection {
  std::vector<CellStatus> status;  // one per cell
  std::vector<CellCheck> checks;   // one per primary cell, after secondary suppression
  std::int64_t primary = 0;
  std::int64_t secondary = 0;
  std::int64_t lp_solves = 0;
};

// Primary and secondary suppression over all cells of a release together, with the `earlier` releases
// (over the same microcells) known to the attacker; their primary cells are protected too.
Protection protect_cells(std::size_t microcells, const std::vector<ReleaseCell>& cells,
                         const ProtectionRules& rules, const std::vector<PublishedRelease>& earlier = {});

// The attacker's interval of every primary cell of the release and of the earlier releases, given
// everything published; a cell is protected enough when the interval is at least
// rules.required_width() wide. (Secondary cells are withheld to protect others; they need no width.)
std::vector<CellCheck> audit_cells(std::size_t microcells, const std::vector<ReleaseCell>& cells,
                                   const std::vector<CellStatus>& status, const ProtectionRules& rules,
                                   const std::vector<PublishedRelease>& earlier = {});

}  // namespace clearpoint::publish
