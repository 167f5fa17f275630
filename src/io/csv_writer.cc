#include "io/csv_writer.h"

namespace clearpoint::io {

void CsvWriter::write_field(std::string_view field) {
  const bool needs_quotes =
      field.find_first_of(std::string{separator_, '"', '\r', '\n'}) != std::string_view::npos ||
      (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs_quotes) {
    out_ << field;
    return;
  }
  out_ << '"';
  for (const char c : field) {
    if (c == '"') out_ << '"';
    out_ << c;
  }
  out_ << '"';
}

void CsvWriter::write_row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out_ << separator_;
    write_field(fields[i]);
  }
  out_ << "\r\n";
}

void CsvWriter::write_row(const std::vector<std::string_view>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out_ << separator_;
    write_field(fields[i]);
  }
  out_ << "\r\n";
}

}  // namespace clearpoint::io
