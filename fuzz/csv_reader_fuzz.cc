// Fuzz target: the CSV reader never fails on any bytes; every problem is a located diagnostic.
#include "fuzz/fuzz_input.h"
#include "io/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  const fuzz::FuzzInput input(data, size, ".csv");
  io::CsvReader reader(input.path(), io::CsvOptions{.separator = 0, .max_field_bytes = 256});
  io::CsvRow row;
  while (reader.next(row)) {
    // The reader's promise: a field's start column for every field.
    if (row.columns.size() != row.fields.size()) __builtin_trap();
  }
  return 0;
}
