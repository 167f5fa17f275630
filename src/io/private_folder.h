// PrivateFolder: a folder of the program's own (0700, a fresh name beside a target) for a file that another
// library or program writes by name — libxlsxwriter's workbook, Chromium's PDF — removed with everything in
// it however the work ends; and the drafted file's bytes committed through SafeOutput, so the result is
// created like every other file clearpoint writes (exclusive, 0600, never over the store or an input).
#pragma once

#include <string>

#include "io/safe_output.h"

namespace clearpoint::io {

class PrivateFolder {
 public:
  // Throws core::UserError when the folder cannot be created beside `target`.
  explicit PrivateFolder(const std::string& target);
  ~PrivateFolder();
  PrivateFolder(const PrivateFolder&) = delete;
  PrivateFolder& operator=(const PrivateFolder&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes `content` as a new file (exclusive, 0600, no symlink followed) in a private folder: an upload, or
// a text the program reads by name (a mapping, a release file). Throws core::UserError when it cannot.
void write_private_file(const std::string& path, const std::string& content);

// Copies the drafted file's bytes to `target` through SafeOutput.
void commit_draft(const std::string& draft, const std::string& target, const SafeOutputOptions& options);

}  // namespace clearpoint::io
