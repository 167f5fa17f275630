// Fuzz target: a simulation scenario (TOML) is loaded or refused with a located user error.
#include "core/diagnostic.h"
#include "fuzz/fuzz_input.h"
#include "simulate/names.h"
#include "simulate/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  static const auto names = simulate::NameBook::load(fuzz::data_folder());
  const fuzz::FuzzInput input(data, size, ".toml");
  try {
    (void)simulate::load_scenario(input.path(), fuzz::countries(), names);
  } catch (const core::UserError&) {
  }
  return 0;
}
