// Server: `clearpoint serve` — the clearing point over HTTPS for the agencies themselves: submitters
// upload their batches and see only their own agency's, analysts review links, readers see published
// releases. Every request is authorised against the policy table (policy.h) before its handler runs, and
// every handler calls the same pipeline functions as the CLI (handlers.h).
//
// Contract:
// - TLS always (OpenSSL): a certificate and key from files, or with `dev` a self-signed one for localhost
//   made in memory.
// - A request body larger than max_upload_bytes is refused (413, with what to do) before it is stored
//   anywhere; an upload is written to a private 0700 folder beside the store only while it is imported.
// - Answers are JSON (the page, its script and style aside), never cached, framed or sniffed; an error
//   says what is wrong and what to do and never quotes a name, a record id or the server's paths.
// - Each request opens the store on its own (SQLite's WAL lets readers and one writer work together), so
//   concurrent uploads are stored one after another, each whole or not at all.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "pipeline/workspace.h"

namespace clearpoint::server {

struct ServeSettings {
  std::string host = "127.0.0.1";
  int port = 8443;  // 0: any free port (the tests)
  std::string certificate_file;
  std::string private_key_file;
  bool dev = false;  // a self-signed certificate for localhost instead of the files
  std::size_t max_upload_bytes = std::size_t{64} << 20;
  int threads = 8;
  std::size_t login_attempts_per_minute = 10;  // per client address
};

class Server {
 public:
  // Binds the port; throws core::UserError when the certificate cannot be read or the port is taken.
  Server(pipeline::Workspace workspace, ServeSettings settings);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;
  // The development certificate's SHA-256 fingerprint; empty with certificate files.
  const std::string& certificate_fingerprint() const;
  // Serves until stop() is called (from another thread or a signal handler's thread).
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clearpoint::server
