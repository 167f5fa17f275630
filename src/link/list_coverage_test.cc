// Whether a list could have caught a person, from what her records say — and "undetermined" (counted as
// covered, never as not) whenever they do not say what the list's reach depends on.
#include "link/list_coverage.h"

#include <gtest/gtest.h>

#include "core/diagnostic.h"
#include "testing/temp_dir.h"

namespace clearpoint::link {
namespace {

using Verdict = CoverageEvidence::Verdict;

records::CaseRecord record(std::vector<std::string> origin, std::vector<std::string> transit,
                           std::vector<std::string> destination, std::optional<int> year) {
  records::CaseRecord r;
  r.origin_countries = std::move(origin);
  r.transit_countries = std::move(transit);
  r.destination_countries = std::move(destination);
  r.identification_year = year;
  return r;
}

const RouteRecorded kWholeRoute{true, true, true};

TEST(ListCoverage, RouteRolesAndYearsDecideReach) {
  ListReach police_rs{"MUP-RS/victims", "RS", {"origin", "transit", "destination"}, {}, {}, {}, {}, {}, ""};
  ListReach iom_ba{"IOM-BA/assisted", "BA", {"destination"}, {}, {}, {}, {}, {}, ""};
  ListReach labour{"LI-RS/labour", "RS", {}, 2012, 2025, {}, {}, {}, ""};
  CoverageEvidence through_serbia;
  through_serbia.add(record({"MD"}, {"RO", "RS"}, {"BA"}, 2005));
  EXPECT_EQ(through_serbia.covered_by(police_rs, kWholeRoute), Verdict::kCovered);
  EXPECT_EQ(through_serbia.covered_by(iom_ba, kWholeRoute), Verdict::kCovered);
  EXPECT_EQ(through_serbia.covered_by(labour, kWholeRoute),
            Verdict::kNotCovered);  // identified before it existed
  CoverageEvidence in_kosovo;
  in_kosovo.add(record({"AL"}, {}, {"XK"}, 2015));
  EXPECT_EQ(in_kosovo.covered_by(police_rs, kWholeRoute), Verdict::kNotCovered);
  EXPECT_EQ(in_kosovo.covered_by(iom_ba, kWholeRoute), Verdict::kNotCovered);
  ListReach transit_only{"X/y", "RS", {"transit"}, {}, {}, {}, {}, {}, ""};
  CoverageEvidence serbian_origin;
  serbian_origin.add(record({"RS"}, {}, {"DE"}, 2015));
  EXPECT_EQ(serbian_origin.covered_by(transit_only, kWholeRoute), Verdict::kNotCovered);
}

TEST(ListCoverage, WhatTheRecordsDoNotSayIsUndeterminedNotNo) {
  ListReach police_rs{"MUP-RS/victims", "RS", {}, 2000, 2025, {"minor"}, {}, {}, ""};
  CoverageEvidence silent;
  silent.add(record({}, {}, {}, std::nullopt));
  EXPECT_EQ(silent.covered_by(police_rs, kWholeRoute), Verdict::kUndetermined);
  ListReach anyone{"NGO/x", "", {}, {}, {}, {}, {}, {}, ""};
  EXPECT_EQ(silent.covered_by(anyone, kWholeRoute), Verdict::kCovered);
}

// A list without a transit column says nothing about transit: a person it alone caught, exploited in North
// Macedonia, might have passed through Serbia — a Serbian list that sees transit is undetermined for her, not
// "no"; once a list that records transit has her, its silence counts.
TEST(ListCoverage, APartOfTheRouteNoListRecordsIsUndetermined) {
  ListReach serbian_transit{"MUP-RS/victims", "RS", {"transit"}, {}, {}, {}, {}, {}, ""};
  CoverageEvidence to_macedonia;
  to_macedonia.add(record({"MD"}, {}, {"MK"}, 2004));
  EXPECT_EQ(to_macedonia.covered_by(serbian_transit, RouteRecorded{true, false, true}),
            Verdict::kUndetermined);
  EXPECT_EQ(to_macedonia.covered_by(serbian_transit, kWholeRoute), Verdict::kNotCovered);
}

TEST(ListCoverage, FileProblemsAreLocated) {
  ::clearpoint::testing::TempDir dir;
  const auto good = read_coverage(dir.write(
      "c.toml",
      "[[list]]\nlist = \"LI-RS/labour\"\ncountry = \"RS\"\nyears = [2012, 2025]\nsource = \"law\"\n"));
  ASSERT_EQ(good.lists.size(), 1u);
  EXPECT_EQ(good.find("LI-RS/labour")->first_year, 2012);
  EXPECT_EQ(good.find("nobody/here"), nullptr);
  try {
    read_coverage(
        dir.write("b.toml",
                  "[[list]]\nlist = \"A/x\"\nyears = [2020, 2010]\n\n[[list]]\nlist = \"A/x\"\n"
                  "\n[[list]]\nlist = \"noslash\"\n\n[[list]]\nlist = \"B/y\"\nroles = [\"origin\"]\n"));
    FAIL() << "accepted";
  } catch (const core::UserError& error) {
    std::string text;
    for (const auto& d : error.diagnostics()) text += d.to_string() + "\n";
    EXPECT_NE(text.find("b.toml:3:"), std::string::npos) << text;
    EXPECT_NE(text.find("years is not [first, last]"), std::string::npos) << text;
    EXPECT_NE(text.find("A/x is declared twice"), std::string::npos) << text;
    EXPECT_NE(text.find("an entry without list = \"AGENCY/list\""), std::string::npos) << text;
    EXPECT_NE(text.find("B/y has roles but no country"), std::string::npos) << text;
  }
}

// Found by fuzzing (fuzz/coverage_fuzz.cc): a year written as a huge float was converted to an integer,
// undefined behaviour. Only whole years between 1900 and 2100 are years.
TEST(ListCoverage, AYearThatIsNotAWholeNumberIsAProblemNotUndefinedBehaviour) {
  ::clearpoint::testing::TempDir dir;
  for (const auto* years : {"[555555555555555555555555555555555555555555555555554.387, 2024]",
                            "[2012.5, 2024]", "[99999999999, 2024]", "[\"2012\", 2024]"}) {
    try {
      read_coverage(dir.write("y.toml", std::string("[[list]]\nlist = \"A/x\"\nyears = ") + years + "\n"));
      ADD_FAILURE() << years << " accepted";
    } catch (const core::UserError& error) {
      EXPECT_NE(error.diagnostics().front().to_string().find("y.toml:3:"), std::string::npos) << years;
    }
  }
}

}  // namespace
}  // namespace clearpoint::link
