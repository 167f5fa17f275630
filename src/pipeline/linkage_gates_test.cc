// Linkage gates through the path a user runs — import with a column mapping, `clearpoint link`
// (pipeline::run_linkage), `clearpoint link eval` (pipeline::evaluate_linkage) — on data this project
// did not generate: the FEBRL benchmark (../shared/data/linkage; see its README for what is known to
// be reachable). The truth comes from FEBRL's own record ids (rec-<N>-org / rec-<N>-dup-<k>: the same
// <N> is the same person), written here as a truth file as `link eval` reads it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/diagnostic.h"
#include "io/csv_reader.h"
#include "io/reference_data.h"
#include "pipeline/import_batch.h"
#include "pipeline/linkage.h"
#include "pipeline/linkage_evaluation.h"
#include "pipeline/linkage_review.h"
#include "pipeline/record_reference.h"
#include "testing/temp_dir.h"

namespace clearpoint::pipeline {
namespace {

std::string febrl(const std::string& name) {
  return std::string(CLEARPOINT_SHARED_DIR) + "/data/linkage/" + name;
}

std::string example(const std::string& name) {
  return io::find_data_dir() + "/examples/" + name;
}

// The FEBRL person of a record id: rec-1070-org and rec-1070-dup-0 are person 1070.
std::string febrl_person(std::string id) {
  id.erase(0, id.find_first_not_of(' '));
  const auto first = id.find('-');
  return id.substr(first + 1, id.find('-', first + 1) - first - 1);
}

// Appends each FEBRL file's records to a truth file as agency,list,record_id → person.
void write_truth(const std::string& path, const std::vector<std::array<std::string, 3>>& files) {
  std::ofstream out(path);
  out << "person_id,agency,list,record_id\n";
  for (const auto& [file, agency, list] : files) {
    io::CsvReader reader(file, io::CsvOptions{',', 4096, {}});
    io::CsvRow row;
    reader.next(row);
    while (reader.next(row)) {
      std::string id = row.fields[0];
      id.erase(0, id.find_first_not_of(' '));
      out << febrl_person(id) << ',' << agency << ',' << list << ',' << id << '\n';
    }
  }
}

// A copy of a FEBRL file with the birth date cut to its year: the "birth year only" variant.
std::string year_only_copy(const testing::TempDir& dir, const std::string& name) {
  io::CsvReader reader(febrl(name), io::CsvOptions{',', 4096, {}});
  io::CsvRow row;
  reader.next(row);
  const std::string path = dir.file("year-" + name);
  std::ofstream out(path);
  out << "rec_id,given_name,surname,birth_year\n";
  while (reader.next(row)) {
    const auto trimmed = [&](std::size_t i) {
      std::string cell = row.fields[i];
      cell.erase(0, cell.find_first_not_of(' '));
      return cell;
    };
    out << trimmed(0) << ',' << trimmed(1) << ',' << trimmed(2) << ',' << trimmed(9).substr(0, 4) << '\n';
  }
  return path;
}

class FebrlThroughTheCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(febrl("febrl_dataset4a.csv"))) GTEST_SKIP() << "no FEBRL data";
    workspace.db = dir.file("store.db");
    workspace.data_dir = io::find_data_dir();
    workspace.actor = "test";
    workspace.init_store();
  }

  void import(const std::string& file, const std::string& agency, const std::string& list,
              const std::string& mapping) {
    ImportSettings settings;
    settings.agency = agency;
    settings.list = list;
    settings.mapping_path = mapping;
    import_batches(workspace, {file}, settings, [](const ImportOutcome&) {});
  }

  LinkEvaluation link_and_evaluate(const std::vector<std::array<std::string, 3>>& truth_of) {
    run_linkage(workspace, LinkSettings{});
    write_truth(dir.file("truth.csv"), truth_of);
    const auto evaluation = evaluate_linkage(workspace, dir.file("truth.csv"));
    RecordProperty("f1", std::to_string(evaluation.quality.f1()));
    RecordProperty("precision", std::to_string(evaluation.quality.precision()));
    RecordProperty("recall", std::to_string(evaluation.quality.recall()));
    return evaluation;
  }

  LinkEvaluation febrl4(const std::string& mapping) {
    import(febrl("febrl_dataset4a.csv"), "A", "a", mapping);
    import(febrl("febrl_dataset4b.csv"), "B", "b", mapping);
    return link_and_evaluate(
        {{febrl("febrl_dataset4a.csv"), "A", "a"}, {febrl("febrl_dataset4b.csv"), "B", "b"}});
  }

  testing::TempDir dir;
  Workspace workspace;
};

