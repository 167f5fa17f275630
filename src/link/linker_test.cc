#include "link/linker.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "io/reference_data.h"
#include "link/candidate_scoring.h"
#include "link/case_linkage.h"
#include "link/model_json.h"

namespace clearpoint::link {
namespace {

// Persons from hand-made pairs, a pair being clearly different when its own strongest_against says so
// (linker.cc asks the same of the blocking keys and one comparison, and exempts strong pairs).
std::vector<std::uint32_t> cluster_persons(const std::vector<CandidatePair>& scored,
                                           const std::vector<std::uint32_t>& lists, double threshold) {
  return link::cluster_persons(scored, lists, threshold, [&](std::uint32_t x, std::uint32_t y) {
    return std::any_of(scored.begin(), scored.end(), [&](const CandidatePair& p) {
      return ((p.a == x && p.b == y) || (p.a == y && p.b == x)) && p.strongest_against < kCannotLinkWeight;
    });
  });
}

// Records 0-4 on lists 0, 0, 1, 1, 2. Hand-worked: (0,1) same list, strong → merged; (0,2) joins list 1;
// (1,3) would put a second list-1 record into the cluster → refused; (2,4) joins list 2; (3,4) is below
// the threshold.
TEST(ClusterPersons, AtMostOneRecordPerListAndStrongWithinListMergesFirst) {
  const std::vector<CandidatePair> scored = {
      {0, 1, 0.97}, {0, 2, 0.95}, {1, 3, 0.9}, {2, 4, 0.7}, {3, 4, 0.4}};
  const std::vector<std::uint32_t> lists = {0, 0, 1, 1, 2};
  const auto cluster = cluster_persons(scored, lists, 0.5);
  EXPECT_EQ(cluster, (std::vector<std::uint32_t>{0, 0, 0, 3, 0}));
}

TEST(ClusterPersons, WeakWithinListPairsDoNotMerge) {
  // A same-list pair needs 0.95: at 0.9 the two records stay apart even though the threshold is 0.5.
  const auto cluster = cluster_persons({{0, 1, 0.9}}, {0, 0}, 0.5);
  EXPECT_EQ(cluster, (std::vector<std::uint32_t>{0, 1}));
}

TEST(ClusterPersons, ClearlyDifferentRecordsAreNotChainedIntoOnePerson) {
  // Two women of one name: 0 (list 0) and 2 (list 2) were born ten years apart (a comparison weighing
  // −9 bits). Record 1 (list 1) links well to both; the stronger link wins and the weaker one would chain
  // 0 and 2, so it is refused. Without the compared pair (0,2) the chain would form.
  CandidatePair contradiction{0, 2, 0.01, -3};
  contradiction.strongest_against = -9;
  const std::vector<CandidatePair> scored = {{1, 0, 0.9, 8}, {1, 2, 0.8, 7}, contradiction};
  const std::vector<std::uint32_t> lists = {0, 1, 2};
  EXPECT_EQ(cluster_persons(scored, lists, 0.5), (std::vector<std::uint32_t>{0, 0, 2}));
  EXPECT_EQ(cluster_persons({scored[0], scored[1]}, lists, 0.5), (std::vector<std::uint32_t>{0, 0, 0}));
}

TEST(ClusterPersons, BirthDaysThatDisagreeHoldApartOnlyBeyondAPairAcrossLists) {
  // Two namesakes born two months apart: 0 (list 0) and 1 (list 1) compare at only −1.4 bits, so each
  // pair alone may link. Record 2 (list 2) has no birth day and links to both. Across lists the two
  // birth days may not meet in a person of three records: 2 joins the stronger partner only.
  const std::vector<std::uint32_t> lists = {0, 1, 2};
  const std::vector<CandidatePair> scored = {{0, 2, 0.95, 9}, {1, 2, 0.9, 8}, {0, 1, 0.8, 6}};
  const auto apart = [](std::uint32_t x, std::uint32_t y) {
    return std::min(x, y) == 0 && std::max(x, y) == 1;
  };
  const auto none = [](std::uint32_t, std::uint32_t) { return false; };
  EXPECT_EQ(link::cluster_persons(scored, lists, 0.5, none, apart), (std::vector<std::uint32_t>{0, 1, 0}));
  EXPECT_EQ(link::cluster_persons(scored, lists, 0.5, none), (std::vector<std::uint32_t>{0, 0, 0}));
  // The two alone still link (a person's two records may carry two slips in one date) ...
  EXPECT_EQ(link::cluster_persons({scored[2]}, lists, 0.5, none, apart),
            (std::vector<std::uint32_t>{0, 0, 2}));
  // ... but a pair so linked takes no third record, whichever order the links come in: here the
  // namesakes' own link is the strongest, and record 2 stays alone.
  const std::vector<CandidatePair> pair_first = {{0, 1, 0.99, 9}, {0, 2, 0.95, 8}, {1, 2, 0.9, 7}};
  EXPECT_EQ(link::cluster_persons(pair_first, lists, 0.5, none, apart),
            (std::vector<std::uint32_t>{0, 0, 2}));
  // ... and duplicates within one list are not held apart by it (FEBRL3's duplicates with two changed
  // digits of a birth date are one person).
  const std::vector<std::uint32_t> one_list = {0, 0, 0};
  const std::vector<CandidatePair> duplicates = {{0, 2, 0.99, 9}, {1, 2, 0.99, 8}, {0, 1, 0.99, 6}};
  EXPECT_EQ(link::cluster_persons(duplicates, one_list, 0.5, none, apart),
            (std::vector<std::uint32_t>{0, 0, 0}));
}

}  // namespace
}  // namespace clearpoint::link

