#include "io/private_folder.h"

#include <fmt/format.h>
#include <stdlib.h>

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

void commit_draft(const std::string& draft, const std::string& target, const SafeOutputOptions& options) {
  std::ifstream in(draft, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  SafeOutput out(target, options);
  out.stream() << bytes;
  out.commit();
}

}  // namespace clearpoint::io
