// FuzzInput: one libFuzzer input as a file, for readers that take a path (every reader of clearpoint
// does, because agencies hand over files). The file lives in the process's own temporary folder, is
// created exclusively with mode 0600 and is removed when the input is done.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/country_set.h"
#include "core/diagnostic.h"

namespace clearpoint::fuzz {

class FuzzInput {
 public:
  // `extension` (".csv", ".toml" …) decides how readers that look at the name treat the file.
  FuzzInput(const std::uint8_t* data, std::size_t size, std::string_view extension);
  ~FuzzInput();
  FuzzInput(const FuzzInput&) = delete;
  FuzzInput& operator=(const FuzzInput&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs `read` on the input written as a file with `extension`: a reader may refuse it with a
// core::UserError (expected); any other exception escapes, and libFuzzer reports it as a defect.
template <typename Read>
void read_or_refuse(const std::uint8_t* data, std::size_t size, std::string_view extension, Read&& read) {
  const FuzzInput input(data, size, extension);
  try {
    read(input.path());
  } catch (const core::UserError&) {
  }
}

// clearpoint's data folder (the source tree's data/) and its countries, read once per process.
const std::string& data_folder();
const core::CountrySet& countries();

}  // namespace clearpoint::fuzz
