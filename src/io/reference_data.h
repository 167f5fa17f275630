// Reference data: the lists clearpoint reads from data/ at run time rather than compiling in.
#pragma once

#include <string>

#include "core/country_set.h"

namespace clearpoint::io {

// The data folder: `explicit_dir` when given, else $CLEARPOINT_DATA, else the source tree's data/.
// Throws core::UserError when the folder has no countries.csv.
std::string find_data_dir(const std::string& explicit_dir = {});

// Reads data/countries.csv (code,name,kind,valid_from,valid_to); located errors for bad rows.
core::CountrySet load_countries(const std::string& data_dir);

}  // namespace clearpoint::io
