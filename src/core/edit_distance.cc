#include "core/edit_distance.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "core/utf8.h"

namespace clearpoint::core {

int damerau_levenshtein(std::u32string_view a, std::u32string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  const int infinity = static_cast<int>(n + m);
  // (n + 2) × (m + 2) table with a sentinel row and column, as in Lowrance & Wagner (1975).
  std::vector<int> d((n + 2) * (m + 2));
  const auto at = [&](std::size_t i, std::size_t j) -> int& { return d[i * (m + 2) + j]; };
  at(0, 0) = infinity;
  for (std::size_t i = 0; i <= n; ++i) {
    at(i + 1, 0) = infinity;
    at(i + 1, 1) = static_cast<int>(i);
  }
  for (std::size_t j = 0; j <= m; ++j) {
    at(0, j + 1) = infinity;
    at(1, j + 1) = static_cast<int>(j);
  }
  std::unordered_map<char32_t, std::size_t> last_row;
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t last_match_column = 0;
    for (std::size_t j = 1; j <= m; ++j) {
      const auto found = last_row.find(b[j - 1]);
      const std::size_t k = found == last_row.end() ? 0 : found->second;
      const std::size_t l = last_match_column;
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      if (cost == 0) last_match_column = j;
      at(i + 1, j + 1) = std::min({at(i, j) + cost, at(i + 1, j) + 1, at(i, j + 1) + 1,
                                   at(k, l) + static_cast<int>(i - k - 1) + 1 + static_cast<int>(j - l - 1)});
    }
    last_row[a[i - 1]] = i;
  }
  return at(n + 1, m + 1);
}

int damerau_levenshtein(std::string_view a, std::string_view b) {
  return damerau_levenshtein(decode_utf8(a), decode_utf8(b));
}

}  // namespace clearpoint::core