TEST_F(FebrlThroughTheCli, Febrl4AllFieldsReachesF1OfAtLeast0999) {
  const auto e = febrl4(example("febrl-all-fields.mapping.toml"));
  EXPECT_EQ(e.records, 10000);
  EXPECT_EQ(e.true_pairs, 5000);
  EXPECT_GE(e.quality.f1(), 0.999) << "precision " << e.quality.precision() << " recall "
                                   << e.quality.recall();
}

TEST_F(FebrlThroughTheCli, Febrl4GivenNameSurnameAndBirthDateReachesF1OfAtLeast098) {
  const auto e = febrl4(example("febrl.mapping.toml"));
  EXPECT_GE(e.quality.f1(), 0.98) << "precision " << e.quality.precision() << " recall "
                                  << e.quality.recall();
}

TEST_F(FebrlThroughTheCli, Febrl4NamesAndBirthYearOnlyReachesF1OfAtLeast094) {
  const std::string mapping = dir.file("year.mapping.toml");
  std::ofstream(mapping) << "[columns]\nrec_id = \"record_id\"\ngiven_name = \"given_names\"\n"
                            "surname = \"surnames\"\nbirth_year = \"birth_date\"\n";
  const auto a = year_only_copy(dir, "febrl_dataset4a.csv");
  const auto b = year_only_copy(dir, "febrl_dataset4b.csv");
  import(a, "A", "a", mapping);
  import(b, "B", "b", mapping);
  const auto e = link_and_evaluate({{a, "A", "a"}, {b, "B", "b"}});
  EXPECT_GE(e.quality.f1(), 0.94) << "precision " << e.quality.precision() << " recall "
                                  << e.quality.recall();
}

// febrl3: 5,000 records of 2,000 persons in one file, clusters of up to six, 6,538 true pairs.
TEST_F(FebrlThroughTheCli, Febrl3DeduplicationAllFieldsReachesF1OfAtLeast099) {
  import(febrl("febrl_dataset3.csv"), "A", "a", example("febrl-all-fields.mapping.toml"));
  const auto e = link_and_evaluate({{febrl("febrl_dataset3.csv"), "A", "a"}});
  EXPECT_EQ(e.true_pairs, 6538);
  EXPECT_GE(e.quality.f1(), 0.99) << "precision " << e.quality.precision() << " recall "
                                  << e.quality.recall();
}

// Blocking completeness on febrl4 with names and date of birth: what share of the true pairs any rule
// compares at all (the union's, the last row of the report). The target, 0.995, is met since the
// bare-name rules' pair budget compares everyone sharing a surname or given name on lists this small
// (0.9910 with the bound of 20 alone).
TEST_F(FebrlThroughTheCli, Febrl4BlockingComparesNearlyEveryTruePair) {
  const auto e = febrl4(example("febrl.mapping.toml"));
  ASSERT_FALSE(e.blocking.empty());
  RecordProperty("completeness", std::to_string(e.blocking.back().with_rules_above));
  EXPECT_GE(e.blocking.back().with_rules_above, 0.995);
}

// The independent test lists (data/link/testlists, written by make_lists.py from the published
// romanisation standards, apart from the simulator and the normaliser's tables): 572 women on six lists
// — a Serbian police list in Cyrillic, a Serbian NGO in national Latin with typos, IOM passports (ICAO
// 9303), German and Italian police and a French consulate writing names their own way — with missing,
// year-only, swapped and mistyped birth dates, swapped names and namesakes. The floors below are what
// the engine reaches today (docs/linkage.md), guarding against regressions; issue targets are higher.
class IndependentLists : public ::testing::Test {
 protected:
  void SetUp() override { import_and_link(workspace, dir.file("store.db"), lists_dir()); }
  static std::string lists_dir() { return io::find_data_dir() + "/link/testlists/"; }
  // The six lists of `from` into a new store at `db`, each under its agency's name, then linked.
  static void import_and_link(Workspace& into, const std::string& db, const std::string& from) {
    into.db = db;
    into.data_dir = io::find_data_dir();
    into.actor = "test";
    into.init_store();
    for (const std::string list : {"police-rs", "ngo-rs", "iom", "police-de", "police-it", "consulate-fr"}) {
      ImportSettings settings;
      settings.agency = list;
      std::transform(settings.agency.begin(), settings.agency.end(), settings.agency.begin(), ::toupper);
      import_batches(into, {from + list + ".csv"}, settings, [](const ImportOutcome&) {});
    }
    run_linkage(into, LinkSettings{});
  }
  testing::TempDir dir;
  Workspace workspace;
};

