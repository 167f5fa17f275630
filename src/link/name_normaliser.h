// NameNormaliser: names written in any script and any romanisation turned into forms that compare.
//
// The same woman appears as Đorđević, Djordjevic, Dordevic (ICAO 9303), Djordjewitsch (German police)
// and Ђорђевић; Yuliya, Iuliia, Julija and Yulia are one name in three romanisation standards. Accent
// stripping leaves Đ untouched and transliteration alone leaves the standards apart, so names pass
// through three steps, each a table under data/link/:
//   1. fold:     Unicode NFC, lower case, every Cyrillic letter and every special Latin letter of the
//                region to a phonetic Latin spelling (letters.csv: ж → zh, đ → dj, ç → ch, ț → ts),
//                other accents dropped through their canonical decomposition, punctuation to spaces;
//   2. skeleton: the romanisation variants made to agree (skeleton.csv, longest pattern first:
//                tsch → c, sh → s, dj → d, y → i, j → i …) and doubled letters collapsed;
//   3. for surnames, the gendered forms made one (Ivanova → Ivanov, Stojanovska → Stojanovski; -ić
//      unchanged); for given names, nicknames mapped to their formal names (nicknames.csv), and one
//      name's forms in two languages to each other (name_forms.csv: Ukrainian Ганна, Russian Анна).
// The skeleton keeps letters apart that some romanisation confuses: Russian Гончарович is Goncharovich,
// Ukrainian Гончарович Honcharovych; Serbian Đukić is Djukic at home, Dukic in ICAO 9303, Giukic to an
// Italian clerk and Dzhukich to a Russian one. A coarser **sound key** (sound_key.csv, each rule citing
// the standard that writes a letter so) folds those into classes — S for sibilants and voiceless
// affricates, D for d and the voiced affricates, G for г and х — and drops vowels after the first
// letter: all four Đukić spellings give "DkS". It is a comparison level below the skeleton (its weight
// is learnt like any other, so its looseness costs what it measures) and a blocking key.
// Skeletons and sound keys are deliberately lossy: they are keys for blocking and comparison levels,
// never stored as the name.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace clearpoint::link {

class NameNormaliser {
 public:
  // Reads data/link/letters.csv, skeleton.csv, sound_key.csv, nicknames.csv, name_forms.csv and
  // surname_endings.csv; throws core::UserError for bad rows.
  static NameNormaliser load(const std::string& data_dir);

  std::string fold(std::string_view name) const;
  std::string skeleton(std::string_view name) const;
  std::string surname_key(std::string_view surname) const;
  // The skeletons a given name stands for: its own, its formal names when it is a nickname (Sasha →
  // aleksandr and aleksandra), and its forms in another language (Hanna → anna). Sorted, unique.
  std::vector<std::string> given_keys(std::string_view given) const;
  // The readings a name in an unknown orthography is read in (sound_key.csv), the slavic one first; the
  // comparison and the blocking both take a name's keys in every reading.
  static constexpr std::array<std::string_view, 4> kReadings = {"slavic", "romance", "german", "french"};
  // The sound key of a folded name (fold's output; surnames with the gender ending stripped first) in
  // one reading, and its keys in every reading (sorted, duplicates removed).
  std::string sound_key_of_folded(std::string_view folded, std::size_t reading = 0) const;
  std::vector<std::string> sound_keys_of_folded(std::string_view folded) const;
  // Which of the region's common surname endings (surname_endings.csv: -ović, -ovski, -enko, -escu …) a
  // folded surname ends in, the longest listed one, when at least three letters come before it: its
  // number (1 and up; 0 for none) and its length in code points.
  struct SurnameEnding {
    std::uint8_t id = 0;
    std::uint8_t length = 0;
  };
  SurnameEnding common_ending(std::u32string_view folded) const;

 private:
  std::map<char32_t, std::string> letters_;
  std::vector<std::pair<std::string, std::string>> rules_;  // in file order: longer patterns first
  // A given name's skeleton → the skeletons of the names it also stands for: a nickname's formal names
  // (nicknames.csv), a name form's forms in the other language (name_forms.csv).
  std::map<std::string, std::vector<std::string>> names_it_stands_for_;
  struct SoundRule {
    std::string from;
    std::string to;
    enum class Where { kAny, kBeforeVowel, kBeforeFront, kBeforeBack, kWordStart } where = Where::kAny;
    std::uint8_t readings = 0;  // bit r: the rule belongs to kReadings[r]
  };
  std::vector<SoundRule> sound_rules_;           // in file order: longer patterns first
  std::vector<std::u32string> surname_endings_;  // folded; longest first
};

// Removes the Slavic feminine ending of a surname skeleton: -ova/-eva/-ina → -ov/-ev/-in, -ska/-cka →
// -ski/-cki (Macedonian and Bulgarian -ska, Polish -cka). -ić and other endings pass unchanged.
std::string strip_gender(std::string_view surname_skeleton);

}  // namespace clearpoint::link
