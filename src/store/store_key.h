// StoreKey: the secret that encrypts a store's identifying fields, and where it comes from.
//
// The key never lives in the .db. It is either 32 random bytes in a key file (text, created exclusively
// with mode 0600; a key file that others may read is refused, as ssh refuses such keys) or derived from
// a passphrase by Argon2id with a salt and limits kept in the store. From the one master key, libsodium's
// key derivation gives independent subkeys: one encrypts fields, one derives the nonces of fields that
// must stay findable by equality (record ids), one keys the audit log's hash chain and one checks that a
// key given is the store's key.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clearpoint::store {

// Where a command finds the key of an encrypted store: a key file, or a passphrase (from the
// environment or a prompt; the CLI decides).
struct KeySource {
  std::string key_file;
  std::optional<std::string> passphrase;
  bool empty() const { return key_file.empty() && !passphrase; }
};

// How a store's key is kept, as the store records it (never the key itself).
struct KeyRecord {
  std::string kind;  // "key-file" or "passphrase"
  std::string salt_hex;
  std::uint64_t ops_limit = 0;
  std::uint64_t mem_limit = 0;
  std::string check_hex;  // proves a key is this store's key without revealing it
};

class StoreKey {
 public:
  static constexpr std::size_t kBytes = 32;
  enum class Purpose : std::uint64_t { kFieldEncryption = 1, kFieldNonce = 2, kAuditChain = 3, kCheck = 4 };

  // A new random key, written to `key_file` (which must not exist; created 0600). Throws core::UserError.
  static StoreKey create_key_file(const std::string& key_file, KeyRecord& record);
  // A new key from `passphrase` with a fresh salt. Throws core::UserError for a passphrase under 12
  // characters.
  static StoreKey from_new_passphrase(std::string_view passphrase, KeyRecord& record);
  // The key `source` gives for a store whose key is kept as `record`; throws core::UserError when the
  // source gives none, the key file is unsafe or unreadable, or the key is not this store's.
  static StoreKey open(const KeySource& source, const KeyRecord& record);

  StoreKey(const StoreKey&) = delete;
  StoreKey& operator=(const StoreKey&) = delete;
  StoreKey(StoreKey&& other) noexcept;
  StoreKey& operator=(StoreKey&&) = delete;
  ~StoreKey();

  // A subkey for one purpose (derived afresh; callers keep it no longer than they need it).
  std::array<unsigned char, kBytes> subkey(Purpose purpose) const;

 private:
  StoreKey();
  void derive_from_passphrase(std::string_view passphrase, const KeyRecord& record);
  std::string check_hex() const;
  unsigned char* key_;  // in sodium_malloc'ed memory: locked, guarded, wiped on destruction
};

}  // namespace clearpoint::store
