#include "io/private_folder.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/diagnostic.h"

namespace clearpoint::io {

PrivateFolder::PrivateFolder(const std::string& target) {
  auto pattern = (std::filesystem::path(target).parent_path() / ".clearpoint-draft-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)  // mode 0700
    throw core::UserError(fmt::format("cannot create a working folder beside {}", target),
                          "give --out a folder you may write in");
  path_ = pattern;
}

PrivateFolder::~PrivateFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_private_file(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    throw core::UserError("could not create a working file in the program's private folder",
                          "check that the store's folder may be written in and is not full");
  std::size_t written = 0;
  while (written < content.size()) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n <= 0) {
      ::close(fd);
      throw core::UserError("could not write a working file (is the disk full?)",
                            "free space beside the store; nothing was stored");
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

std::string relabelled(std::string text, const std::string& path, const std::string& label) {
  if (path.empty()) return text;
  for (auto at = text.find(path); at != std::string::npos; at = text.find(path, at + label.size()))
    text.replace(at, path.size(), label);
  return text;
}

core::UserError relabelled(const core::UserError& error, const std::string& path, const std::string& label) {
  auto diagnostics = error.diagnostics();
  for (auto& diagnostic : diagnostics) {
    for (auto* text : {&diagnostic.where.file, &diagnostic.problem, &diagnostic.hint})
      *text = relabelled(std::move(*text), path, label);
  }
  return core::UserError(std::move(diagnostics));
}

void commit_draft(const std::string& draft, const std::string& target, const SafeOutputOptions& options) {
  std::ifstream in(draft, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  SafeOutput out(target, options);
  out.stream() << bytes;
  out.commit();
}

}  // namespace clearpoint::io
