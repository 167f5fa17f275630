// CsvReader: streams the rows of an RFC 4180 file as agencies in the region write them.
//
// Excel in the Western Balkans writes ';'-separated files (the decimal comma takes ','), often with a
// UTF-8 byte-order mark; other tools write ','. The reader skips a BOM, detects the separator from the
// header line unless one is given, accepts quoted fields with doubled quotes and line breaks, and
// reads in fixed-size chunks so memory stays flat however large the file is.
//
// Nothing a file contains makes it fail: malformed UTF-8, NUL bytes, overlong fields and unbalanced
// quotes become located problems on the row they occur in, and reading goes on with the next row.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace clearpoint::io {

struct CsvRow {
  std::int64_t line = 0;  // physical line on which the row starts
  std::vector<std::string> fields;
  std::vector<std::int64_t> columns;  // character column at which each field starts
  std::vector<core::Diagnostic> problems;
};

struct CsvOptions {
  char separator = 0;  // 0: detect from the header line (',', ';' or tab)
  std::size_t max_field_bytes = 64 * 1024;
  std::string display_name;  // the file's name in diagnostics; empty: the path
};

class CsvReader {
 public:
  // Opens `path` ("-" for standard input). Throws core::UserError when it cannot be opened.
  CsvReader(const std::string& path, CsvOptions options);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next non-blank row into `row`; false at the end of the file.
  bool next(CsvRow& row);

  char separator() const { return separator_; }
  std::uint64_t bytes_read() const { return consumed_; }
  // 0 when unknown (a pipe).
  std::uint64_t total_bytes() const { return total_bytes_; }
  const std::string& file_name() const { return file_name_; }

 private:
  bool fill();
  int peek();
  int get();
  void detect_separator();
  int peek_at(std::size_t offset);
  void append(int c);
  void append(const char* begin, const char* end);
  void scan_unquoted();
  void finish_field(CsvRow& row);

  struct FileCloser {
    void operator()(std::FILE* f) const;
  };
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string file_name_;
  CsvOptions options_;
  char separator_ = ',';
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t filled_ = 0;
  bool eof_ = false;
  std::uint64_t consumed_ = 0;
  std::uint64_t total_bytes_ = 0;
  std::int64_t line_ = 1;
  std::int64_t column_ = 1;  // character column of the next byte

  // The field being read.
  std::string field_;
  std::int64_t field_line_ = 0;
  std::int64_t field_column_ = 0;
  bool overlong_ = false;
  bool had_nul_ = false;
};

// Reads a small reference table (a CSV file with a header row, as under data/) whole; rows whose first
// cell opens with # are comments (where a table cites its sources). Every problem,
// including a row with fewer than `min_columns` fields, is thrown as core::UserError with its location.
std::vector<CsvRow> read_csv_table(const std::string& path, std::size_t min_columns);

// The whole integer in `row.fields[column]` of a reference table; throws core::UserError located at the
// cell (path:line:column, `field`) when it is anything else ("2001x", "", "twenty").
int integer_cell(const CsvRow& row, std::size_t column, const std::string& path, const std::string& field);

// Position (1-based, in characters) of the first malformed UTF-8 byte in `text`, or 0 when valid.
std::int64_t find_invalid_utf8(std::string_view text);

}  // namespace clearpoint::io
