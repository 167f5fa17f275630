#include "core/tristate.h"

#include <gtest/gtest.h>

namespace clearpoint::core {
namespace {

TEST(TriState, EmptyCellIsUnknownNeverNo) {
  EXPECT_EQ(parse_tristate(""), TriState::kUnknown);
  EXPECT_EQ(parse_tristate("unknown"), TriState::kUnknown);
  EXPECT_EQ(parse_tristate("UNKNOWN"), TriState::kUnknown);
}

TEST(TriState, AcceptsTheCommonSpellings) {
  for (const auto* yes : {"yes", "Yes", "Y", "true", "1"})
    EXPECT_EQ(parse_tristate(yes), TriState::kYes) << yes;
  for (const auto* no : {"no", "NO", "n", "False", "0"}) EXPECT_EQ(parse_tristate(no), TriState::kNo) << no;
}

TEST(TriState, RejectsOtherWords) {
  EXPECT_FALSE(parse_tristate("maybe"));
  EXPECT_FALSE(parse_tristate("da"));  // regional words go through a column mapping, not guesswork
  EXPECT_FALSE(parse_tristate("yes please"));
}

TEST(TriState, RoundTripsThroughText) {
  for (const auto v : {TriState::kYes, TriState::kNo, TriState::kUnknown})
    EXPECT_EQ(parse_tristate(to_string(v)), v);
}

// Kleene's strong logic: the full truth tables, written out by hand.
TEST(TriState, KleeneAnd) {
  using enum TriState;
  EXPECT_EQ(tri_and(kYes, kYes), kYes);
  EXPECT_EQ(tri_and(kYes, kNo), kNo);
  EXPECT_EQ(tri_and(kYes, kUnknown), kUnknown);
  EXPECT_EQ(tri_and(kNo, kUnknown), kNo);
  EXPECT_EQ(tri_and(kUnknown, kUnknown), kUnknown);
  EXPECT_EQ(tri_and(kNo, kNo), kNo);
}

TEST(TriState, KleeneOr) {
  using enum TriState;
  EXPECT_EQ(tri_or(kNo, kNo), kNo);
  EXPECT_EQ(tri_or(kNo, kYes), kYes);
  EXPECT_EQ(tri_or(kNo, kUnknown), kUnknown);
  EXPECT_EQ(tri_or(kYes, kUnknown), kYes);
  EXPECT_EQ(tri_or(kUnknown, kUnknown), kUnknown);
}

TEST(TriState, NotKeepsUnknown) {
  EXPECT_EQ(tri_not(TriState::kUnknown), TriState::kUnknown);
  EXPECT_EQ(tri_not(TriState::kYes), TriState::kNo);
  EXPECT_EQ(tri_not(TriState::kNo), TriState::kYes);
}

}  // namespace
}  // namespace clearpoint::core
