#include "store/store_key.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/diagnostic.h"

namespace clearpoint::store {

namespace {

constexpr std::string_view kKeyFileHeader = "clearpoint-store-key-v1 ";
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "clrpoint";
constexpr std::size_t kMinimumPassphrase = 12;

void initialise_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

bool from_hex(std::string_view hex, unsigned char* bytes, std::size_t size) {
  std::size_t written = 0;
  return sodium_hex2bin(bytes, size, hex.data(), hex.size(), nullptr, &written, nullptr) == 0 &&
         written == size;
}

std::string key_file_problem_hint(const std::string& path) {
  return fmt::format("give the key file the store was created with (--key-file {} or CLEARPOINT_KEY_FILE)",
                     path);
}

}  // namespace

StoreKey::StoreKey() {
  initialise_sodium();
  key_ = static_cast<unsigned char*>(sodium_malloc(kBytes));
  if (key_ == nullptr) throw std::bad_alloc();
}

StoreKey::StoreKey(StoreKey&& other) noexcept : key_(other.key_) {
  other.key_ = nullptr;
}

StoreKey::~StoreKey() {
  if (key_ != nullptr) sodium_free(key_);
}

std::array<unsigned char, StoreKey::kBytes> StoreKey::subkey(Purpose purpose) const {
  std::array<unsigned char, kBytes> out{};
  crypto_kdf_derive_from_key(out.data(), out.size(), static_cast<std::uint64_t>(purpose), kKdfContext, key_);
  return out;
}

std::string StoreKey::check_hex() const {
  const auto check_key = subkey(Purpose::kCheck);
  static constexpr std::string_view kMessage = "clearpoint store key check";
  std::array<unsigned char, 32> mac{};
  crypto_generichash(mac.data(), mac.size(), reinterpret_cast<const unsigned char*>(kMessage.data()),
                     kMessage.size(), check_key.data(), check_key.size());
  return to_hex(mac.data(), mac.size());
}

StoreKey StoreKey::create_key_file(const std::string& key_file, KeyRecord& record) {
  StoreKey key;
  randombytes_buf(key.key_, kBytes);
  const int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw core::UserError(
        fmt::format("cannot create the key file {}: {}", key_file, std::strerror(errno)),
        errno == EEXIST ? "a key file is never overwritten: choose a new path (and keep the old key until "
                          "no store needs it)"
                        : "check that the folder exists and that you may write in it");
  }
  const std::string text = std::string(kKeyFileHeader) + to_hex(key.key_, kBytes) + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) {
    ::unlink(key_file.c_str());
    throw core::UserError(fmt::format("cannot write the key file {}", key_file), "check the disk");
  }
  record = KeyRecord{"key-file", "", 0, 0, key.check_hex()};
  return key;
}

StoreKey StoreKey::from_new_passphrase(std::string_view passphrase, KeyRecord& record) {
  if (passphrase.size() < kMinimumPassphrase) {
    throw core::UserError(fmt::format("the passphrase is shorter than {} characters", kMinimumPassphrase),
                          "choose a longer one: several unrelated words are easy to remember");
  }
  initialise_sodium();
  std::array<unsigned char, crypto_pwhash_SALTBYTES> salt{};
  randombytes_buf(salt.data(), salt.size());
  record = KeyRecord{"passphrase", to_hex(salt.data(), salt.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                     crypto_pwhash_MEMLIMIT_INTERACTIVE, ""};
  StoreKey key;
  key.derive_from_passphrase(passphrase, record);
  record.check_hex = key.check_hex();
  return key;
}

void StoreKey::derive_from_passphrase(std::string_view passphrase, const KeyRecord& record) {
  std::array<unsigned char, crypto_pwhash_SALTBYTES> salt{};
  if (!from_hex(record.salt_hex, salt.data(), salt.size()))
    throw core::UserError("the store's key record is damaged (the salt)", "restore the store from a backup");
  if (crypto_pwhash(key_, kBytes, passphrase.data(), passphrase.size(), salt.data(), record.ops_limit,
                    static_cast<std::size_t>(record.mem_limit), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw core::UserError("not enough memory to derive the key from the passphrase",
                          "close other programs and try again");
  }
}

StoreKey StoreKey::open(const KeySource& source, const KeyRecord& record) {
  StoreKey key;
  if (record.kind == "passphrase") {
    if (!source.passphrase) {
      throw core::UserError("this store is encrypted with a passphrase and none was given",
                            "set the environment variable CLEARPOINT_PASSPHRASE");
    }
    key.derive_from_passphrase(*source.passphrase, record);
  } else {
    if (source.key_file.empty()) {
      throw core::UserError("this store is encrypted and no key file was given",
                            "give it with --key-file PATH or CLEARPOINT_KEY_FILE");
    }
    struct stat info {};
    if (::lstat(source.key_file.c_str(), &info) != 0) {
      throw core::UserError(
          fmt::format("cannot read the key file {}: {}", source.key_file, std::strerror(errno)),
          key_file_problem_hint(source.key_file));
    }
    if (!S_ISREG(info.st_mode)) {
      throw core::UserError(fmt::format("the key file {} is not a regular file", source.key_file),
                            key_file_problem_hint(source.key_file));
    }
    if ((info.st_mode & 077) != 0) {
      throw core::UserError(fmt::format("the key file {} may be read by others (mode {:o})", source.key_file,
                                        info.st_mode & 0777),
                            fmt::format("make it yours alone: chmod 600 {}", source.key_file));
    }
    const int fd = ::open(source.key_file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    std::string text(kKeyFileHeader.size() + kBytes * 2 + 1, '\0');
    const ssize_t n = fd < 0 ? -1 : ::read(fd, text.data(), text.size());
    if (fd >= 0) ::close(fd);
    const std::string_view view(text.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
    if (!view.starts_with(kKeyFileHeader) ||
        !from_hex(view.substr(kKeyFileHeader.size(), kBytes * 2), key.key_, kBytes)) {
      sodium_memzero(text.data(), text.size());
      throw core::UserError(fmt::format("{} is not a clearpoint key file", source.key_file),
                            key_file_problem_hint(source.key_file));
    }
    sodium_memzero(text.data(), text.size());
  }
  const std::string check = key.check_hex();
  if (check.size() != record.check_hex.size() ||
      sodium_memcmp(check.data(), record.check_hex.data(), check.size()) != 0) {
    throw core::UserError(record.kind == "passphrase" ? "the passphrase does not open this store"
                                                      : "the key file does not open this store",
                          record.kind == "passphrase"
                              ? "check the passphrase"
                              : "give the key file the store was created (or rekeyed) with");
  }
  return key;
}

}  // namespace clearpoint::store
