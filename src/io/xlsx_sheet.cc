#include "io/xlsx_sheet.h"

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace clearpoint::io {

namespace {

[[noreturn]] void refuse(const std::string& file, const std::string& problem) {
  throw core::UserError({{core::SourceLocation{file, 0, 0},
                          {},
                          problem,
                          "save the list from Excel or LibreOffice as .xlsx again, or as CSV (UTF-8)"}});
}

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct EntryCloser {
  void operator()(zip_file_t* entry) const { zip_fclose(entry); }
};
struct ParserFree {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};

std::string_view local_name(const XML_Char* name) {
  std::string_view text(name);
  const auto colon = text.rfind(':');
  return colon == std::string_view::npos ? text : text.substr(colon + 1);
}

std::string attribute(const XML_Char** attributes, std::string_view wanted) {
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    if (local_name(attributes[i]) == wanted) return attributes[i + 1];
  }
  return {};
}

// One XML entry of the archive streamed through expat: `start`, `end` and `text` hear the events.
class EntryParser {
 public:
  std::function<void(std::string_view, const XML_Char**)> start;
  std::function<void(std::string_view)> end;
  std::function<void(std::string_view)> text;

  EntryParser() : parser_(XML_ParserCreate("UTF-8")) {
    XML_SetUserData(parser_.get(), this);
    XML_SetElementHandler(
        parser_.get(),
        [](void* self, const XML_Char* name, const XML_Char** attributes) {
          auto* me = static_cast<EntryParser*>(self);
          if (me->start) me->start(local_name(name), attributes);
        },
        [](void* self, const XML_Char* name) {
          auto* me = static_cast<EntryParser*>(self);
          if (me->end) me->end(local_name(name));
        });
    XML_SetCharacterDataHandler(parser_.get(), [](void* self, const XML_Char* data, int length) {
      auto* me = static_cast<EntryParser*>(self);
      if (me->text) me->text(std::string_view(data, static_cast<std::size_t>(length)));
    });
  }
  // Feeds bytes; false (with the problem in `error`) on malformed XML.
  bool feed(const char* data, std::size_t size, bool last, std::string& error) {
    if (XML_Parse(parser_.get(), data, static_cast<int>(size), last ? 1 : 0) == XML_STATUS_ERROR) {
      error =
          fmt::format("its XML is damaged ({}, line {})", XML_ErrorString(XML_GetErrorCode(parser_.get())),
                      XML_GetCurrentLineNumber(parser_.get()));
      return false;
    }
    return true;
  }

 private:
  std::unique_ptr<XML_ParserStruct, ParserFree> parser_;
};

// Excel's built-in number formats that show dates (ECMA-376 Part 1, 18.8.30).
bool builtin_date_format(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

// A custom format code shows a date when, outside quoted text, escapes and [colour/locale] sections, it
// has a day, month or year letter.
bool custom_date_format(std::string_view code) {
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      ++bracket;
    } else if (c == ']') {
      bracket = std::max(0, bracket - 1);
    } else if (bracket == 0 && (c == 'd' || c == 'D' || c == 'y' || c == 'Y' || c == 'm' || c == 'M')) {
      return true;
    }
  }
  return false;
}

