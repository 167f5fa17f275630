// What every command shares: the global options and the ways to reach the store and the data folder.
#pragma once

#include <string>

#include "core/country_set.h"
#include "store/store.h"

namespace clearpoint::cli {

struct GlobalOptions {
  std::string db = "clearpoint.db";
  std::string data_dir;
  std::string actor;
};

core::CountrySet countries(const GlobalOptions& options);
store::Store open_store(const GlobalOptions& options);
// The name recorded in the audit log: --actor, or the login name.
std::string actor(const GlobalOptions& options);

}  // namespace clearpoint::cli
