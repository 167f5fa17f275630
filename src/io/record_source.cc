#include "io/record_source.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "io/csv_reader.h"
#include "io/csv_writer.h"
#include "io/formula_escape.h"
#include "io/text_encoding.h"
#include "io/xlsx_sheet.h"

namespace clearpoint::io {

namespace {

using records::FieldKind;
using records::FieldSpec;

std::string_view trim_spaces(std::string_view text);

// A column's spreadsheet letter: 0 → A, 25 → Z, 26 → AA.
std::string spreadsheet_column(std::size_t index) {
  std::string letters;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

// Fills the fields that come from outside the file and checks the record as a whole.
class RowFinisher {
 public:
  RowFinisher(const SourceOptions& options, const ColumnMapping& mapping, std::string file)
      : options_(options), mapping_(mapping), file_(std::move(file)) {
    for (const auto& [name, value] : mapping.constants()) {
      constants_.emplace_back(records::find_field(name), value);
    }
  }

  // Assigns one cell through the mapping's value words; list cells are translated item by item.
  void assign(SourceRow& row, const FieldSpec& field, std::string_view cell, std::int64_t column) {
    if (mapping_.trims()) cell = trim_spaces(cell);
    std::string iso;
    if (field.kind == FieldKind::kDate && mapping_.date_format()) {
      const core::SourceLocation where{file_, row.line, column};
      const auto& format = *mapping_.date_format();
      auto reading = format.read(cell);
      switch (reading.outcome) {
        case DateFormat::Outcome::kEmpty:
        case DateFormat::Outcome::kDate:
          iso = std::move(reading.iso);
          cell = iso;
          break;
        case DateFormat::Outcome::kMismatch:
          // The value is not echoed: a birth date beside a line number identifies a person.
          row.problems.push_back(
              {where, std::string(field.name),
               fmt::format("is not a date written as {} (the mapping's date_format)", format.pattern()),
               "correct the cell, leave it empty when the date is unknown, or fix date_format"});
          return;
        case DateFormat::Outcome::kImpossible:
          if (mapping_.impossible_dates() == ImpossibleDates::kYear && reading.year != 0) {
            ++notes_.impossible_dates_made_year;
            if (!notes_.first_impossible_date_made_year) notes_.first_impossible_date_made_year = where;
            iso = fmt::format("{:04}", reading.year);
            cell = iso;
            break;
          }
          if (mapping_.impossible_dates() != ImpossibleDates::kReject) {
            ++notes_.impossible_dates_made_unknown;
            notes_.year_asked = mapping_.impossible_dates() == ImpossibleDates::kYear;
            if (!notes_.first_impossible_date_made_unknown) notes_.first_impossible_date_made_unknown = where;
            return;
          }
          row.problems.push_back({where, std::string(field.name),
                                  "is not a real calendar date (a 31 February, a month 13)",
                                  "correct the cell, or set impossible_dates = \"unknown\" (or \"year\") in "
                                  "the mapping's [format] to keep such rows with the date unknown (or as "
                                  "its year alone)"});
          return;
      }
    }
    std::string translated;
    std::string separated;
    std::string_view text = mapping_.translate(field, cell);
    const bool is_list = field.kind == FieldKind::kCodeList || field.kind == FieldKind::kCountryList ||
                         field.kind == FieldKind::kTextList;
    if (is_list && mapping_.list_separator() != records::kListSeparator) {
      separated = std::string(cell);
      std::replace(separated.begin(), separated.end(), mapping_.list_separator(), records::kListSeparator);
      text = mapping_.translate(field, separated);
    }
    if (is_list && text.find(records::kListSeparator) != std::string_view::npos) {
      std::size_t begin = 0;
      while (true) {
        const std::size_t bar = text.find(records::kListSeparator, begin);
        if (begin > 0) translated += records::kListSeparator;
        translated +=
            mapping_.translate(field, text.substr(begin, bar == std::string_view::npos ? bar : bar - begin));
        if (bar == std::string_view::npos) break;
        begin = bar + 1;
      }
      text = translated;
    }
    if (auto problem = records::assign_field(row.record, field, text, *options_.countries)) {
      row.problems.push_back(core::Diagnostic{core::SourceLocation{file_, row.line, column},
                                              std::string(field.name), std::move(problem->problem),
                                              std::move(problem->hint)});
    }
  }

  void finish(SourceRow& row, bool has_agency_column, bool has_list_column) {
    for (const auto& [field, value] : constants_) {
      if (records::field_text(row.record, *field).empty()) assign(row, *field, value, 1);
    }
    if (!has_agency_column && row.record.agency.empty()) row.record.agency = options_.agency;
    if (!has_list_column && row.record.list.empty()) row.record.list = options_.list;
    if (has_list_column && options_.list_given && row.record.list != options_.list) {
      row.problems.push_back(
          {core::SourceLocation{file_, row.line, 1}, "list",
           fmt::format("the row belongs to list '{}' but the batch is imported as list '{}'", row.record.list,
                       options_.list),
           "leave out --list to take each row's list from the file, or import each list "
           "in its own batch"});
    }
    if (!options_.agency.empty() && row.record.agency != options_.agency) {
      row.problems.push_back({core::SourceLocation{file_, row.line, 1}, "agency",
                              fmt::format("the row belongs to agency '{}' but the batch is imported as '{}'",
                                          row.record.agency, options_.agency),
                              "import each agency's records in its own batch"});
    }
    for (auto& problem : records::check_record(row.record)) {
      row.problems.push_back({core::SourceLocation{file_, row.line, 1}, std::string(problem.field),
                              std::move(problem.problem.problem), std::move(problem.problem.hint)});
    }
  }

  const SourceNotes& notes() const { return notes_; }

 private:
  SourceOptions options_;
  const ColumnMapping& mapping_;
  std::string file_;
  std::vector<std::pair<const FieldSpec*, std::string>> constants_;
  SourceNotes notes_;
};

std::string_view trim_spaces(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

void require_countries(const SourceOptions& options) {
  if (options.countries == nullptr) throw std::logic_error("SourceOptions.countries is required");
}

std::string join_problems(const std::vector<core::Diagnostic>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += "; ";
    out += p.to_string();
  }
  return out;
}

CsvOptions csv_options(const SourceOptions& options, const ColumnMapping& mapping) {
  CsvOptions csv;
  csv.separator = options.separator != 0 ? options.separator : mapping.separator();
  csv.display_name = options.display_name;
  return csv;
}

// A table of rows with a header: a CSV file (CsvReader) or a workbook's sheet (XlsxSheet), which read
// alike; a sheet's problems are located as Sheet!C12.
template <class Reader>
class TableRecordSource final : public RecordSource {
 public:
  TableRecordSource(std::unique_ptr<Reader> reader, const SourceOptions& options,
                    const ColumnMapping& mapping)
      : mapping_(mapping), reader_(std::move(reader)), finisher_(options, mapping, reader_->file_name()) {
    try {
      read_header(options);
    } catch (core::UserError& error) {
      auto problems = error.diagnostics();
      locate(problems);
      throw core::UserError(std::move(problems));
    }
  }

  bool next(SourceRow& row) override {
    const bool more = next_row(row);
    if (more) locate(row.problems);
    return more;
  }

  std::string_view format_name() const override {
    if constexpr (std::is_same_v<Reader, XlsxSheet>) {
      return "xlsx";
    } else {
      return "csv";
    }
  }

 private:
  void locate(std::vector<core::Diagnostic>& problems) const {
    if constexpr (std::is_same_v<Reader, XlsxSheet>) {
      for (auto& problem : problems) {
        if (problem.where.file == reader_->file_name()) problem.where.sheet = reader_->sheet_name();
      }
    }
  }

  void read_header(const SourceOptions& options) {
    const auto& mapping = mapping_;
    CsvRow header;
    if (!reader_->next(header)) {
      throw core::UserError(
          {{{reader_->file_name(), 1, 1}, {}, "the file is empty", "export the list with its header row"}});
    }
    header_ = header.fields;
    std::vector<core::Diagnostic> problems = header.problems;
    std::vector<std::int64_t> seen(records::field_catalogue().size(), 0);
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      if (mapping_.trims()) header.fields[i] = std::string(trim_spaces(header.fields[i]));
      const std::string& name = header.fields[i];
      const core::SourceLocation where{reader_->file_name(), header.line, header.columns[i]};
      if (name == kRejectErrorsColumn) {
        targets_.push_back(nullptr);
        continue;
      }
      const auto field = mapping_.field_for(name);
      if (!field) {
        const std::string guess = nearest_field_name(name);
        const bool one_column = header.fields.size() == 1 &&
                                (name.find(';') != std::string::npos || name.find(',') != std::string::npos);
        // The cell is not repeated: in a file without a header row, or with its columns shifted, the
        // "header" is the first person's name, surname or birth date.
        problems.push_back(
            {where,
             {},
             fmt::format("column {} ({}) of the header is not a clearpoint field nor in the mapping", i + 1,
                         spreadsheet_column(i)),
             one_column ? fmt::format("the header is one column: the file seems to use another "
                                      "separator than '{}'; give --separator",
                                      reader_->separator())
             : guess.empty()
                 ? "map it to a field in a column mapping file (--mapping), or ignore it there with \"\""
                 : fmt::format("did you mean '{}'? Otherwise map or ignore it in a column mapping "
                               "file (--mapping)",
                               guess)});
        targets_.push_back(nullptr);
        continue;
      }
      targets_.push_back(*field);
      if (*field == nullptr) continue;
      const auto index = static_cast<std::size_t>(*field - records::field_catalogue().data());
      if (seen[index] != 0) {
        problems.push_back(
            {where, std::string((*field)->name),
             fmt::format("two columns map to this field (the other is column {})", seen[index]),
             "keep one of them, or ignore the other in the column mapping"});
      }
      seen[index] = header.columns[i];
      has_agency_ = has_agency_ || (*field)->name == "agency";
      has_list_ = has_list_ || (*field)->name == "list";
      has_record_id_ = has_record_id_ || (*field)->name == "record_id";
    }
    if (!has_record_id_ && problems.empty()) {
      problems.push_back(
          {{reader_->file_name(), header.line, 1},
           "record_id",
           "the file has no record_id column",
           "every record needs the agency's own identifier; map the case-number column to record_id"});
    }
    // Said once for the file, not once per row (300,000 lines for a large batch).
    if (problems.empty() && !has_agency_ && options.agency.empty() &&
        !mapping.constants().contains("agency")) {
      problems.push_back({{reader_->file_name(), header.line, 1},
                          "agency",
                          "no agency is given: the file has no agency column and no --agency was passed",
                          "pass --agency with the agency's short code (e.g. --agency MUP-RS)"});
    }
    if (!problems.empty()) throw core::UserError(std::move(problems));
  }

  bool next_row(SourceRow& row) {
    if (!reader_->next(raw_)) return false;
    row.line = raw_.line;
    row.record.clear();
    row.problems = raw_.problems;
    if (raw_.fields.size() != targets_.size()) {
      row.problems.push_back(
          {{reader_->file_name(), raw_.line, 1},
           {},
           fmt::format("the row has {} fields but the header has {}", raw_.fields.size(), targets_.size()),
           fmt::format("check the separator ('{}' here) and the quotes in this row", reader_->separator())});
      return true;
    }
    if (!row.problems.empty()) return true;  // malformed text: its values are not worth checking
    for (std::size_t i = 0; i < targets_.size(); ++i) {
      if (targets_[i] != nullptr) {
        finisher_.assign(row, *targets_[i], unescape_formula(raw_.fields[i]), raw_.columns[i]);
      }
    }
    finisher_.finish(row, has_agency_, has_list_);
    return true;
  }

  void write_reject_header(std::ostream& out) const override {
    std::vector<std::string> header = header_;
    header.emplace_back(kRejectErrorsColumn);
    CsvWriter(out, reader_->separator()).write_row(header);
  }

  void write_reject(std::ostream& out, const SourceRow& row) const override {
    std::vector<std::string> fields = raw_.fields;
    fields.push_back(join_problems(row.problems));
    CsvWriter(out, reader_->separator()).write_row(fields);
  }

  const SourceNotes& notes() const override { return finisher_.notes(); }
  std::uint64_t bytes_read() const override { return reader_->bytes_read(); }
  std::uint64_t total_bytes() const override { return reader_->total_bytes(); }
  FileFormat format() const override { return FileFormat::kCsv; }
  const std::string& file_name() const override { return reader_->file_name(); }

 private:
  const ColumnMapping& mapping_;
  std::unique_ptr<Reader> reader_;
  RowFinisher finisher_;
  std::vector<std::string> header_;
  std::vector<const FieldSpec*> targets_;
  bool has_agency_ = false;
  bool has_list_ = false;
  bool has_record_id_ = false;
  CsvRow raw_;
};

// A source read from a UTF-8 copy of a file in another encoding; messages name the original file.
class ConvertedRecordSource final : public RecordSource {
 public:
  ConvertedRecordSource(
      const std::string& path, const SourceOptions& options,
      const std::function<std::unique_ptr<RecordSource>(const std::string&, const SourceOptions&)>& open)
      : copy_(path, options.encoding) {
    SourceOptions utf8 = options;
    utf8.encoding.clear();
    utf8.display_name = options.display_name.empty() ? path : options.display_name;
    inner_ = open(copy_.path(), utf8);
  }
  bool next(SourceRow& row) override { return inner_->next(row); }
  void write_reject_header(std::ostream& out) const override { inner_->write_reject_header(out); }
  void write_reject(std::ostream& out, const SourceRow& row) const override {
    inner_->write_reject(out, row);
  }
  const SourceNotes& notes() const override { return inner_->notes(); }
  std::uint64_t bytes_read() const override { return inner_->bytes_read(); }
  std::uint64_t total_bytes() const override { return inner_->total_bytes(); }
  FileFormat format() const override { return inner_->format(); }
  const std::string& file_name() const override { return inner_->file_name(); }

