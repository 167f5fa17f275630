// Fuzz target: a list-coverage file (TOML) is read or refused with a located user error.
#include "fuzz/fuzz_input.h"
#include "link/list_coverage.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  fuzz::read_or_refuse(data, size, ".toml", [](const std::string& path) { (void)link::read_coverage(path); });
  return 0;
}
