// Fuzz target: a linkage truth file (CSV with person_id, agency, list, record_id) is read or refused
// with a user error.
#include "core/diagnostic.h"
#include "fuzz/fuzz_input.h"
#include "pipeline/simulation_truth.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clearpoint;
  const fuzz::FuzzInput input(data, size, ".csv");
  try {
    (void)pipeline::true_person_of_records(input.path());
    (void)pipeline::truth_column_of_records(input.path(), "spelling");
  } catch (const core::UserError&) {
  }
  try {
    pipeline::for_each_true_person(input.path(), fuzz::countries(), [](const auto&) {});
  } catch (const core::UserError&) {
  }
  return 0;
}