 private:
  Utf8Copy copy_;
  std::unique_ptr<RecordSource> inner_;
};

class JsonLinesRecordSource final : public RecordSource {
 public:
  JsonLinesRecordSource(const std::string& path, const SourceOptions& options, const ColumnMapping& mapping)
      : mapping_(mapping),
        file_name_(!options.display_name.empty() ? options.display_name
                   : path == "-"                 ? "<stdin>"
                                                 : path),
        finisher_(options, mapping, file_name_) {
    if (path == "-") {
      file_.reset(stdin);
    } else {
      file_.reset(std::fopen(path.c_str(), "rb"));
      if (!file_) {
        throw core::UserError(fmt::format("cannot open {}: {}", path, std::strerror(errno)),
                              "check the path and that you may read the file");
      }
      struct stat info {};
      if (::stat(path.c_str(), &info) == 0) total_ = static_cast<std::uint64_t>(info.st_size);
    }
  }

  bool next(SourceRow& row) override {
    while (true) {
      if (!read_line()) return false;
      if (line_.find_first_not_of(" \t\r") != std::string::npos) break;
    }
    row.line = line_number_;
    row.record.clear();
    row.problems.clear();
    const core::SourceLocation start{file_name_, line_number_, 1};
    if (overlong_) {
      row.problems.push_back({start,
                              {},
                              fmt::format("the line is longer than {} KiB", kMaxLineBytes / 1024),
                              "each record must be one JSON object on one line of reasonable size"});
      return true;
    }
    if (const auto bad = find_invalid_utf8(line_); bad > 0) {
      row.problems.push_back(
          {{file_name_, line_number_, bad}, {}, "the text is not valid UTF-8", "save the file as UTF-8"});
      return true;
    }
    if (line_.find('\0') != std::string::npos) {
      row.problems.push_back({start, {}, "the line contains a NUL byte", "save the file as UTF-8 text"});
      return true;
    }
    nlohmann::json object;
    try {
      object = nlohmann::json::parse(line_);
    } catch (const nlohmann::json::parse_error& error) {
      row.problems.push_back({{file_name_, line_number_, static_cast<std::int64_t>(error.byte)},
                              {},
                              "this line is not valid JSON",
                              "each line must be one JSON object: {\"field\": value, ...}"});
      return true;
    }
    if (!object.is_object()) {
      row.problems.push_back(
          {start, {}, "the line is not a JSON object", "write {\"field\": value, ...} on each line"});
      return true;
    }
    bool has_agency = false;
    bool has_list = false;
    for (const auto& [key, value] : object.items()) {
      const std::int64_t column = column_of_key(key);
      if (key == kRejectErrorsColumn) continue;
      const auto field = mapping_.field_for(key);
      if (!field) {
        const std::string guess = nearest_field_name(key);
        row.problems.push_back({{file_name_, line_number_, column},
                                {},
                                fmt::format("unknown field '{}'", key),
                                guess.empty() ? "map or ignore it in a column mapping file (--mapping)"
                                              : fmt::format("did you mean '{}'?", guess)});
        continue;
      }
      if (*field == nullptr) continue;
      std::string text;
      if (!cell_text(value, **field, text)) {
        row.problems.push_back({{file_name_, line_number_, column},
                                std::string((*field)->name),
                                "has a value of the wrong JSON type",
                                "use a string, a number for years, true/false/null for yes/no/unknown, or an "
                                "array of strings for lists"});
        continue;
      }
      has_agency = has_agency || (*field)->name == "agency";
      has_list = has_list || (*field)->name == "list";
      finisher_.assign(row, **field, text, column);
    }
    finisher_.finish(row, has_agency, has_list);
    return true;
  }

