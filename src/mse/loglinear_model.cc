#include "mse/loglinear_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <set>

#include "core/diagnostic.h"
#include "core/parse_number.h"

namespace clearpoint::mse {

namespace {

bool is_subset(Term small, Term big) {
  return (small & big) == small;
}

}  // namespace

LogLinearModel model_from_generators(int lists, const std::vector<Term>& generators) {
  std::set<Term> terms;
  for (const Term g : generators) {
    // Every subset of g with at least two lists.
    for (Term s = g; s != 0; s = (s - 1) & g) {
      if (std::popcount(s) >= 2) terms.insert(s);
    }
  }
  LogLinearModel model;
  model.lists = lists;
  model.terms.assign(terms.begin(), terms.end());
  std::sort(model.terms.begin(), model.terms.end(), [](Term a, Term b) {
    return std::popcount(a) != std::popcount(b) ? std::popcount(a) < std::popcount(b) : a < b;
  });
  return model;
}

LogLinearModel independence_model(int lists) {
  return LogLinearModel{lists, {}};
}

int LogLinearModel::highest_order() const {
  int order = 1;
  for (const Term t : terms) order = std::max(order, std::popcount(t));
  return order;
}

std::string LogLinearModel::notation() const {
  std::vector<Term> maximal;
  for (const Term t : terms) {
    const bool inside =
        std::any_of(terms.begin(), terms.end(), [&](Term u) { return u != t && is_subset(t, u); });
    if (!inside) maximal.push_back(t);
  }
  Term covered = 0;
  for (const Term t : maximal) covered |= t;
  for (int j = 0; j < lists; ++j) {
    if (!(covered & (Term{1} << j))) maximal.push_back(Term{1} << j);
  }
  // Rcapture's order: by the lists they hold, compared list by list (12 < 123 < 14 < 2 < 34).
  const auto members = [](Term t) {
    std::vector<int> out;
    for (int j = 0; j < 32; ++j) {
      if (t & (Term{1} << j)) out.push_back(j);
    }
    return out;
  };
  std::sort(maximal.begin(), maximal.end(), [&](Term a, Term b) { return members(a) < members(b); });
  std::vector<std::string> parts;
  for (const Term t : maximal) parts.push_back(term_name(t, lists));
  std::string out = "[";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
  return out + "]";
}

std::string term_name(Term term, int lists) {
  std::string s;
  for (int j = 0; j < 32; ++j) {
    if (!(term & (Term{1} << j))) continue;
    if (lists > 9 && !s.empty()) s += '.';
    s += lists > 9 ? std::to_string(j + 1) : std::string(1, static_cast<char>('1' + j));
  }
  return s;
}

LogLinearModel parse_model(const std::string& notation, int lists) {
  std::string text = notation;
  if (!text.empty() && text.front() == '[') text.erase(0, 1);
  if (!text.empty() && text.back() == ']') text.pop_back();
  const auto fail = [&](const std::string& what) {
    return core::UserError(
        fmt::format("model '{}': {}", notation, what),
        fmt::format("write the maximal terms with lists numbered 1 to {}, e.g. [12,13,3]", lists));
  };
  std::vector<Term> generators;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(',', start), text.size());
    const std::string group = text.substr(start, end - start);
    if (group.empty()) {
      if (text.empty()) break;
      throw fail("an empty group between commas");
    }
    // Digits, one per list; or, with more than nine lists, numbers joined by dots.
    std::vector<std::string> numbers;
    if (lists > 9) {
      std::size_t from = 0;
      while (from <= group.size()) {
        const auto dot = std::min(group.find('.', from), group.size());
        numbers.push_back(group.substr(from, dot - from));
        from = dot + 1;
      }
    } else {
      for (const char c : group) numbers.emplace_back(1, c);
    }
    Term term = 0;
    for (const auto& number : numbers) {
      const bool digits = !number.empty() && number.find_first_not_of("0123456789") == std::string::npos;
      const int list = digits ? core::parse_int(number).value_or(0) : 0;
      if (list < 1 || list > lists) {
        throw fail(fmt::format("'{}' is not a list number from 1 to {}", number, lists));
      }
      const Term bit = Term{1} << (list - 1);
      if (term & bit) throw fail(fmt::format("list {} appears twice in '{}'", number, group));
      term |= bit;
    }
    generators.push_back(term);
    start = end + 1;
  }
  return model_from_generators(lists, generators);
}

}  // namespace clearpoint::mse
