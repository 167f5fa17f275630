// RecordSource: the rows of one batch file, each parsed into a CaseRecord and checked.
//
// A source reads a CSV, JSON Lines or Excel workbook (.xlsx, io/xlsx_sheet.h) file through a ColumnMapping,
// one row at a time, so a batch of any size is imported in constant memory. Each row comes with every problem
// found in it, located at file:line:column; a row with problems is still returned (with its raw text, for the
// reject file), so the importer can list every error in the batch, not just the first. Problems with the file
// as a whole (unknown or duplicated columns, a missing record_id column) are thrown as core::UserError when
// the source is opened, before any row is read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/country_set.h"
#include "core/diagnostic.h"
#include "io/column_mapping.h"
#include "io/record_writer.h"
#include "records/case_record.h"

namespace clearpoint::io {

struct SourceRow {
  std::int64_t line = 0;
  records::CaseRecord record;
  std::vector<core::Diagnostic> problems;
};

// What a source changed on its way in, by the mapping's leave, for the import summary.
struct SourceNotes {
  std::int64_t impossible_dates_made_unknown = 0;  // impossible_dates = "unknown" in the mapping
  std::int64_t impossible_dates_made_year = 0;     // impossible_dates = "year": kept as their year alone
  bool year_asked = false;                         // the mapping said "year" (the unknown ones had none)
  // Where the first of each was, so the import names a cell of each kind.
  std::optional<core::SourceLocation> first_impossible_date_made_unknown;
  std::optional<core::SourceLocation> first_impossible_date_made_year;
};

struct SourceOptions {
  std::optional<FileFormat> format;  // from the extension when empty
  char separator = 0;                // CSV only; 0 detects it (or takes it from the mapping)
  std::string agency;                // expected agency: fills a missing column, checks a present one
  std::string list = "main";
  bool list_given = false;                 // `list` was asked for: a list column that differs is an error
  const ColumnMapping* mapping = nullptr;  // identity when null
  const core::CountrySet* countries = nullptr;
  // Empty or UTF-8: the file must be UTF-8 text (a workbook, UTF-16 or a legacy encoding is refused up
  // front, named); any other ICU converter name: the file is converted from it (io/text_encoding.h).
  std::string encoding;
  std::string display_name;  // the file's name in messages; empty: the path
  bool workbook = false;     // an Excel workbook (.xlsx) whatever its name: its first sheet is read
};

// The name of the extra column (CSV) or key (JSON Lines) a reject file adds; importers ignore it, so a
// corrected reject file can be imported as it is.
inline constexpr std::string_view kRejectErrorsColumn = "clearpoint_errors";

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  virtual bool next(SourceRow& row) = 0;
  // Writes the header of a reject file in this source's own layout.
  virtual void write_reject_header(std::ostream& out) const = 0;
  // Writes the last row read, as read, with its problems in an extra column.
  virtual void write_reject(std::ostream& out, const SourceRow& row) const = 0;
  virtual const SourceNotes& notes() const = 0;
  virtual std::uint64_t bytes_read() const = 0;
  virtual std::uint64_t total_bytes() const = 0;
  virtual FileFormat format() const = 0;  // of its reject file: a workbook's rejects are CSV
  // What the batch was sent as ("csv", "jsonl", "xlsx"), as `batches` shows it.
  virtual std::string_view format_name() const { return format() == FileFormat::kCsv ? "csv" : "jsonl"; }
  // The file's name as given ("<stdin>" for standard input), as it appears in diagnostics.
  virtual const std::string& file_name() const = 0;
};

std::unique_ptr<RecordSource> open_record_source(const std::string& path, const SourceOptions& options);

}  // namespace clearpoint::io
