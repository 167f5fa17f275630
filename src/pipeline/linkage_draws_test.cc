// Linkage draws follow the stored probabilities: a link of probability 0.7 holds in about 70% of the draws,
// a review pair of probability 0.4 joins in about 40% unless the two persons share a list, a pair held
// apart by a rule never joins.
#include "pipeline/linkage_draws.h"

#include <gtest/gtest.h>

#include "pipeline/import_batch.h"
#include "testing/temp_dir.h"

namespace clearpoint::pipeline {
namespace {

TEST(LinkageDraws, DrawsFollowTheLinkProbabilities) {
  testing::TempDir dir;
  Workspace workspace;
  workspace.db = dir.file("s.db");
  workspace.init_store();
  const auto import = [&](const std::string& agency, const std::string& rows) {
    ImportSettings settings;
    settings.agency = agency;
    import_batches(workspace, {dir.write(agency + ".csv", "record_id,given_names\n" + rows)}, settings,
                   [](const ImportOutcome&) {});
  };
  import("A", "a1,x\na2,x\na3,x\n");
  import("B", "b1,x\nb2,x\nb3,x\n");
  auto store = workspace.open_store();
  std::map<std::string, std::int64_t> id;
  store.for_each_record_with_id(
      {}, [&](std::int64_t row, const records::CaseRecord& r) { id[r.record_id] = row; });
  store::Store::LinkRun run;
  // a1+b1 one person (link 0.7); a2, b2, a3, b3 alone; review: a2–b2 at 0.4, a3–b3 held apart, a1–b2 at
  // 0.45 (a1's person is already on B: never joined).
  run.persons = {{id["a1"], "P1", 0.7}, {id["b1"], "P1", 0.7}, {id["a2"], "P2", {}},
                 {id["b2"], "P3", {}},  {id["a3"], "P4", {}},  {id["b3"], "P5", {}}};
  run.review = {{id["a2"], id["b2"], 0.4, 0, ""},
                {id["a3"], id["b3"], 0.45, 0, "birth dates differ"},
                {id["a1"], id["b2"], 0.45, 0, ""}};
  run.model_json = "{}";
  store.replace_link_run(run, "test", "{}");
  const int n = 2000;
  const auto draws = draw_linkages(workspace, {}, "", n, 7);
  ASSERT_EQ(draws.size(), static_cast<std::size_t>(n));
  int joined_first = 0;
  int joined_review = 0;
  for (const auto& d : draws) {
    // Persons: 6 records less the joins. Histories: 11 (both lists) counts the joined pairs.
    for (const auto& cell : d.cells()) {
      if (cell.on_list == std::vector<bool>{true, true}) {
        joined_first += cell.count >= 1 ? 1 : 0;
        joined_review += cell.count == 2 ? 1 : 0;
        EXPECT_LE(cell.count, 2) << "a3 and b3 were held apart by a rule";
      }
    }
    EXPECT_GE(d.persons(), 4u);
    EXPECT_LE(d.persons(), 6u);
  }
  // Some pair on both lists unless a1+b1 broke (0.3), a2+b2 did not join (0.6) and the freed a1 did not join
  // b2 (0.55): 1 − 0.3 · 0.6 · 0.55 = 0.901. Two such pairs only when a1+b1 held and a2+b2 joined: 0.28
  // (a1–b2 is then refused: a1's person is on B already). Binomial sd ≈ 1%.
  EXPECT_NEAR(static_cast<double>(joined_first) / n, 1 - 0.3 * 0.6 * 0.55, 0.03);
  EXPECT_NEAR(static_cast<double>(joined_review) / n, 0.7 * 0.4, 0.03);
}

}  // namespace
}  // namespace clearpoint::pipeline
