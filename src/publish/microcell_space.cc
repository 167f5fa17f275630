#include "publish/microcell_space.h"

#include <algorithm>
#include <stdexcept>

namespace clearpoint::publish {

MicrocellSpace::MicrocellSpace(std::vector<Variable> variables) : variables_(std::move(variables)) {
  strides_.resize(variables_.size());
  for (std::size_t v = variables_.size(); v-- > 0;) {
    strides_[v] = size_;
    if (variables_[v].categories.empty()) throw std::invalid_argument("a variable without categories");
    size_ *= variables_[v].categories.size();
  }
}

std::size_t MicrocellSpace::variable(const std::string& name) const {
  for (std::size_t v = 0; v < variables_.size(); ++v)
    if (variables_[v].name == name) return v;
  throw std::invalid_argument("no variable " + name);
}

std::size_t MicrocellSpace::index(const std::vector<std::size_t>& categories) const {
  std::size_t at = 0;
  for (std::size_t v = 0; v < variables_.size(); ++v) at += categories[v] * strides_[v];
  return at;
}

std::vector<ReleaseCell> MicrocellSpace::table(const std::string& id, const std::vector<std::string>& names,
                                               const std::vector<std::int64_t>& counts) const {
  std::vector<std::size_t> used;
  for (const auto& name : names) used.push_back(variable(name));
  // A table cell: for each of its variables a category, or kMargin for "Total".
  constexpr std::size_t kMargin = static_cast<std::size_t>(-1);
  std::vector<std::size_t> choice(used.size(), 0);
  std::vector<ReleaseCell> cells;
  for (;;) {
    ReleaseCell cell;
    cell.table = id;
    for (std::size_t k = 0; k < used.size(); ++k)
      cell.categories.push_back(choice[k] == kMargin ? "Total" : variables_[used[k]].categories[choice[k]]);
    // Its microcells: every combination of all variables that agrees with the choice.
    std::vector<std::size_t> at(variables_.size(), 0);
    for (;;) {
      bool agrees = true;
      for (std::size_t k = 0; k < used.size() && agrees; ++k)
        agrees = choice[k] == kMargin || at[used[k]] == choice[k];
      if (agrees) {
        const auto m = index(at);
        cell.microcells.push_back(m);
        cell.value += counts[m];
      }
      std::size_t v = variables_.size();
      while (v-- > 0) {
        if (++at[v] < variables_[v].categories.size()) break;
        at[v] = 0;
      }
      if (v == static_cast<std::size_t>(-1)) break;
    }
    std::sort(cell.microcells.begin(), cell.microcells.end());
    cells.push_back(std::move(cell));
    // Next choice: categories first, then the margin, per variable, last variable fastest.
    std::size_t k = used.size();
    while (k-- > 0) {
      if (choice[k] == kMargin) {
        choice[k] = 0;
        continue;
      }
      if (++choice[k] == variables_[used[k]].categories.size()) choice[k] = kMargin;
      break;
    }
    if (k == static_cast<std::size_t>(-1)) break;
  }
  return cells;
}

std::vector<std::vector<std::size_t>> linked_groups(
    const std::vector<std::vector<std::string>>& table_variables) {
  std::vector<std::size_t> group(table_variables.size());
  for (std::size_t t = 0; t < group.size(); ++t) group[t] = t;
  const auto root = [&](std::size_t t) {
    while (group[t] != t) t = group[t] = group[group[t]];
    return t;
  };
  for (std::size_t a = 0; a < table_variables.size(); ++a)
    for (std::size_t b = a + 1; b < table_variables.size(); ++b)
      for (const auto& v : table_variables[a])
        if (std::find(table_variables[b].begin(), table_variables[b].end(), v) != table_variables[b].end())
          group[root(a)] = root(b);
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::size_t> index_of(table_variables.size(), static_cast<std::size_t>(-1));
  for (std::size_t t = 0; t < table_variables.size(); ++t) {
    auto& slot = index_of[root(t)];
    if (slot == static_cast<std::size_t>(-1)) {
      slot = groups.size();
      groups.emplace_back();
    }
    groups[slot].push_back(t);
  }
  return groups;
}

}  // namespace clearpoint::publish
