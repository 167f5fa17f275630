#include "server/dev_certificate.h"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <stdexcept>

namespace clearpoint::server {

void DevCertificate::X509Free::operator()(x509_st* certificate) const {
  X509_free(certificate);
}
void DevCertificate::KeyFree::operator()(evp_pkey_st* key) const {
  EVP_PKEY_free(key);
}

namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(fmt::format("could not make the development certificate ({})", what));
}

void add_extension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  require(extension != nullptr, "extension");
  const bool added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  require(added, "extension");
}

}  // namespace

DevCertificate make_dev_certificate() {
  DevCertificate made;
  made.key.reset(EVP_EC_gen("P-256"));
  require(made.key != nullptr, "key");
  made.certificate.reset(X509_new());
  X509* certificate = made.certificate.get();
  require(certificate != nullptr, "certificate");
  require(X509_set_version(certificate, 2) == 1, "version");

  // A random serial, so that a browser never confuses two development certificates.
  std::array<unsigned char, 16> serial_bytes{};
  require(RAND_bytes(serial_bytes.data(), static_cast<int>(serial_bytes.size())) == 1, "serial");
  serial_bytes[0] &= 0x7F;
  BIGNUM* serial = BN_bin2bn(serial_bytes.data(), static_cast<int>(serial_bytes.size()), nullptr);
  require(serial != nullptr, "serial");
  const bool serial_set = BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate)) != nullptr;
  BN_free(serial);
  require(serial_set, "serial");

  require(X509_gmtime_adj(X509_getm_notBefore(certificate), -60) != nullptr, "validity");
  require(X509_gmtime_adj(X509_getm_notAfter(certificate), 30L * 24 * 3600) != nullptr, "validity");
  X509_NAME* name = X509_get_subject_name(certificate);
  require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0) == 1,
          "name");
  require(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("clearpoint serve --dev"), -1, -1,
                                     0) == 1,
          "name");
  require(X509_set_issuer_name(certificate, name) == 1, "issuer");
  require(X509_set_pubkey(certificate, made.key.get()) == 1, "public key");
  add_extension(certificate, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
  add_extension(certificate, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(certificate, NID_key_usage, "critical,digitalSignature");
  add_extension(certificate, NID_ext_key_usage, "serverAuth");
  require(X509_sign(certificate, made.key.get(), EVP_sha256()) > 0, "signature");

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  require(X509_digest(certificate, EVP_sha256(), digest.data(), &length) == 1, "fingerprint");
  for (unsigned int i = 0; i < length; ++i)
    made.sha256_fingerprint += fmt::format("{}{:02X}", i == 0 ? "" : ":", digest[i]);
  return made;
}

}  // namespace clearpoint::server
