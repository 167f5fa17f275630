// DevCertificate: a self-signed TLS certificate for localhost (`clearpoint serve --dev`), made in memory
// at start and never written to disk, so a developer or the demo can serve over HTTPS without a CA.
// A browser warns about it; real deployments give `--certificate` and `--private-key` (docs/deployment.md).
#pragma once

#include <memory>
#include <string>

struct x509_st;
struct evp_pkey_st;

namespace clearpoint::server {

struct DevCertificate {
  struct X509Free {
    void operator()(x509_st* certificate) const;
  };
  struct KeyFree {
    void operator()(evp_pkey_st* key) const;
  };
  std::unique_ptr<x509_st, X509Free> certificate;
  std::unique_ptr<evp_pkey_st, KeyFree> key;
  std::string sha256_fingerprint;  // shown at start, so a user can compare it with the browser's
};

// An EC P-256 key and a certificate for CN=localhost (DNS:localhost, IP:127.0.0.1, IP:::1), valid 30 days.
DevCertificate make_dev_certificate();

}  // namespace clearpoint::server
