#include "io/csv_reader.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "core/parse_number.h"

namespace clearpoint::io {

namespace {
constexpr std::size_t kChunkBytes = 1 << 20;

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}
}  // namespace

// A hand-written check rather than ICU: the importer needs the character position of the first bad
// byte for its message, and this runs on every cell of every row, where a conversion would cost more.
std::int64_t find_invalid_utf8(std::string_view text) {
  std::int64_t chars = 0;
  std::size_t i = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  while (i < n) {
    ++chars;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code = c & 0x07;
    } else {
      return chars;
    }
    if (i + length > n) return chars;
    for (std::size_t k = 1; k < length; ++k) {
      if (!is_continuation(s[i + k])) return chars;
      code = (code << 6) | (s[i + k] & 0x3F);
    }
    const bool overlong =
        (length == 2 && code < 0x80) || (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (overlong || surrogate || code > 0x10FFFF) return chars;
    i += length;
  }
  return 0;
}

void CsvReader::FileCloser::operator()(std::FILE* f) const {
  if (f != nullptr && f != stdin) std::fclose(f);
}

CsvReader::CsvReader(const std::string& path, CsvOptions options)
    : file_name_(!options.display_name.empty() ? options.display_name
                 : path == "-"                 ? "<stdin>"
                                               : path),
      options_(std::move(options)),
      buffer_(kChunkBytes) {
  if (path == "-") {
    file_.reset(stdin);
  } else {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
      throw core::UserError(fmt::format("{} is a folder, not a file", path), "name a CSV or JSON Lines file");
    }
    file_.reset(std::fopen(path.c_str(), "rb"));
    if (!file_) {
      throw core::UserError(fmt::format("cannot open {}: {}", path, std::strerror(errno)),
                            "check the path and that you may read the file");
    }
    total_bytes_ = static_cast<std::uint64_t>(info.st_size);
  }
  // Skip a UTF-8 byte-order mark.
  if (fill() && filled_ >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) position_ = 3;
  if (options_.separator != 0) {
    separator_ = options_.separator;
  } else {
    detect_separator();
  }
}

CsvReader::~CsvReader() = default;

bool CsvReader::fill() {
  if (eof_) return false;
  if (position_ < filled_) {
    std::memmove(buffer_.data(), buffer_.data() + position_, filled_ - position_);
  }
  filled_ -= position_;
  position_ = 0;
  const std::size_t got = std::fread(buffer_.data() + filled_, 1, buffer_.size() - filled_, file_.get());
  filled_ += got;
  if (got == 0) eof_ = true;
  return got > 0;
}

int CsvReader::peek() {
  if (position_ >= filled_ && !fill()) return EOF;
  return static_cast<unsigned char>(buffer_[position_]);
}

int CsvReader::get() {
  const int c = peek();
  if (c == EOF) return EOF;
  ++position_;
  ++consumed_;
  if (c == '\n') {
    ++line_;
    column_ = 1;
  } else if (!is_continuation(static_cast<unsigned char>(c))) {
    ++column_;
  }
  return c;
}

