// Stale persons: whether the persons of the last `clearpoint link` still describe the stored records.
// Persons of an older link silently leave a newly imported list out, or keep persons joined through a
// record that has since been withdrawn; every use case that counts persons asks here first.
#pragma once

#include <string>

#include "store/store.h"

namespace clearpoint::pipeline {

// Empty when the persons are up to date. Otherwise throws core::UserError saying what changed since the
// last link, unless `stale_ok`; then returns that sentence, for the result to carry as a flag.
std::string require_current_persons(const store::Store& store, bool stale_ok);

}  // namespace clearpoint::pipeline
