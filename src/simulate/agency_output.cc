#include "simulate/agency_output.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "core/parse_number.h"
#include "io/csv_writer.h"

namespace clearpoint::simulate {

namespace {

using records::FieldKind;

bool is_list(FieldKind kind) {
  return kind == FieldKind::kTextList || kind == FieldKind::kCodeList || kind == FieldKind::kCountryList;
}

// TOML basic strings: quotes and backslashes escaped.
std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\t') {
      out += "\\t";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

AgencyOutput::AgencyOutput(const Agency& agency, const std::string& out_dir)
    : agency_(agency), dir_(out_dir) {
  if (agency.columns.empty()) {
    for (const auto& field : records::field_catalogue()) {
      if (field.name != "agency" && field.name != "list")
        columns_.emplace_back(&field, std::string(field.name));
    }
  } else {
    for (const auto& [name, header] : agency.columns)
      columns_.emplace_back(records::find_field(name), header);
  }
  out_.open(batch_file(), std::ios::binary | std::ios::trunc);
  if (!out_)
    throw core::UserError(fmt::format("cannot write {}", batch_file()),
                          "check that the output folder is writable");
  if (agency_.format == "csv") {
    std::vector<std::string> header;
    for (const auto& column : columns_) header.push_back(column.second);
    io::CsvWriter(out_, agency_.separator).write_row(header);
  }
}

std::string AgencyOutput::batch_file() const {
  return (std::filesystem::path(dir_) / (agency_.file_stem() + (agency_.format == "csv" ? ".csv" : ".jsonl")))
      .string();
}

std::string AgencyOutput::mapping_file() const {
  return (std::filesystem::path(dir_) / (agency_.file_stem() + ".mapping.toml")).string();
}

std::string AgencyOutput::word(const records::FieldSpec& field, const std::string& canonical) const {
  const auto field_words = agency_.values.find(std::string(field.name));
  if (field_words != agency_.values.end()) {
    if (const auto it = field_words->second.find(canonical); it != field_words->second.end())
      return it->second;
  }
  if (field.kind == FieldKind::kTriState) {
    if (const auto tri = agency_.values.find("tristate"); tri != agency_.values.end()) {
      if (const auto it = tri->second.find(canonical); it != tri->second.end()) return it->second;
    }
  }
  return canonical;
}

std::string AgencyOutput::cell(const records::CaseRecord& record, const records::FieldSpec& field) const {
  records::write_field_text(record, field, buffer_);
  if (field.kind == FieldKind::kTriState) return buffer_ == "unknown" ? std::string() : word(field, buffer_);
  if (field.kind == FieldKind::kCode) return buffer_.empty() ? buffer_ : word(field, buffer_);
  if (field.kind == FieldKind::kDate && agency_.date_style == "dmy" && buffer_.size() == 10 &&
      buffer_[4] == '-') {
    return fmt::format("{}.{}.{}.", buffer_.substr(8, 2), buffer_.substr(5, 2), buffer_.substr(0, 4));
  }
  if (is_list(field.kind)) {
    std::string out;
    std::size_t begin = 0;
    while (begin <= buffer_.size() && !buffer_.empty()) {
      const std::size_t bar = buffer_.find(records::kListSeparator, begin);
      const std::string item =
          buffer_.substr(begin, bar == std::string::npos ? std::string::npos : bar - begin);
      if (!out.empty()) out += agency_.list_separator;
      out += field.kind == FieldKind::kCodeList ? word(field, item) : item;
      if (bar == std::string::npos) break;
      begin = bar + 1;
    }
    return out;
  }
  return buffer_;
}

void AgencyOutput::write(const records::CaseRecord& record) {
  ++written_;
  if (agency_.format == "csv") {
    std::vector<std::string> row;
    row.reserve(columns_.size());
    for (const auto& column : columns_) row.push_back(cell(record, *column.first));
    io::CsvWriter(out_, agency_.separator).write_row(row);
    return;
  }
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& [field, header] : columns_) {
    std::string text = cell(record, *field);
    if (text.empty()) continue;
    if (field->kind == FieldKind::kYear) {
      // A year the simulator wrote itself: always digits.
      object[header] = core::parse_int(text).value_or(0);
    } else if (is_list(field->kind)) {
      nlohmann::ordered_json items = nlohmann::ordered_json::array();
      std::size_t begin = 0;
      while (true) {
        const std::size_t at = text.find(agency_.list_separator, begin);
        items.push_back(text.substr(begin, at == std::string::npos ? std::string::npos : at - begin));
        if (at == std::string::npos) break;
        begin = at + 1;
      }
      object[header] = std::move(items);
    } else {
      object[header] = std::move(text);
    }
  }
  out_ << object.dump() << '\n';
}

std::int64_t AgencyOutput::finish() {
  out_.close();
  std::ofstream mapping(mapping_file(), std::ios::binary | std::ios::trunc);
  mapping << "# Column mapping written by `clearpoint simulate` for the synthetic list " << agency_.id << "/"
          << agency_.list << ".\n\n[format]\n";
  if (agency_.format == "csv") {
    mapping << "separator = " << toml_string(std::string(1, agency_.separator)) << "\n";
  }
  mapping << "list_separator = " << toml_string(std::string(1, agency_.list_separator)) << "\n\n[columns]\n";
  for (const auto& [field, header] : columns_)
    mapping << toml_string(header) << " = " << toml_string(field->name) << "\n";
  mapping << "\n[constants]\nagency = " << toml_string(agency_.id) << "\nlist = " << toml_string(agency_.list)
          << "\n";
  for (const auto& [field, words] : agency_.values) {
    mapping << "\n[values." << field << "]\n";
    for (const auto& [canonical, agency_word] : words)
      mapping << toml_string(agency_word) << " = " << toml_string(canonical) << "\n";
  }
  if (!mapping)
    throw core::UserError(fmt::format("cannot write {}", mapping_file()), "check the disk has space");
  return written_;
}

}  // namespace clearpoint::simulate