  void write_reject_header(std::ostream& /*out*/) const override {}

  void write_reject(std::ostream& out, const SourceRow& row) const override {
    // Parsed without exceptions: a line that is not JSON comes back discarded.
    auto reject = nlohmann::ordered_json::parse(line_, nullptr, false);
    if (!reject.is_object()) {
      // Keep an unreadable line whole, as text, so nothing is lost.
      reject = nlohmann::ordered_json::object();
      reject["clearpoint_unreadable_line"] = nlohmann::ordered_json(line_).dump(
          -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
    reject[std::string(kRejectErrorsColumn)] = join_problems(row.problems);
    out << reject.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  }

  const SourceNotes& notes() const override { return finisher_.notes(); }
  std::uint64_t bytes_read() const override { return consumed_; }
  std::uint64_t total_bytes() const override { return total_; }
  FileFormat format() const override { return FileFormat::kJsonLines; }
  const std::string& file_name() const override { return file_name_; }

 private:
  static constexpr std::size_t kMaxLineBytes = 1 << 20;

  bool read_line() {
    line_.clear();
    overlong_ = false;
    int c = 0;
    bool any = false;
    while ((c = getc_unlocked(file_.get())) != EOF) {
      any = true;
      ++consumed_;
      if (c == '\n') break;
      if (line_.size() < kMaxLineBytes) {
        line_.push_back(static_cast<char>(c));
      } else {
        overlong_ = true;
      }
    }
    if (!any) return false;
    ++line_number_;
    if (line_number_ == 1 && line_.starts_with("\xEF\xBB\xBF")) line_.erase(0, 3);
    return true;
  }

  std::int64_t column_of_key(const std::string& key) const {
    const auto at = line_.find("\"" + key + "\"");
    if (at == std::string::npos) return 1;
    return static_cast<std::int64_t>(at) + 1 -
           static_cast<std::int64_t>(
               std::count_if(line_.begin(), line_.begin() + static_cast<std::ptrdiff_t>(at),
                             [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) == 0x80; }));
  }

  static bool cell_text(const nlohmann::json& value, const FieldSpec& field, std::string& out) {
    if (value.is_null()) return true;
    if (value.is_string()) {
      out = value.get<std::string>();
      return true;
    }
    if (value.is_boolean() && field.kind == FieldKind::kTriState) {
      out = value.get<bool>() ? "yes" : "no";
      return true;
    }
    if (value.is_number_integer() && field.kind == FieldKind::kYear) {
      out = std::to_string(value.get<std::int64_t>());
      return true;
    }
    const bool is_list = field.kind == FieldKind::kCodeList || field.kind == FieldKind::kCountryList ||
                         field.kind == FieldKind::kTextList;
    if (value.is_array() && is_list) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) return false;
        const auto item = value[i].get<std::string>();
        if (item.find(records::kListSeparator) != std::string::npos || item.empty()) return false;
        if (i > 0) out += records::kListSeparator;
        out += item;
      }
      return true;
    }
    return false;
  }

