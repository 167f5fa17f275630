#include "cli/context.h"

#include <fmt/format.h>

#include <algorithm>

#include "io/reference_data.h"

namespace clearpoint::cli {

core::CountrySet countries(const GlobalOptions& options) {
  return io::load_countries(io::find_data_dir(options.data_dir));
}

store::Store open_store(const GlobalOptions& options) {
  return store::Store::open(options.db, countries(options));
}

std::string actor(const GlobalOptions& options) {
  return options.actor.empty() ? store::current_user() : options.actor;
}

std::pair<int, int> parse_years(const std::string& text, int earliest) {
  const auto dash = text.find('-');
  try {
    const int first = std::stoi(text.substr(0, dash));
    const int last = dash == std::string::npos ? first : std::stoi(text.substr(dash + 1));
    if (first < earliest || last < first || last > 2100) throw std::out_of_range("");
    return {first, last};
  } catch (const std::exception&) {
    throw core::UserError(
        fmt::format("--years '{}' is not a range of years from {}", text, earliest),
        fmt::format("e.g. --years {}-{}", std::max(earliest, 2001), std::max(earliest, 2001) + 5));
  }
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
