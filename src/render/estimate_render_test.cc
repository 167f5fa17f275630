#include "render/estimate_render.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "io/csv_reader.h"
#include "testing/temp_dir.h"

namespace clearpoint::render {
namespace {

// A posterior beside the chosen method whose chains have not settled is marked so in every view, never
// shown as an interval to quote: UKdat_5 stopped after one round of 4,000 iterations of the Gibbs sweeps
// alone, whose chains started in its second mode have not left it.
TEST(EstimateRender, SideBySideMarksChainsThatHaveNotSettled) {
  const std::string path = std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/UKdat_5.csv";
  pipeline::EstimateSettings settings;
  settings.method = "bic";
  settings.max_order = 2;
  settings.bootstrap = 0;
  settings.leapfrog_steps = 0;
  settings.max_iterations = 4000;
  const auto report = pipeline::estimate_from_file(path, settings);
  ASSERT_EQ(report.results.size(), 1U);
  const auto& side = report.results.front().side_by_side;
  const auto latent =
      std::find_if(side.begin(), side.end(), [](const auto& a) { return a.method == "latent-class"; });
  ASSERT_NE(latent, side.end());
  ASSERT_TRUE(latent->ok);
  EXPECT_FALSE(latent->settled);
  EXPECT_EQ(latent->interval, "95% credible, NOT settled");
  const auto json = estimate_json(report);
  bool marked = false;
  for (const auto& row : json["results"][0]["side_by_side"])
    if (row["method"] == "latent-class") marked = !row["settled"].get<bool>();
  EXPECT_TRUE(marked);
  std::ostringstream text;
  estimate_text(text, report);
  EXPECT_NE(text.str().find("NOT settled"), std::string::npos) << text.str();
}

// Text, CSV and JSON are three views of one report: each number a reader can find in one is in the others.
TEST(EstimateRender, TextCsvAndJsonCarryTheSameNumbers) {
  pipeline::EstimateSettings settings;
  settings.method = "bic";
  settings.max_order = 3;
  settings.bootstrap = 40;
  settings.seed = 11;
  settings.threads = 2;
  settings.samples = 2000;  // the latent classes beside the model: a short run is enough to render
  const auto report =
      pipeline::estimate_from_file(std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/Kosovo.csv", settings);
  ASSERT_EQ(report.results.size(), 1U);
  const auto& e = report.results.front();
  ASSERT_TRUE(e.ok);
  ASSERT_TRUE(e.bootstrap.has_value());

  const auto json = estimate_json(report);
  const auto& j = json["results"][0];
  EXPECT_EQ(j["model"].get<std::string>(), e.model);
  EXPECT_DOUBLE_EQ(j["estimate"].get<double>(), e.estimate);
  EXPECT_DOUBLE_EQ(j["profile"]["lower"].get<double>(), e.profile.lower);
  EXPECT_DOUBLE_EQ(j["bootstrap"]["bca"]["upper"].get<double>(), e.bootstrap->bca.upper);
  EXPECT_EQ(j["input_checksum"].get<std::string>(), e.input_checksum);
  EXPECT_EQ(j["leave_one_list_out"].size(), e.leave_one_list_out.size());
  EXPECT_EQ(json["seed"].get<std::uint64_t>(), 11U);
  ASSERT_EQ(j["side_by_side"].size(), e.side_by_side.size());
  for (std::size_t i = 0; i < e.side_by_side.size(); ++i) {
    EXPECT_DOUBLE_EQ(j["side_by_side"][i]["estimate"].get<double>(), e.side_by_side[i].estimate);
    EXPECT_DOUBLE_EQ(j["side_by_side"][i]["upper"].get<double>(), e.side_by_side[i].upper);
  }

  // CSV, read back with the project's RFC 4180 reader: the model's commas are quoted, not new columns.
  testing::TempDir dir;
  const auto path = dir.path() + "/estimate.csv";
  {
    std::ofstream out(path, std::ios::binary);
    estimate_csv(out, report);
  }
  io::CsvReader reader(path, {});
  io::CsvRow header;
  io::CsvRow row;
  ASSERT_TRUE(reader.next(header));
  ASSERT_TRUE(reader.next(row));
  ASSERT_EQ(row.fields.size(), header.fields.size());
  const auto column = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      if (header.fields[i] == name) return row.fields[i];
    }
    ADD_FAILURE() << "no column " << name;
    return std::string();
  };
  EXPECT_EQ(column("model"), e.model);
  EXPECT_EQ(column("estimate"), fmt::format("{:.1f}", j["estimate"].get<double>()));
  EXPECT_EQ(column("profile_upper"), fmt::format("{:.1f}", j["profile"]["upper"].get<double>()));
  EXPECT_EQ(column("bca_lower"), fmt::format("{:.1f}", j["bootstrap"]["bca"]["lower"].get<double>()));
  EXPECT_EQ(column("replicates"), std::to_string(j["bootstrap"]["replicates"].get<int>()));
  EXPECT_EQ(column("input_checksum"), j["input_checksum"].get<std::string>());

  std::ostringstream text;
  estimate_text(text, report);
  const auto t = text.str();
  const auto whole = [](double x) { return fmt::format("{:.0f}", x); };
  EXPECT_NE(t.find("model " + e.model + ": estimated population " + whole(e.estimate)), std::string::npos)
      << t;
  EXPECT_NE(t.find(whole(e.profile.lower)), std::string::npos);
  EXPECT_NE(t.find(whole(e.bootstrap->bca.upper)), std::string::npos);
  EXPECT_NE(t.find(e.input_checksum), std::string::npos);
}

// A posterior report: the credible interval and the sampler's diagnostics in all three views.
TEST(EstimateRender, PosteriorReportCarriesItsIntervalAndDiagnostics) {
  pipeline::EstimateSettings settings;
  settings.method = "latent-class";
  settings.samples = 2000;
  settings.compare = false;
  const auto report =
      pipeline::estimate_from_file(std::string(CLEARPOINT_SHARED_DIR) + "/data/mse/Korea.csv", settings);
  const auto& e = report.results.front();
  ASSERT_TRUE(e.posterior.has_value());
  const auto json = estimate_json(report);
  const auto& j = json["results"][0];
  EXPECT_DOUBLE_EQ(j["estimate"].get<double>(), e.posterior->posterior.median);
  EXPECT_DOUBLE_EQ(j["posterior"]["upper"].get<double>(), e.posterior->posterior.upper);
  EXPECT_DOUBLE_EQ(j["posterior"]["sampler"]["rhat"].get<double>(), e.posterior->sampler->rhat);
  EXPECT_EQ(j["posterior"]["sampler"]["per_chain"].size(), 4U);
  EXPECT_FALSE(j.contains("profile"));
  std::ostringstream csv;
  estimate_csv(csv, report);
  EXPECT_NE(csv.str().find(
                fmt::format("{:.1f},{:.1f}", e.posterior->posterior.lower, e.posterior->posterior.upper)),
            std::string::npos)
      << csv.str();
  std::ostringstream text;
  estimate_text(text, report);
  EXPECT_NE(text.str().find(fmt::format("R̂ {:.3f}", e.posterior->sampler->rhat)), std::string::npos)
      << text.str();
}

}  // namespace
}  // namespace clearpoint::render
