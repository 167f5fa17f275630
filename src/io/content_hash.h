// The content hash that makes re-importing a batch a no-op.
//
// BLAKE2b-256 (libsodium's generic hash; faster than SHA-256 on files of millions of rows) over the
// file's bytes followed by every import setting that shapes the records read from it
// (agency, list, format, separator, and the column mapping's own bytes). The same file imported with
// the same settings hashes the same; a changed byte or setting gives a new batch.
#pragma once

#include <string>
#include <vector>

namespace clearpoint::io {

// Lowercase hex digest. Throws core::UserError when a file cannot be read.
std::string batch_content_hash(const std::string& path, const std::vector<std::string>& settings,
                               const std::string& mapping_path = {});

}  // namespace clearpoint::io
