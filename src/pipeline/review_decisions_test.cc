// An analyst's decisions outrank the model in every later link: a pair decided "different" ends up in two
// persons even when the model linked it, a pair decided "same" in one even when the model kept it apart,
// and a decided pair is not asked again.
#include <gtest/gtest.h>

#include <map>

#include "core/diagnostic.h"
#include "pipeline/import_batch.h"
#include "pipeline/linkage.h"
#include "pipeline/linkage_review.h"
#include "pipeline/record_reference.h"
#include "testing/temp_dir.h"

namespace clearpoint::pipeline {
namespace {

const std::string kExamples = std::string(CLEARPOINT_SOURCE_DATA_DIR) + "/examples/";

TEST(ReviewDecisions, EveryLaterLinkObeysThem) {
  testing::TempDir dir;
  Workspace workspace;
  workspace.db = dir.file("s.db");
  workspace.init_store();
  for (const auto& [file, agency, list] :
       {std::tuple{"police", "MUP-RS", "victims"}, std::tuple{"shelter", "SHELTER-RS", "residents"}}) {
    ImportSettings settings;
    settings.agency = agency;
    settings.list = list;
    settings.list_given = true;
    settings.mapping_path = kExamples + file + ".mapping.toml";
    import_batches(workspace, {kExamples + file + ".csv"}, settings, [](const ImportOutcome&) {});
  }
  run_linkage(workspace, {});
  const auto persons = [&] {
    std::map<std::string, std::string> person_of;  // reference → person
    std::map<std::int64_t, std::string> reference;
    const auto store = workspace.open_store();
    store.for_each_record_with_id(
        {}, [&](std::int64_t id, const records::CaseRecord& r) { reference[id] = reference_of(r); });
    for (const auto& [id, person] : store.persons()) person_of[reference[id]] = person;
    return person_of;
  };
  auto before = persons();
  // A linked police–shelter pair, and a police record and a shelter record each alone.
  std::map<std::string, std::vector<std::string>> members;
  for (const auto& [reference, person] : before) members[person].push_back(reference);
  std::string linked_a;
  std::string linked_b;
  std::string alone_police;
  std::string alone_shelter;
  for (const auto& [person, records] : members) {
    if (records.size() == 2 && linked_a.empty()) {
      linked_a = records[0];
      linked_b = records[1];
    }
    if (records.size() == 1 && records[0].starts_with("MUP-RS") && alone_police.empty())
      alone_police = records[0];
    if (records.size() == 1 && records[0].starts_with("SHELTER-RS") && alone_shelter.empty())
      alone_shelter = records[0];
  }
  ASSERT_FALSE(linked_a.empty());
  ASSERT_FALSE(alone_police.empty());
  ASSERT_FALSE(alone_shelter.empty());

  decide_pair(workspace, linked_a, linked_b, false);
  decide_pair(workspace, alone_police, alone_shelter, true);
  EXPECT_THROW(decide_pair(workspace, linked_a, linked_a, true), core::UserError);
  ASSERT_EQ(pair_decisions(workspace).size(), 2U);
  // Nothing changes until the next link …
  EXPECT_EQ(persons(), before);
  run_linkage(workspace, {});
  const auto after = persons();
  EXPECT_NE(after.at(linked_a), after.at(linked_b));
  EXPECT_EQ(after.at(alone_police), after.at(alone_shelter));
  // `link explain` says who decided.
  const auto explained = explain_pair(workspace, linked_a, linked_b);
  ASSERT_FALSE(explained.rules.empty());
  EXPECT_NE(explained.rules.back().find("decided by an analyst: different persons"), std::string::npos);
  // … and the decided pairs are not asked again.
  for (const auto& pair : review_queue(workspace, 100000).pairs) {
    const std::set<std::string> both = {pair.record_a, pair.record_b};
    EXPECT_NE(both, (std::set<std::string>{linked_a, linked_b}));
    EXPECT_NE(both, (std::set<std::string>{alone_police, alone_shelter}));
  }
  // A withdrawn record's decisions go with it.
  auto store = workspace.open_store();
  store.withdraw_batch(store.batches().back().id, "test", "test");
  EXPECT_TRUE(workspace.open_store().review_decisions().empty());
}

}  // namespace
}  // namespace clearpoint::pipeline
