// Fuzz target: a column mapping (TOML) is loaded or refused with a located user error.
#include "core/diagnostic.h"
#include "fuzz/fuzz_input.h"
#include "io/column_mapping.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  const fuzz::FuzzInput input(data, size, ".toml");
  try {
    const auto mapping = io::ColumnMapping::load(input.path());
    (void)mapping.field_for("given_names");
  } catch (const core::UserError&) {
  }
  return 0;
}
