// TriState: a fact a case file may assert, deny, or not record.
//
// Legal definitions of trafficking hinge on elements (was there deception? was the person under 18?)
// that case files often leave blank. Treating a blank as "no" silently shrinks every count, so every
// such element is yes / no / unknown, and combining them follows Kleene's strong three-valued logic:
// unknown AND no = no, unknown OR yes = yes, otherwise unknown stays unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace clearpoint::core {

enum class TriState : std::uint8_t { kNo = 0, kYes = 1, kUnknown = 2 };

// Accepts yes/no/unknown, y/n, true/false, 1/0 in any letter case; an empty cell is unknown.
// Returns nullopt for anything else.
std::optional<TriState> parse_tristate(std::string_view text);
std::string_view to_string(TriState value);

constexpr TriState tri_not(TriState a) {
  return a == TriState::kUnknown ? a : (a == TriState::kYes ? TriState::kNo : TriState::kYes);
}
constexpr TriState tri_and(TriState a, TriState b) {
  if (a == TriState::kNo || b == TriState::kNo) return TriState::kNo;
  if (a == TriState::kYes && b == TriState::kYes) return TriState::kYes;
  return TriState::kUnknown;
}
constexpr TriState tri_or(TriState a, TriState b) {
  if (a == TriState::kYes || b == TriState::kYes) return TriState::kYes;
  if (a == TriState::kNo && b == TriState::kNo) return TriState::kNo;
  return TriState::kUnknown;
}

}  // namespace clearpoint::core
