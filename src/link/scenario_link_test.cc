// Linkage on the simulator's data, against its truth: a police list written in Serbian Cyrillic and a
// shelter list in Latin (diacritics dropped, nicknames, typos, swapped day and month, estimated ages).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "io/csv_reader.h"
#include "io/record_source.h"
#include "io/reference_data.h"
#include "link/case_linkage.h"
#include "records/field_catalogue.h"
#include "simulate/simulator.h"
#include "testing/temp_dir.h"

namespace clearpoint::link {
namespace {

constexpr const char* kScenario = R"(
[scenario]
name = "two lists, two scripts"
first_year = 2003
last_year = 2006
[persons]
frailty_sd = 0.5
avoids_authorities = 0.2
[[stream]]
name = "Serbia"
nationality = "serbian"
origin = "RS"
victims = { 2003 = 600, 2006 = 600 }
female = 0.8
age = { "14-17" = 0.3, "18-30" = 0.7 }
exploitation = { sexual = 0.7, begging = 0.3 }
recruitment = { relationship = 1 }
routes = [ { via = [], to = "RS" } ]
[[stream]]
name = "Moldova"
nationality = "moldovan"
origin = "MD"
victims = { 2003 = 500, 2006 = 300 }
female = 0.95
age = { "16-17" = 0.2, "18-30" = 0.8 }
exploitation = { sexual = 1 }
recruitment = { job_offer = 1 }
routes = [ { via = ["RO"], to = "RS" } ]
[[stream]]
name = "Ukraine"
nationality = "ukrainian"
origin = "UA"
victims = { 2003 = 300, 2006 = 200 }
female = 0.95
age = { "18-30" = 1 }
exploitation = { sexual = 1 }
recruitment = { job_offer = 1 }
routes = [ { via = ["HU"], to = "RS" } ]
[[agency]]
id = "POLICE"
country = "RS"
detection = 0.45
script = "cyrillic"
format = "csv"
separator = ";"
date_style = "dmy"
errors = { typo = 0.03, swap_names = 0.02, gender_form = 0.05, nickname = 0.03 }
birth_date = { full = 0.7, year_only = 0.1, estimated_age = 0.1, day_month_swapped = 0.05, placeholder_january = 0.05 }
[[agency]]
id = "SHELTER"
country = "RS"
detection = 0.35
referred_from = { agency = "POLICE", probability = 0.4 }
script = "latin"
romanisation = "bgn"
errors = { typo = 0.03, nickname = 0.1, strip_diacritics = 0.4 }
birth_date = { full = 0.6, year_only = 0.2, estimated_age = 0.15, missing = 0.05 }
)";

struct List {
  std::vector<records::CaseRecord> records;
};

List read_list(const std::string& dir, const std::string& stem, const std::string& ext,
               const core::CountrySet& countries) {
  const auto mapping = io::ColumnMapping::load(dir + "/" + stem + ".mapping.toml");
  io::SourceOptions options;
  options.mapping = &mapping;
  options.countries = &countries;
  auto source = io::open_record_source(dir + "/" + stem + ext, options);
  List list;
  io::SourceRow row;
  while (source->next(row)) list.records.push_back(row.record);
  return list;
}

// The issue-5 gate on simulated data: F1 >= 0.97 and recall >= 0.95, every true pair written in two
// scripts. The names come from pools with a realistic long tail (the commonest surname about 2% of a
// nationality), so two women sharing a full name and a compatible birth year are as rare as in real
// registers, and the model gets there through the training sessions of case_training_rules() and the
// competing probabilities (docs/linkage.md).
TEST(ScenarioLinkage, CyrillicPoliceAndLatinShelterListsLinkAcrossScripts) {
  testing::TempDir dir;
  const auto data = io::find_data_dir();
  const auto countries = io::load_countries(data);
  const auto names = simulate::NameBook::load(data);
  const auto scenario = simulate::load_scenario(dir.write("s.toml", kScenario), countries, names);
  simulate::SimulationOptions options;
  options.seed = 5;
  options.out_dir = dir.file("out");
  simulate::simulate(scenario, names, options);

  std::map<std::string, std::string> person_of;  // agency/record_id → person
  io::CsvReader truth(options.out_dir + "/truth.csv", {});
  io::CsvRow row;
  truth.next(row);
  while (truth.next(row)) {
    if (!row.fields[1].empty()) person_of[row.fields[1] + "/" + row.fields[3]] = row.fields[0];
  }
  const auto police = read_list(options.out_dir, "POLICE-main", ".csv", countries);
  const auto shelter = read_list(options.out_dir, "SHELTER-main", ".csv", countries);

  const auto normaliser = NameNormaliser::load(data);
  const PairComparer comparer(case_comparisons(), normaliser);
  std::vector<PreparedRecord> a;
  std::vector<PreparedRecord> b;
  for (const auto& r : police.records) a.push_back(comparer.prepare(case_linkage_row(r)));
  for (const auto& r : shelter.records) b.push_back(comparer.prepare(case_linkage_row(r)));
  FellegiSunter model(comparer.specs());
  LinkOptions link_options;
  link_options.training = case_training_rules();
  const auto result = link_two_lists(a, b, case_blocking_rules(), model, comparer, link_options);

  std::map<std::string, int> on_police;
  for (const auto& r : police.records) ++on_police[person_of.at("POLICE/" + r.record_id)];
  std::int64_t true_pairs = 0;
  for (const auto& r : shelter.records) true_pairs += on_police.count(person_of.at("SHELTER/" + r.record_id));
  PairwiseQuality q;
  for (const auto& link : result.links) {
    const bool same = person_of.at("POLICE/" + police.records[link.a].record_id) ==
                      person_of.at("SHELTER/" + shelter.records[link.b].record_id);
    (same ? q.true_positives : q.false_positives) += 1;
  }
  q.false_negatives = true_pairs - q.true_positives;
  RecordProperty("f1", std::to_string(q.f1()));
  RecordProperty("recall", std::to_string(q.recall()));
  ASSERT_GT(true_pairs, 300);
  // Every police name is Cyrillic and every shelter name Latin, so all true pairs cross scripts.
  EXPECT_GE(q.recall(), 0.95) << "precision " << q.precision() << " of " << true_pairs << " pairs";
  EXPECT_GE(q.f1(), 0.97) << "precision " << q.precision() << " recall " << q.recall();
}

}  // namespace
}  // namespace clearpoint::link
