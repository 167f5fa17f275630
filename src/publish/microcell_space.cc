#include "publish/microcell_space.h"

#include <algorithm>
#include <stdexcept>

namespace clearpoint::publish {

MicrocellSpace::MicrocellSpace(std::vector<Variable> variables, std::vector<DerivedVariable> derived)
    : variables_(std::move(variables)), derived_(std::move(derived)) {
  strides_.resize(variables_.size());
  for (std::size_t v = variables_.size(); v-- > 0;) {
    strides_[v] = size_;
    if (variables_[v].categories.empty()) throw std::invalid_argument("a variable without categories");
    size_ *= variables_[v].categories.size();
  }
  for (const auto& d : derived_) {
    std::size_t combinations = 1;
    for (const auto& source : d.from) combinations *= variables_[variable(source)].categories.size();
    if (d.of.size() < combinations) throw std::invalid_argument("derived variable " + d.name + " is partial");
  }
}

bool MicrocellSpace::has(const std::string& name) const {
  return std::any_of(variables_.begin(), variables_.end(),
                     [&](const Variable& v) { return v.name == name; }) ||
         std::any_of(derived_.begin(), derived_.end(),
                     [&](const DerivedVariable& d) { return d.name == name; });
}

const std::vector<std::string>& MicrocellSpace::categories_of(const std::string& name) const {
  for (const auto& d : derived_)
    if (d.name == name) return d.categories;
  return variables_[variable(name)].categories;
}

std::pair<std::vector<std::size_t>, std::size_t> MicrocellSpace::categories_by_microcell(
    const std::string& name) const {
  std::vector<std::size_t> result(size_);
  for (const auto& d : derived_) {
    if (d.name != name) continue;
    std::vector<std::size_t> sources;
    for (const auto& source : d.from) sources.push_back(variable(source));
    std::vector<std::string> key(sources.size());
    for (std::size_t m = 0; m < size_; ++m) {
      for (std::size_t k = 0; k < sources.size(); ++k)
        key[k] = variables_[sources[k]]
                     .categories[(m / strides_[sources[k]]) % variables_[sources[k]].categories.size()];
      const auto& category = d.of.at(key);
      result[m] = static_cast<std::size_t>(std::find(d.categories.begin(), d.categories.end(), category) -
                                           d.categories.begin());
      if (result[m] == d.categories.size())
        throw std::invalid_argument(name + " maps outside its categories");
    }
    return {result, d.categories.size()};
  }
  const auto v = variable(name);
  const auto count = variables_[v].categories.size();
  for (std::size_t m = 0; m < size_; ++m) result[m] = (m / strides_[v]) % count;
  return {result, count};
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
  std::vector<std::vector<std::size_t>> category_at;
  std::vector<const std::vector<std::string>*> categories;
  for (const auto& name : names) {
    category_at.push_back(categories_by_microcell(name).first);
    categories.push_back(&categories_of(name));
  }
  // A table cell: for each of its variables a category, or kMargin for "Total".
  constexpr std::size_t kMargin = static_cast<std::size_t>(-1);
  std::vector<std::size_t> choice(names.size(), 0);
  std::vector<ReleaseCell> cells;
  for (;;) {
    ReleaseCell cell;
    cell.table = id;
    for (std::size_t k = 0; k < names.size(); ++k)
      cell.categories.push_back(choice[k] == kMargin ? "Total" : (*categories[k])[choice[k]]);
    // Its microcells: every one that agrees with the choice (in increasing order).
    for (std::size_t m = 0; m < size_; ++m) {
      bool agrees = true;
      for (std::size_t k = 0; k < names.size() && agrees; ++k)
        agrees = choice[k] == kMargin || category_at[k][m] == choice[k];
      if (agrees) {
        cell.microcells.push_back(m);
        cell.value += counts[m];
      }
    }
    cells.push_back(std::move(cell));
    // Next choice: categories first, then the margin, per variable, last variable fastest.
    std::size_t k = names.size();
    while (k-- > 0) {
      if (choice[k] == kMargin) {
        choice[k] = 0;
        continue;
      }
      if (++choice[k] == categories[k]->size()) choice[k] = kMargin;
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
