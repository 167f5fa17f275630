// Exporting records: the stored records (all, or one agency's, list's or batch's) written as CSV or JSON
// Lines that import back to identical records, the export recorded in the audit log; and counting them
// by dimension (`clearpoint stats`).
#pragma once

#include <cstdint>
#include <string>

#include "pipeline/workspace.h"
#include "records/record_stats.h"
#include "store/store.h"

namespace clearpoint::pipeline {

struct ExportSettings {
  std::string out;     // a file, or "-" for standard output
  std::string format;  // "csv", "jsonl" or empty: from the file name
  char separator = ',';
  store::RecordFilter filter;
  bool force = false;  // replace an existing regular file
  // Adds the columns person and link_probability from the last `clearpoint link` (for reading: import
  // does not take them back).
  bool with_person = false;
};

// Writes through io::SafeOutput: never over the store, a symlink or anything but a regular file, an existing
// file only with `force`, 0600, renamed into place so a failed export leaves nothing behind. Returns the
// number of records written. Throws core::UserError naming the file when it may not or cannot be written.
std::int64_t export_records(const Workspace& workspace, const ExportSettings& settings);

records::RecordStats record_stats(const Workspace& workspace, const store::RecordFilter& filter);

}  // namespace clearpoint::pipeline
