#include "cli/frameworks.h"

#include <filesystem>

#include "io/reference_data.h"

namespace clearpoint::cli {

std::vector<law::Framework> load_all_frameworks(const GlobalOptions& options, const std::string& dir) {
  const std::string folder =
      dir.empty() ? (std::filesystem::path(io::find_data_dir(options.data_dir)) / "frameworks").string()
                  : dir;
  return law::load_frameworks(folder);
}

}  // namespace clearpoint::cli
