#include "cli/context.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/diagnostic.h"
#include "core/parse_number.h"

namespace clearpoint::cli {

std::pair<int, int> parse_years(const std::string& text, int earliest) {
  const auto dash = text.find('-');
  const auto first = core::parse_int(std::string_view(text).substr(0, dash));
  const auto last =
      dash == std::string::npos ? first : core::parse_int(std::string_view(text).substr(dash + 1));
  if (!first || !last || *first < earliest || *last < *first || *last > 2100) {
    throw core::UserError(
        fmt::format("--years '{}' is not a range of years from {}", text, earliest),
        fmt::format("e.g. --years {}-{}", std::max(earliest, 2001), std::max(earliest, 2001) + 5));
  }
  return {*first, *last};
}

std::vector<link::Stratum> parse_strata(const std::vector<std::string>& names) {
  std::vector<link::Stratum> chosen;
  for (const auto& name : names) {
    const auto stratum = link::stratum_named(name);
    if (!stratum) {
      throw core::UserError(fmt::format("--strata: '{}' is not a stratum", name),
                            "use sex, age, citizenship or year, separated by commas");
    }
    chosen.push_back(*stratum);
  }
  return chosen;
}

}  // namespace clearpoint::cli