// An Excel date serial as YYYY-MM-DD; empty when it is not a plausible date.
std::string date_from_serial(std::string_view text, bool date1904) {
  double serial = 0;
  try {
    serial = std::stod(std::string(text));
  } catch (const std::exception&) {
    return {};
  }
  if (!(serial >= 1 && serial <= 2958465)) return {};  // up to 9999-12-31; written so NaN is refused too
  auto days = static_cast<std::int64_t>(serial);
  // The 1900 system counts a 29 February 1900 that never was (serial 60): serials after it are a day ahead.
  if (!date1904 && days >= 61) --days;
  const std::chrono::sys_days base =
      date1904 ? std::chrono::sys_days{std::chrono::year{1904} / 1 / 1} - std::chrono::days{0}
               : std::chrono::sys_days{std::chrono::year{1899} / 12 / 31};
  const std::chrono::year_month_day date{base + std::chrono::days{days}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

// "C12" → column 3. Excel's last column is XFD (16,384); a longer reference is past it and stops counting
// there, so a hostile reference cannot overflow.
std::int64_t column_of_reference(std::string_view reference) {
  constexpr std::int64_t kPastLastColumn = 16385;
  std::int64_t column = 0;
  for (const char c : reference) {
    if (c < 'A' || c > 'Z') break;
    column = std::min(kPastLastColumn, column * 26 + (c - 'A' + 1));
  }
  return column;
}

}  // namespace

struct XlsxSheet::State {
  std::string file;
  std::string sheet;
  std::unique_ptr<zip_t, ZipCloser> archive;
  std::unique_ptr<zip_file_t, EntryCloser> entry;
  std::uint64_t total = 0;
  std::uint64_t consumed = 0;
  bool finished = false;
  bool date1904 = false;
  std::vector<std::string> shared;
  std::vector<bool> date_style;  // by cell style (xf) index
  EntryParser parser;
  std::deque<CsvRow> ready;
  // The cell and row being read.
  CsvRow row;
  std::int64_t last_row = 0;
  std::size_t header_width = 0;
  bool header_seen = false;
  std::string cell_type;
  std::int64_t cell_column = 0;
  std::int64_t next_column = 1;
  bool cell_date = false;
  std::string value;
  int in_value = 0;
  int in_phonetic = 0;

  // Reads a whole (small) entry through its own parser.
  void read_entry(const std::string& name, EntryParser& reader, std::uint64_t limit) {
    zip_stat_t info;
    zip_stat_init(&info);
    if (zip_stat(archive.get(), name.c_str(), 0, &info) != 0) return;
    if ((info.valid & ZIP_STAT_SIZE) != 0 && info.size > limit)
      refuse(file, fmt::format("the workbook's part {} unpacks to more than {} MB", name, limit >> 20));
    std::unique_ptr<zip_file_t, EntryCloser> part(zip_fopen(archive.get(), name.c_str(), 0));
    if (!part) refuse(file, fmt::format("the workbook's part {} cannot be read", name));
    std::array<char, 65536> buffer{};
    std::uint64_t read = 0;
    std::string error;
    for (;;) {
      const auto n = zip_fread(part.get(), buffer.data(), buffer.size());
      if (n < 0) refuse(file, fmt::format("the workbook's part {} is damaged", name));
      read += static_cast<std::uint64_t>(n);
      if (read > limit)
        refuse(file, fmt::format("the workbook's part {} unpacks to more than {} MB", name, limit >> 20));
      if (!reader.feed(buffer.data(), static_cast<std::size_t>(n), n == 0, error))
        refuse(file, fmt::format("the workbook's part {}: {}", name, error));
      if (n == 0) break;
    }
  }

  std::string first_sheet_path() {
    std::string relation;
    EntryParser workbook;
    workbook.start = [&](std::string_view element, const XML_Char** attributes) {
      if (element == "workbookPr") {
        const auto flag = attribute(attributes, "date1904");
        date1904 = flag == "1" || flag == "true";
      } else if (element == "sheet" && relation.empty()) {
        sheet = attribute(attributes, "name");
        relation = attribute(attributes, "id");
      }
    };
    if (zip_name_locate(archive.get(), "xl/workbook.xml", 0) < 0)
      refuse(file, "the file is not an Excel workbook (.xlsx)");
    read_entry("xl/workbook.xml", workbook, kMaxEntryBytes);
    if (relation.empty()) refuse(file, "the workbook has no worksheet");
    std::string target;
    EntryParser relations;
    relations.start = [&](std::string_view element, const XML_Char** attributes) {
      if (element == "Relationship" && attribute(attributes, "Id") == relation)
        target = attribute(attributes, "Target");
    };
    read_entry("xl/_rels/workbook.xml.rels", relations, kMaxEntryBytes);
    if (target.empty()) target = "worksheets/sheet1.xml";
    if (target.starts_with('/')) return target.substr(1);
    return "xl/" + target;
  }

  void read_shared_strings() {
    EntryParser strings;
    std::string current;
    int depth_in_si = 0;
    int in_text = 0;
    int phonetic = 0;
    std::uint64_t bytes = 0;
    strings.start = [&](std::string_view element, const XML_Char**) {
      if (element == "si") {
        current.clear();
        depth_in_si = 1;
      } else if (element == "rPh") {
        ++phonetic;
      } else if (element == "t" && depth_in_si > 0 && phonetic == 0) {
        ++in_text;
      }
    };
    strings.end = [&](std::string_view element) {
      if (element == "si") {
        bytes += current.size();
        if (bytes > kMaxSharedStringBytes) refuse(file, "the workbook's text cells exceed 256 MB");
        shared.push_back(current);
        depth_in_si = 0;
      } else if (element == "rPh") {
        --phonetic;
      } else if (element == "t" && in_text > 0) {
        --in_text;
      }
    };
    strings.text = [&](std::string_view data) {
      if (in_text > 0) current += data;
    };
    read_entry("xl/sharedStrings.xml", strings, kMaxEntryBytes);
  }

  void read_styles() {
    EntryParser styles;
    std::map<int, bool> custom_date;
    std::vector<int> formats;
    bool in_cell_xfs = false;
    styles.start = [&](std::string_view element, const XML_Char** attributes) {
      if (element == "numFmt") {
        custom_date[std::atoi(attribute(attributes, "numFmtId").c_str())] =
            custom_date_format(attribute(attributes, "formatCode"));
      } else if (element == "cellXfs") {
        in_cell_xfs = true;
      } else if (element == "xf" && in_cell_xfs) {
        formats.push_back(std::atoi(attribute(attributes, "numFmtId").c_str()));
      }
    };
    styles.end = [&](std::string_view element) {
      if (element == "cellXfs") in_cell_xfs = false;
    };
    read_entry("xl/styles.xml", styles, kMaxEntryBytes);
    for (const int id : formats) {
      const auto custom = custom_date.find(id);
      date_style.push_back(custom != custom_date.end() ? custom->second : builtin_date_format(id));
    }
  }

  void start_cell(const XML_Char** attributes) {
    cell_type = attribute(attributes, "t");
    const auto reference = attribute(attributes, "r");
    cell_column = reference.empty() ? next_column : column_of_reference(reference);
    const auto style = attribute(attributes, "s");
    const auto index = style.empty() ? 0U : static_cast<std::size_t>(std::atoi(style.c_str()));
    cell_date = index < date_style.size() && date_style[index];
    value.clear();
  }

  void end_cell() {
    std::string text;
    if (cell_type == "s") {
      const auto index = static_cast<std::size_t>(std::atoll(value.c_str()));
      text = index < shared.size() ? shared[index] : std::string();
    } else if (cell_type == "b") {
      text = value == "1" ? "yes" : "no";
    } else if (cell_type.empty() || cell_type == "n") {
      text = value;
      if (cell_date && !value.empty()) {
        if (const auto date = date_from_serial(value, date1904); !date.empty()) text = date;
      }
    } else {
      text = value;  // inlineStr, str (a formula's value), e (an error such as #N/A), d (ISO date)
    }
    if (cell_column < 1 || cell_column > 16384) return;
    const auto at = static_cast<std::size_t>(cell_column - 1);
    if (row.fields.size() <= at) {
      for (auto c = static_cast<std::int64_t>(row.fields.size()) + 1; c <= cell_column; ++c) {
        row.fields.emplace_back();
        row.columns.push_back(c);
      }
    }
    row.fields[at] = std::move(text);
    next_column = cell_column + 1;
  }

  void end_row() {
    const bool blank = std::all_of(row.fields.begin(), row.fields.end(), [](const std::string& f) {
      return f.find_first_not_of(" \t") == std::string::npos;
    });
    if (!blank) {
      if (!header_seen) {
        header_seen = true;
        header_width = row.fields.size();
      }
      while (row.fields.size() < header_width) {
        row.fields.emplace_back();
        row.columns.push_back(static_cast<std::int64_t>(row.fields.size()));
      }
      ready.push_back(std::move(row));
    }
    row = CsvRow{};
  }

  void wire_sheet_parser() {
    parser.start = [this](std::string_view element, const XML_Char** attributes) {
      if (element == "row") {
        row = CsvRow{};
        const auto number = attribute(attributes, "r");
        row.line = number.empty() ? last_row + 1 : std::atoll(number.c_str());
        last_row = row.line;
        next_column = 1;
      } else if (element == "c") {
        start_cell(attributes);
      } else if (element == "rPh") {
        ++in_phonetic;
      } else if ((element == "v" || element == "t") && in_phonetic == 0) {
        ++in_value;
      }
    };
    parser.end = [this](std::string_view element) {
      if (element == "row") {
        end_row();
      } else if (element == "c") {
        end_cell();
      } else if (element == "rPh") {
        --in_phonetic;
      } else if ((element == "v" || element == "t") && in_value > 0) {
        --in_value;
      }
    };
    parser.text = [this](std::string_view data) {
      if (in_value > 0) value += data;
    };
  }
};

XlsxSheet::XlsxSheet(const std::string& path, const std::string& display_name)
    : state_(std::make_unique<State>()) {
  auto& s = *state_;
  s.file = display_name.empty() ? path : display_name;
  int error = 0;
  s.archive.reset(zip_open(path.c_str(), ZIP_RDONLY, &error));
  if (!s.archive) refuse(s.file, "the file is not an Excel workbook (.xlsx): it is not a zip archive");
  const std::string sheet_path = s.first_sheet_path();
  s.read_shared_strings();
  s.read_styles();
  zip_stat_t info;
  zip_stat_init(&info);
  if (zip_stat(s.archive.get(), sheet_path.c_str(), 0, &info) != 0)
    refuse(s.file, fmt::format("the workbook's sheet '{}' is missing from it", s.sheet));
  s.total = (info.valid & ZIP_STAT_SIZE) != 0 ? info.size : 0;
  if (s.total > kMaxEntryBytes)
    refuse(s.file, fmt::format("the sheet '{}' unpacks to more than 1 GB", s.sheet));
  s.entry.reset(zip_fopen(s.archive.get(), sheet_path.c_str(), 0));
  if (!s.entry) refuse(s.file, fmt::format("the workbook's sheet '{}' cannot be read", s.sheet));
  s.wire_sheet_parser();
}

XlsxSheet::~XlsxSheet() = default;

bool XlsxSheet::next(CsvRow& row) {
  auto& s = *state_;
  std::array<char, 65536> buffer{};
  std::string error;
  while (s.ready.empty() && !s.finished) {
    const auto n = zip_fread(s.entry.get(), buffer.data(), buffer.size());
    if (n < 0) refuse(s.file, fmt::format("the sheet '{}' is damaged", s.sheet));
    s.consumed += static_cast<std::uint64_t>(n);
    if (s.consumed > kMaxEntryBytes)
      refuse(s.file, fmt::format("the sheet '{}' unpacks to more than 1 GB", s.sheet));
    s.finished = n == 0;
    if (!s.parser.feed(buffer.data(), static_cast<std::size_t>(n), s.finished, error))
      refuse(s.file, fmt::format("the sheet '{}': {}", s.sheet, error));
  }
  if (s.ready.empty()) return false;
  row = std::move(s.ready.front());
  s.ready.pop_front();
  return true;
}

const std::string& XlsxSheet::sheet_name() const {
  return state_->sheet;
}
const std::string& XlsxSheet::file_name() const {
  return state_->file;
}
std::uint64_t XlsxSheet::bytes_read() const {
  return state_->consumed;
}
std::uint64_t XlsxSheet::total_bytes() const {
  return state_->total;
}

}  // namespace clearpoint::io