namespace clearpoint::link {
namespace {

TEST(ClusterPersons, DuplicatesOnOneListTogetherAreThePartner) {
  // Records 0 and 1 are one person twice on list 0 (0.99); record 2 on list 1 cannot tell them apart
  // (0.5 each). Pair by pair neither reaches the threshold; as a cluster they are 2's partner (1.0).
  const std::vector<CandidatePair> scored = {{0, 1, 0.99, 30}, {0, 2, 0.49, 30}, {1, 2, 0.49, 30}};
  EXPECT_EQ(cluster_persons(scored, {0, 0, 1}, 0.5), (std::vector<std::uint32_t>{0, 0, 0}));
  // Without the duplicate link they stay three: 2 might be either.
  EXPECT_EQ(cluster_persons({scored[1], scored[2]}, {0, 0, 1}, 0.5), (std::vector<std::uint32_t>{0, 1, 2}));
}

}  // namespace
}  // namespace clearpoint::link

namespace clearpoint::link {
namespace {

TEST(ClusterPersons, DuplicatesMergeOnTheirClustersJointEvidence) {
  // Four records of one woman on one list; record 3 carries another surname and reaches each of the
  // others at 0.88 only. Pair by pair it never reaches 0.95; against the three together it does
  // (1 − 0.12³ = 0.9983). A lone 0.88 pair stays apart.
  const std::vector<CandidatePair> scored = {{0, 1, 0.999}, {0, 2, 0.999}, {1, 2, 0.999},
                                             {0, 3, 0.88},  {1, 3, 0.88},  {2, 3, 0.88}};
  EXPECT_EQ(cluster_persons(scored, {0, 0, 0, 0}, 0.5), (std::vector<std::uint32_t>{0, 0, 0, 0}));
  EXPECT_EQ(cluster_persons({{0, 1, 0.88}}, {0, 0}, 0.5), (std::vector<std::uint32_t>{0, 1}));
}

}  // namespace
}  // namespace clearpoint::link