void CsvReader::detect_separator() {
  // Count candidate separators outside quotes on the header line, which is within the first chunk
  // unless it is longer than a megabyte.
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  std::size_t tabs = 0;
  bool quoted = false;
  for (std::size_t i = position_; i < filled_; ++i) {
    const char c = buffer_[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    commas += c == ',' ? 1 : 0;
    semicolons += c == ';' ? 1 : 0;
    tabs += c == '\t' ? 1 : 0;
  }
  separator_ = ',';
  if (semicolons > commas && semicolons >= tabs) separator_ = ';';
  if (tabs > commas && tabs > semicolons) separator_ = '\t';
}

int CsvReader::peek_at(std::size_t offset) {
  if (position_ + offset >= filled_) fill();  // moves the unread bytes to the front
  if (position_ + offset >= filled_) return EOF;
  return static_cast<unsigned char>(buffer_[position_ + offset]);
}

void CsvReader::append(int c) {
  if (c == 0) had_nul_ = true;
  if (field_.size() < options_.max_field_bytes) {
    field_.push_back(static_cast<char>(c));
  } else {
    overlong_ = true;
  }
}

void CsvReader::append(const char* begin, const char* end) {
  const std::size_t room = options_.max_field_bytes - std::min(options_.max_field_bytes, field_.size());
  const auto length = static_cast<std::size_t>(end - begin);
  field_.append(begin, std::min(room, length));
  if (length > room) overlong_ = true;
}

// The hot path of every import: consumes an unquoted field up to the separator or the line end a
// buffer's span at a time rather than byte by byte.
void CsvReader::scan_unquoted() {
  while (true) {
    if (position_ >= filled_ && !fill()) return;
    const char* begin = buffer_.data() + position_;
    const char* end = buffer_.data() + filled_;
    const char* p = begin;
    while (p < end && *p != separator_ && *p != '\n' && *p != '\r' && *p != '\0') ++p;
    for (const char* q = begin; q < p; ++q)
      column_ += is_continuation(static_cast<unsigned char>(*q)) ? 0 : 1;
    append(begin, p);
    consumed_ += static_cast<std::uint64_t>(p - begin);
    position_ += static_cast<std::size_t>(p - begin);
    if (p == end) continue;
    // A NUL is kept (and reported); so is a CR not followed by LF (the record check refuses it as a
    // control character). `p` is not used after peek_at, which may move the buffer.
    const char stop = *p;
    if (stop == '\0' || (stop == '\r' && peek_at(1) != '\n')) {
      append(get());
      continue;
    }
    return;
  }
}

void CsvReader::finish_field(CsvRow& row) {
  const auto where = core::SourceLocation{file_name_, field_line_, field_column_};
  if (overlong_) {
    row.problems.push_back(
        {where,
         {},
         fmt::format("a field is longer than {} KiB and was cut", options_.max_field_bytes / 1024),
         "check the separator and the quotes around this field; no field needs that much text"});
  } else if (had_nul_) {
    row.problems.push_back(
        {where,
         {},
         "the field contains a NUL byte",
         "the file is probably not a text file, or was saved as UTF-16; save it as CSV UTF-8"});
  } else if (const auto bad = find_invalid_utf8(field_); bad > 0) {
    row.problems.push_back(
        {core::SourceLocation{file_name_, field_line_, field_column_ + bad - 1},
         {},
         "the text is not valid UTF-8",
         "save the file as 'CSV UTF-8' (Excel) or convert it from Windows-1250/1251 to UTF-8"});
  }
  // Swap rather than copy: the row's old string becomes the next field's buffer, capacity and all.
  const std::size_t index = row.columns.size();
  if (index >= row.fields.size()) row.fields.emplace_back();
  row.fields[index].swap(field_);
  row.columns.push_back(field_column_);
  field_.clear();
  overlong_ = false;
  had_nul_ = false;
  field_line_ = line_;
  field_column_ = column_;
}

bool CsvReader::next(CsvRow& row) {
  row.columns.clear();
  row.problems.clear();
  // Skip blank lines (Excel leaves them at the end of files).
  while (true) {
    const int c = peek();
    if (c == EOF) {
      row.fields.clear();
      return false;
    }
    if (c == '\r' || c == '\n') {
      get();
      continue;
    }
    break;
  }
  row.line = line_;
  field_.clear();
  overlong_ = false;
  had_nul_ = false;
  field_line_ = line_;
  field_column_ = column_;
  const auto end_row = [&] {
    row.fields.resize(row.columns.size());
    return true;
  };

  while (true) {
    if (peek() == '"') {
      // Quoted field: runs to the matching quote; doubled quotes stand for one.
      const std::int64_t quote_line = line_;
      get();
      bool closed = false;
      while (true) {
        const int c = get();
        if (c == EOF) break;
        if (c == '"') {
          if (peek() == '"') {
            get();
            append('"');
            continue;
          }
          closed = true;
          break;
        }
        append(c);
      }
      if (!closed) {
        row.problems.push_back(
            {core::SourceLocation{file_name_, quote_line, field_column_},
             {},
             "a quoted field is never closed",
             "add the missing closing quote (\"), or double a quote inside the text (\"\")"});
        finish_field(row);
        return end_row();
      }
      const int after = peek();
      if (after != EOF && after != separator_ && after != '\n' && after != '\r') {
        row.problems.push_back({core::SourceLocation{file_name_, line_, column_},
                                {},
                                "unexpected text after a closing quote",
                                "put the whole field in quotes and double any quote inside it"});
        scan_unquoted();
      }
    } else {
      scan_unquoted();
    }
    const int c = get();
    if (c == separator_) {
      finish_field(row);
      continue;
    }
    if (c == '\r' && peek() == '\n') get();
    finish_field(row);
    return end_row();
  }
}

std::vector<CsvRow> read_csv_table(const std::string& path, std::size_t min_columns) {
  CsvReader reader(path, CsvOptions{',', 4096, {}});
  std::vector<CsvRow> rows;
  std::vector<core::Diagnostic> problems;
  CsvRow row;
  bool header = true;
  while (reader.next(row)) {
    if (header) {
      header = false;
      continue;
    }
    // A line opening with # is a comment: the tables cite their sources in their own text.
    if (!row.fields.empty() && row.fields.front().starts_with('#')) continue;
    problems.insert(problems.end(), row.problems.begin(), row.problems.end());
    if (row.fields.size() < min_columns) {
      problems.push_back({{path, row.line, 1},
                          {},
                          fmt::format("expected {} columns, found {}", min_columns, row.fields.size()),
                          "keep the header's columns"});
      continue;
    }
    rows.push_back(row);
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
  return rows;
}

int integer_cell(const CsvRow& row, std::size_t column, const std::string& path, const std::string& field) {
  const auto value = core::parse_int(row.fields.at(column));
  if (!value) {
    throw core::UserError({{{path, row.line, row.columns.at(column)},
                            field,
                            fmt::format("'{}' is not a whole number", row.fields[column]),
                            "write the number in digits, e.g. 2004"}});
  }
  return *value;
}

}  // namespace clearpoint::io
