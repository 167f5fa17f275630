#include "io/record_writer.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "io/csv_writer.h"
#include "io/formula_escape.h"
#include "records/field_catalogue.h"

namespace clearpoint::io {

namespace {

class CsvRecordWriter final : public RecordWriter {
 public:
  CsvRecordWriter(std::ostream& out, char separator, const std::vector<std::string>& extra_columns)
      : csv_(out, separator) {
    std::vector<std::string_view> header;
    for (const auto& field : records::field_catalogue()) header.push_back(field.name);
    for (const auto& column : extra_columns) header.push_back(column);
    csv_.write_row(header);
  }
  void write(const records::CaseRecord& record, std::span<const std::string> extras) override {
    row_.clear();
    for (const auto& field : records::field_catalogue()) {
      std::string text = records::field_text(record, field);
      // Unknown is the empty cell, so a blank spreadsheet cell and an exported unknown are one thing.
      if (field.kind == records::FieldKind::kTriState && text == "unknown") text.clear();
      row_.push_back(escape_formula(text));
    }
    for (const auto& extra : extras) row_.push_back(escape_formula(extra));
    csv_.write_row(row_);
  }

 private:
  CsvWriter csv_;
  std::vector<std::string> row_;
};

class JsonLinesRecordWriter final : public RecordWriter {
 public:
  JsonLinesRecordWriter(std::ostream& out, std::vector<std::string> extra_columns)
      : out_(out), extra_columns_(std::move(extra_columns)) {}
  void write(const records::CaseRecord& record, std::span<const std::string> extras) override {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& field : records::field_catalogue()) {
      using records::FieldKind;
      std::visit(
          [&](const auto& member) {
            using M = std::decay_t<decltype(member)>;
            if constexpr (std::is_same_v<M, std::vector<std::string> records::CaseRecord::*>) {
              if (!(record.*member).empty()) object[std::string(field.name)] = record.*member;
            } else if constexpr (std::is_same_v<M, std::optional<int> records::CaseRecord::*>) {
              if (record.*member) object[std::string(field.name)] = *(record.*member);
            } else {
              const std::string text = records::field_text(record, field);
              if (!text.empty() && text != "unknown") object[std::string(field.name)] = text;
            }
          },
          field.member);
    }
    for (std::size_t i = 0; i < extras.size() && i < extra_columns_.size(); ++i) {
      if (!extras[i].empty()) object[extra_columns_[i]] = extras[i];
    }
    out_ << object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict) << '\n';
  }

 private:
  std::ostream& out_;
  std::vector<std::string> extra_columns_;
};

}  // namespace

std::optional<FileFormat> format_from_path(const std::string& path) {
  const auto ends_with = [&](std::string_view suffix) {
    if (path.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
      char c = path[path.size() - suffix.size() + i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c != suffix[i]) return false;
    }
    return true;
  };
  if (ends_with(".csv") || ends_with(".tsv") || ends_with(".txt")) return FileFormat::kCsv;
  if (ends_with(".jsonl") || ends_with(".ndjson") || ends_with(".json")) return FileFormat::kJsonLines;
  return std::nullopt;
}

FileFormat output_format(const std::string& format, const std::string& path) {
  if (format == "csv") return FileFormat::kCsv;
  if (format == "jsonl") return FileFormat::kJsonLines;
  if (const auto from_path = format_from_path(path)) return *from_path;
  throw core::UserError(fmt::format("cannot tell the format of {} from its name", path),
                        "name it .csv or .jsonl, or give --format csv|jsonl");
}

std::unique_ptr<RecordWriter> make_record_writer(FileFormat format, std::ostream& out, char csv_separator,
                                                 std::vector<std::string> extra_columns) {
  if (format == FileFormat::kCsv) return std::make_unique<CsvRecordWriter>(out, csv_separator, extra_columns);
  return std::make_unique<JsonLinesRecordWriter>(out, std::move(extra_columns));
}

}  // namespace clearpoint::io