  struct FileCloser {
    void operator()(std::FILE* f) const {
      if (f != nullptr && f != stdin) std::fclose(f);
    }
  };
  const ColumnMapping& mapping_;
  std::string file_name_;
  RowFinisher finisher_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string line_;
  bool overlong_ = false;
  std::int64_t line_number_ = 0;
  std::uint64_t consumed_ = 0;
  std::uint64_t total_ = 0;
};

bool is_workbook_name(const std::string& path) {
  return path.size() >= 5 && (path.ends_with(".xlsx") || path.ends_with(".XLSX"));
}

const ColumnMapping& identity_mapping() {
  static const ColumnMapping mapping = ColumnMapping::identity();
  return mapping;
}

}  // namespace

std::unique_ptr<RecordSource> open_record_source(const std::string& path, const SourceOptions& options) {
  require_countries(options);
  const ColumnMapping& sheet_mapping = options.mapping != nullptr ? *options.mapping : identity_mapping();
  if (options.workbook || (!options.format && is_workbook_name(path))) {
    if (!is_utf8_name(options.encoding)) {
      throw core::UserError("a workbook (.xlsx) has no encoding to give: its text is Unicode",
                            "leave out --encoding");
    }
    return std::make_unique<TableRecordSource<XlsxSheet>>(
        std::make_unique<XlsxSheet>(path, options.display_name), options, sheet_mapping);
  }
  const auto format = options.format ? options.format : format_from_path(path);
  if (!format) {
    throw core::UserError(fmt::format("cannot tell the format of {} from its name", path),
                          "name it .csv, .jsonl or .xlsx, or give --format csv|jsonl|xlsx");
  }
  const ColumnMapping& mapping = options.mapping != nullptr ? *options.mapping : identity_mapping();
  const auto open = [&mapping, format](const std::string& file,
                                       const SourceOptions& settings) -> std::unique_ptr<RecordSource> {
    if (*format == FileFormat::kCsv) {
      return std::make_unique<TableRecordSource<CsvReader>>(
          std::make_unique<CsvReader>(file, csv_options(settings, mapping)), settings, mapping);
    }
    return std::make_unique<JsonLinesRecordSource>(file, settings, mapping);
  };
  if (!is_utf8_name(options.encoding)) return std::make_unique<ConvertedRecordSource>(path, options, open);
  require_utf8_text(path, options.display_name.empty() ? path : options.display_name);
  return open(path, options);
}

}  // namespace clearpoint::io
