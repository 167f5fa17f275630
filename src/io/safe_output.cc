#include "io/safe_output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <streambuf>

#include "core/diagnostic.h"

namespace clearpoint::io {

// A stream buffer over the temporary file's descriptor (std::ofstream cannot take one, and reopening the
// file by name would let another process swap it in between).
class SafeOutput::Buffer : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd) { setp(data_.data(), data_.data() + data_.size()); }
  bool failed() const { return failed_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* next = pbase();
    while (next < pptr()) {
      const auto written = ::write(fd_, next, static_cast<std::size_t>(pptr() - next));
      if (written < 0) {
        if (errno == EINTR) continue;
        failed_ = true;
        return false;
      }
      next += written;
    }
    setp(data_.data(), data_.data() + data_.size());
    return true;
  }
  int fd_;
  bool failed_ = false;
  std::array<char, 1 << 16> data_{};
};

namespace {

bool same_file(const struct stat& a, const std::string& other) {
  struct stat b {};
  return ::stat(other.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

[[noreturn]] void refuse(const std::string& target, const SafeOutputOptions& options, const std::string& why,
                         const std::string& hint) {
  throw core::UserError(fmt::format("{} {}: {}; nothing was written", options.option, target, why), hint);
}

}  // namespace

void check_output_target(const std::string& target, const SafeOutputOptions& options) {
  if (target.empty()) refuse(target, options, "no file named", "name the file to write");
  const auto parent = std::filesystem::path(target).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent)) {
    refuse(target, options, "its folder does not exist", "create the folder first, or name another file");
  }
  struct stat st {};
  if (::lstat(target.c_str(), &st) != 0) {
    if (errno == ENOENT) return;  // a new file
    refuse(target, options, std::strerror(errno), "check the path and your permissions");
  }
  if (S_ISLNK(st.st_mode)) {
    refuse(target, options, "it is a symbolic link, which could lead anywhere",
           "name the real file, or a new one in a folder you control");
  }
  if (!S_ISREG(st.st_mode)) {
    refuse(target, options, "it is not a regular file (a device, a pipe or a folder)",
           "name a new file, or - for standard output where the command allows it");
  }
  for (const auto& path : options.protected_paths) {
    for (const auto* suffix : {"", "-wal", "-shm", "-journal"}) {
      if (same_file(st, path + suffix)) {
        refuse(target, options,
               *suffix == '\0' ? "it is the store or an input of this command" : "it belongs to the store",
               "name a new file; clearpoint never writes over its store or its inputs");
      }
    }
  }
  if (!options.force) {
    refuse(target, options, "the file exists",
           "name a new file, or add --force to replace it (an earlier export or a corrected reject file "
           "would be lost)");
  }
}

SafeOutput::SafeOutput(std::string target, SafeOutputOptions options)
    : target_(std::move(target)), options_(std::move(options)) {
  check_output_target(target_, options_);
  const auto parent = std::filesystem::path(target_).parent_path();
  // fmt, not string concatenation: GCC 12 at -O3 warns falsely (-Wrestrict) on the latter.
  std::string pattern = fmt::format("{}/.{}.clearpoint-XXXXXX", parent.empty() ? "." : parent.string(),
                                    std::filesystem::path(target_).filename().string());
  fd_ = ::mkstemp(pattern.data());  // O_CREAT | O_EXCL, mode 0600
  if (fd_ < 0) {
    refuse(target_, options_, fmt::format("cannot create a file beside it ({})", std::strerror(errno)),
           "check that the folder is writable");
  }
  temp_ = pattern;
  buffer_ = std::make_unique<Buffer>(fd_);
  stream_ = std::make_unique<std::ostream>(buffer_.get());
}

SafeOutput::~SafeOutput() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

std::ostream& SafeOutput::stream() {
  return *stream_;
}

void SafeOutput::commit() {
  stream_->flush();
  if (!*stream_ || buffer_->failed() || ::fsync(fd_) != 0) {
    throw core::UserError(fmt::format("writing {} failed", target_), "check the disk has space");
  }
  ::close(fd_);
  fd_ = -1;
  check_output_target(target_, options_);  // again: the target may have changed while we wrote
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    throw core::UserError(fmt::format("cannot put {} in place: {}", target_, std::strerror(errno)),
                          "check that the folder is writable");
  }
  committed_ = true;
}

}  // namespace clearpoint::io
