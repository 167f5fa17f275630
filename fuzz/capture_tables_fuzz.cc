// Fuzz target: a capture-history table (CSV, as researchers exchange them) is read or refused with a
// located user error.
#include "core/diagnostic.h"
#include "fuzz/fuzz_input.h"
#include "mse/capture_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  const fuzz::FuzzInput input(data, size, ".csv");
  try {
    (void)mse::read_capture_tables(input.path());
  } catch (const core::UserError&) {
  }
  return 0;
}
