#include "pipeline/workspace.h"

#include "io/reference_data.h"

namespace clearpoint::pipeline {

std::string Workspace::data_folder() const {
  return io::find_data_dir(data_dir);
}

core::CountrySet Workspace::countries() const {
  return io::load_countries(data_folder());
}

store::Store Workspace::open_store() const {
  return store::Store::open(db, countries());
}

int Workspace::init_store() const {
  return store::Store::create(db, countries(), audit_actor()).schema_version();
}

std::string Workspace::audit_actor() const {
  return actor.empty() ? store::current_user() : actor;
}

}  // namespace clearpoint::pipeline
