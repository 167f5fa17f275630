// The HTCDS export's k-anonymity on rows small enough to check by hand: groups below k lose their most
// identifying values first, no row is dropped, and no row lies wholly inside a withheld table cell.
#include "publish/htcds_export.h"

#include <gtest/gtest.h>

#include <map>

namespace clearpoint::publish {
namespace {

std::vector<std::string> row(const char* gender, const char* citizenship, const char* year) {
  return {gender, citizenship, "ActualVictimOfTrafficking", "SexualExploitation", year, "adult"};
}

std::map<std::vector<std::string>, int> groups(const HtcdsTable& table) {
  std::map<std::vector<std::string>, int> sizes;
  for (const auto& r : table.rows) ++sizes[r];
  return sizes;
}

TEST(HtcdsExport, RecordsBecomeHtcdsValues) {
  records::CaseRecord record;
  record.sex = "other";
  record.citizenship = {"MD", "RO"};
  record.exploitation_types = {"sexual", "criminal_activity", "other"};
  record.identification_year = 2004;
  EXPECT_EQ(htcds_row(record, true, core::Verdict::kUndetermined, "child"),
            (std::vector<std::string>{"NonSpecifiedUnknown", "MD", "PossibleVictimOfTrafficking",
                                      "SexualExploitation;Other", "2004", "child"}));
  EXPECT_EQ(htcds_row(record, false, core::Verdict::kQualifies, "unknown")[2], "") << "not judged: no status";
  EXPECT_EQ(htcds_row(record, true, core::Verdict::kDoesNotQualify, "unknown")[2], "NotAVictimOfTrafficking");
}

// Six Serbian women of 2020 and one Moldovan of 2021: the Moldovan's group of one loses her citizenship
// first, then her year, and so on — alone, she keeps nothing; she stays in the file, counted, saying
// nothing. The six keep everything.
TEST(HtcdsExport, SmallGroupsLoseTheirMostIdentifyingValuesFirstAndNoRowIsDropped) {
  std::vector<std::vector<std::string>> rows(6, row("Feminine", "RS", "2020"));
  rows.push_back(row("Feminine", "MD", "2021"));
  const auto table = k_anonymous(rows, 5);
  ASSERT_EQ(table.rows.size(), 7u);
  const auto sizes = groups(table);
  EXPECT_EQ(sizes.at(row("Feminine", "RS", "2020")), 6);
  EXPECT_EQ(sizes.at(std::vector<std::string>(6)), 1);
  EXPECT_EQ(table.suppressed, (std::vector<std::int64_t>(6, 1)));
  // With a second Moldovan, of 2020, and k = 2: both lose their citizenship, are still alone (their years
  // differ), lose their year, and then make a group of two that keeps the rest.
  rows.push_back(row("Feminine", "MD", "2020"));
  const auto two = k_anonymous(rows, 2);
  EXPECT_EQ(groups(two).at(row("Feminine", "", "")), 2);
}

TEST(HtcdsExport, EveryGroupHoldsKRowsOrSaysNothing) {
  std::vector<std::vector<std::string>> rows;
  const char* citizenships[] = {"RS", "MD", "UA", "RO", "AL"};
  for (int i = 0; i < 60; ++i)
    rows.push_back(
        row(i % 3 == 0 ? "Masculine" : "Feminine", citizenships[(i * 7) % 5], i % 4 == 0 ? "2020" : "2021"));
  const auto table = k_anonymous(rows, 5);
  for (const auto& [values, size] : groups(table)) {
    const bool nothing =
        std::all_of(values.begin(), values.end(), [](const std::string& v) { return v.empty(); });
    EXPECT_TRUE(size >= 5 || nothing) << values[0] << "," << values[1] << "," << values[4] << ": " << size;
  }
}

TEST(HtcdsExport, NoRowLiesInsideAWithheldTableCell) {
  std::vector<std::vector<std::string>> rows(8, row("Feminine", "MD", "2020"));
  for (int i = 0; i < 8; ++i) rows.push_back(row("Feminine", "RS", "2020"));
  // The tables withheld MD × 2020 (a secondary cell, say): the eight Moldovan rows may not say both.
  const auto cell = htcds_cell({"citizenship", "year"}, {"MD", "2020"});
  ASSERT_TRUE(cell.has_value());
  const auto table = k_anonymous(rows, 5, {*cell});
  for (const auto& r : table.rows) EXPECT_FALSE(r[1] == "MD" && r[4] == "2020");
  EXPECT_EQ(groups(table).at(row("Feminine", "", "2020")), 8) << "citizenship goes first";
  EXPECT_FALSE(htcds_cell({"agency", "year"}, {"MUP-RS", "2020"}).has_value())
      << "no HTCDS column for agency";
}

}  // namespace
}  // namespace clearpoint::publish
