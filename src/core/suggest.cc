#include "core/suggest.h"

#include <algorithm>

#include "core/edit_distance.h"

namespace clearpoint::core {

namespace {
std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  return out;
}
}  // namespace

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(3, name.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const auto d = static_cast<std::size_t>(damerau_levenshtein(lowered(name), lowered(candidate)));
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace clearpoint::core
