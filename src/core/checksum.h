// Checksums shown to users: BLAKE2b (libsodium's generic hash), the one hash clearpoint stamps on a
// batch, a framework file or an estimate's input, written as lowercase hex so a figure can be traced to
// the exact bytes it came from.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clearpoint::core {

// BLAKE2b of `bytes` with a digest of `digest_bytes` (16 … 64), as lowercase hex.
std::string blake2b_hex(std::string_view bytes, std::size_t digest_bytes = 32);

}  // namespace clearpoint::core
