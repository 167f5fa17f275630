// What every command shares: the global options and the ways to reach the store and the data folder.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/country_set.h"
#include "link/capture_histories.h"
#include "store/store.h"

namespace clearpoint::cli {

struct GlobalOptions {
  std::string db = "clearpoint.db";
  std::string data_dir;
  std::string actor;
};

core::CountrySet countries(const GlobalOptions& options);
store::Store open_store(const GlobalOptions& options);
// `--years A-B` (or one year) with both ends from `earliest`; throws core::UserError with an example.
std::pair<int, int> parse_years(const std::string& text, int earliest);
// `--strata sex,age,…` as strata; throws core::UserError naming an unknown one.
std::vector<link::Stratum> parse_strata(const std::vector<std::string>& names);

// The name recorded in the audit log: --actor, or the login name.
std::string actor(const GlobalOptions& options);

}  // namespace clearpoint::cli
