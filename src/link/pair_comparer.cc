#include "link/pair_comparer.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "link/string_similarity.h"

namespace clearpoint::link {

namespace {

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  const auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// "19851231" from YYYYMMDD or YYYY-MM-DD; empty when it is neither.
std::string date_digits(const std::string& text) {
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != '-') {
      return {};
    }
  }
  return digits.size() == 8 ? digits : std::string();
}

std::int8_t date_level(const PreparedField& a, const PreparedField& b) {
  if (a.text == b.text) return 3;
  const std::string& x = a.text;
  const std::string& y = b.text;
  const bool swapped = x.compare(0, 4, y, 0, 4) == 0 && x.compare(4, 2, y, 6, 2) == 0 && x.compare(6, 2, y, 4, 2) == 0;
  int differing = 0;
  for (std::size_t i = 0; i < 8; ++i) differing += x[i] != y[i] ? 1 : 0;
  if (swapped || differing == 1 || damerau_levenshtein(a.folded, b.folded) == 1) return 2;
  if (a.year == b.year) return 1;
  return 0;
}

}  // namespace

PairComparer::PairComparer(std::vector<FieldComparison> comparisons, const NameNormaliser& names)
    : comparisons_(std::move(comparisons)), names_(names) {}

PreparedRecord PairComparer::prepare(const std::vector<std::string>& row) const {
  PreparedRecord record(comparisons_.size());
  for (std::size_t k = 0; k < comparisons_.size(); ++k) {
    const auto& c = comparisons_[k];
    PreparedField& field = record[k];
    field.text = c.column < row.size() ? trim(row[c.column]) : std::string();
    if (c.comparator == Comparator::kDate) field.text = date_digits(field.text);
    if (c.comparator == Comparator::kYear) {
      const std::string digits = date_digits(field.text);
      field.text = !digits.empty() ? digits.substr(0, 4)
                   : (field.text.size() == 4 && std::all_of(field.text.begin(), field.text.end(), ::isdigit)) ? field.text
                                                                                                             : std::string();
    }
    field.empty = field.text.empty();
    if (field.empty) continue;
    switch (c.comparator) {
      case Comparator::kName:
        field.skeleton = names_.skeleton(field.text);
        field.folded = to_code_points(names_.fold(field.text));
        break;
      case Comparator::kDate:
      case Comparator::kYear:
        field.year = std::stoi(field.text.substr(0, 4));
        field.folded = to_code_points(field.text);
        break;
      default: field.folded = to_code_points(field.text); break;
    }
  }
  return record;
}

Pattern PairComparer::compare(const PreparedRecord& a, const PreparedRecord& b) const {
  Pattern pattern(comparisons_.size(), kMissing);
  for (std::size_t k = 0; k < comparisons_.size(); ++k) {
    const PreparedField& x = a[k];
    const PreparedField& y = b[k];
    if (x.empty || y.empty) continue;
    switch (comparisons_[k].comparator) {
      case Comparator::kName: {
        if (x.skeleton == y.skeleton) {
          pattern[k] = 3;
          break;
        }
        const double similarity = jaro_winkler(x.folded, y.folded);
        pattern[k] = similarity >= 0.92 ? 2 : similarity >= 0.80 ? 1 : 0;
        break;
      }
      case Comparator::kDate: pattern[k] = date_level(x, y); break;
      case Comparator::kYear: pattern[k] = x.year == y.year ? 2 : std::abs(x.year - y.year) == 1 ? 1 : 0; break;
      case Comparator::kExact: pattern[k] = x.text == y.text ? 1 : 0; break;
      case Comparator::kExactOrTypo:
        pattern[k] = x.text == y.text ? 2 : damerau_levenshtein(x.folded, y.folded) <= 1 ? 1 : 0;
        break;
    }
  }
  return pattern;
}

std::vector<ComparisonSpec> PairComparer::specs() const {
  std::vector<ComparisonSpec> specs;
  for (const auto& c : comparisons_) {
    switch (c.comparator) {
      case Comparator::kName:
        specs.push_back({c.name, 4, {"different", "similar (JW ≥ 0.80)", "close (JW ≥ 0.92)", "same skeleton"}});
        break;
      case Comparator::kDate:
        specs.push_back({c.name, 4, {"different", "same year", "one digit or day/month swapped", "equal"}});
        break;
      case Comparator::kYear: specs.push_back({c.name, 3, {"more than a year apart", "one year apart", "same year"}}); break;
      case Comparator::kExact: specs.push_back({c.name, 2, {"different", "equal"}}); break;
      case Comparator::kExactOrTypo: specs.push_back({c.name, 3, {"different", "one edit", "equal"}}); break;
    }
  }
  return specs;
}

}  // namespace clearpoint::link
