#include "io/content_hash.h"

#include <fmt/format.h>
#include <sodium.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "core/diagnostic.h"

namespace clearpoint::io {

namespace {
void hash_file(crypto_generichash_state& state, const std::string& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    throw core::UserError(fmt::format("cannot open {}: {}", path, std::strerror(errno)),
                          "check the path and that you may read the file");
  }
  std::vector<unsigned char> buffer(1 << 20);
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    crypto_generichash_update(&state, buffer.data(), got);
  }
}
}  // namespace

std::string batch_content_hash(const std::string& path, const std::vector<std::string>& settings,
                               const std::string& mapping_path) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  hash_file(state, path);
  for (const std::string& setting : settings) {
    // A length prefix keeps ("ab","c") and ("a","bc") apart.
    const std::string framed = fmt::format("\x1f{}:{}", setting.size(), setting);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(framed.data()), framed.size());
  }
  if (!mapping_path.empty()) hash_file(state, mapping_path);
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  std::string hex;
  for (const unsigned char byte : digest) hex += fmt::format("{:02x}", byte);
  return hex;
}

}  // namespace clearpoint::io
