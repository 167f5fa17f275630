#include "core/edit_distance.h"

#include <gtest/gtest.h>

#include "core/suggest.h"

namespace clearpoint::core {
namespace {

TEST(DamerauLevenshtein, EditsTranspositionsAndCodePoints) {
  EXPECT_EQ(damerau_levenshtein("kitten", "sitting"), 3);
  EXPECT_EQ(damerau_levenshtein("ab", "ba"), 1);
  EXPECT_EQ(damerau_levenshtein("ca", "abc"), 2);  // unrestricted: optimal string alignment would say 3
  EXPECT_EQ(damerau_levenshtein("", "abc"), 3);
  EXPECT_EQ(damerau_levenshtein("Ђорђевић", "Ђорђевич"), 1);  // one letter, two bytes
  EXPECT_EQ(damerau_levenshtein("Petrović", "Petorvić"), 1);
}

TEST(NearestName, SuggestsTheCloseCandidateIgnoringCase) {
  EXPECT_EQ(nearest_name("Gvien_names", {"given_names", "surnames", "sex"}), "given_names");
  EXPECT_EQ(nearest_name("SEX", {"given_names", "surnames", "sex"}), "sex");
  EXPECT_EQ(nearest_name("nationality_of_the_mother", {"given_names", "sex"}), "");
}

}  // namespace
}  // namespace clearpoint::core
