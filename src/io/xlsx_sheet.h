// XlsxSheet: the rows of an Excel workbook's first worksheet (.xlsx, Office Open XML), read as a CSV file's
// rows are, so a data officer can submit the workbook the agency keeps instead of exporting it.
//
// Contract:
// - The workbook is read with libzip and its XML streamed through expat: the sheet is never held whole in
//   memory (the shared strings are, capped); an entry that unpacks beyond kMaxEntryBytes is refused (a
//   "zip bomb"), as is anything that is not a workbook, named as such.
// - Each row comes with its sheet row number as `line` and each field's spreadsheet column number (A = 1)
//   as its column; the first row is the header and later rows are padded to its width (a sheet leaves
//   trailing empty cells out). Wholly empty rows are skipped.
// - Cells read as their text: shared and inline strings as written, numbers as Excel stores them, a number
//   formatted as a date as YYYY-MM-DD (1900 and 1904 date systems), TRUE/FALSE as yes/no, a formula as its
//   last computed value, an error cell (#N/A) as its text (which then fails the field's check).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "io/csv_reader.h"

namespace clearpoint::io {

class XlsxSheet {
 public:
  static constexpr std::uint64_t kMaxEntryBytes = std::uint64_t{1} << 30;
  static constexpr std::uint64_t kMaxSharedStringBytes = std::uint64_t{256} << 20;

  // Throws core::UserError when the file is not an .xlsx workbook or has no worksheet.
  XlsxSheet(const std::string& path, const std::string& display_name);
  ~XlsxSheet();
  XlsxSheet(const XlsxSheet&) = delete;
  XlsxSheet& operator=(const XlsxSheet&) = delete;

  // The next non-empty row; false at the end of the sheet. Throws core::UserError on malformed XML.
  bool next(CsvRow& row);

  const std::string& sheet_name() const;
  const std::string& file_name() const;
  char separator() const { return ','; }  // of the reject file written beside it
  std::uint64_t bytes_read() const;
  std::uint64_t total_bytes() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace clearpoint::io
