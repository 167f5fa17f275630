#include "link/string_similarity.h"

#include <gtest/gtest.h>

namespace clearpoint::link {
namespace {

// Reference values from Winkler (1990) and the record-linkage literature.
TEST(JaroWinkler, ReproducesPublishedValues) {
  EXPECT_NEAR(jaro_winkler("MARTHA", "MARHTA"), 0.9611, 1e-4);
  EXPECT_NEAR(jaro_winkler("DWAYNE", "DUANE"), 0.8400, 1e-4);
  EXPECT_NEAR(jaro_winkler("DIXON", "DICKSONX"), 0.8133, 1e-4);
  EXPECT_NEAR(jaro(to_code_points("MARTHA"), to_code_points("MARHTA")), 0.9444, 1e-4);
  EXPECT_DOUBLE_EQ(jaro_winkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", ""), 0.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", "xyz"), 0.0);
}

TEST(JaroWinkler, CountsLettersNotBytes) {
  // "Đorđević" vs "Đorđevič": one letter of eight differs; byte-wise the score would be lower.
  EXPECT_NEAR(jaro_winkler("Đorđević", "Đorđevič"), jaro_winkler("Dordevic", "Dordevix"), 1e-12);
  EXPECT_NEAR(jaro_winkler("Наталья", "Наталия"), jaro_winkler("abcdefg", "abcdehg"),
              1e-12);  // 6th of 7 differs
}

TEST(JaroWinkler, BitParallelAsciiVersionAgreesWithTheReference) {
  const std::vector<std::string> words = {"martha",
                                          "marhta",
                                          "dwayne",
                                          "duane",
                                          "dixon",
                                          "dicksonx",
                                          "djordjevic",
                                          "dordevic",
                                          "iuliia",
                                          "iulia",
                                          "a",
                                          "ab",
                                          "ba",
                                          "shevchenko",
                                          "sevcenko",
                                          "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
                                          ""};
  for (const auto& a : words) {
    for (const auto& b : words) {
      EXPECT_NEAR(jaro_winkler_ascii64(a, b), jaro_winkler(a, b), 1e-12) << a << " / " << b;
    }
  }
  EXPECT_TRUE(is_ascii64("dordevic"));
  EXPECT_FALSE(is_ascii64("đorđević"));
}

}  // namespace
}  // namespace clearpoint::link
