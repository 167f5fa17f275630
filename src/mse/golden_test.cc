// Golden tests: every published reference of ../shared/data/mse/README.md that a single model fit or the
// search reproduces, with absolute tolerances (point estimates ±0.1, profile limits ±1).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "mse/bootstrap.h"
#include "mse/capture_table.h"
#include "mse/estimate.h"
#include "mse/loglinear_model.h"
#include "mse/poisson_fit.h"
#include "mse/profile_interval.h"

namespace clearpoint::mse {
namespace {

std::string reference(const std::string& file) {
  return std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/" + file;
}

class Golden : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(reference("README.md"))) GTEST_SKIP() << "no " << reference("");
  }
  static CaptureTable table(const std::string& file) {
    return read_capture_tables(reference(file)).strata.at(0).table;
  }
  static PoissonFit fit(const std::string& file, const std::string& model) {
    const auto t = table(file);
    return fit_poisson(t, parse_model(model, t.list_count()));
  }
};

TEST_F(Golden, PointEstimatesOfPublishedModels) {
  struct Case {
    const char* file;
    const char* model;
    double population;
  };
  const Case cases[] = {
      {"Kosovo.csv", "[123,14,34]", 10356.5},       // Ball et al. 2002
      {"Kosovo.csv", "[12,13,14,23,34]", 14341.7},  // best two-way model
      {"Korea.csv", "[12,23]", 157.2},
      {"Western.csv", "[15,2,3,4]", 2483.4},
      {"UKdat.csv", "[12,13,25,35,36,45]", 12349.6},  // BIC over all two-way models
      {"UKdat_5.csv", "[123,25,34]", 25311.3},        // BIC to order 4
      {"UKdat_5.csv", "[12,13,23,25,34]", 22991.3},   // BIC two-way only
      {"UKdat_5.csv", "[1,2,3,4,5]", 13444.1},        // main effects
      {"NewOrl_5.csv", "[1,2,3,4,5]", 981.4},
      {"NewOrl.csv", "[1,2,3,45,6,7,8]", 1110.5},  // stepwise's choice
  };
  for (const auto& c : cases) {
    const auto f = fit(c.file, c.model);
    EXPECT_EQ(f.status, FitStatus::kFitted) << c.file << " " << c.model << ": " << f.explanation;
    EXPECT_NEAR(f.population, c.population, 0.1) << c.file << " " << c.model;
  }
}

TEST_F(Golden, Artificial3StatusCodesAsSparseMseChecksThem) {
  EXPECT_EQ(fit("Artificial_3.csv", "[12,13,23]").status, FitStatus::kNotIdentifiable);  // not identifiable
  EXPECT_EQ(fit("Artificial_3.csv", "[12,3]").status, FitStatus::kNoFiniteMle);          // no finite MLE
  EXPECT_EQ(fit("Artificial_3.csv", "[13,23,1,2]").status, FitStatus::kFitted);
  EXPECT_EQ(fit("Artificial_3.csv", "[1,2,3]").status, FitStatus::kFitted);
}

}  // namespace
}  // namespace clearpoint::mse

namespace clearpoint::mse {
namespace {

TEST_F(Golden, ProfileLikelihoodIntervalsAsRcapture) {
  struct Case {
    const char* file;
    const char* model;
    double lower, upper;
  };
  const Case cases[] = {
      {"Kosovo.csv", "[123,14,34]", 8994.3, 12110.4},
      {"Kosovo.csv", "[12,13,14,23,34]", 12525.2, 16542.8},
      {"Korea.csv", "[12,23]", 128.95, 226.40},
      {"Western.csv", "[15,2,3,4]", 1680.6, 3928.1},
      {"UKdat.csv", "[12,13,25,35,36,45]", 10868, 14143},
      {"UKdat_5.csv", "[123,25,34]", 19389, 34111},
      {"UKdat_5.csv", "[12,13,23,25,34]", 17991, 30142},
      {"NewOrl_5.csv", "[1,2,3,4,5]", 641.96, 1635.2},
  };
  for (const auto& c : cases) {
    const auto t = table(c.file);
    const auto model = parse_model(c.model, t.list_count());
    const auto f = fit_poisson(t, model);
    const auto interval = profile_interval(t, model, f.population);
    EXPECT_NEAR(interval.lower, c.lower, 1) << c.file << " " << c.model;
    EXPECT_NEAR(interval.upper, c.upper, 1) << c.file << " " << c.model;
    EXPECT_TRUE(interval.upper_bounded);
  }
}

}  // namespace
}  // namespace clearpoint::mse

