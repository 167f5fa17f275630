// Workspace: where a clearing point's use cases run — the store, clearpoint's data folder and the person
// recorded in the audit log. Every function of the pipeline layer takes one, so the CLI, the report and
// the server reach the store in the same way.
//
// The pipeline layer (this folder) joins the stages into the use cases of a clearing point: import a
// batch, classify, link, evaluate against truth, capture tables, estimate, flows and roles. Each takes
// a Workspace and settings and returns a typed result; nothing here prints.
#pragma once

#include <string>

#include "core/country_set.h"
#include "store/store.h"
#include "store/store_key.h"

namespace clearpoint::pipeline {

struct Workspace {
  std::string db = "clearpoint.db";
  std::string data_dir;  // empty: $CLEARPOINT_DATA or the built-in data folder
  std::string actor;     // empty: the login name
  std::string key_file;  // an encrypted store's key file; empty: $CLEARPOINT_KEY_FILE

  std::string data_folder() const;  // resolved; throws core::UserError when it has no countries.csv
  core::CountrySet countries() const;
  store::Store open_store() const;
  // Creates the store (encrypted under `encrypt_with` when given), or brings an existing one up to
  // date; returns it.
  store::Store init_store(const store::KeySource& encrypt_with = {}) const;
  // The key of an encrypted store: the key file, or the passphrase in $CLEARPOINT_PASSPHRASE.
  store::KeySource key_source() const;
  // The name recorded in the audit log: always the login that ran the command; a name given with
  // --actor is recorded beside it ("login as NAME"), never instead of it.
  std::string audit_actor() const;
};

}  // namespace clearpoint::pipeline
