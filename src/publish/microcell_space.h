// MicrocellSpace: the finest cross-classification of a release, and its tables as sums over it.
//
// A release's tables share variables (year, sex, age group, citizenship …). Their cross product, with
// every category each variable takes (unknown included, as its own category), is the release's
// microcell space: each person or record falls in exactly one microcell, and every cell of every table —
// margins and totals too — is the sum of the microcells that agree with it on the table's variables.
// Cells of linked tables that share a margin are sums of the same microcells, which is how the attacker
// problem sees them together.
//
// A derived variable is a function of variables of the space — UNODC's women/men/girls/boys of sex and
// age group, a period of years, a region of countries (hierarchies) — and adds no microcells: its cells
// are sums over the microcells of its sources, so a table by period and a table by year are linked
// exactly as the attacker links them (the periods are sums of years).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "publish/cell_protection.h"

namespace clearpoint::publish {

struct Variable {
  std::string name;
  std::vector<std::string> categories;
};

struct DerivedVariable {
  std::string name;
  std::vector<std::string> from;        // variables of the space it is a function of
  std::vector<std::string> categories;  // its own
  // Every combination of the sources' categories (in `from` order) → one of `categories`.
  std::map<std::vector<std::string>, std::string> of;
};

class MicrocellSpace {
 public:
  // Throws std::invalid_argument when a derived variable's sources are not in the space or its map
  // leaves a combination out.
  explicit MicrocellSpace(std::vector<Variable> variables, std::vector<DerivedVariable> derived = {});

  std::size_t size() const { return size_; }
  const std::vector<Variable>& variables() const { return variables_; }
  // The position of `name`; throws std::invalid_argument when the space has no such variable.
  std::size_t variable(const std::string& name) const;
  // Whether a table may use `name`: a variable of the space, or a derived one.
  bool has(const std::string& name) const;
  // The microcell of one category per variable (indices into each variable's categories).
  std::size_t index(const std::vector<std::size_t>& categories) const;

  // Every cell of the table over `variables` (in that order; variables of the space or derived ones):
  // each combination of their categories,
  // and the margins ("Total" in place of one or more categories), with its microcells and its value
  // from `counts` (one per microcell).
  std::vector<ReleaseCell> table(const std::string& id, const std::vector<std::string>& variables,
                                 const std::vector<std::int64_t>& counts) const;

 private:
  // The category of table variable `name` in every microcell, and how many categories it has.
  std::pair<std::vector<std::size_t>, std::size_t> categories_by_microcell(const std::string& name) const;
  const std::vector<std::string>& categories_of(const std::string& name) const;

  std::vector<Variable> variables_;
  std::vector<DerivedVariable> derived_;
  std::vector<std::size_t> strides_;
  std::size_t size_ = 1;
};

// Tables linked through shared variables, as groups of table indices. Tables of different groups share
// only the grand total, which each publishes, so the attacker problem splits into one per group — each
// over the cross product of its own variables only.
std::vector<std::vector<std::size_t>> linked_groups(
    const std::vector<std::vector<std::string>>& table_variables);

}  // namespace clearpoint::publish
