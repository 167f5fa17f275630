// Blocking: each pair once whichever rules find it, bucket bounds with their report, and the question
// "were these two records compared?" answered from the keys alone.
#include "link/blocking.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "io/reference_data.h"
#include "link/case_linkage.h"

namespace clearpoint::link {
namespace {

class Blocking : public ::testing::Test {
 protected:
  NameNormaliser names = NameNormaliser::load(io::find_data_dir());
  PairComparer comparer{case_comparisons(), names};
  std::vector<PreparedRecord> prepare(const std::vector<std::vector<std::string>>& rows) const {
    std::vector<PreparedRecord> records;
    for (const auto& row : rows) records.push_back(comparer.prepare(row));
    return records;
  }
  // The candidate pairs (sorted: within a rule they come in the order of the hashed keys), the keys and
  // the report of blocking `records` under `rules`.
  struct Blocked {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    BlockingKeys keys;
    std::vector<BlockingReport> reports;
  };
  static Blocked block(const std::vector<PreparedRecord>& records, const std::vector<BlockingRule>& rules) {
    Blocked blocked;
    blocked.pairs = candidate_pairs_within(records, rules, blocked.keys, &blocked.reports);
    std::sort(blocked.pairs.begin(), blocked.pairs.end());
    return blocked;
  }
};

using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

using K = BlockingKeyPart::Kind;

TEST_F(Blocking, EachPairOnceAndTheReportCountsWhatEachRuleAdds) {
  // 0, 1 and 2 share a surname; 0 and 1 also a given name and a birth year.
  const auto records = prepare({{"Marija", "Jovanović", "1985-03-02", "female", "2004"},
                                {"Марија", "Јовановић", "1985", "female", "2004"},
                                {"Ana", "Jovanovic", "1990-01-05", "female", "2005"},
                                {"Ana", "Petrović", "1990-01-05", "female", "2005"}});
  const std::vector<BlockingRule> rules = {
      {"given name + birth year", {{0, K::kSkeleton, 0}, {2, K::kYear, 0}}},
      {"surname", {{1, K::kSkeleton, 0}}}};
  const auto blocked = block(records, rules);
  // (0,1) by both rules, (0,2) and (1,2) by surname, (2,3) by given name and year: four pairs.
  EXPECT_EQ(blocked.pairs, (Pairs{{0, 1}, {0, 2}, {1, 2}, {2, 3}}));
  ASSERT_EQ(blocked.reports.size(), 2U);
  EXPECT_EQ(blocked.reports[0].pairs, 2);
  EXPECT_EQ(blocked.reports[1].pairs, 3);
  EXPECT_EQ(blocked.reports[1].new_pairs, 2);
  EXPECT_TRUE(blocked.keys.compared(0, 2));
  EXPECT_FALSE(blocked.keys.compared(0, 3));
}

TEST_F(Blocking, ABucketOverItsBoundPairsNobodyAndIsReported) {
  const auto records = prepare({{"Ana", "Jovanović", "", "", ""},
                                {"Mila", "Jovanović", "", "", ""},
                                {"Vesna", "Jovanović", "", "", ""},
                                {"Ana", "Kovač", "", "", ""},
                                {"Iva", "Kovač", "", "", ""}});
  const std::vector<BlockingRule> rules = {{"surname", {{1, K::kSkeleton, 0}}, 2}};
  const auto blocked = block(records, rules);
  EXPECT_EQ(blocked.pairs, (Pairs{{3, 4}}));
  EXPECT_EQ(blocked.reports[0].skipped_buckets, 1);
  EXPECT_EQ(blocked.reports[0].skipped_records, 3);
  EXPECT_FALSE(blocked.keys.compared(0, 1));  // their bucket paired nobody: they were never compared
  EXPECT_TRUE(blocked.keys.compared(3, 4));
}

TEST_F(Blocking, TheSkippedKeysTellWhatTheBoundLeftUncomparedAsTheKeysDo) {
  // `link explain` reads a stored run's skipped keys instead of keying every record again: for every
  // pair, under a bounded rule with one key a record and one with several (sound keys in every reading,
  // a name in either column), the two must agree with the keys the run kept.
  const auto records = prepare({{"Ana", "Jovanović", "", "", ""},
                                {"Ana", "Јовановић", "", "", ""},
                                {"Jovanović", "Ana", "", "", ""},
                                {"Mila", "Jovanović", "", "", ""},
                                {"Ana", "Kovač", "", "", ""},
                                {"Dragana", "Dordevic", "", "", ""},
                                {"Dragana", "Giorgevic", "", "", ""},
                                {"Iva", "Kovač", "", "", ""}});
  const std::vector<BlockingRule> rules = {{"surname", {{1, K::kSkeleton, 0}}, 2},
                                           {"sound pair", {{0, K::kSoundPair, 1}}, 2},
                                           {"either", {{0, K::kEitherName, 1}}, 2}};
  const auto blocked = block(records, rules);
  std::size_t skipped = 0;
  std::size_t agreed_sharing = 0;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const auto& keys = blocked.reports[r].skipped_keys;
    EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    EXPECT_EQ(keys.size(), static_cast<std::size_t>(blocked.reports[r].skipped_buckets));
    skipped += keys.size();
    for (std::uint32_t a = 0; a < records.size(); ++a) {
      for (std::uint32_t b = a + 1; b < records.size(); ++b) {
        const bool kept = blocked.keys.share(r, a, b);
        EXPECT_EQ(share_key_within_bound(records[a], records[b], rules[r], keys), kept)
            << rules[r].name << " " << a << " " << b;
        agreed_sharing += kept ? 1 : 0;
      }
    }
  }
  EXPECT_GE(skipped, 3U);         // Jovanović under each rule: a bucket of three or more
  EXPECT_GE(agreed_sharing, 3U);  // and pairs still compared (Kovač, Dordevic / Giorgevic)
  EXPECT_FALSE(share_key_within_bound(records[0], records[3], rules[0], blocked.reports[0].skipped_keys));
  EXPECT_TRUE(share_blocking_key(records[0], records[3], rules[0]));
}

TEST_F(Blocking, APairBudgetLetsLargerBucketsPairSmallestFirst) {
  // Buckets of 3 (Jovanović: records 0–2, 3 pairs), 2 (Kovač: 3–4, 1 pair) and 4 (Petrović: 5–8, 6
  // pairs); bound 2.
  std::vector<std::vector<std::string>> rows;
  for (const auto& [surname, holders] :
       std::vector<std::pair<std::string, std::size_t>>{{"Jovanović", 3}, {"Kovač", 2}, {"Petrović", 4}}) {
    for (std::size_t i = 0; i < holders; ++i)
      rows.push_back({"Ana" + std::to_string(i), surname, "", "", ""});
  }
  const auto records = prepare(rows);
  // 1 + 3 pairs fit a budget of 9; 1 + 3 + 6 do not: Jovanović pairs, Petrović does not.
  const std::vector<BlockingRule> rules = {{"surname", {{1, K::kSkeleton, 0}}, 2, 9}};
  auto blocked = block(records, rules);
  EXPECT_EQ(blocked.pairs, (Pairs{{0, 1}, {0, 2}, {1, 2}, {3, 4}}));
  EXPECT_EQ(blocked.reports[0].bound, 3U);
  EXPECT_EQ(blocked.reports[0].skipped_records, 4);
  // The explanation's keys apply the same bound.
  BlockingKeys keys(records, rules);
  EXPECT_EQ(keys.apply_bounds(rules), (std::vector<std::size_t>{3}));
  EXPECT_TRUE(keys.share(0, 0, 1));
  EXPECT_FALSE(keys.share(0, 5, 6));
  // A budget of 10 holds all three buckets; one of 3 only the ones within the bound.
  EXPECT_EQ(block(records, {{"surname", {{1, K::kSkeleton, 0}}, 2, 10}}).pairs.size(), 10U);
  EXPECT_EQ(block(records, {{"surname", {{1, K::kSkeleton, 0}}, 2, 3}}).pairs, (Pairs{{3, 4}}));
}

TEST_F(Blocking, SwappedNamesMeetOnSkeletonSoundAndPrefixPairs) {
  // A police clerk's swap (surname in the given-name column), once in Cyrillic, once with a typo.
  const auto records = prepare({{"Ana", "Kovač", "", "", ""},
                                {"Kovač", "Ana", "", "", ""},
                                {"Ковач", "Ана", "", "", ""},
                                {"Kovacz", "Anja", "", "", ""}});
  const BlockingRule skeleton{"skeleton pair", {{0, K::kSkeletonPair, 1}}};
  const BlockingRule sound{"sound pair", {{0, K::kSoundPair, 1}}};
  const BlockingRule prefix{"prefix pair", {{0, K::kPrefixPair, 1, 2}}};
  EXPECT_TRUE(share_blocking_key(records[0], records[1], skeleton));
  EXPECT_TRUE(share_blocking_key(records[0], records[2], sound));
  EXPECT_TRUE(share_blocking_key(records[0], records[3], prefix));
  EXPECT_FALSE(share_blocking_key(records[0], records[3], skeleton));
}

TEST_F(Blocking, ANicknameMeetsTheNameItStandsForUnderTheNamePairs) {
  // Tanya for Tatiana and Маја for Marija, as the comparison's "same name or nickname" level reads them
  // (data/link/nicknames.csv), beside a common surname whose own buckets are over the bound at scale.
  // Another woman's given name (Tamara) shares no key; nor does the nickname in another birth year.
  const auto records = prepare({{"Tanya", "Ivanova", "1995", "", ""},
                                {"Tatiana", "Ivanova", "1995-08-08", "", ""},
                                {"Tamara", "Ivanova", "1995", "", ""},
                                {"Маја", "Јовановић", "", "", ""},
                                {"Marija", "Jovanovic", "", "", ""},
                                {"Tanya", "Ivanova", "1999", "", ""}});
  const BlockingRule names{"both names", {{0, K::kSkeletonPair, 1}}};
  const BlockingRule names_and_year{"both names + birth year", {{0, K::kSkeletonPair, 1}, {2, K::kYear, 0}}};
  EXPECT_TRUE(share_blocking_key(records[0], records[1], names));
  EXPECT_TRUE(share_blocking_key(records[0], records[1], names_and_year));
  EXPECT_FALSE(share_blocking_key(records[0], records[2], names));
  EXPECT_FALSE(share_blocking_key(records[1], records[2], names));
  EXPECT_TRUE(share_blocking_key(records[3], records[4], names));
  EXPECT_GT(blocking_keys(records[0], names).size(), 1U);
  const auto blocked = block(records, {names_and_year});
  EXPECT_EQ(blocked.pairs, (Pairs{{0, 1}}));
}

TEST_F(Blocking, SoundPairsMeetWhenAnyReadingsAgree) {
  // Đorđević with a German clerk's dropped stroke (Dordevic) and an Italian clerk's Giorgevic (gi = đ, g
  // before e = đ): in the Slavic reading Giorgevic has a г, in the Italian one Dordevic's final c is a к,
  // so no single reading of both agrees; Giorgevic read the Italian way and Dordevic the Slavic way do.
  // Živković as Zivkovic (ICAO) and Jivkovic (French and Italian j = ж) likewise; Durdica (ICAO, c = ц)
  // and Giurgiza (Italian z = ц).
  const auto records = prepare({{"Dragana", "Dordevic", "", "", ""},
                                {"Dragana", "Giorgevic", "1969-09-09", "", ""},
                                {"Durdica", "Zivkovic", "", "", ""},
                                {"Giurgiza", "Jivkovic", "", "", ""},
                                {"Dragana", "Dorkovic", "", "", ""}});
  const BlockingRule sound{"sound pair", {{0, K::kSoundPair, 1}}};
  EXPECT_TRUE(share_blocking_key(records[0], records[1], sound));
  EXPECT_TRUE(share_blocking_key(records[2], records[3], sound));
  EXPECT_FALSE(share_blocking_key(records[0], records[4], sound));  // another name is not a reading
  EXPECT_GT(blocking_keys(records[1], sound).size(), 1U);
  const auto blocked = block(records, {sound});
  // Each pair once, though Dordevic and Giorgevic may share more than one key.
  EXPECT_EQ(blocked.pairs, (Pairs{{0, 1}, {2, 3}}));
  EXPECT_EQ(blocked.reports[0].pairs, 2);
  EXPECT_TRUE(blocked.keys.compared(1, 0));
  EXPECT_FALSE(blocked.keys.compared(0, 4));
}

TEST_F(Blocking, ANameInEitherColumnMeetsTheSameNameInTheOtherColumn) {
  // FEBRL4's rec-320: the surname moved to the given-name column and the other name replaced. A record
  // with a surname only still has a key; one sharing no name has none in common.
  const auto records = prepare({{"Harrison", "Capurso", "", "", ""},
                                {"Capurso", "Ruby", "", "", ""},
                                {"", "Capurso", "", "", ""},
                                {"Ruby", "Harris", "", "", ""}});
  const BlockingRule either{"either", {{0, K::kEitherName, 1}}};
  EXPECT_TRUE(share_blocking_key(records[0], records[1], either));
  EXPECT_TRUE(share_blocking_key(records[0], records[2], either));
  EXPECT_TRUE(share_blocking_key(records[1], records[3], either));   // Ruby, in either column
  EXPECT_FALSE(share_blocking_key(records[0], records[3], either));  // Harris is another name
  EXPECT_EQ(blocking_keys(records[2], either).size(), 1U);
  EXPECT_EQ(blocking_keys(records[0], either).size(), 2U);
  EXPECT_TRUE(blocking_keys(prepare({{"", "", "1980", "", ""}})[0], either).empty());
  // The engine keeps both of a record's keys: "Capurso Ruby" meets the Capursos by its given-name column
  // and "Ruby Harris" by its surname column.
  const auto blocked = block(records, {either});
  EXPECT_EQ(blocked.pairs, (Pairs{{0, 1}, {0, 2}, {1, 2}, {1, 3}}));
}

TEST_F(Blocking, TheDayAndMonthOfBirthIgnoreTheYearButNeedADay) {
  const auto records = prepare({{"Ioana", "Turcanu", "1991-12-27", "", ""},
                                {"Ioana", "Țurcanu", "1990-12-27", "", ""},
                                {"Ioana", "Ciobanu", "1990", "", ""},
                                {"Ioana", "Ceban", "1990-01-01", "", ""}});
  const BlockingRule month_day{"given name + day and month", {{0, K::kSkeleton, 0}, {2, K::kMonthDay, 0}}};
  EXPECT_TRUE(share_blocking_key(records[0], records[1], month_day));
  EXPECT_TRUE(blocking_keys(records[2], month_day).empty());  // a year only has no day
  EXPECT_TRUE(blocking_keys(records[3], month_day).empty());  // 1 January stands for an unknown day
}

TEST_F(Blocking, AnEstimatedAgeMeetsBothYearsItSpans) {
  // Aged 20 on 2005-06-30: born between 1984-07-01 and 1985-06-30, so first year 1984, last 1985.
  const auto records = prepare({{"Ana", "Kovač", "20 on 2005-06-30", "", ""}});
  const BlockingRule first{"first", {{2, K::kYear, 0}}};
  const BlockingRule last{"last", {{2, K::kLastYear, 0}}};
  const auto years = prepare({{"", "", "1984", "", ""}, {"", "", "1985", "", ""}});
  EXPECT_TRUE(share_blocking_key(records[0], years[0], first));
  EXPECT_FALSE(share_blocking_key(records[0], years[1], first));
  EXPECT_TRUE(share_blocking_key(records[0], years[1], last));
  EXPECT_FALSE(share_blocking_key(records[0], years[0], last));
}

TEST_F(Blocking, ThePreparerGivesWhatPreparingEachRecordGives) {
  RecordPreparer preparer(comparer);
  const std::vector<std::vector<std::string>> rows = {{"Наташа", "Иванова", "1985-03-02", "female", "2004"},
                                                      {"Natasha", "Ivanov", "1985", "", ""},
                                                      {"Наташа", "Иванова", "1985-03-02", "female", "2004"}};
  for (const auto& row : rows) {
    const auto cached = preparer.prepare(row);
    const auto direct = comparer.prepare(row);
    ASSERT_EQ(cached.size(), direct.size());
    for (std::size_t k = 0; k < cached.size(); ++k) {
      EXPECT_EQ(cached[k].skeleton, direct[k].skeleton);
      EXPECT_EQ(cached[k].text, direct[k].text);
      EXPECT_EQ(cached[k].stands_for_ids, direct[k].stands_for_ids);
      EXPECT_EQ(cached[k].sound_ids, direct[k].sound_ids);
      EXPECT_EQ(cached[k].first_day, direct[k].first_day);
      EXPECT_EQ(cached[k].empty, direct[k].empty);
    }
  }
}

// A million records hold a few thousand names: records with the same text share one prepared value (the
// memory of a million copies was 1.5 GB), and the value outlives the preparer that made it.
TEST_F(Blocking, RecordsWithTheSameTextShareOnePreparedValue) {
  std::vector<PreparedRecord> records;
  {
    RecordPreparer preparer(comparer);
    records.push_back(preparer.prepare({"Наташа", "Иванова", "1985-03-02", "female", "2004"}));
    records.push_back(preparer.prepare({"Наташа", "Petrović", "1985-03-02", "", "2004"}));
  }
  EXPECT_EQ(&records[0][0], &records[1][0]);  // the given name
  EXPECT_NE(&records[0][1], &records[1][1]);  // different surnames
  EXPECT_EQ(&records[0][2], &records[1][2]);  // the birth date
  EXPECT_EQ(records[1][0].skeleton, comparer.prepare({"Наташа", "", "", "", ""})[0].skeleton);
  EXPECT_EQ(records[0][1].skeleton, comparer.prepare({"", "Иванова", "", "", ""})[1].skeleton);
  EXPECT_TRUE(records[1][3].empty);  // no sex given: not stored, read as empty
}

}  // namespace
}  // namespace clearpoint::link