namespace clearpoint::mse {
namespace {

TEST_F(Golden, WaldIntervalsOnTheLogScaleAsSparseMse) {
  struct Case {
    const char* file;
    double population, lower, upper;
  };
  // Stepwise's model in each; SparseMSE reports the Wald interval to the nearest person.
  const Case cases[] = {
      {"UKdat.csv", 11418, 9977, 13146},
      {"UKdat_5.csv", 11313.0, 9884, 13027},
      {"NewOrl.csv", 1110.5, 692, 1874},
  };
  for (const auto& c : cases) {
    const auto selection = select_model(table(c.file), parse_method("stepwise"));
    ASSERT_TRUE(selection.ok) << selection.problem;
    const auto interval = wald_interval(selection.fit);
    EXPECT_NEAR(selection.population, c.population, 1) << c.file;
    EXPECT_NEAR(interval.lower, c.lower, 1) << c.file;
    EXPECT_NEAR(interval.upper, c.upper, 1) << c.file;
  }
}

}  // namespace
}  // namespace clearpoint::mse

namespace clearpoint::mse {
namespace {

// Bootstrap intervals are random; the references are bands (±5%, as ../shared/data/mse/README.md says),
// each itself one random run of 1,000 replicates. Each limit here is the median over five seeded runs of
// 1,000 replicates. Western's lower limit is the exception to the 5% band: with z0 ≈ −0.5 and a ≈ −0.1
// the BCa level for it is about 0.01%, below the resolution of 1,000 replicates, so the reported limit is
// essentially the smallest replicate and moves by ±10% between seeds (1,198-1,322 over three seeds);
// it is held to 10% and docs/estimation.md says so.
TEST_F(Golden, SelectionAwareBcaBootstrapMatchesPublished) {
  struct Case {
    const char* file;
    const char* method;
    double lower, upper;
    double lower_tolerance;
  };
  const Case cases[] = {
      {"Western.csv", "stepwise", 1293, 3670, 0.10},
      {"Korea.csv", "bic", 128, 349, 0.05},
  };
  for (const auto& c : cases) {
    const auto t = table(c.file);
    const auto method = parse_method(c.method);
    const auto selection = select_model(t, method);
    std::vector<double> lower;
    std::vector<double> upper;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      const auto boot = bootstrap_bca(t, method, selection.population, 1000, seed, 2);
      EXPECT_EQ(boot.failed, 0);
      lower.push_back(boot.bca.lower);
      upper.push_back(boot.bca.upper);
    }
    std::sort(lower.begin(), lower.end());
    std::sort(upper.begin(), upper.end());
    RecordProperty(std::string(c.file) + "_bca", std::to_string(lower[2]) + "-" + std::to_string(upper[2]));
    EXPECT_NEAR(lower[2] / c.lower, 1, c.lower_tolerance) << c.file << " " << lower[2] << "-" << upper[2];
    EXPECT_NEAR(upper[2] / c.upper, 1, 0.05) << c.file << " " << lower[2] << "-" << upper[2];
  }
}

TEST_F(Golden, BootstrapIsReproducibleAndIndependentOfThreads) {
  const auto t = table("Western.csv");
  const auto method = parse_method("stepwise");
  const auto one = bootstrap_bca(t, method, 2483.4, 200, 7, 1);
  const auto two = bootstrap_bca(t, method, 2483.4, 200, 7, 2);
  EXPECT_EQ(one.replicates, two.replicates);
  EXPECT_NE(bootstrap_bca(t, method, 2483.4, 200, 8, 2).replicates, one.replicates);
}

}  // namespace
}  // namespace clearpoint::mse
