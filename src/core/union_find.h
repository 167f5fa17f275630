// UnionFind: disjoint sets over record numbers 0 … n−1, each set named by its smallest member, so the
// names (and every person id derived from them) are the same on every run whatever the order of unions.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace clearpoint::core {

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0U); }

  // The smallest member of x's set (path halving).
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }

  // Joins the sets whose names are `x` and `y` (both roots) and returns the name kept: the smaller.
  std::uint32_t join_roots(std::uint32_t x, std::uint32_t y) {
    const auto keep = std::min(x, y);
    parent_[std::max(x, y)] = keep;
    return keep;
  }

  // Joins the sets of x and y; false when they were one set already.
  bool unite(std::uint32_t x, std::uint32_t y) {
    const auto a = find(x);
    const auto b = find(y);
    if (a == b) return false;
    join_roots(a, b);
    return true;
  }

  std::size_t size() const { return parent_.size(); }

 private:
  std::vector<std::uint32_t> parent_;
};

}  // namespace clearpoint::core
