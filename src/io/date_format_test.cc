#include "io/date_format.h"

#include <gtest/gtest.h>

namespace clearpoint::io {
namespace {

using Outcome = DateFormat::Outcome;

TEST(DateFormat, ReadsTheDeclaredLayoutIntoIsoDates) {
  const auto febrl = DateFormat::parse("YYYYMMDD");
  ASSERT_TRUE(febrl);
  EXPECT_EQ(febrl->read("19151111").iso, "1915-11-11");
  EXPECT_EQ(febrl->read("").outcome, Outcome::kEmpty);
  EXPECT_EQ(febrl->read("19560231").outcome, Outcome::kImpossible);  // 31 February
  EXPECT_EQ(febrl->read("19561301").outcome, Outcome::kImpossible);  // month 13
  EXPECT_EQ(febrl->read("1956-02-03").outcome, Outcome::kMismatch);
  EXPECT_EQ(febrl->read("1956020").outcome, Outcome::kMismatch);
  // An impossible date still says which year its digits spell, when that year exists.
  EXPECT_EQ(febrl->read("19175009").year, 1917);
  EXPECT_EQ(febrl->read("19151111").year, 0);  // a real day: the year is in the ISO date
  EXPECT_EQ(febrl->read("00000512").year, 0);  // no year 0 in the calendar clearpoint keeps

  const auto british = DateFormat::parse("D/M/YYYY");
  ASSERT_TRUE(british);
  EXPECT_EQ(british->read("3/4/1985").iso, "1985-04-03");  // day first, as declared, never guessed
  EXPECT_EQ(british->read("13/12/1985").iso, "1985-12-13");
  EXPECT_EQ(british->read("13-12-1985").outcome, Outcome::kMismatch);

  const auto american = DateFormat::parse("MM/DD/YYYY");
  ASSERT_TRUE(american);
  EXPECT_EQ(american->read("04/03/1985").iso, "1985-04-03");
  EXPECT_EQ(american->read("4/3/1985").outcome, Outcome::kMismatch);  // MM and DD are two digits
}

TEST(DateFormat, RefusesPatternsThatCannotBeRead) {
  EXPECT_FALSE(DateFormat::parse("DD/YY"));       // a two-digit year
  EXPECT_FALSE(DateFormat::parse("DD.MM"));       // no year
  EXPECT_FALSE(DateFormat::parse("YYYYMMDDDD"));  // the day twice
  EXPECT_FALSE(DateFormat::parse("YYYYMD"));      // two one-or-two-digit numbers side by side
  EXPECT_TRUE(DateFormat::parse("DD.MM.YYYY."));  // the regional form with its final dot
}

}  // namespace
}  // namespace clearpoint::io
