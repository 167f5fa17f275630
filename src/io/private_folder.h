// PrivateFolder: a folder of the program's own (0700, a fresh name beside a target) for a file that another
// library or program writes by name — libxlsxwriter's workbook, Chromium's PDF — removed with everything in
// it however the work ends; and the drafted file's bytes committed through SafeOutput, so the result is
// created like every other file clearpoint writes (exclusive, 0600, never over the store or an input).
#pragma once

#include <string>

#include "core/diagnostic.h"
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

// `text` with every mention of `path` (a working file or folder) replaced by `label`, what the person knows
// it by; with a folder's path ending in '/' and an empty label, a file inside it is named by itself.
std::string relabelled(std::string text, const std::string& path, const std::string& label);
// The error with every mention of `path` replaced so, in where each problem is and in what it says.
core::UserError relabelled(const core::UserError& error, const std::string& path, const std::string& label);

// Reads `content` with a reader that takes a file name (a mapping, a coverage file): written as
// `file_name` in a private folder beside `beside`, read, removed; the reader's problems located as `label`.
template <class Read>
auto read_private_text(const std::string& beside, const std::string& content, const std::string& file_name,
                       const std::string& label, const Read& read) {
  const PrivateFolder folder(beside);
  const std::string path = folder.path() + "/" + file_name;
  write_private_file(path, content);
  try {
    return read(path);
  } catch (const core::UserError& error) {
    throw relabelled(error, path, label);
  }
}

// Copies the drafted file's bytes to `target` through SafeOutput.
void commit_draft(const std::string& draft, const std::string& target, const SafeOutputOptions& options);

}  // namespace clearpoint::io
