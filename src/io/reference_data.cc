#include "io/reference_data.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "io/csv_reader.h"

namespace clearpoint::io {

std::string find_data_dir(const std::string& explicit_dir) {
  std::string dir = explicit_dir;
  if (dir.empty()) {
    if (const char* env = std::getenv("CLEARPOINT_DATA"); env != nullptr && *env != '\0') dir = env;
  }
  if (dir.empty()) dir = CLEARPOINT_SOURCE_DATA_DIR;
  if (!std::filesystem::exists(std::filesystem::path(dir) / "countries.csv")) {
    throw core::UserError(fmt::format("no clearpoint data folder at {} (countries.csv is missing)", dir),
                          "pass --data-dir DIR or set CLEARPOINT_DATA to the data/ folder of clearpoint");
  }
  return dir;
}

core::CountrySet load_countries(const std::string& data_dir) {
  const std::string path = (std::filesystem::path(data_dir) / "countries.csv").string();
  CsvReader reader(path, CsvOptions{',', 4096, {}});
  CsvRow row;
  std::vector<core::Diagnostic> problems;
  core::CountrySet countries;
  if (!reader.next(row) || row.fields.empty() || row.fields[0] != "code") {
    throw core::UserError(
        {{{path, 1, 1}, {}, "the header must start with 'code'", "restore data/countries.csv"}});
  }
  while (reader.next(row)) {
    if (!row.problems.empty()) {
      problems.insert(problems.end(), row.problems.begin(), row.problems.end());
      continue;
    }
    if (row.fields.size() < 2 || !countries.add(row.fields[0], row.fields[1])) {
      problems.push_back({{path, row.line, 1}, "code", "is not two letters", "use ISO 3166-1 alpha-2 codes"});
    }
  }
  if (!problems.empty()) throw core::UserError(std::move(problems));
  return countries;
}

}  // namespace clearpoint::io
