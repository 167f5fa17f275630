#include "pipeline/workspace.h"

#include <cstdlib>

#include "io/reference_data.h"

namespace clearpoint::pipeline {

std::string Workspace::data_folder() const {
  return io::find_data_dir(data_dir);
}

core::CountrySet Workspace::countries() const {
  return io::load_countries(data_folder());
}

store::Store Workspace::open_store() const {
  return store::Store::open(db, countries(), key_source());
}

store::Store Workspace::init_store(const store::KeySource& encrypt_with) const {
  return store::Store::create(db, countries(), audit_actor(), key_source(), encrypt_with);
}

store::KeySource Workspace::key_source() const {
  store::KeySource source;
  source.key_file = key_file;
  if (source.key_file.empty()) {
    if (const char* from_environment = std::getenv("CLEARPOINT_KEY_FILE"); from_environment != nullptr)
      source.key_file = from_environment;
  }
  if (const char* passphrase = std::getenv("CLEARPOINT_PASSPHRASE");
      passphrase != nullptr && *passphrase != '\0')
    source.passphrase = passphrase;
  return source;
}

std::string Workspace::audit_actor() const {
  const std::string login = store::current_user();
  if (actor.empty() || actor == login) return login;
  return login + " as " + actor;
}

}  // namespace clearpoint::pipeline
