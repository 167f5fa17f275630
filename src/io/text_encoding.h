// Text encodings of agency files: what a file is before it is read, and converting the region's legacy
// encodings to UTF-8.
//
// Agencies in the region export lists from Excel and old case-management systems: CSV in Windows-1250
// (Latin: Đorđević) or Windows-1251 / ISO-8859-5 (Cyrillic: Ђорђевић), UTF-16 "Unicode text", or the
// workbook itself renamed .csv. Read as UTF-8, each of these gives a wall of errors or, worse, names
// mangled into plausible text. So a file is looked at once, up front: a workbook, UTF-16/32 or binary data
// is refused with one message that says what it is and what to do, and text that is not UTF-8 is named
// with ICU's best guess of its encoding. `--encoding NAME` converts such a file to UTF-8 with ICU (any
// converter name ICU knows); bytes the encoding does not define are refused with their location.
#pragma once

#include <string>
#include <string_view>

namespace clearpoint::io {

// Throws core::UserError (one diagnostic at `display_name`) when the start of the file at `path` is not
// UTF-8 text. Standard input ("-") is not looked at.
void require_utf8_text(const std::string& path, const std::string& display_name);

// True for "", "utf-8", "UTF8" …: no conversion needed.
bool is_utf8_name(std::string_view encoding);

// The file at `path` in `encoding`, converted to UTF-8 into an anonymous in-memory file that lives as long
// as this object; path() names it for readers that take a path. Throws core::UserError for an encoding
// ICU does not know or a byte sequence the encoding does not define (with its line in the file).
class Utf8Copy {
 public:
  Utf8Copy(const std::string& path, const std::string& encoding);
  ~Utf8Copy();
  Utf8Copy(const Utf8Copy&) = delete;
  Utf8Copy& operator=(const Utf8Copy&) = delete;

  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace clearpoint::io
