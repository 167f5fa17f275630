// RecordWriter: case records out as CSV or JSON Lines, in the field catalogue's order.
//
// What it writes, `clearpoint import` reads back to equal records, and exporting those again gives
// the same bytes. CSV has every field as a column (empty = unknown); JSON Lines leaves out fields that
// are empty or unknown, and writes list fields as arrays and the year as a number.
#pragma once

#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "records/case_record.h"

namespace clearpoint::io {

enum class FileFormat { kCsv, kJsonLines };

// From a file name's extension (.csv, .tsv, .jsonl, .ndjson); nullopt for anything else.
std::optional<FileFormat> format_from_path(const std::string& path);
// The format an output asks for: `format` ("csv", "jsonl") when given, else the extension of `path`.
// Throws core::UserError naming the file when neither tells.
FileFormat output_format(const std::string& format, const std::string& path);

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  // `extras`: one value per extra column named at construction (empty: unknown).
  virtual void write(const records::CaseRecord& record, std::span<const std::string> extras = {}) = 0;
};

// `extra_columns` follow the catalogue's fields (the person a record belongs to, say); import does not
// know them, so a file with extras is for reading, not for importing back.
std::unique_ptr<RecordWriter> make_record_writer(FileFormat format, std::ostream& out,
                                                 char csv_separator = ',',
                                                 std::vector<std::string> extra_columns = {});

}  // namespace clearpoint::io
