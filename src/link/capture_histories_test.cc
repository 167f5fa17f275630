// Capture histories against hand-counted tables, with and without strata.
#include "link/capture_histories.h"

#include <gtest/gtest.h>

namespace clearpoint::link {
namespace {

records::CaseRecord record(const std::string& sex, const std::string& birth, int year) {
  records::CaseRecord r;
  r.sex = sex;
  r.birth_date = core::PartialDate::parse(birth).value.value();
  r.identification_year = year;
  return r;
}

TEST(CaptureHistories, CountsPersonsByTheListsTheyAreOn) {
  CaptureHistories histories({});
  // P1 on A and B (twice on B: still one history), P2 on B, P3 on B, P4 on A and C.
  histories.add("P1", "A", record("female", "1980", 2004));
  histories.add("P1", "B", record("female", "1980", 2004));
  histories.add("P1", "B", record("female", "1980", 2004));
  histories.add("P2", "B", record("female", "1985", 2004));
  histories.add("P3", "B", record("male", "1990", 2005));
  histories.add("P4", "A", record("female", "1990", 2005));
  histories.add("P4", "C", record("female", "1990", 2005));
  EXPECT_EQ(histories.header(), (std::vector<std::string>{"A", "B", "C", "count"}));
  EXPECT_EQ(histories.rows(), (std::vector<std::vector<std::string>>{
                                  {"1", "1", "0", "1"}, {"1", "0", "1", "1"}, {"0", "1", "0", "2"}}));
}

TEST(CaptureHistories, StrataTakeEachPersonsMostFrequentValue) {
  CaptureHistories histories({Stratum::kSex, Stratum::kAgeGroup});
  // P1: two records say female, one male → female; born 1990, identified 2005 → minor.
  histories.add("P1", "A", record("female", "1990", 2005));
  histories.add("P1", "B", record("male", "1990", 2005));
  histories.add("P1", "C", record("female", "1990", 2005));
  // P2: adult woman on B; P3: sex unknown, age 17 or 18 in mid-2005 → age unknown.
  histories.add("P2", "B", record("female", "1970", 2005));
  histories.add("P3", "A", record("", "1987", 2005));
  EXPECT_EQ(histories.header(),
            (std::vector<std::string>{"stratum_sex", "stratum_age", "A", "B", "C", "count"}));
  EXPECT_EQ(histories.rows(),
            (std::vector<std::vector<std::string>>{{"female", "adult", "0", "1", "0", "1"},
                                                   {"female", "minor", "1", "1", "1", "1"},
                                                   {"unknown", "unknown", "1", "0", "0", "1"}}));
}

}  // namespace
}  // namespace clearpoint::link
