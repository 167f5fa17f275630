// Fuzz target: a list-coverage file (TOML) is read or refused with a located user error.
#include "core/diagnostic.h"
#include "fuzz/fuzz_input.h"
#include "link/list_coverage.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  const fuzz::FuzzInput input(data, size, ".toml");
  try {
    (void)link::read_coverage(input.path());
  } catch (const core::UserError&) {
  }
  return 0;
}
