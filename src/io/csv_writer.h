// CsvWriter: writes RFC 4180 rows, quoting only the fields that need it.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace clearpoint::io {

class CsvWriter {
 public:
  CsvWriter(std::ostream& out, char separator) : out_(out), separator_(separator) {}
  void write_row(const std::vector<std::string>& fields);
  void write_row(const std::vector<std::string_view>& fields);

 private:
  void write_field(std::string_view field);
  std::ostream& out_;
  char separator_;
};

}  // namespace clearpoint::io
