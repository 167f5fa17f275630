// Fuzz target: a batch file (CSV or JSON Lines, chosen by the first byte) read into case records and
// written back as reject rows. Problems with the file as a whole are user errors; anything else thrown,
// or a crash, is a defect.
#include <sstream>

#include "core/diagnostic.h"
#include "fuzz/fuzz_input.h"
#include "io/record_source.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  if (size == 0) return 0;
  const bool json_lines = (data[0] & 1) != 0;
  const fuzz::FuzzInput input(data + 1, size - 1, json_lines ? ".jsonl" : ".csv");
  io::SourceOptions options;
  options.format = json_lines ? io::FileFormat::kJsonLines : io::FileFormat::kCsv;
  options.agency = "FUZZ";
  options.countries = &fuzz::countries();
  try {
    const auto source = io::open_record_source(input.path(), options);
    std::ostringstream rejects;
    source->write_reject_header(rejects);
    io::SourceRow row;
    while (source->next(row)) {
      if (!row.problems.empty()) source->write_reject(rejects, row);
    }
  } catch (const core::UserError&) {
  }
  return 0;
}
