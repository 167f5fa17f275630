// Loading the legal frameworks for a command: --frameworks DIR, or the data folder's frameworks/.
#pragma once

#include <string>
#include <vector>

#include "cli/context.h"
#include "law/framework.h"

namespace clearpoint::cli {

std::vector<law::Framework> load_all_frameworks(const GlobalOptions& options, const std::string& dir);

}  // namespace clearpoint::cli
