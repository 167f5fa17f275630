// Verdict: what a legal framework says of one case — it qualifies, it does not, or the facts recorded
// cannot tell (never folded into "does not"). The numeric values are the codes stored in the verdicts
// table, so they never change.
#pragma once

#include <cstddef>
#include <cstdint>

namespace clearpoint::core {

enum class Verdict : std::uint8_t { kQualifies = 0, kDoesNotQualify = 1, kUndetermined = 2 };
inline constexpr std::size_t kVerdictKinds = 3;

}  // namespace clearpoint::core
