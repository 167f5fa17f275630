// Fuzz target: a release file (TOML) is loaded or refused with a located user error.
#include "fuzz/fuzz_input.h"
#include "publish/release.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  fuzz::read_or_refuse(data, size, ".toml",
                       [](const std::string& path) { (void)publish::load_release(path); });
  return 0;
}
