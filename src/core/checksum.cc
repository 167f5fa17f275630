#include "core/checksum.h"

#include <fmt/format.h>
#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace clearpoint::core {

std::string blake2b_hex(std::string_view bytes, std::size_t digest_bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::vector<unsigned char> digest(digest_bytes);
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  std::string hex;
  hex.reserve(2 * digest.size());
  for (const unsigned char b : digest) hex += fmt::format("{:02x}", b);
  return hex;
}

}  // namespace clearpoint::core
