// Record references: how a user names one stored record — AGENCY/LIST/RECORD_ID, the agency's own
// identifier within its list (e.g. MUP-RS/victims/2004/00017).
#pragma once

#include <cstdint>
#include <string>

#include "records/case_record.h"
#include "store/store.h"

namespace clearpoint::pipeline {

struct FoundRecord {
  std::int64_t id = 0;  // the store's row id
  records::CaseRecord record;
};

// AGENCY/LIST/RECORD_ID, where the list or the record id may itself hold slashes: every reading is tried
// and exactly one must name a stored record; AGENCY|LIST|RECORD_ID ("|" is never part of an identifier)
// reads only one way. Throws core::UserError when the reference is malformed, names no stored record or
// names several; `example` goes into the hint (e.g. "--explain MUP-RS/victims/2004/00017").
FoundRecord find_record(const store::Store& store, const std::string& reference, const std::string& example);

// AGENCY/LIST/RECORD_ID of a record.
std::string reference_of(const records::CaseRecord& record);

}  // namespace clearpoint::pipeline
