// FieldCipher: the identifying fields of a record as an encrypted store keeps them.
//
// Names, aliases, the father's name, the birth date, the record id, the identity number and the street
// address are written as "enc1:" + base64(nonce ‖ XChaCha20-Poly1305 ciphertext), authenticated with the
// column they belong to, so a value moved to another column fails to open. Every other field stays plain
// and queryable (sex, countries, years, forms of exploitation: what statistics are made of). Record ids
// take a nonce derived from the agency, list and id under a key of its own, so equal ids give equal
// ciphertexts and the store's uniqueness rule still holds; everything else takes a random nonce, so
// equal names look different. A plaintext store's cipher passes text through unchanged.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "store/store_key.h"

namespace clearpoint::store {

class FieldCipher {
 public:
  FieldCipher() = default;  // a plaintext store
  explicit FieldCipher(const StoreKey& key);
  FieldCipher(const FieldCipher&) = default;
  FieldCipher& operator=(const FieldCipher&) = default;
  ~FieldCipher();  // wipes the subkeys

  bool encrypts() const { return encrypts_; }
  // The catalogue fields that an encrypted store keeps encrypted.
  static std::span<const std::string_view> identifying_fields();
  static bool is_identifying(std::string_view column);

  // `plain` encrypted for `column` (random nonce); unchanged in a plaintext store or when empty.
  std::string seal(std::string_view column, std::string_view plain) const;
  // As seal, with the nonce derived from (agency, list, plain): the same inputs give the same text.
  std::string seal_findable(std::string_view column, std::string_view agency, std::string_view list,
                            std::string_view plain) const;
  // The plain text of a sealed value; unchanged when the store is plaintext. Throws core::UserError
  // when the value does not authenticate (altered in the .db, or moved from another column) or when a
  // plaintext value sits in an encrypted store's identifying column.
  std::string open(std::string_view column, std::string_view stored) const;

  // A keyed hash (BLAKE2b) for the audit log's chain; a plain hash in a plaintext store.
  std::string chain_hash(std::string_view message) const;

 private:
  std::string seal_with_nonce(std::string_view column, std::string_view plain,
                              const unsigned char* nonce) const;

  bool encrypts_ = false;
  std::array<unsigned char, StoreKey::kBytes> field_key_{};
  std::array<unsigned char, StoreKey::kBytes> nonce_key_{};
  std::array<unsigned char, StoreKey::kBytes> chain_key_{};
};

}  // namespace clearpoint::store
