#include "link/string_similarity.h"

#include <gtest/gtest.h>

#include <fstream>

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

// The cheap bound never falls below the real similarity: every pair of the independent test lists' given
// names and surnames (written by six agencies in six spellings, Cyrillic included), each way round.
TEST(JaroWinkler, LetterBoundIsNeverBelowTheSimilarity) {
  std::vector<std::u32string> names;
  for (const auto* list : {"police-rs", "ngo-rs", "iom", "police-de", "police-it", "consulate-fr"}) {
    std::ifstream in(std::string(CLEARPOINT_SOURCE_DATA_DIR) + "/link/testlists/" + list + ".csv");
    std::string line;
    std::getline(in, line);
    for (int row = 0; row < 60 && std::getline(in, line); ++row) {
      const auto first = line.find(',');
      const auto second = line.find(',', first + 1);
      const auto third = line.find(',', second + 1);
      names.push_back(to_code_points(line.substr(first + 1, second - first - 1)));
      names.push_back(to_code_points(line.substr(second + 1, third - second - 1)));
    }
  }
  ASSERT_GE(names.size(), 600U);
  names.push_back(U"");
  std::size_t below_threshold = 0;
  for (const auto& a : names) {
    for (const auto& b : names) {
      const double bound = jaro_winkler_upper_bound(letter_counts(a), a.size(), letter_counts(b), b.size());
      const double similarity = jaro_winkler(a, b);
      ASSERT_GE(bound + 1e-12, similarity) << std::string(a.begin(), a.end());
      below_threshold += bound < 0.80 ? 1 : 0;
    }
  }
  // It is also useful: most pairs of different names are decided by it.
  EXPECT_GT(below_threshold, names.size() * names.size() / 4);
}

}  // namespace
}  // namespace clearpoint::link
