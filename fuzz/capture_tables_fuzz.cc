// Fuzz target: a capture-history table (CSV, as researchers exchange them) is read or refused with a
// located user error.
#include "fuzz/fuzz_input.h"
#include "mse/capture_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  fuzz::read_or_refuse(data, size, ".csv",
                       [](const std::string& path) { (void)mse::read_capture_tables(path); });
  return 0;
}
