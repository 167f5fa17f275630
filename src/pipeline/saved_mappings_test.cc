// Saved column mappings through the same functions `clearpoint mappings` and `import --saved-mapping`
// call: checked before saving, chosen by name, read exactly like the mapping file they came from, and
// never usable by another agency.
#include "pipeline/saved_mappings.h"

#include <gtest/gtest.h>

#include "core/diagnostic.h"
#include "pipeline/import_batch.h"
#include "testing/temp_dir.h"

namespace clearpoint::pipeline {
namespace {

const std::string kExamples = std::string(CLEARPOINT_SOURCE_DATA_DIR) + "/examples/";

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const core::UserError& error) {
    std::string all;
    for (const auto& d : error.diagnostics()) all += d.to_string() + "\n";
    return all;
  }
  return {};
}

TEST(SavedMappings, ChosenByNameTheyReadTheFileAsTheMappingFileDid) {
  testing::TempDir dir;
  Workspace workspace;
  workspace.db = dir.file("s.db");
  workspace.init_store();
  save_mapping(workspace, "MUP-RS", "police layout", testing::read_file(kExamples + "police.mapping.toml"));
  ASSERT_EQ(saved_mappings(workspace, "MUP-RS").size(), 1U);
  EXPECT_TRUE(saved_mappings(workspace, "SHELTER-RS").empty());

  ImportSettings settings;
  settings.agency = "MUP-RS";
  settings.list = "victims";
  settings.saved_mapping = "police layout";
  std::vector<ImportOutcome> outcomes;
  import_batches(workspace, {kExamples + "police.csv"}, settings,
                 [&](const ImportOutcome& o) { outcomes.push_back(o); });
  ASSERT_EQ(outcomes.size(), 1U);
  EXPECT_EQ(outcomes[0].result.accepted, 142);
  // The same bytes through the mapping file: the same batch, already present.
  settings.saved_mapping.clear();
  settings.mapping_path = kExamples + "police.mapping.toml";
  import_batches(workspace, {kExamples + "police.csv"}, settings,
                 [&](const ImportOutcome& o) { outcomes.push_back(o); });
  EXPECT_TRUE(outcomes.back().result.already_present);

  // Both at once, a name it does not have, another agency's name: refused, saying what to do.
  settings.saved_mapping = "police layout";
  EXPECT_NE(error_of([&] {
              import_batches(workspace, {kExamples + "police.csv"}, settings, {});
            }).find("both --mapping and --saved-mapping"),
            std::string::npos);
  settings.mapping_path.clear();
  settings.saved_mapping = "police layout 2";
  EXPECT_NE(error_of([&] {
              import_batches(workspace, {kExamples + "police.csv"}, settings, {});
            }).find("its mappings: 'police layout'"),
            std::string::npos);
  settings.agency = "SHELTER-RS";
  settings.saved_mapping = "police layout";
  EXPECT_NE(error_of([&] {
              import_batches(workspace, {kExamples + "police.csv"}, settings, {});
            }).find("SHELTER-RS has no saved mapping 'police layout'"),
            std::string::npos);
  // Every save is in the audit log, by name only.
  bool audited = false;
  for (const auto& entry : workspace.open_store().audit_log())
    audited = audited ||
              (entry.action == "mapping-saved" && entry.detail.find("police layout") != std::string::npos);
  EXPECT_TRUE(audited);
}

TEST(SavedMappings, AWrongMappingIsLocatedByItsNameAndNotSaved) {
  testing::TempDir dir;
  Workspace workspace;
  workspace.db = dir.file("s.db");
  workspace.init_store();
  const auto problem = error_of([&] { save_mapping(workspace, "MUP-RS", "old", "[columns]\n\"Ime\" = \n"); });
  EXPECT_TRUE(problem.starts_with("mapping 'old':2")) << problem;
  EXPECT_EQ(problem.find(dir.path()), std::string::npos) << "no working folder in the message";
  EXPECT_NE(
      error_of([&] { save_mapping(workspace, "MUP-RS", "../x", "[columns]\n"); }).find("a mapping's name"),
      std::string::npos);
  EXPECT_NE(error_of([&] { save_mapping(workspace, "MUP-RS", "empty", ""); }).find("is empty"),
            std::string::npos);
  EXPECT_TRUE(saved_mappings(workspace, "MUP-RS").empty());
}

}  // namespace
}  // namespace clearpoint::pipeline
