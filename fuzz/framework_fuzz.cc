// Fuzz target: a legal framework (TOML) is loaded or refused with a located user error.
#include "core/diagnostic.h"
#include "fuzz/fuzz_input.h"
#include "law/framework.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  const fuzz::FuzzInput input(data, size, ".toml");
  try {
    (void)law::load_framework(input.path());
  } catch (const core::UserError&) {
  }
  return 0;
}
