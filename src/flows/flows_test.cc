// Flows and role profiles on a hand-built case set, against hand counts.
#include "flows/flows.h"

#include <gtest/gtest.h>

#include "io/reference_data.h"

namespace clearpoint::flows {
namespace {

records::CaseRecord make(const std::string& origin, std::vector<std::string> transit,
                         const std::string& destination, int year, const std::string& sex,
                         const std::string& citizenship, const std::string& birth,
                         const std::string& exploitation) {
  records::CaseRecord r;
  r.origin_countries = {origin};
  r.transit_countries = std::move(transit);
  r.destination_countries = {destination};
  r.identification_year = year;
  r.sex = sex;
  r.citizenship = {citizenship};
  r.birth_date = core::PartialDate::parse(birth).value.value();
  r.exploitation_types = {exploitation};
  return r;
}

class Flows : public ::testing::Test {
 protected:
  // Bosnia: three foreign women trafficked in (MD → RS → BA, two in 2002, one in 2003), one Bosnian girl
  // trafficked out (BA → IT, 2002), one Bosnian woman within Bosnia (BA → BA, 2003).
  std::vector<records::CaseRecord> records_ = {
      make("MD", {"RS"}, "BA", 2002, "female", "MD", "1980", "sexual"),
      make("MD", {"RS"}, "BA", 2002, "female", "MD", "1985", "sexual"),
      make("MD", {"RS"}, "BA", 2003, "female", "MD", "1979", "sexual"),
      make("BA", {}, "IT", 2002, "female", "BA", "1988", "sexual"),
      make("BA", {}, "BA", 2003, "female", "BA", "1975", "forced_labour"),
  };
  std::vector<const records::CaseRecord*> cases() const {
    std::vector<const records::CaseRecord*> out;
    for (const auto& r : records_) out.push_back(&r);
    return out;
  }
};

TEST_F(Flows, RoutesAndSankeyEdgesAreHandCounts) {
  const auto r = routes(cases(), 2002, 2003);
  ASSERT_EQ(r.size(), 3U);
  EXPECT_EQ(r[0].route, (std::vector<std::string>{"MD", "RS", "BA"}));
  EXPECT_EQ(r[0].total, 3);
  EXPECT_EQ(r[0].by_year.at(2002), 2);
  const auto e = edges(r);
  // MD→RS and RS→BA carry 2 in 2002 and 1 in 2003; BA→IT 1 in 2002; BA→BA 1 in 2003.
  std::map<std::tuple<std::string, std::string, int>, std::int64_t> got;
  for (const auto& edge : e) got[{edge.from, edge.to, edge.year}] = edge.count;
  EXPECT_EQ(got[std::make_tuple(std::string("MD"), std::string("RS"), 2002)], 2);
  EXPECT_EQ(got[std::make_tuple(std::string("RS"), std::string("BA"), 2003)], 1);
  EXPECT_EQ(got[std::make_tuple(std::string("BA"), std::string("IT"), 2002)], 1);
  EXPECT_EQ(e.size(), 6U);
}

TEST_F(Flows, RoleProfileOfBosniaIsTheHandCount) {
  const auto p = role_profiles(cases(), "BA", 2002, 2003);
  ASSERT_EQ(p.size(), 2U);
  EXPECT_EQ(p[0].cases, (std::array<std::int64_t, 3>{1, 0, 2}));  // 2002: origin 1, transit 0, destination 2
  EXPECT_EQ(p[1].cases, (std::array<std::int64_t, 3>{1, 0, 2}));  // 2003: the internal case is both
  EXPECT_EQ(p[0].breakdown[kDestination].at("citizenship").at("MD"), 2);
  EXPECT_EQ(p[0].breakdown[kOrigin].at("age").at("minor"), 1);  // born 1988, 14 in 2002
  EXPECT_EQ(p[1].breakdown[kDestination].at("exploitation").at("forced_labour"), 1);
}

TEST_F(Flows, ALabelTheDataContradictIsFlagged) {
  const auto profiles = role_profiles(cases(), "BA", 2002, 2003);
  const RoleLabel transit_and_destination{
      "BA", {kTransit, kDestination}, "primarily transit and destination", 2002, 2003, "s"};
  const auto conflicts = label_conflicts(transit_and_destination, profiles);
  ASSERT_EQ(conflicts.size(), 1U);  // no case has Bosnia as transit
  EXPECT_NE(conflicts[0].find("names transit but only 0%"), std::string::npos) << conflicts[0];
  const RoleLabel origin_and_destination{"BA", {kOrigin, kDestination}, "origin and destination", 2002, 2003,
                                         "s"};
  EXPECT_TRUE(label_conflicts(origin_and_destination, profiles).empty());
}

TEST_F(Flows, PersonsAreCountedOnceOnTheirFullestRecord) {
  records::CaseRecord partial = records_[0];
  partial.transit_countries.clear();
  const std::vector<Case> linked = {{"P1", &partial}, {"P1", &records_[0]}, {"P2", &records_[3]}};
  const auto counted = counted_cases(linked);
  ASSERT_EQ(counted.size(), 2U);
  EXPECT_EQ(counted[0], &records_[0]);  // the record that knows the transit
}

TEST(RoleLabels, SeedLabelsCarryTheirSource) {
  const auto labels = load_labels(io::find_data_dir());
  ASSERT_FALSE(labels.empty());
  for (const auto& l : labels) EXPECT_NE(l.source.find("TIP"), std::string::npos) << l.country;
}

}  // namespace
}  // namespace clearpoint::flows
