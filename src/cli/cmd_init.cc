#include <fmt/format.h>

#include <cstdlib>

#include "cli/commands.h"
#include "core/diagnostic.h"
#include "pipeline/store_admin.h"

namespace clearpoint::cli {

namespace {

// A new key: a key file to create, or a passphrase from the environment variable `variable`.
store::KeySource new_key(const std::string& key_file, const char* variable) {
  store::KeySource source;
  if (!key_file.empty()) {
    source.key_file = key_file;
    return source;
  }
  const char* passphrase = std::getenv(variable);
  if (passphrase == nullptr || *passphrase == '\0') {
    throw core::UserError("no new key was given",
                          fmt::format("give --new-key-file PATH (a file that does not exist yet), or put a "
                                      "passphrase in the environment variable {}",
                                      variable));
  }
  source.passphrase = passphrase;
  return source;
}

}  // namespace

void add_init_command(CLI::App& app, GlobalOptions& options) {
  auto* command = app.add_subcommand("init", "Create an empty store (or bring an existing one up to date)");
  auto encrypt = std::make_shared<bool>(false);
  auto key_file = std::make_shared<std::string>();
  command->add_flag("--encrypt", *encrypt,
                    "Encrypt names, birth dates and record ids (docs/security.md): with a new key file "
                    "(--new-key-file) or the passphrase in CLEARPOINT_PASSPHRASE");
  command->add_option("--new-key-file", *key_file,
                      "With --encrypt: the key file to create (0600; keep it apart from the store)");
  command->callback([&options, encrypt, key_file] {
    if (!key_file->empty() && !*encrypt)
      throw core::UserError("--new-key-file is given without --encrypt", "add --encrypt");
    const auto outcome = pipeline::init_store(
        options, *encrypt ? new_key(*key_file, "CLEARPOINT_PASSPHRASE") : store::KeySource{});
    fmt::print("store {} ready (schema version {}{})\n", options.db, outcome.schema_version,
               outcome.encrypted ? ", identifying fields encrypted" : "");
    if (*encrypt && !key_file->empty())
      fmt::print(
          "key file {} created: keep it apart from the store and back it up — without it the "
          "names cannot be read\n",
          *key_file);
  });

  auto* rekey = app.add_subcommand(
      "rekey", "Encrypt the store under a new key file or passphrase (also encrypts a plaintext store)");
  auto rekey_file = std::make_shared<std::string>();
  rekey->add_option("--new-key-file", *rekey_file,
                    "The new key file to create; without it, the passphrase in CLEARPOINT_NEW_PASSPHRASE");
  rekey->callback([&options, rekey_file] {
    const auto records = pipeline::rekey_store(options, new_key(*rekey_file, "CLEARPOINT_NEW_PASSPHRASE"));
    fmt::print("{} records encrypted under the new key; only the new key opens the store now\n", records);
  });
}

}  // namespace clearpoint::cli
