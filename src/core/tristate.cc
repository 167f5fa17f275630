#include "core/tristate.h"

#include <algorithm>
#include <array>
#include <string>

namespace clearpoint::core {

std::optional<TriState> parse_tristate(std::string_view text) {
  if (text.empty()) return TriState::kUnknown;
  if (text.size() > 7) return std::nullopt;
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  static constexpr std::array<std::string_view, 4> kYes = {"yes", "y", "true", "1"};
  static constexpr std::array<std::string_view, 4> kNo = {"no", "n", "false", "0"};
  if (std::find(kYes.begin(), kYes.end(), lower) != kYes.end()) return TriState::kYes;
  if (std::find(kNo.begin(), kNo.end(), lower) != kNo.end()) return TriState::kNo;
  if (lower == "unknown") return TriState::kUnknown;
  return std::nullopt;
}

std::string_view to_string(TriState value) {
  switch (value) {
    case TriState::kYes:
      return "yes";
    case TriState::kNo:
      return "no";
    case TriState::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace clearpoint::core