namespace clearpoint::link {
namespace {

// Surnames of the region that share only a common ending (surname_endings.csv) are different names;
// a slip in the part before the ending still leaves them similar. Common surnames of Macedonia, Serbia,
// Ukraine and Romania, not drawn from the simulator's pools.
// The level two values reach under a comparer of one comparison, by its name; "missing" when either
// value is empty.
std::string level_of(const PairComparer& comparer, const std::string& a, const std::string& b) {
  const auto pattern = comparer.compare(comparer.prepare({a}), comparer.prepare({b}));
  return pattern[0] == kMissing ? "missing"
                                : comparer.specs()[0].level_names[static_cast<std::size_t>(pattern[0])];
}

class SurnameLevels : public ::testing::Test {
 protected:
  NameNormaliser names = NameNormaliser::load(io::find_data_dir());
  PairComparer comparer{{{"surnames", 0, Comparator::kSurname}}, names};
  std::string level(const std::string& a, const std::string& b) const { return level_of(comparer, a, b); }
};

TEST_F(SurnameLevels, ACommonEndingAloneIsNoSimilarity) {
  EXPECT_EQ(level("Трајковска", "Stojanovska"), "different");
  EXPECT_EQ(level("Trajkovski", "Stojanovski"), "different");
  EXPECT_EQ(level("Bondarenko", "Kondratenko"), "different");
  EXPECT_EQ(level("Marinescu", "Mărgărescu"), "different");
  // A consonant mistyped before the ending: the names still agree there, so they stay alike — one letter
  // in a five-letter stem weighs more than in the whole word (close → similar), which is the cost.
  EXPECT_EQ(level("Stojanović", "Stojamović"), "close (JW ≥ 0.92)");
  EXPECT_EQ(level("Trajkovska", "Trajlovska"), "similar (JW ≥ 0.80)");
  EXPECT_EQ(level("Kondratenko", "Kondrstenko"), "close (JW ≥ 0.92)");
  EXPECT_EQ(level("Jovanović", "Јовановић"), "same skeleton");
}

TEST(SetLevels, FormsOfExploitationCompareAsSetsAndAnEmptyFieldIsNoEvidence) {
  const NameNormaliser names = NameNormaliser::load(io::find_data_dir());
  const PairComparer comparer{{{"exploitation_types", 0, Comparator::kSet}}, names};
  const auto level = [&](const std::string& a, const std::string& b) { return level_of(comparer, a, b); };
  EXPECT_EQ(level("sexual|forced_labour", "forced_labour|sexual"), "the same values");
  EXPECT_EQ(level("sexual", "sexual"), "the same values");
  EXPECT_EQ(level("sexual", "begging|sexual"), "a value in common");
  EXPECT_EQ(level("forced_labour|begging", "sexual|begging"), "a value in common");
  EXPECT_EQ(level("begging", "sexual"), "no value in common");
  EXPECT_EQ(level("forced_marriage|begging", "sexual|forced_labour"), "no value in common");
  EXPECT_EQ(level("", "sexual"), "missing");  // unknown is never "no value in common"
}

TEST(SetLevels, ALeastDisagreementFloorsTheLowestLevelAndKeepsTheLevelsInOrder) {
  // As lists that never disagree train it: no level below the top reached by true pairs.
  const std::vector<std::string> levels = {"no value in common", "a value in common", "the same values"};
  FellegiSunter floored({{"exploitation_types", 3, levels, false, 0.1}});
  FellegiSunter plain({{"exploitation_types", 3, levels}});
  for (auto* model : {&floored, &plain}) {
    model->u() = {{0.45, 0.06, 0.49}};
    model->m() = {{0.0002, 0.0, 0.9998}};
    model->bound_disagreement();
  }
  const auto& m = floored.m()[0];
  EXPECT_DOUBLE_EQ(m[0], 0.1);
  EXPECT_NEAR(m[1], 0.06 * 0.1 / 0.45, 1e-12);  // weighs what no value in common weighs, not less
  EXPECT_NEAR(m[0] + m[1] + m[2], 1.0, 1e-12);
  EXPECT_NEAR(std::log2(m[0] / 0.45), std::log2(0.1 / 0.45), 1e-12);  // -2.17 bits, not -11
  EXPECT_GT(m[2] / 0.49, 1.0);
  EXPECT_DOUBLE_EQ(plain.m()[0][0], 0.0002);  // a comparison without one keeps what EM learnt
  // A least disagreement above u stops at u: a disagreement is never evidence for one person.
  FellegiSunter high({{"exploitation_types", 3, levels, false, 0.6}});
  high.u() = {{0.45, 0.06, 0.49}};
  high.m() = {{0.0002, 0.0, 0.9998}};
  high.bound_disagreement();
  EXPECT_DOUBLE_EQ(high.m()[0][0], 0.45);
}

class DateLevels : public ::testing::Test {
 protected:
  NameNormaliser names = NameNormaliser::load(io::find_data_dir());
  PairComparer comparer{{{"birth_date", 0, Comparator::kPartialDate, true}}, names};
  std::string level(const std::string& a, const std::string& b) const { return level_of(comparer, a, b); }
};

TEST_F(DateLevels, KeyingSlipsAreCloseAndYearsApartAreNot) {
  EXPECT_EQ(level("1914-09-13", "1914-09-13"), "same day");
  const std::string close = "close (one digit mistyped, day and month swapped, or both within a month)";
  EXPECT_EQ(level("1914-09-13", "1910-09-13"), close);         // one digit of the year (FEBRL's typos)
  EXPECT_EQ(level("1985-03-12", "1985-03-21"), close);         // two neighbouring digits swapped
  EXPECT_EQ(level("1985-03-12", "1985-12-03"), close);         // day and month swapped
  EXPECT_EQ(level("1915", "1951"), close);                     // a year-only date mistyped by a swap
  EXPECT_EQ(level("1983", "1984"), "less than a year apart");  // neighbours are not a slip but a year
  EXPECT_EQ(level("1962-05-01", "1932-05-01"), close);
  EXPECT_EQ(level("1962-05-01", "1931-05-01"), "more than 3 years apart");  // two digits: not a slip
  EXPECT_EQ(level("", "1931-05-01"), "missing");
}

TEST_F(DateLevels, BirthDaysDisagreeBeyondOneSlipOnlyWhenBothAreKnownToTheDay) {
  const auto disagree = [&](const std::string& a, const std::string& b) {
    return comparer.birth_days_disagree(comparer.prepare({a}), comparer.prepare({b}));
  };
  EXPECT_TRUE(disagree("1966-06-27", "1966-08-28"));  // two namesakes two months apart
  EXPECT_TRUE(disagree("1962-05-01", "1931-05-01"));  // two digits of the year
  EXPECT_FALSE(disagree("1966-08-28", "1966-08-28"));
  EXPECT_FALSE(disagree("1914-09-13", "1910-09-13"));  // one digit mistyped
  EXPECT_FALSE(disagree("1985-03-12", "1985-03-21"));  // neighbouring digits swapped
  EXPECT_FALSE(disagree("1985-03-12", "1985-12-03"));  // day and month swapped
  EXPECT_FALSE(disagree("1966", "1966-08-28"));        // a year only says nothing of the day
  EXPECT_FALSE(disagree("1966-01-01", "1966-08-28"));  // 1 January stands for an unknown day
  EXPECT_FALSE(disagree("", "1966-08-28"));
}

TEST(FellegiSunter, DisagreementNeverWeighsForOnePerson) {
  // One sex in every record: random pairs never differ (u of "different" near 0), and the smoothing of m
  // gives the unseen level a little mass; the bound keeps its weight at or below 0.
  FellegiSunter model({{"sex", 2, {"different", "equal"}}});
  PatternCounts random;
  random.add({1}, 100000);
  model.estimate_u(random);
  PatternCounts candidates;
  candidates.add({1}, 500);
  model.estimate_m(candidates, 0.5);
  model.bound_disagreement();
  EXPECT_LE(model.match_weight({0}), 1e-12);
  EXPECT_NEAR(model.m()[0][0] + model.m()[0][1], 1.0, 1e-12);
}

}  // namespace
}  // namespace clearpoint::link

