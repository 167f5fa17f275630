// What every command shares: the global options (a pipeline::Workspace: the store, the data folder and
// the actor) and the parsing of options several commands take.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "link/capture_histories.h"
#include "pipeline/workspace.h"

namespace clearpoint::cli {

using GlobalOptions = pipeline::Workspace;

// `--years A-B` (or one year) with both ends from `earliest`; throws core::UserError with an example.
std::pair<int, int> parse_years(const std::string& text, int earliest);
// `--strata sex,age,…` as strata; throws core::UserError naming an unknown one.
std::vector<link::Stratum> parse_strata(const std::vector<std::string>& names);

}  // namespace clearpoint::cli
