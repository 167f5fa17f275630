#include "link/string_similarity.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>

#include "core/utf8.h"

namespace clearpoint::link {

std::u32string to_code_points(std::string_view utf8) {
  return core::decode_utf8(utf8);
}

double jaro(std::u32string_view a, std::u32string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  // Names fit in fixed buffers on the stack; only long texts take the heap (this runs millions of times).
  constexpr std::size_t kShort = 64;
  std::array<char, kShort> short_a{};
  std::array<char, kShort> short_b{};
  std::vector<char> long_a;
  std::vector<char> long_b;
  char* matched_a = short_a.data();
  char* matched_b = short_b.data();
  if (a.size() > kShort || b.size() > kShort) {
    long_a.assign(a.size(), 0);
    long_b.assign(b.size(), 0);
    matched_a = long_a.data();
    matched_b = long_b.data();
  }
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t from = i > window ? i - window : 0;
    const std::size_t to = std::min(b.size(), i + window + 1);
    for (std::size_t j = from; j < to; ++j) {
      if (matched_b[j] || a[i] != b[j]) continue;
      matched_a[i] = matched_b[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!matched_a[i]) continue;
    while (!matched_b[k]) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  const double m = static_cast<double>(matches);
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
          (m - static_cast<double>(transpositions) / 2) / m) /
         3.0;
}

double jaro_winkler(std::u32string_view a, std::u32string_view b) {
  const double j = jaro(a, b);
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return j + static_cast<double>(prefix) * 0.1 * (1 - j);
}

double jaro_winkler(std::string_view a, std::string_view b) {
  return jaro_winkler(to_code_points(a), to_code_points(b));
}

bool is_ascii64(std::string_view text) {
  return text.size() <= 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 128; });
}

double jaro_winkler_ascii64(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  thread_local std::array<std::uint64_t, 128> positions{};  // all zero between calls
  for (std::size_t j = 0; j < b.size(); ++j)
    positions[static_cast<unsigned char>(b[j])] |= std::uint64_t{1} << j;
  const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::uint64_t matched_a = 0;
  std::uint64_t matched_b = 0;
  int matches = 0;
  const std::uint64_t all_b = b.size() == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << b.size()) - 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t low = i > window ? i - window : 0;
    const std::size_t high = i + window + 1;  // exclusive
    if (low >= b.size()) break;
    std::uint64_t range = high >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << high) - 1;
    range &= ~((std::uint64_t{1} << low) - 1) & all_b;
    const std::uint64_t candidates = positions[static_cast<unsigned char>(a[i])] & range & ~matched_b;
    if (candidates == 0) continue;
    matched_b |= candidates & (~candidates + 1);  // lowest set bit
    matched_a |= std::uint64_t{1} << i;
    ++matches;
  }
  for (const char c : b) positions[static_cast<unsigned char>(c)] = 0;
  if (matches == 0) return 0.0;
  int transpositions = 0;
  std::uint64_t rest_a = matched_a;
  std::uint64_t rest_b = matched_b;
  while (rest_a != 0) {
    const int i = __builtin_ctzll(rest_a);
    const int j = __builtin_ctzll(rest_b);
    transpositions += a[static_cast<std::size_t>(i)] != b[static_cast<std::size_t>(j)] ? 1 : 0;
    rest_a &= rest_a - 1;
    rest_b &= rest_b - 1;
  }
  const double m = matches;
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - transpositions / 2.0) / m) /
                      3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1 - jaro);
}

LetterCounts letter_counts(std::u32string_view text) {
  LetterCounts counts{};
  for (const char32_t c : text) {
    auto& count = counts[static_cast<std::size_t>(c) & 31U];
    if (count < 255) ++count;
  }
  return counts;
}

double jaro_winkler_upper_bound(const LetterCounts& a, std::size_t a_length, const LetterCounts& b,
                                std::size_t b_length) {
  if (a_length == 0 || b_length == 0) return 1.0;  // no bound: let the full comparison decide
  int common = 0;
  for (std::size_t i = 0; i < a.size(); ++i) common += std::min(a[i], b[i]);
  if (common == 0) return 0.0;
  const double m = common;
  const double jaro = (std::min(1.0, m / static_cast<double>(a_length)) +
                       std::min(1.0, m / static_cast<double>(b_length)) + 1.0) /
                      3.0;
  return jaro + 4 * 0.1 * (1 - jaro);
}

}  // namespace clearpoint::link
