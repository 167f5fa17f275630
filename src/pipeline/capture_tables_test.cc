#include "pipeline/capture_tables.h"

#include <gtest/gtest.h>

#include <fstream>

#include "io/csv_writer.h"
#include "testing/temp_dir.h"

namespace clearpoint::pipeline {
namespace {

records::CaseRecord person_record(const std::string& sex) {
  records::CaseRecord r;
  r.sex = sex;
  return r;
}

// The bitmask tables and the CSV of `clearpoint histories` come from the same persons: reading the CSV
// back with the estimation stage's own reader gives the same tables.
TEST(CaptureTables, BitmaskTablesEqualTheHistoriesCsvReadBack) {
  link::CaptureHistories histories({link::Stratum::kSex});
  const std::vector<std::tuple<std::string, std::string, std::string>> seen = {
      {"p1", "POLICE/v", "F"}, {"p1", "NGO/s", "F"}, {"p2", "NGO/s", "F"},   {"p3", "IOM/a", "M"},
      {"p3", "POLICE/v", "M"}, {"p3", "NGO/s", "M"}, {"p4", "POLICE/v", ""}, {"p5", "IOM/a", "F"},
      {"p6", "IOM/a", "F"},    {"p6", "NGO/s", "F"}};
  for (const auto& [person, list, sex] : seen) histories.add(person, list, person_record(sex));
  const auto tables = capture_tables(histories, {link::Stratum::kSex});

  testing::TempDir dir;
  const auto path = dir.path() + "/histories.csv";
  {
    std::ofstream out(path, std::ios::binary);
    io::CsvWriter csv(out, ',');
    csv.write_row(histories.header());
    for (const auto& row : histories.rows()) csv.write_row(row);
  }
  const auto read = mse::read_capture_tables(path);
  EXPECT_EQ(tables.stratum_names, read.stratum_names);
  ASSERT_EQ(tables.strata.size(), read.strata.size());
  for (std::size_t s = 0; s < tables.strata.size(); ++s) {
    EXPECT_EQ(tables.strata[s].values, read.strata[s].values);
    EXPECT_EQ(tables.strata[s].table.lists, read.strata[s].table.lists);
    EXPECT_EQ(tables.strata[s].table.counts, read.strata[s].table.counts) << s;
  }
  // Independently: lists sorted IOM/a (bit 0), NGO/s (bit 1), POLICE/v (bit 2); women p1 (NGO+POLICE),
  // p2 (NGO), p5 (IOM), p6 (IOM+NGO).
  ASSERT_EQ(tables.strata[0].values, std::vector<std::string>{"F"});
  const auto& women = tables.strata[0].table.counts;
  EXPECT_EQ(women[0b110], 1);
  EXPECT_EQ(women[0b010], 1);
  EXPECT_EQ(women[0b001], 1);
  EXPECT_EQ(women[0b011], 1);
  EXPECT_EQ(tables.strata[0].table.observed(), 4);
}

}  // namespace
}  // namespace clearpoint::pipeline
