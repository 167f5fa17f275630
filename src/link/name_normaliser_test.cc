#include "link/name_normaliser.h"

#include <gtest/gtest.h>

#include "io/reference_data.h"

namespace clearpoint::link {
namespace {

const NameNormaliser& normaliser() {
  static const NameNormaliser n = NameNormaliser::load(io::find_data_dir());
  return n;
}

// Each row: spellings of one name that Jaro–Winkler and edit-distance comparators (Splink, fastLink,
// RecordLinkage) score apart, and that must share one skeleton here.
TEST(NameNormaliser, SpellingsOfOneNameShareASkeleton) {
  const std::vector<std::vector<std::string>> same = {
      {"Đorđević", "Djordjevic", "Dordevic", "Djordjewitsch", "Ђорђевић", "ĐORĐEVIĆ",
       "Đorđević"},  // last: decomposed
      {"Yuliya", "Iuliia", "Julija", "Yulia", "Юлия", "Юлія", "Јулија"},
      {"Shevchenko", "Schewtschenko", "Scevcenko", "Шевченко", "Ševčenko"},
      {"Chernenko", "Tchernenko", "Cernenko", "Черненко", "Černenko"},
      {"Xhafa", "Džafa", "Dzhafa", "Џафа"},
      {"Çela", "Čela", "Chela", "Чела"},
      {"Shehu", "Šehu", "Шеху"},
      {"Gjoka", "Đoka", "Ѓока"},
      {"Țurcanu", "Ţurcanu", "Цурцану", "Tsurtsanu",
       "Curcanu"},  // a stripped "Turcanu" is left to the fuzzy comparators
      {"Natalija", "Наталија", "Natalia", "Наталия"},
      {"Aleksandr", "Александр"},
      {"Ljiljana", "Љиљана"},
      {"Njegoš", "Његош", "Niegosh"},
  };
  for (const auto& group : same) {
    const std::string key = normaliser().skeleton(group.front());
    for (const auto& spelling : group)
      EXPECT_EQ(normaliser().skeleton(spelling), key) << spelling << " vs " << group.front();
  }
}

TEST(NameNormaliser, DifferentNamesStayApart) {
  EXPECT_NE(normaliser().skeleton("Petrović"), normaliser().skeleton("Petrovski"));
  EXPECT_NE(normaliser().skeleton("Marija"), normaliser().skeleton("Mario"));
  EXPECT_NE(normaliser().skeleton("Ivana"), normaliser().skeleton("Ivan"));  // given names keep their gender
}

TEST(NameNormaliser, FoldKeepsWordsAndDropsPunctuation) {
  EXPECT_EQ(normaliser().fold("  Anna-Maria  O'Neil "), "anna maria oneil");
  EXPECT_EQ(normaliser().fold("Žaklina"), "zhaklina");
  EXPECT_EQ(normaliser().fold("Ђорђе"), "djordje");
}

TEST(NameNormaliser, GenderedSurnameFormsMeet) {
  EXPECT_EQ(normaliser().surname_key("Ivanova"), normaliser().surname_key("Ivanov"));
  EXPECT_EQ(normaliser().surname_key("Иванова"), normaliser().surname_key("Ivanov"));
  EXPECT_EQ(normaliser().surname_key("Stojanovska"), normaliser().surname_key("Stojanovski"));
  EXPECT_EQ(normaliser().surname_key("Стојановска"), normaliser().surname_key("Stojanovski"));
  EXPECT_EQ(normaliser().surname_key("Petrović"),
            normaliser().skeleton("Petrović"));       // -ić is the same for both
  EXPECT_EQ(normaliser().surname_key("Ina"), "ina");  // too short to be an ending
}

TEST(NameNormaliser, NicknamesLeadToTheirFormalNames) {
  const auto has = [](const std::vector<std::string>& keys, const std::string& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  const auto natasha = normaliser().given_keys("Наташа");
  EXPECT_TRUE(has(natasha, normaliser().skeleton("Natalia")));
  const auto sasha = normaliser().given_keys("Sasha");
  EXPECT_TRUE(has(sasha, normaliser().skeleton("Aleksandr")));
  EXPECT_TRUE(has(sasha, normaliser().skeleton("Aleksandra")));
  const auto katya = normaliser().given_keys("Катя");
  EXPECT_TRUE(has(katya, normaliser().skeleton("Yekaterina")));
  EXPECT_EQ(normaliser().given_keys("Jelena").size(), 1u);
}

}  // namespace
}  // namespace clearpoint::link
