#include "store/field_cipher.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "core/diagnostic.h"

namespace clearpoint::store {

namespace {

constexpr std::string_view kPrefix = "enc1:";
constexpr int kBase64 = sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

// What an encrypted store keeps encrypted: what names a person or points to her.
constexpr std::array<std::string_view, 8> kIdentifying = {"record_id",       "given_names",   "surnames",
                                                          "father_name",     "aliases",       "birth_date",
                                                          "identity_number", "address_street"};

[[noreturn]] void fail_open(std::string_view column) {
  throw core::UserError(
      fmt::format("a stored value of {} does not authenticate under this store's key", column),
      "the .db file was altered outside clearpoint; restore it from a backup and run `clearpoint audit "
      "verify`");
}

}  // namespace

FieldCipher::FieldCipher(const StoreKey& key)
    : encrypts_(true),
      field_key_(key.subkey(StoreKey::Purpose::kFieldEncryption)),
      nonce_key_(key.subkey(StoreKey::Purpose::kFieldNonce)),
      chain_key_(key.subkey(StoreKey::Purpose::kAuditChain)) {}

std::span<const std::string_view> FieldCipher::identifying_fields() {
  return kIdentifying;
}

FieldCipher::~FieldCipher() {
  sodium_memzero(field_key_.data(), field_key_.size());
  sodium_memzero(nonce_key_.data(), nonce_key_.size());
  sodium_memzero(chain_key_.data(), chain_key_.size());
}

bool FieldCipher::is_identifying(std::string_view column) {
  return std::find(kIdentifying.begin(), kIdentifying.end(), column) != kIdentifying.end();
}

std::string FieldCipher::seal_with_nonce(std::string_view column, std::string_view plain,
                                         const unsigned char* nonce) const {
  std::string blob(kNonceBytes + plain.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(blob.data());
  std::copy(nonce, nonce + kNonceBytes, out);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + kNonceBytes, &written, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      reinterpret_cast<const unsigned char*>(column.data()), column.size(), nullptr, nonce,
      field_key_.data());
  std::string text(sodium_base64_ENCODED_LEN(blob.size(), kBase64), '\0');
  sodium_bin2base64(text.data(), text.size(), out, blob.size(), kBase64);
  text.resize(std::char_traits<char>::length(text.c_str()));
  return std::string(kPrefix) + text;
}

std::string FieldCipher::seal(std::string_view column, std::string_view plain) const {
  if (!encrypts_ || plain.empty()) return std::string(plain);
  std::array<unsigned char, kNonceBytes> nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  return seal_with_nonce(column, plain, nonce.data());
}

std::string FieldCipher::seal_findable(std::string_view column, std::string_view agency,
                                       std::string_view list, std::string_view plain) const {
  if (!encrypts_ || plain.empty()) return std::string(plain);
  // Unambiguous input: each part's length before it.
  std::string message;
  for (const std::string_view part : {column, agency, list, plain}) {
    message += std::to_string(part.size());
    message += ':';
    message += part;
  }
  std::array<unsigned char, kNonceBytes> nonce{};
  crypto_generichash(nonce.data(), nonce.size(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), nonce_key_.data(), nonce_key_.size());
  return seal_with_nonce(column, plain, nonce.data());
}

std::string FieldCipher::open(std::string_view column, std::string_view stored) const {
  if (!encrypts_ || stored.empty()) return std::string(stored);
  if (!stored.starts_with(kPrefix)) fail_open(column);
  const std::string_view text = stored.substr(kPrefix.size());
  std::string blob(text.size(), '\0');
  std::size_t blob_size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(blob.data()), blob.size(), text.data(), text.size(),
                        nullptr, &blob_size, nullptr, kBase64) != 0 ||
      blob_size < kNonceBytes + kTagBytes) {
    fail_open(column);
  }
  const auto* in = reinterpret_cast<const unsigned char*>(blob.data());
  std::string plain(blob_size - kNonceBytes - kTagBytes, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &written,
                                                 nullptr, in + kNonceBytes, blob_size - kNonceBytes,
                                                 reinterpret_cast<const unsigned char*>(column.data()),
                                                 column.size(), in, field_key_.data()) != 0) {
    fail_open(column);
  }
  plain.resize(written);
  return plain;
}

std::string FieldCipher::chain_hash(std::string_view message) const {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), encrypts_ ? chain_key_.data() : nullptr,
                     encrypts_ ? chain_key_.size() : 0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

}  // namespace clearpoint::store
