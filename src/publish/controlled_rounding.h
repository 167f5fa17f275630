// Controlled rounding: the alternative to suppression — every cell of every table published, each rounded
// to a multiple of the base next to its true value (down or up; a multiple already stays), chosen so that
// every table still adds up (each margin the sum of its rounded cells) and a cell two tables share (the
// grand total, a shared margin) is rounded the same way in both. A count from 1 to base − 1 is published
// as 0 or as the base, never as itself.
//
// The choice is a 0/1 programme (round up or not, per distinct cell) with the additivity as equations and
// the total distance from the true values as the objective, solved by GLPK's branch and cut. A table of
// two variables always has such a rounding (Cox 1987); three variables, or tables linked through a
// margin, may have none: then the release is refused with that reason.
//
// What the attacker learns is audited like suppression: every published value says the true count lies
// within base − 1 of it, and for each small count the min and max over everything published are solved
// (the LP of attacker_problem.h with ranged rows). Rounding alone leaves a small count an interval of
// width base − 1 ([0, 4] for a 0 with base 5); the audit fails a cell the release's numbers narrow below
// that.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "publish/cell_protection.h"

namespace clearpoint::publish {

// The rounded value of every cell (same order), or none when no rounding keeps every table additive.
std::optional<std::vector<std::int64_t>> controlled_rounding(const std::vector<ReleaseCell>& cells,
                                                             std::int64_t base);

// The attacker's interval of every cell holding a small count (1 … threshold − 1), given every rounded
// value (± base − 1) and the earlier releases; protected enough when at least base − 1 wide.
std::vector<CellCheck> audit_rounded(std::size_t microcells, const std::vector<ReleaseCell>& cells,
                                     const std::vector<std::int64_t>& rounded, std::int64_t base,
                                     const ProtectionRules& rules,
                                     const std::vector<PublishedRelease>& earlier = {});

}  // namespace clearpoint::publish