namespace clearpoint::link {
namespace {

// The term-frequency adjustment weighs a shared rare name up. Only a name's real rarity may: a nickname
// agrees with its formal name at the top level though the nickname itself is rare, and a surname a clerk
// wrote in the given-name column is rare among given names though common as a surname.
TEST(NameFrequencyAdjustment, TheCommonerOfTheTwoNamesCounts) {
  const auto names = NameNormaliser::load(io::find_data_dir());
  const PairComparer comparer{case_comparisons(), names};
  std::vector<PreparedRecord> records;
  for (int i = 0; i < 40; ++i) records.push_back(comparer.prepare({"Victoria", "Ionescu", "", "", ""}));
  for (int i = 0; i < 40; ++i) records.push_back(comparer.prepare({"Ana", "Petrovic", "", "", ""}));
  const auto nickname = comparer.prepare({"Vika", "Ionescu", "", "", ""});
  const auto swapped = comparer.prepare({"Ionescu", "Victoria", "", "", ""});
  const auto rare = comparer.prepare({"Zlata", "Ionescu", "", "", ""});
  records.push_back(nickname);
  records.push_back(swapped);
  records.push_back(rare);
  records.push_back(rare);
  FellegiSunter model(comparer.specs());
  for (auto& u : model.u()) u.back() = 0.05;
  const auto frequencies = name_frequencies(comparer, {&records});
  const auto& formal = records.front();
  const auto bits = [&](const PreparedRecord& a, const PreparedRecord& b) {
    const auto pattern = comparer.compare(a, b);
    EXPECT_EQ(pattern[0], comparer.specs()[0].levels - 1);  // the given names agree at the top level
    return frequency_adjustment(model, frequencies, a, b, pattern);
  };
  const double common = bits(formal, formal);
  // Victoria is 40 of 84 given names: agreeing on it is weaker than u says (u 0.05 < 40/84).
  EXPECT_LT(common, 0);
  EXPECT_DOUBLE_EQ(bits(nickname, formal), common);
  EXPECT_DOUBLE_EQ(bits(formal, nickname), common);
  EXPECT_DOUBLE_EQ(bits(swapped, formal), bits(formal, swapped));
  EXPECT_LE(bits(swapped, formal), common);
  // Two records sharing a truly rare given name (Zlata, 2 of 84) gain from it.
  EXPECT_GT(bits(rare, rare), common + 4);
}

// Names of one nationality are drawn together, so a full name can be held by many persons though each of
// its names alone looks only common. Here Ana and Popescu are each half of the names (u set to 0.05, so
// each name alone weighs log2(0.05 / 0.5)), but ten persons born on ten days hold "Ana Popescu": a pair
// agreeing on both names gains at most log2(u_given · u_surname · persons / the other persons).
TEST(NameFrequencyAdjustment, AFullNameHeldByManyPersonsCountsItsNamesakes) {
  const auto names = NameNormaliser::load(io::find_data_dir());
  const PairComparer comparer{case_comparisons(), names};
  std::vector<PreparedRecord> records;
  for (int day = 2; day <= 11; ++day) {  // 1 January reads as a placeholder for the year
    records.push_back(comparer.prepare({"Ana", "Popescu", fmt::format("1980-01-{:02}", day), "", ""}));
    records.push_back(comparer.prepare({"Maria", "Ionescu", fmt::format("1981-02-{:02}", day), "", ""}));
  }
  FellegiSunter model(comparer.specs());
  for (auto& u : model.u()) u.back() = 0.05;
  const auto frequencies = name_frequencies(comparer, {&records});
  ASSERT_DOUBLE_EQ(frequencies.full_name_persons, 20);
  const auto bits = [&](const PreparedRecord& a, const PreparedRecord& b) {
    return frequency_adjustment(model, frequencies, a, b, comparer.compare(a, b));
  };
  const double each_name = std::log2(0.05 / 0.5);
  const auto undated = comparer.prepare({"Ana", "Popescu", "", "", ""});
  // One of the pair gives a full date: nine other persons hold the name.
  EXPECT_NEAR(bits(records[0], undated), std::log2(0.05 * 0.05 * 20 / 9), 1e-9);
  EXPECT_LT(bits(records[0], undated), 2 * each_name);
  // Two full dates (a mistyped day, or two of the namesakes): eight others.
  EXPECT_NEAR(bits(records[0], records[2]), std::log2(0.05 * 0.05 * 20 / 8), 1e-9);
  // A full name no other person holds keeps its two names' own weights.
  auto with_rare = records;
  with_rare.push_back(comparer.prepare({"Ana", "Kovač", "1990-05-05", "", ""}));
  with_rare.push_back(comparer.prepare({"Ana", "Kovač", "", "", ""}));
  const auto rare_frequencies = name_frequencies(comparer, {&with_rare});
  const auto& x = with_rare[with_rare.size() - 2];
  const auto& y = with_rare.back();
  EXPECT_DOUBLE_EQ(frequency_adjustment(model, rare_frequencies, x, y, comparer.compare(x, y)),
                   name_adjustment(model, rare_frequencies, 0, x[0].skeleton) +
                       name_adjustment(model, rare_frequencies, 1, x[1].skeleton));
}

// `link explain` reads the full names back from the stored model: the same bound after the round trip,
// and a model stored before full names were counted is refused (its explanations would not be the
// decision's) instead of read as "no namesakes".
TEST(NameFrequencyAdjustment, TheStoredModelKeepsTheFullNames) {
  const auto names = NameNormaliser::load(io::find_data_dir());
  const PairComparer comparer{case_comparisons(), names};
  std::vector<PreparedRecord> records;
  for (int day = 2; day <= 6; ++day)
    records.push_back(comparer.prepare({"Ana", "Popescu", fmt::format("1980-01-{:02}", day), "", ""}));
  FellegiSunter model(comparer.specs());
  const auto frequencies = name_frequencies(comparer, {&records});
  const auto undated = comparer.prepare({"Ana", "Popescu", "", "", ""});
  const auto pattern = comparer.compare(records[0], undated);
  const double before = frequency_adjustment(model, frequencies, records[0], undated, pattern);

  const auto json = model_to_json(model, frequencies);
  FellegiSunter read_model(comparer.specs());
  NameFrequencies read;
  model_from_json(read_model, read, json);
  EXPECT_EQ(read.full_name_birth_days, frequencies.full_name_birth_days);
  EXPECT_DOUBLE_EQ(read.full_name_persons, 5);
  EXPECT_DOUBLE_EQ(frequency_adjustment(read_model, read, records[0], undated, pattern), before);

  auto old = nlohmann::json::parse(json);
  old.erase("full_names");
  EXPECT_THROW(model_from_json(read_model, read, old.dump()), core::UserError);
}

// The buckets each blocking rule skipped travel with the model for `link explain`; a model stored without
// them, or under other rules, is refused rather than read as "every shared key was compared".
TEST(NameFrequencyAdjustment, TheStoredModelKeepsEachRulesSkippedBuckets) {
  const auto names = NameNormaliser::load(io::find_data_dir());
  const PairComparer comparer{case_comparisons(), names};
  const auto rules = case_blocking_rules();
  std::vector<BlockingReport> reports(rules.size());
  for (std::size_t r = 0; r < rules.size(); ++r) {
    reports[r].rule = rules[r].name;
    reports[r].bound = 50 + r;
  }
  reports[0].skipped_keys = {7, 18446744073709551000ULL};  // hashes use all 64 bits
  FellegiSunter model(comparer.specs());
  const auto json = model_to_json(model, {}, reports);
  NameFrequencies read;
  std::vector<BlockingReport> stored;
  model_from_json(model, read, json, &stored, rules);
  ASSERT_EQ(stored.size(), rules.size());
  EXPECT_EQ(stored[0].skipped_keys, reports[0].skipped_keys);
  EXPECT_EQ(stored[1].bound, 51U);
  EXPECT_THROW(model_from_json(model, read, json, &stored, {rules.begin(), rules.end() - 1}),
               core::UserError);
  auto old = nlohmann::json::parse(json);
  old.erase("blocking");
  EXPECT_THROW(model_from_json(model, read, old.dump(), &stored, rules), core::UserError);
}

// `link explain` recomputes a pair's weight with frequency_adjustment; linking (train_and_score) weighs
// every pair with per-record lookups. The two must agree on every pair, namesakes and nicknames included.
TEST(NameFrequencyAdjustment, LinkingWeighsEveryPairAsExplainDoes) {
  const auto names = NameNormaliser::load(io::find_data_dir());
  const PairComparer comparer{case_comparisons(), names};
  const std::vector<std::vector<std::string>> rows = {{"Ana", "Popescu", "1980-01-04", "female", "2004"},
                                                      {"Ana", "Popescu", "1980-01-02", "female", "2004"},
                                                      {"Ana", "Popescu", "1980-01-03", "female", "2004"},
                                                      {"Ana", "Popescu", "", "female", "2004"},
                                                      {"Ana", "Popescu", "1980", "female", "2004"},
                                                      {"Ana", "Popescu", "1980-01-04", "female", "2004"},
                                                      {"Viktorija", "Ilić", "1985-03-02", "female", "2005"},
                                                      {"Vika", "Ilić", "1985-03-02", "female", "2005"},
                                                      {"Ilić", "Viktorija", "1985-03-02", "female", "2005"},
                                                      {"Zlata", "Kovač", "", "female", "2006"}};
  std::vector<PreparedRecord> records;
  for (const auto& row : rows) records.push_back(comparer.prepare(row));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (std::uint32_t i = 0; i < records.size(); ++i) {
    for (std::uint32_t j = i + 1; j < records.size(); ++j) pairs.emplace_back(i, j);
  }
  FellegiSunter model(comparer.specs());
  LinkOptions options;
  options.random_pairs = 2000;
  const auto training = case_training_rules();
  const BlockingKeys keys(records, training);
  EmReport em;
  const auto scored = train_and_score(records, pairs, training, keys, model, comparer, options, em);
  ASSERT_EQ(scored.size(), pairs.size());
  int namesakes = 0;
  for (std::size_t p = 0; p < scored.size(); ++p) {
    const auto& a = records[scored.a[p]];
    const auto& b = records[scored.b[p]];
    const auto pattern = comparer.compare(a, b);
    const double explained = frequency_adjustment(model, scored.frequencies, a, b, pattern);
    EXPECT_NEAR(scored.weight[p], model.match_weight(pattern) + explained, 1e-4)
        << scored.a[p] << " " << scored.b[p];
    if (full_name_of(scored.frequencies, a).birth_days > 0) ++namesakes;
  }
  EXPECT_GT(namesakes, 0);  // the namesakes' full name was counted
}

}  // namespace
}  // namespace clearpoint::link
