// NameBook: the name pools, nicknames and romanisation tables of data/names/, and the ways agencies
// (mis)write names with them.
//
// Pools hold each nationality's common given names (by sex) and surnames in the language's own script,
// with weights that give the real skew (a few very common names). Surnames are stored in the masculine
// form; nationalities with Slavic feminine forms (Ivanov/Ivanova, Stojanovski/Stojanovska) derive the
// feminine one. Romanisation tables map Cyrillic to Latin under the national systems, BGN/PCGN, ICAO 9303
// and German- and Italian-style spellings, and Latin to Serbian Cyrillic as Serbian and Macedonian
// clerks write foreign names.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"

namespace clearpoint::simulate {

using core::DiscreteDistribution;
using core::Rng;

struct NamePool {
  std::string nationality;
  std::string script;    // "cyrillic" or "latin"
  std::string language;  // ISO 639-1: the romanisation "national" system is "<language>_national"
  bool slavic_feminine_surnames = false;
  std::vector<std::string> female;
  std::vector<std::string> male;
  std::vector<std::string> surnames;
  DiscreteDistribution female_weights;
  DiscreteDistribution male_weights;
  DiscreteDistribution surname_weights;
};

class NameBook {
 public:
  // Reads data/names/; throws core::UserError with file:line for bad rows.
  static NameBook load(const std::string& data_dir);

  const NamePool* pool(std::string_view nationality) const;
  // Empty when the name has no nickname in the dictionary.
  std::string_view nickname(std::string_view name) const;
  bool has_table(std::string_view table) const { return tables_.count(std::string(table)) > 0; }

  // Cyrillic to Latin under `table` ("sr_national", "bgn", "icao", "german", ...). Letters the table
  // does not know pass unchanged; case follows the source letter.
  std::string romanise(std::string_view text, std::string_view table) const;
  // Latin (any of the region's alphabets) to Serbian Cyrillic, longest match first.
  std::string to_serbian_cyrillic(std::string_view text) const;

  static std::string feminine_surname(std::string_view masculine);
  // The masculine form of a feminine Slavic surname; unchanged when it has no feminine ending.
  static std::string masculine_surname(std::string_view feminine);
  // Drops diacritics as a foreign clerk's keyboard does (Đorđević → Dordevic, Țurcanu → Turcanu).
  static std::string strip_diacritics(std::string_view text);
  static bool is_cyrillic(std::string_view text);

 private:
  struct Rule {
    std::string to;
    std::string to_at_word_start;
  };
  std::map<std::string, std::shared_ptr<NamePool>, std::less<>> pools_;
  std::map<std::string, std::string, std::less<>> nicknames_;
  // table → (lower-case source code point(s) as UTF-8 → rule)
  std::map<std::string, std::map<std::string, Rule, std::less<>>, std::less<>> tables_;
};

}  // namespace clearpoint::simulate