TEST_F(IndependentLists, PersonsAndPairsComeCloseToTheTruth) {
  const auto e = evaluate_linkage(workspace, lists_dir() + "truth.csv", "spelling");
  RecordProperty("f1", std::to_string(e.quality.f1()));
  EXPECT_GE(e.quality.f1(), 0.925) << "precision " << e.quality.precision() << " recall "
                                   << e.quality.recall();
  EXPECT_NEAR(static_cast<double>(e.persons_found) / static_cast<double>(e.true_persons), 1.0, 0.02);
  RecordProperty("blocking_completeness", std::to_string(e.blocking.back().with_rules_above));
  EXPECT_GE(e.blocking.back().with_rules_above, 0.995);
  ASSERT_EQ(e.by_value.size(), 8U);
  for (const auto& family : e.by_value) {
    RecordProperty(family.value, std::to_string(family.recall()));
    EXPECT_GE(family.recall(), 0.88) << family.value << ": " << family.found << " of " << family.true_pairs;
  }
}

// own-names/ holds the same records with every woman's own name (no romanisation, typo or swap) and the
// same dates: what the engine reaches when names never err. The lists as the agencies wrote them must
// come as close to it as a point of F1 and, in each spelling family, two true pairs and 1 % of the
// family's: which namesake an undated record joins is nearly a coin's toss and moves a pair or two
// either way (today Cyrillic 156 and German 204 against 154 and 201 with the own names, ICAO 226 against
// 228; F1 0.9448 against 0.9438). What the families lose to 0.97 is namesakes' dates, not spelling;
// breaking a romanisation table or the name comparison loses dozens of a family's pairs.
TEST_F(IndependentLists, EachSpellingFindsAsManyPairsAsTheWomensOwnNamesWould) {
  testing::TempDir own_dir;
  Workspace own;
  import_and_link(own, own_dir.file("store.db"), lists_dir() + "own-names/");
  const auto written = evaluate_linkage(workspace, lists_dir() + "truth.csv", "spelling");
  const auto own_names = evaluate_linkage(own, lists_dir() + "truth.csv", "spelling");
  RecordProperty("f1_written", std::to_string(written.quality.f1()));
  RecordProperty("f1_own_names", std::to_string(own_names.quality.f1()));
  EXPECT_GE(written.quality.f1(), own_names.quality.f1() - 0.01);
  ASSERT_EQ(written.by_value.size(), own_names.by_value.size());
  for (std::size_t k = 0; k < written.by_value.size(); ++k) {
    const auto& family = written.by_value[k];
    ASSERT_EQ(family.value, own_names.by_value[k].value);
    ASSERT_EQ(family.true_pairs, own_names.by_value[k].true_pairs);
    EXPECT_GE(family.found, own_names.by_value[k].found - 2 - family.true_pairs / 100)
        << family.value << ": " << family.found << " against " << own_names.by_value[k].found << " of "
        << family.true_pairs << " with the women's own names";
  }
}

TEST_F(IndependentLists, NamesakesBornMonthsApartAreNotChainedThroughARecordWithoutABirthDay) {
  // Two women named Jelena Gavrilović, born 1966-06-27 (IOM) and 1966-08-28 (NGO and the French
  // consulate), with a Serbian police record giving only 1966 and a German one no date: the two birth
  // days compare at about −1.4 bits, so the undated records used to join all five into one person.
  const std::string june = "IOM/main/IO00014";
  const std::string august = "NGO-RS/main/NG00192";
  std::map<std::int64_t, std::string> reference;
  std::map<std::string, std::string> person_of;
  const auto store = workspace.open_store();
  store.for_each_record_with_id(
      {}, [&](std::int64_t id, const records::CaseRecord& r) { reference[id] = reference_of(r); });
  for (const auto& [id, person] : store.persons()) person_of[reference[id]] = person;
  EXPECT_NE(person_of.at(june), person_of.at(august));
  EXPECT_EQ(person_of.at(august), person_of.at("CONSULATE-FR/main/FR00110"));
  const auto explained = explain_pair(workspace, june, august);
  EXPECT_TRUE(std::any_of(explained.rules.begin(), explained.rules.end(), [](const std::string& rule) {
    return rule.find("birth days differ by more than one mistyped digit") != std::string::npos;
  }));
}

