#include "cli/context.h"

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

}  // namespace clearpoint::cli
