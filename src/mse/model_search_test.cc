// Model search against the published choices of ../shared/data/mse/README.md.
#include "mse/model_search.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/diagnostic.h"
#include "mse/diagnostics.h"

namespace clearpoint::mse {
namespace {

std::string reference(const std::string& file) {
  return std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/" + file;
}

class Search : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(reference("README.md"))) GTEST_SKIP() << "no " << reference("");
  }
  static CaptureTable table(const std::string& file) {
    return read_capture_tables(reference(file)).strata.at(0).table;
  }
};

TEST(ModelSpace, CountsOfModels) {
  EXPECT_EQ(hierarchical_models(5, 4).size(), 6893U);
  EXPECT_EQ(two_way_models(6).size(), 32768U);
  EXPECT_EQ(hierarchical_models(3, 2).size(), 8U);
  // Every enumerated model is hierarchical and distinct.
  const auto models = hierarchical_models(4, 3);
  for (const auto& m : models) EXPECT_EQ(parse_model(m.notation(), 4), m) << m.notation();
}

TEST_F(Search, BicChoosesThePublishedModels) {
  struct Case {
    const char* file;
    bool two_way;
    int order;
    const char* model;
    double population;
  };
  const Case cases[] = {
      {"UKdat_5.csv", false, 4, "[123,25,34]", 25311.3},
      {"UKdat_5.csv", true, 2, "[12,13,23,25,34]", 22991.3},
      {"UKdat.csv", true, 2, "[12,13,25,35,36,45]", 12349.6},
      {"Kosovo.csv", false, 3, "[123,14,34]", 10356.5},
      {"Kosovo.csv", true, 2, "[12,13,14,23,34]", 14341.7},
      {"Korea.csv", false, 2, "[12,23]", 157.2},
      {"Western.csv", true, 2, "[15,2,3,4]", 2483.4},
      {"NewOrl_5.csv", true, 2, "[1,2,3,4,5]", 981.4},
  };
  for (const auto& c : cases) {
    const auto t = table(c.file);
    const auto models =
        c.two_way ? two_way_models(t.list_count()) : hierarchical_models(t.list_count(), c.order);
    const auto result = search_models(t, models, Criterion::kBic);
    ASSERT_FALSE(result.admissible.empty());
    EXPECT_EQ(result.admissible.front().model.notation(), c.model) << c.file;
    EXPECT_NEAR(result.admissible.front().fit.population, c.population, 0.1) << c.file;
  }
}

TEST_F(Search, StepwiseAsSparseMse) {
  struct Case {
    const char* file;
    const char* model;
    double population;
  };
  const Case cases[] = {
      {"UKdat_5.csv", nullptr, 11313.0},      {"UKdat.csv", nullptr, 11418},
      {"Western.csv", "[15,2,3,4]", 2483.4},  {"NewOrl.csv", "[1,2,3,45,6,7,8]", 1110.5},
      {"NewOrl_5.csv", "[1,2,3,4,5]", 981.4},
  };
  for (const auto& c : cases) {
    const auto result = stepwise(table(c.file), 0.02);
    if (c.model != nullptr) {
      EXPECT_EQ(result.model.notation(), c.model) << c.file;
    }
    EXPECT_NEAR(result.fit.population, c.population, c.file == std::string("UKdat.csv") ? 1 : 0.1)
        << c.file << " " << result.model.notation();
  }
}

}  // namespace
}  // namespace clearpoint::mse

namespace clearpoint::mse {
namespace {

TEST(Notation, ReadsAndWritesRcaptureNotationAndDotsBeyondNineLists) {
  EXPECT_EQ(parse_model("[34,123,14]", 4).notation(), "[123,14,34]");
  EXPECT_EQ(parse_model("15,2", 5).notation(), "[15,2,3,4]");
  EXPECT_EQ(parse_model("[1.2,10.11]", 11).notation(), "[1.2,3,4,5,6,7,8,9,10.11]");
  EXPECT_EQ(parse_model("[123]", 3).terms.size(), 4U);  // 12, 13, 23, 123
  EXPECT_THROW(parse_model("[16]", 5), core::UserError);
  EXPECT_THROW(parse_model("[11]", 5), core::UserError);
  EXPECT_THROW(parse_model("[12,,3]", 5), core::UserError);
}

TEST(DropList, PersonsOnlyOnTheDroppedListDisappear) {
  CaptureTable table{{"A", "B", "C"}, std::vector<double>(8, 0.0)};
  table.counts[0b001] = 5;  // A only
  table.counts[0b010] = 7;  // B only
  table.counts[0b011] = 2;  // A and B
  table.counts[0b110] = 3;  // B and C
  const auto without_b = drop_list(table, 1);
  EXPECT_EQ(without_b.lists, (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(without_b.counts, (std::vector<double>{0, 5 + 2, 3, 0}));
}

}  // namespace
}  // namespace clearpoint::mse

namespace clearpoint::mse {
namespace {

TEST(MergeLists, APersonOnEitherListIsOnTheMergedOne) {
  CaptureTable table{{"A", "B", "C"}, std::vector<double>(8, 0.0)};
  table.counts[0b001] = 5;                       // A
  table.counts[0b010] = 7;                       // B
  table.counts[0b011] = 2;                       // A and B
  table.counts[0b110] = 3;                       // B and C
  table.counts[0b100] = 4;                       // C
  const auto merged = merge_lists(table, 0, 1);  // A+B, C
  EXPECT_EQ(merged.lists, (std::vector<std::string>{"A+B", "C"}));
  EXPECT_EQ(merged.counts, (std::vector<double>{0, 5 + 7 + 2, 4, 3}));
}

TEST(KnownListSizes, EstimatesEachListFromTheOthers) {
  // Four independent lists with capture probabilities 0.3-0.6 of 10,000 persons (expected counts): within
  // any list the others are again independent, so the main-effects estimate of its size is exact.
  const double p[] = {0.3, 0.4, 0.5, 0.6};
  CaptureTable table{{"A", "B", "C", "D"}, std::vector<double>(16, 0.0)};
  for (History h = 1; h < 16; ++h) {
    double share = 1;
    for (int j = 0; j < 4; ++j) share *= (h >> j) & 1U ? p[j] : 1 - p[j];
    table.counts[h] = 10000 * share;
  }
  Method method;
  method.kind = Method::Kind::kFixed;
  method.fixed = "[1,2,3]";  // replaced by BIC over the other lists, which picks main effects here
  for (const auto& check : known_list_sizes(table, method, 1)) {
    ASSERT_TRUE(check.ok) << check.list;
    EXPECT_NEAR(check.estimate, check.known, 0.01 * check.known) << check.list;
  }
}

}  // namespace
}  // namespace clearpoint::mse
