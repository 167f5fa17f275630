// The persons the last `clearpoint link` found, record by record: which person each record belongs to,
// how strongly it is linked to the person's other records, and the lists the person is on — the result
// an analyst takes away (`clearpoint persons`), as a table, CSV or JSON Lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/workspace.h"
#include "store/store.h"

namespace clearpoint::pipeline {

struct PersonRow {
  std::string agency;
  std::string list;
  std::string record_id;
  std::string person;
  std::optional<double> link_probability;  // the strongest link to another record of the person; none alone
  std::vector<std::string> person_lists;   // AGENCY/LIST of every list the person is on, sorted
};

// Rows of the records `filter` selects, in store order; the lists of a person count all its records.
// Throws core::UserError when nothing has been linked, or when records were imported since (their
// persons are unknown until the next link).
std::vector<PersonRow> person_rows(const Workspace& workspace, const store::RecordFilter& filter);

struct PersonExportSettings {
  std::string out;     // a file, or "-" for standard output
  std::string format;  // "csv", "jsonl" or empty: from the file name
  store::RecordFilter filter;
  bool force = false;  // replace an existing regular file
};

// Writes the rows through io::SafeOutput (never over the store, 0600, renamed into place) and records
// the export in the audit log. Returns the rows written.
std::int64_t export_persons(const Workspace& workspace, const PersonExportSettings& settings);

}  // namespace clearpoint::pipeline
