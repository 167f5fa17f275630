#include "core/partial_date.h"

#include <gtest/gtest.h>

namespace clearpoint::core {
namespace {

DayNumber day(int y, int m, int d) {
  return CivilDate{y, m, d}.to_days();
}

PartialDate parsed(std::string_view text) {
  auto result = PartialDate::parse(text);
  EXPECT_TRUE(result.value.has_value()) << text << ": " << result.problem;
  return result.value.value_or(PartialDate{});
}

TEST(CivilDate, DayNumbersMatchKnownDates) {
  EXPECT_EQ(day(1970, 1, 1), 0);
  EXPECT_EQ(day(2000, 1, 1), 10957);
  EXPECT_EQ(day(2000, 3, 1), 10957 + 31 + 29);
  EXPECT_EQ(day(1969, 12, 31), -1);
  for (DayNumber d = day(1900, 1, 1); d <= day(2100, 12, 31); d += 37)
    EXPECT_EQ(CivilDate::from_days(d).to_days(), d);
}

TEST(CivilDate, LeapDayPlusAYearIsTheLastOfFebruary) {
  EXPECT_EQ(CivilDate(2004, 2, 29).plus_years(1), CivilDate(2005, 2, 28));
  EXPECT_EQ(CivilDate(2004, 2, 29).plus_years(4), CivilDate(2008, 2, 29));
  EXPECT_FALSE(CivilDate::is_valid(1900, 2, 29));  // 1900 was not a leap year
  EXPECT_TRUE(CivilDate::is_valid(2000, 2, 29));
}

TEST(PartialDate, EmptyAndUnknownAreUnknown) {
  EXPECT_FALSE(parsed("").known());
  EXPECT_FALSE(parsed("unknown").known());
  EXPECT_FALSE(parsed("").interval().has_value());
  EXPECT_EQ(parsed("").canonical(), "");
}

TEST(PartialDate, YearMonthAndDayPrecision) {
  EXPECT_EQ(parsed("1985").interval(), (DateInterval{day(1985, 1, 1), day(1985, 12, 31)}));
  EXPECT_EQ(parsed("1984-02").interval(), (DateInterval{day(1984, 2, 1), day(1984, 2, 29)}));
  EXPECT_EQ(parsed("1985-02").interval(), (DateInterval{day(1985, 2, 1), day(1985, 2, 28)}));
  EXPECT_EQ(parsed("1985-03-12").interval(), (DateInterval{day(1985, 3, 12), day(1985, 3, 12)}));
}

TEST(PartialDate, RegionalDayFirstFormIsReadAsADay) {
  EXPECT_EQ(parsed("12.03.1985").canonical(), "1985-03-12");
  EXPECT_EQ(parsed("12.03.1985.").canonical(), "1985-03-12");  // Serbian style with a final dot
  EXPECT_EQ(parsed("2.3.1985").canonical(), "1985-03-02");
}

TEST(PartialDate, ImpossibleDatesAreRefusedWithAReason) {
  for (const auto* text : {"31.02.1985", "2023-02-29", "1985-13", "1985-00-10", "1899", "2101-01-01"}) {
    const auto result = PartialDate::parse(text);
    EXPECT_FALSE(result.value.has_value()) << text;
    EXPECT_FALSE(result.problem.empty()) << text;
    EXPECT_FALSE(result.hint.empty()) << text;
  }
  EXPECT_NE(PartialDate::parse("31.02.1985").problem.find("not a real calendar date"), std::string::npos);
  EXPECT_TRUE(PartialDate::parse("29.02.2024").value.has_value());
}

TEST(PartialDate, MalformedTextIsRefused) {
  for (const auto* text : {"85", "1985-3-1", "1985/", "abc", "17 on 2004", "x on 2004-05-01",
                           "about on 2004-05-01", "200 on 2004-05-01", "1986/1984", "12.1985"}) {
    EXPECT_FALSE(PartialDate::parse(text).value.has_value()) << text;
  }
}

TEST(PartialDate, RangesSpanFromTheFirstDayOfTheStartToTheLastOfTheEnd) {
  EXPECT_EQ(parsed("1984/1986").interval(), (DateInterval{day(1984, 1, 1), day(1986, 12, 31)}));
  EXPECT_EQ(parsed("1985-01/1985-06-30").interval(), (DateInterval{day(1985, 1, 1), day(1985, 6, 30)}));
  EXPECT_EQ(parsed("1984/1986").kind(), PartialDate::Kind::kRange);
}

// Exactly 17 on 1 May 2004: born after 1 May 1986 (else 18) and no later than 1 May 1987.
TEST(PartialDate, ExactAgeOnADay) {
  const auto date = parsed("17 on 2004-05-01");
  EXPECT_EQ(date.interval(), (DateInterval{day(1986, 5, 2), day(1987, 5, 1)}));
  EXPECT_EQ(date.canonical(), "17 on 2004-05-01");
}

// "About 17" is read as 16, 17 or 18 on the day.
TEST(PartialDate, EstimatedAgeAllowsAYearEitherSide) {
  const auto date = parsed("about 17 on 2004-05-01");
  EXPECT_EQ(date.interval(), (DateInterval{day(1985, 5, 2), day(1988, 5, 1)}));
  EXPECT_EQ(date.kind(), PartialDate::Kind::kEstimatedAge);
  const auto infant = parsed("about 0 on 2004-05-01");
  EXPECT_EQ(infant.interval(), (DateInterval{day(2002, 5, 2), day(2004, 5, 1)}));
}

TEST(PartialDate, AgeRangeOnADayFollowsFromTheInterval) {
  const CivilDate recruited{2004, 6, 1};
  // Born some time in 1987: 16 (born after 1 June) or 17 on 1 June 2004; under 18 either way.
  const auto born_1987 = age_range_on(*parsed("1987").interval(), recruited);
  EXPECT_EQ(born_1987.youngest, 16);
  EXPECT_EQ(born_1987.oldest, 17);
  // Born in 1986: 17 or 18, so whether the person was a minor cannot be decided.
  const auto born_1986 = age_range_on(*parsed("1986").interval(), recruited);
  EXPECT_EQ(born_1986.youngest, 17);
  EXPECT_EQ(born_1986.oldest, 18);
  const auto about = age_range_on(*parsed("about 17 on 2004-05-01").interval(), CivilDate{2004, 5, 1});
  EXPECT_EQ(about.youngest, 16);
  EXPECT_EQ(about.oldest, 18);
}

TEST(PartialDate, CanonicalFormReadsBackToTheSameValue) {
  for (const auto* text : {"1985", "1985-03", "1985-03-12", "1984/1986", "1985-01/1985-06-30",
                           "17 on 2004-05-01", "about 17 on 2004-05-01", "12.03.1985"}) {
    const auto once = parsed(text);
    EXPECT_EQ(parsed(once.canonical()), once) << text;
  }
}

TEST(DateInterval, OverlapAndIntersection) {
  const DateInterval a{10, 20};
  const DateInterval b{20, 30};
  const DateInterval c{21, 25};
  EXPECT_TRUE(a.overlaps(b));
  EXPECT_FALSE(a.overlaps(c));
  EXPECT_EQ(a.intersect(b), (DateInterval{20, 20}));
  EXPECT_FALSE(a.intersect(c).has_value());
  EXPECT_EQ(a.width_days(), 11);
  EXPECT_TRUE(a.contains(10));
  EXPECT_FALSE(a.contains(21));
}

}  // namespace
}  // namespace clearpoint::core
