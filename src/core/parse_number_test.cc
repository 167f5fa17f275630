#include "core/parse_number.h"

#include <gtest/gtest.h>

namespace clearpoint::core {
namespace {

TEST(ParseNumber, TakesOnlyWholeNumbers) {
  EXPECT_EQ(parse_int("2001"), 2001);
  EXPECT_EQ(parse_int("-7"), -7);
  EXPECT_FALSE(parse_int("2001x"));  // std::stoi would say 2001
  EXPECT_FALSE(parse_int(" 7"));
  EXPECT_FALSE(parse_int(""));
  EXPECT_FALSE(parse_int("99999999999"));  // does not fit an int
  EXPECT_EQ(parse_integer("99999999999"), 99999999999);
  EXPECT_EQ(parse_decimal("2.5"), 2.5);
  EXPECT_EQ(parse_decimal("1e3"), 1000.0);
  EXPECT_FALSE(parse_decimal("2.5 persons"));
  EXPECT_FALSE(parse_decimal("inf"));
  EXPECT_FALSE(parse_decimal("nan"));
}

}  // namespace
}  // namespace clearpoint::core
