#include "simulate/names.h"

#include <gtest/gtest.h>

#include <map>

#include "io/reference_data.h"

namespace clearpoint::simulate {
namespace {

const NameBook& book() {
  static const NameBook names = NameBook::load(io::find_data_dir());
  return names;
}

// Expected spellings follow the published tables of each system (national Serbian Latin alphabet,
// Ukrainian national 2010, BGN/PCGN Russian, ICAO Doc 9303, German Duden-style and Italian usage).
TEST(Romanisation, EachSystemSpellsTheSameNameItsOwnWay) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"Ђорђевић", "sr_national", "Đorđević"},
      {"Јелена Петровић", "sr_national", "Jelena Petrović"},
      {"Стојановска", "mk_national", "Stojanovska"},
      {"Ѓорѓиевски", "mk_national", "Gjorgjievski"},
      {"Юлия", "ru_national", "Yuliya"},
      {"Юлія", "uk_national", "Yuliia"},
      {"Юлія", "icao", "Iuliia"},
      {"Юлия", "german", "Julija"},
      {"Шевченко", "german", "Schewtschenko"},
      {"Шевченко", "uk_national", "Shevchenko"},
      {"Жуков", "german", "Shukow"},
      {"Черненко", "italian", "Cernenko"},
      {"Щука", "bg_national", "Shtuka"},
      {"Ђорђевић", "icao", "Dordevic"},  // ICAO 9303 Part 3: Ђ → D, Ћ → C
      {"Ђорђевић", "german", "Djordjewitsch"},
  };
  for (const auto& [text, table, expected] : cases) {
    EXPECT_EQ(book().romanise(text, table), expected) << text << " under " << table;
  }
}

TEST(Romanisation, LatinIntoSerbianCyrillicTakesDigraphsFirst) {
  EXPECT_EQ(book().to_serbian_cyrillic("Natalia Rusu"), "Наталиа Русу");
  EXPECT_EQ(book().to_serbian_cyrillic("Ljiljana Njegoš"), "Љиљана Његош");
  EXPECT_EQ(book().to_serbian_cyrillic("Shehu"), "Шеху");  // Albanian sh
  EXPECT_EQ(book().to_serbian_cyrillic("Džamila"), "Џамила");
}

TEST(Surnames, SlavicGenderForms) {
  EXPECT_EQ(NameBook::feminine_surname("Иванов"), "Иванова");
  EXPECT_EQ(NameBook::feminine_surname("Стојановски"), "Стојановска");
  EXPECT_EQ(NameBook::feminine_surname("Шевченко"), "Шевченко");
  EXPECT_EQ(NameBook::masculine_surname("Иванова"), "Иванов");
  EXPECT_EQ(NameBook::masculine_surname("Стојановска"), "Стојановски");
  EXPECT_EQ(NameBook::masculine_surname("Петровић"), "Петровић");
}

TEST(Names, DiacriticsAreDroppedAsAForeignKeyboardDoes) {
  EXPECT_EQ(NameBook::strip_diacritics("Đorđević"), "Dordevic");
  EXPECT_EQ(NameBook::strip_diacritics("Țurcanu Bălan Çela Gëzim"), "Turcanu Balan Cela Gezim");
  EXPECT_EQ(NameBook::strip_diacritics("Ђорђевић"), "Ђорђевић");  // Cyrillic letters are left alone
}

TEST(Names, PoolsCoverTheRegionInTheirOwnScripts) {
  for (const auto* nationality : {"albanian", "serbian", "bosnian", "croatian", "macedonian", "montenegrin",
                                  "moldovan", "ukrainian", "russian", "bulgarian"}) {
    const auto* pool = book().pool(nationality);
    ASSERT_NE(pool, nullptr) << nationality;
    EXPECT_GE(pool->female.size(), 5u);
    EXPECT_GE(pool->surnames.size(), 5u);
    for (const auto& name : pool->surnames) {
      EXPECT_EQ(NameBook::is_cyrillic(name), pool->script == "cyrillic") << nationality << " " << name;
    }
  }
  EXPECT_EQ(book().nickname("Наталья"), "Наташа");
  EXPECT_EQ(book().nickname("Natalia"), "Natasha");
  EXPECT_TRUE(book().nickname("Nobody").empty());
}

}  // namespace
}  // namespace clearpoint::simulate

namespace clearpoint::simulate {
namespace {

// Real surname registers have long tails: the Statistical Office of Serbia (2011) counts Jovanović, the
// commonest Serbian surname, at roughly one person in fifty. Pools of a few dozen surnames put it at one
// in seven and make namesakes ten times too common, which no linkage can tell apart; the generated tail
// (stem + infix + ending) brings the share down to the register's.
TEST(Names, SurnamePoolsHaveARegisterLikeTail) {
  const NamePool* serbian = book().pool("serbian");
  ASSERT_NE(serbian, nullptr);
  core::Rng rng(3);
  std::map<std::string, int> drawn;
  constexpr int kDraws = 200000;
  for (int i = 0; i < kDraws; ++i) ++drawn[serbian->surnames[serbian->surname_weights(rng)]];
  EXPECT_GT(drawn["Јовановић"], kDraws / 100);  // 1-3% of persons
  EXPECT_LT(drawn["Јовановић"], 3 * kDraws / 100);
  EXPECT_GT(drawn.size(), 500U);
  // 1 / Σ p²: the number of equally common surnames that would make namesakes as likely.
  double collision = 0;
  for (const auto& [name, n] : drawn) collision += (static_cast<double>(n) / kDraws) * n / kDraws;
  EXPECT_GT(1 / collision, 150);
}

}  // namespace
}  // namespace clearpoint::simulate
