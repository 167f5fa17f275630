// Simulated batches: reading what `clearpoint simulate` wrote, list by list through each list's own
// column mapping, as `clearpoint import` does — for tests that check the simulator or work on its output.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "core/country_set.h"
#include "io/column_mapping.h"
#include "io/csv_reader.h"
#include "io/record_source.h"

namespace clearpoint::testing {

// Reads every batch listed in `dir`/manifest.csv through its mapping, as `clearpoint import` does, and
// calls `visit` with the manifest row and each source row; returns the number of lists.
inline int for_each_generated_row(
    const std::string& dir, const core::CountrySet& countries,
    const std::function<void(const io::CsvRow& entry, const io::SourceRow& row)>& visit,
    const std::function<void(const io::CsvRow& entry, std::int64_t rows)>& after_list = {}) {
  io::CsvReader manifest((std::filesystem::path(dir) / "manifest.csv").string(), {});
  io::CsvRow entry;
  manifest.next(entry);
  int lists = 0;
  while (manifest.next(entry)) {
    ++lists;
    const auto mapping = io::ColumnMapping::load((std::filesystem::path(dir) / entry.fields[1]).string());
    io::SourceOptions options;
    options.agency = entry.fields[2];
    options.list = entry.fields[3];
    options.mapping = &mapping;
    options.countries = &countries;
    auto source = io::open_record_source((std::filesystem::path(dir) / entry.fields[0]).string(), options);
    io::SourceRow row;
    std::int64_t rows = 0;
    while (source->next(row)) {
      visit(entry, row);
      ++rows;
    }
    if (after_list) after_list(entry, rows);
  }
  return lists;
}

}  // namespace clearpoint::testing
