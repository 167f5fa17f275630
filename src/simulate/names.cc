#include "simulate/names.h"

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <filesystem>

#include "core/diagnostic.h"
#include "core/parse_number.h"
#include "core/utf8.h"
#include "io/csv_reader.h"

namespace clearpoint::simulate {

namespace {

std::vector<UChar32> code_points(std::string_view text) {
  const std::u32string points = core::decode_utf8(text);
  return {points.begin(), points.end()};
}

void append(std::string& out, UChar32 c) {
  core::append_utf8(out, static_cast<char32_t>(c));
}

std::string encode(UChar32 c) {
  std::string out;
  append(out, c);
  return out;
}

// `replacement` with its first letter in upper case.
std::string capitalised(std::string_view replacement) {
  const auto points = code_points(replacement);
  std::string out;
  for (std::size_t i = 0; i < points.size(); ++i) append(out, i == 0 ? u_toupper(points[i]) : points[i]);
  return out;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

NameBook NameBook::load(const std::string& data_dir) {
  const std::filesystem::path dir = std::filesystem::path(data_dir) / "names";
  NameBook book;
  for (const auto& row : io::read_csv_table((dir / "nationalities.csv").string(), 4)) {
    auto pool = std::make_shared<NamePool>();
    pool->nationality = row.fields[0];
    pool->script = row.fields[1];
    pool->language = row.fields[2];
    pool->slavic_feminine_surnames = row.fields[3] == "slavic";
    const std::string file = (dir / (pool->nationality + ".csv")).string();
    std::vector<double> female;
    std::vector<double> male;
    std::vector<double> surname;
    // The generated tail of surnames: stem + infix + ending, weighted by the product of their weights and
    // together taking `tail_share` of all surnames (docs/simulate.md, "Name pools").
    std::vector<std::pair<std::string, double>> stems;
    std::vector<std::pair<std::string, double>> infixes;
    std::vector<std::pair<std::string, double>> endings;
    double tail_share = 0;
    for (const auto& name : io::read_csv_table(file, 3)) {
      const double weight = core::parse_decimal(name.fields[2]).value_or(-1);
      const std::string& kind = name.fields[0];
      if (!(weight > 0) || (kind == "tail_share" && !(weight < 1))) {
        throw core::UserError(
            {{{file, name.line, name.columns[2]},
              "weight",
              fmt::format("'{}' is not a {}", name.fields[2],
                          kind == "tail_share" ? "share between 0 and 1" : "positive number"),
              kind == "tail_share" ? "give the share of surnames the generated tail takes, e.g. 0.85"
                                   : "give each name a positive weight"}});
      }
      if (kind == "female") {
        pool->female.push_back(name.fields[1]);
        female.push_back(weight);
      } else if (kind == "male") {
        pool->male.push_back(name.fields[1]);
        male.push_back(weight);
      } else if (kind == "surname") {
        pool->surnames.push_back(name.fields[1]);
        surname.push_back(weight);
      } else if (kind == "surname_stem") {
        stems.emplace_back(name.fields[1], weight);
      } else if (kind == "surname_infix") {
        infixes.emplace_back(name.fields[1], weight);
      } else if (kind == "surname_ending") {
        endings.emplace_back(name.fields[1], weight);
      } else if (kind == "tail_share" && name.fields[1] == "surname") {
        tail_share = weight;
      } else {
        throw core::UserError({{{file, name.line, 1},
                                "kind",
                                fmt::format("'{},{}' is not a kind of row", name.fields[0], name.fields[1]),
                                "use female, male, surname, surname_stem, surname_infix, surname_ending or "
                                "tail_share,surname"}});
      }
    }
    if (female.empty() || male.empty() || surname.empty()) {
      throw core::UserError(fmt::format("{} needs female, male and surname rows", file),
                            "add at least one of each");
    }
    if ((tail_share > 0) != (!stems.empty() && !endings.empty())) {
      throw core::UserError(
          fmt::format("{} has only part of a generated surname tail", file),
          "give tail_share,surname together with surname_stem and surname_ending rows, or none");
    }
    if (tail_share > 0) {
      if (infixes.empty()) infixes.emplace_back("", 1.0);
      const auto total = [](const auto& parts) {
        double sum = 0;
        for (const auto& part : parts) sum += part.second;
        return sum;
      };
      double listed = 0;
      for (const double w : surname) listed += w;
      const double scale =
          listed * tail_share / (1 - tail_share) / (total(stems) * total(infixes) * total(endings));
      for (const auto& [stem, ws] : stems) {
        for (const auto& [infix, wi] : infixes) {
          for (const auto& [ending, we] : endings) {
            pool->surnames.push_back(stem + infix + ending);
            surname.push_back(scale * ws * wi * we);
          }
        }
      }
    }
    pool->female_weights = DiscreteDistribution(female);
    pool->male_weights = DiscreteDistribution(male);
    pool->surname_weights = DiscreteDistribution(surname);
    book.pools_[pool->nationality] = pool;
  }
  for (const auto& row : io::read_csv_table((dir / "nicknames.csv").string(), 2))
    book.nicknames_[row.fields[0]] = row.fields[1];
  for (const auto& row : io::read_csv_table((dir / "romanisation.csv").string(), 4)) {
    book.tables_[row.fields[0]][row.fields[1]] = Rule{row.fields[2], row.fields[3]};
  }
  return book;
}

const NamePool* NameBook::pool(std::string_view nationality) const {
  const auto it = pools_.find(nationality);
  return it == pools_.end() ? nullptr : it->second.get();
}

std::string_view NameBook::nickname(std::string_view name) const {
  const auto it = nicknames_.find(name);
  return it == nicknames_.end() ? std::string_view{} : std::string_view(it->second);
}

std::string NameBook::romanise(std::string_view text, std::string_view table_name) const {
  const auto table = tables_.find(table_name);
  if (table == tables_.end()) return std::string(text);
  std::string out;
  bool word_start = true;
  for (const UChar32 c : code_points(text)) {
    const UChar32 lower = u_tolower(c);
    const auto rule = table->second.find(encode(lower));
    if (rule == table->second.end()) {
      append(out, c);
    } else {
      const std::string& to = word_start && !rule->second.to_at_word_start.empty()
                                  ? rule->second.to_at_word_start
                                  : rule->second.to;
      out += c != lower ? capitalised(to) : to;
    }
    word_start = c == ' ' || c == '-';
  }
  return out;
}

std::string NameBook::to_serbian_cyrillic(std::string_view text) const {
  const auto table = tables_.find(std::string_view("latin_to_serbian_cyrillic"));
  if (table == tables_.end()) return std::string(text);
  const auto points = code_points(text);
  std::string out;
  for (std::size_t i = 0; i < points.size();) {
    bool matched = false;
    for (std::size_t length = 2; length >= 1 && !matched; --length) {
      if (i + length > points.size()) continue;
      std::string key;
      for (std::size_t k = 0; k < length; ++k) append(key, u_tolower(points[i + k]));
      const auto rule = table->second.find(key);
      if (rule == table->second.end()) continue;
      out += points[i] != u_tolower(points[i]) ? capitalised(rule->second.to) : rule->second.to;
      i += length;
      matched = true;
    }
    if (!matched) append(out, points[i++]);
  }
  return out;
}

std::string NameBook::feminine_surname(std::string_view masculine) {
  for (const std::string_view ending : {"ов", "ев", "ёв", "ин", "ын"}) {
    if (ends_with(masculine, ending)) return std::string(masculine) + "а";
  }
  for (const std::string_view ending : {"ски", "цки"}) {
    if (ends_with(masculine, ending)) return std::string(masculine.substr(0, masculine.size() - 2)) + "а";
  }
  if (ends_with(masculine, "ський")) return std::string(masculine.substr(0, masculine.size() - 4)) + "ка";
  return std::string(masculine);
}

std::string NameBook::masculine_surname(std::string_view feminine) {
  for (const std::string_view ending : {"ова", "ева", "ёва", "ина", "ына"}) {
    if (ends_with(feminine, ending)) return std::string(feminine.substr(0, feminine.size() - 2));
  }
  for (const std::string_view ending : {"ска", "цка"}) {
    if (ends_with(feminine, ending)) return std::string(feminine.substr(0, feminine.size() - 2)) + "и";
  }
  return std::string(feminine);
}

std::string NameBook::strip_diacritics(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  for (const UChar32 c : code_points(text)) {
    if (c == 0x0111) {  // đ has no decomposition; foreign clerks write d
      out += 'd';
      continue;
    }
    if (c == 0x0110) {
      out += 'D';
      continue;
    }
    // The base letter of a precomposed letter (š → s, ț → t, ë → e): the first code point of its
    // canonical decomposition.
    icu::UnicodeString decomposition;
    if (c >= 0x00C0 && nfd->getDecomposition(c, decomposition) && decomposition.length() > 0) {
      append(out, decomposition.char32At(0));
    } else {
      append(out, c);
    }
  }
  return out;
}

bool NameBook::is_cyrillic(std::string_view text) {
  for (const UChar32 c : code_points(text)) {
    if (c >= 0x0400 && c <= 0x04FF) return true;
  }
  return false;
}

}  // namespace clearpoint::simulate
