#include "fuzz/fuzz_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "io/reference_data.h"

namespace clearpoint::fuzz {

namespace {
std::string temporary_folder() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
}
}  // namespace

FuzzInput::FuzzInput(const std::uint8_t* data, std::size_t size, std::string_view extension)
    : path_(temporary_folder() + "/clearpoint-fuzz-" + std::to_string(::getpid()) + std::string(extension)) {
  std::filesystem::remove(path_);
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create the fuzz input file " + path_);
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, data + written, size - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

FuzzInput::~FuzzInput() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

const std::string& data_folder() {
  static const std::string folder = io::find_data_dir(CLEARPOINT_SOURCE_DATA_DIR);
  return folder;
}

const core::CountrySet& countries() {
  static const core::CountrySet set = io::load_countries(data_folder());
  return set;
}

}  // namespace clearpoint::fuzz
