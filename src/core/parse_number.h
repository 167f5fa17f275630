// Numbers typed by users or read from files, parsed whole with std::from_chars: "2001x", " 7" or "1e3"
// where an integer is wanted are refused (std::stoi would take "2001x" as 2001), and the caller says
// where the text came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace clearpoint::core {

// The whole text as a base-10 integer (an optional leading '-'); nullopt for anything else or overflow.
std::optional<std::int64_t> parse_integer(std::string_view text);
std::optional<int> parse_int(std::string_view text);
// The whole text as a finite decimal number (fixed or scientific); nullopt for anything else.
std::optional<double> parse_decimal(std::string_view text);

}  // namespace clearpoint::core
