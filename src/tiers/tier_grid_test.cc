// The tier grid against Table 1.1 of Friman & Reich (2007), cell for cell, and the rules of the tier
// system against constructed histories.
#include "tiers/tier_grid.h"

#include <gtest/gtest.h>

#include "core/diagnostic.h"
#include "io/reference_data.h"
#include "testing/temp_dir.h"

namespace clearpoint::tiers {
namespace {

class Tiers : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = io::find_data_dir();
    countries_ = io::load_countries(data_);
  }
  std::string data_;
  core::CountrySet countries_;
  ::clearpoint::testing::TempDir dir_;
};

TEST_F(Tiers, GridEqualsTheSeedTableCellForCell) {
  const auto history = TierHistory::load(data_, countries_);
  const auto rows = tier_grid(history, {"AL", "BA", "HR", "MK", "CS"}, 2001, 2006);
  // Table 1.1: Albania 3, 2, 2, 2, 2, 2; Bosnia and Herzegovina 3, 3, 3 (upgraded to Tier 2 in 9/2003),
  // 2, 2, 2; Croatia not reviewed twice, 2, 2 Watch List, 2, 2; Macedonia 2, 1, 1, 1, 2, 2; Serbia and
  // Montenegro 3, 2, 2, 2 Watch List, 2, 2, as the Federal Republic of Yugoslavia in 2001-2002.
  const std::vector<std::vector<std::string>> expected = {
      {"3", "2", "2", "2", "2", "2"},
      {"3", "3", "3 → 2 (9/2003)", "2", "2", "2"},
      {"n.r.", "n.r.", "2", "2WL", "2", "2"},
      {"2", "1", "1", "1", "2", "2"},
      {"3 (as FRY)", "2 (as FRY)", "2", "2WL", "2", "2"},
  };
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].cells, expected[i]) << rows[i].country;
  // Every seed row carries its source.
  for (const auto* r : history.rankings("BA", 2003))
    EXPECT_NE(r->source.find("Friman & Reich"), std::string::npos);
}

TEST_F(Tiers, AutomaticDowngradeFiresOnAThirdWatchListYearNotOnTwo) {
  auto history = TierHistory::load(data_, countries_);
  history.add_file(dir_.write("t.csv",
                              "country,report_year,tier,changed_on,tier_after,ranked_as,source\n"
                              "RU,2009,Tier 2 Watch List,,,,constructed\n"
                              "RU,2010,Tier 2 Watch List,,,,constructed\n"
                              "RU,2011,Tier 2 Watch List,,,,constructed\n"
                              "TH,2009,Tier 2 Watch List,,,,constructed\n"
                              "TH,2010,Tier 2 Watch List,,,,constructed\n"
                              "TH,2011,Tier 2,,,,constructed\n"
                              "MD,2009,Tier 2 Watch List,,,,constructed\n"
                              "MD,2010,Tier 2 Watch List,,,,constructed\n"
                              "MD,2011,Tier 3,,,,constructed\n"
                              "AZ,2007,Tier 2 Watch List,,,,constructed\n"
                              "AZ,2008,Tier 2 Watch List,,,,constructed\n"
                              "AZ,2009,Tier 2 Watch List,,,,constructed\n"),
                   countries_);
  const auto three = downgrade_findings(history, "RU", 2009, 2011);
  ASSERT_EQ(three.size(), 1U);
  EXPECT_EQ(three[0].report_year, 2011);
  EXPECT_NE(three[0].outcome.find("waived"), std::string::npos);
  EXPECT_TRUE(downgrade_findings(history, "TH", 2009, 2011).empty());  // two years, then up to Tier 2
  const auto downgraded = downgrade_findings(history, "MD", 2009, 2011);
  ASSERT_EQ(downgraded.size(), 1U);
  EXPECT_EQ(downgraded[0].outcome, "downgraded to Tier 3");
  // Before the 2008 Act the Watch List years do not count.
  EXPECT_TRUE(downgrade_findings(history, "AZ", 2007, 2009).empty());
}

TEST_F(Tiers, BadFilesAreRefusedWithLocatedErrors) {
  auto history = TierHistory::load(data_, countries_);
  const std::string header = "country,report_year,tier,changed_on,tier_after,ranked_as,source\n";
  const struct {
    const char* rows;
    const char* message;
  } cases[] = {
      {"XX,2005,Tier 2,,,,s\n", "t.csv:2:1: country: 'XX' is not a country code"},
      {"AL,2005,Tier 4,,,,s\n", "t.csv:2:9: tier: 'Tier 4' is not a tier"},
      {"AL,2003,Tier 2 Watch List,,,,s\n", "the Tier 2 Watch List did not exist in the 2003 report"},
      {"AL,2005,Tier 2,,,,s\nAL,2005,Tier 3,,,,s\n", "t.csv:3:4: report_year: AL is ranked twice for 2005"},
      {"AL,2005,Tier 2,,,,\n", "the row has no source"},
  };
  for (const auto& c : cases) {
    const auto path = dir_.write("t.csv", header + c.rows);
    try {
      history.add_file(path, countries_);
      ADD_FAILURE() << "accepted: " << c.rows;
    } catch (const core::UserError& e) {
      std::string all;
      for (const auto& d : e.diagnostics()) all += d.to_string() + "\n";
      EXPECT_NE(all.find(c.message), std::string::npos) << all;
    }
  }
}

TEST_F(Tiers, DisagreeingSourcesAreShownNotSilentlyPicked) {
  auto history = TierHistory::load(data_, countries_);
  // The Heiss & Kelley panel records Bosnia and Herzegovina 2003 as Tier 3, without the upgrade.
  history.add_file(dir_.write("panel.csv",
                              "country,report_year,tier,changed_on,tier_after,ranked_as,source\n"
                              "BA,2003,Tier 3,,,,Heiss & Kelley replication data\n"),
                   countries_);
  const auto rows = tier_grid(history, {"BA"}, 2003, 2003);
  EXPECT_EQ(rows[0].cells[0], "3 → 2 (9/2003) ≠ 3");
  ASSERT_EQ(rows[0].notes.size(), 1U);
  EXPECT_NE(rows[0].notes[0].find("Heiss & Kelley"), std::string::npos);
}

}  // namespace
}  // namespace clearpoint::tiers
