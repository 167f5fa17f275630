// SafeOutput: a file clearpoint writes for a user (an export, capture histories, an estimate, a reject
// file), created so that no command can destroy or leak what is already there.
//
// The target is refused, before anything is written, when it is the store (or its -wal/-shm/-journal), one
// of the command's inputs, a symbolic link, or anything but a regular file (a device such as /dev/null, a
// FIFO, a folder); an existing regular file is replaced only when the user said --force. The bytes go to a
// temporary file created exclusively (mkstemp: O_EXCL, mode 0600) in the target's folder, which is
// flushed to disk and renamed over the target on commit(); a failure or an exception leaves no partial
// file behind. The result is readable by its owner only (0600).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace clearpoint::io {

struct SafeOutputOptions {
  bool force = false;                        // replace an existing regular file
  std::vector<std::string> protected_paths;  // never written: the store, the command's inputs
  std::string option = "--out";              // how the user named the target, for messages
};

class SafeOutput {
 public:
  // Throws core::UserError saying why the target is refused and what to do instead.
  SafeOutput(std::string target, SafeOutputOptions options);
  ~SafeOutput();
  SafeOutput(const SafeOutput&) = delete;
  SafeOutput& operator=(const SafeOutput&) = delete;

  std::ostream& stream();
  // Flushes, syncs and renames the temporary file over the target (checking the target again first).
  void commit();
  const std::string& target() const { return target_; }

 private:
  class Buffer;
  std::string target_;
  SafeOutputOptions options_;
  std::string temp_;
  int fd_ = -1;
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::ostream> stream_;
  bool committed_ = false;
};

// Throws core::UserError when `target` may not be written under `options` (the checks SafeOutput runs).
void check_output_target(const std::string& target, const SafeOutputOptions& options);

}  // namespace clearpoint::io