TEST_F(IndependentLists, NamesWrittenInTwoForeignOrthographiesAreCompared) {
  // Đorđević as a German clerk wrote it (Dordevic, no date) and as an Italian one did (Giorgevic); Đurđica
  // Živković in ICAO 9303 (Durdica Zivkovic) and in Italian (Giurgiza Jivkovic, no date). No single
  // reading of both sound keys agrees, so the blocking left them uncompared until a record's keys in
  // every reading were keys of the sound rules.
  for (const auto& [a, b] :
       std::vector<std::pair<std::string, std::string>>{{"POLICE-DE/main/DE00024", "POLICE-IT/main/IT00019"},
                                                        {"IOM/main/IO00030", "POLICE-IT/main/IT00024"}}) {
    const auto explained = explain_pair(workspace, a, b);
    EXPECT_TRUE(std::find(explained.blocking_rules.begin(), explained.blocking_rules.end(),
                          "both name sounds, either order") != explained.blocking_rules.end())
        << a << " " << b;
    EXPECT_GT(explained.pairwise_probability, 0.9) << a << " " << b;
  }
}

TEST_F(IndependentLists, AKeySharedInABucketOverItsBoundIsNotCalledCompared) {
  // Elena Bondarenko (French consulate) and Elena Balan (IOM), neither with a birth date: about 60
  // records are an Elena. The bare given-name rule's bound of 20 is raised by its pair budget (these lists
  // are small), so it compared them; the either-column rule (bound 50, no budget) paired nobody in that
  // bucket and explain must not say it compared them.
  const auto explained = explain_pair(workspace, "CONSULATE-FR/main/FR00056", "IOM/main/IO00158");
  const auto& compared = explained.blocking_rules;
  EXPECT_NE(std::find(compared.begin(), compared.end(), "given name"), compared.end());
  EXPECT_EQ(std::find(compared.begin(), compared.end(), "a name in either column"), compared.end());
  ASSERT_EQ(explained.blocking_over_bound.size(), 1u);
  EXPECT_EQ(explained.blocking_over_bound[0], "a name in either column (more than 50 records share the key)");
}

TEST_F(IndependentLists, AMistypedBirthYearBesideAnotherSpellingMeetsOnTheDayAndMonth) {
  // Ioana Țurcanu: IOM's passport copy drops the comma below (Turcanu) and mistypes the year (1991 for
  // 1990); the NGO writes Țurcanu and the Serbian police Цуркану (ц = ts). Neither surname nor date agrees,
  // so only the given name and the day and month of birth bring the records together.
  for (const std::string other : {"NGO-RS/main/NG00159", "POLICE-RS/main/RS00154"}) {
    const auto explained = explain_pair(workspace, "IOM/main/IO00166", other);
    EXPECT_TRUE(std::find(explained.blocking_rules.begin(), explained.blocking_rules.end(),
                          "given name + day and month of birth") != explained.blocking_rules.end())
        << other;
    EXPECT_TRUE(explained.same_person()) << other;
  }
}

TEST_F(IndependentLists, RecordsWithoutABirthDateAreStillFound) {
  const auto e = evaluate_linkage(workspace, lists_dir() + "truth.csv", "birth_date_form");
  const auto missing = std::find_if(e.by_value.begin(), e.by_value.end(),
                                    [](const GroupRecall& g) { return g.value == "missing"; });
  ASSERT_NE(missing, e.by_value.end());
  RecordProperty("recall", std::to_string(missing->recall()));
  EXPECT_GE(missing->recall(), 0.80) << missing->found << " of " << missing->true_pairs;
}

TEST_F(IndependentLists, AStoredRecordTheTruthLacksIsAnErrorNotASkip) {
  testing::TempDir other;
  const std::string partial = other.file("truth.csv");
  std::ifstream in(lists_dir() + "truth.csv");
  std::ofstream out(partial);
  std::string line;
  for (int n = 0; std::getline(in, line); ++n) {
    if (n != 5) out << line << '\n';  // one record's row left out
  }
  out.close();
  try {
    evaluate_linkage(workspace, partial);
    FAIL() << "a record missing from the truth was skipped";
  } catch (const core::UserError& error) {
    EXPECT_NE(std::string(error.what()).find("1 stored record"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace clearpoint::pipeline
