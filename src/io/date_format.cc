#include "io/date_format.h"

#include <fmt/format.h>

#include "core/partial_date.h"

namespace clearpoint::io {

std::optional<DateFormat> DateFormat::parse(std::string_view pattern) {
  DateFormat format;
  format.pattern_ = std::string(pattern);
  int years = 0;
  int months = 0;
  int days = 0;
  std::size_t i = 0;
  const auto run_of = [&](char letter) {
    std::size_t end = i;
    while (end < pattern.size() && pattern[end] == letter) ++end;
    return end - i;
  };
  while (i < pattern.size()) {
    const char c = pattern[i];
    const std::size_t run = run_of(c);
    if (c == 'Y') {
      if (run != 4) return std::nullopt;
      format.tokens_.push_back({Part::kYear, 4, 4, 0});
      ++years;
    } else if (c == 'M' || c == 'D') {
      if (run > 2) return std::nullopt;
      const int min_digits = run == 2 ? 2 : 1;
      format.tokens_.push_back({c == 'M' ? Part::kMonth : Part::kDay, min_digits, 2, 0});
      ++(c == 'M' ? months : days);
    } else {
      format.tokens_.push_back({Part::kLiteral, 0, 0, c});
      i += 1;
      continue;
    }
    i += run;
  }
  if (years != 1 || months != 1 || days != 1) return std::nullopt;
  // Two variable-width numbers side by side (e.g. "DM") cannot be told apart.
  for (std::size_t t = 1; t < format.tokens_.size(); ++t) {
    const auto& before = format.tokens_[t - 1];
    const auto& after = format.tokens_[t];
    if (before.part != Part::kLiteral && after.part != Part::kLiteral &&
        before.min_digits != before.max_digits) {
      return std::nullopt;
    }
  }
  return format;
}

DateFormat::Reading DateFormat::read(std::string_view text) const {
  if (text.empty()) return {};
  int year = 0;
  int month = 0;
  int day = 0;
  std::size_t at = 0;
  for (const auto& token : tokens_) {
    if (token.part == Part::kLiteral) {
      if (at >= text.size() || text[at] != token.literal) return {Outcome::kMismatch, {}};
      ++at;
      continue;
    }
    int value = 0;
    int digits = 0;
    while (digits < token.max_digits && at < text.size() && text[at] >= '0' && text[at] <= '9') {
      value = value * 10 + (text[at] - '0');
      ++digits;
      ++at;
    }
    if (digits < token.min_digits) return {Outcome::kMismatch, {}};
    (token.part == Part::kYear ? year : token.part == Part::kMonth ? month : day) = value;
  }
  if (at != text.size()) return {Outcome::kMismatch, {}};
  if (!core::CivilDate::is_valid(year, month, day))
    return {Outcome::kImpossible, {}, core::CivilDate::is_valid(year, 1, 1) ? year : 0};
  return {Outcome::kDate, fmt::format("{:04}-{:02}-{:02}", year, month, day)};
}

}  // namespace clearpoint::io
