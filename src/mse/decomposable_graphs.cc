#include "mse/decomposable_graphs.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace clearpoint::mse {

namespace {

struct Adjacency {
  std::vector<std::uint32_t> neighbours;  // per vertex, a bitmask

  bool complete(std::uint32_t set) const {
    for (std::uint32_t rest = set; rest != 0; rest &= rest - 1) {
      const int v = std::countr_zero(rest);
      if ((set & ~(1U << v) & ~neighbours[static_cast<std::size_t>(v)]) != 0) return false;
    }
    return true;
  }
};

// Chordal exactly when maximum cardinality search visits the vertices in an order whose reverse is a
// perfect elimination order: each vertex's earlier-visited neighbours form a clique (Tarjan & Yannakakis
// 1984).
bool chordal(const Adjacency& graph, int lists) {
  std::uint32_t visited = 0;
  for (int step = 0; step < lists; ++step) {
    int best = -1;
    int best_weight = -1;
    for (int v = 0; v < lists; ++v) {
      if ((visited >> v) & 1U) continue;
      const int weight = std::popcount(graph.neighbours[static_cast<std::size_t>(v)] & visited);
      if (weight > best_weight) {
        best = v;
        best_weight = weight;
      }
    }
    if (!graph.complete(graph.neighbours[static_cast<std::size_t>(best)] & visited)) return false;
    visited |= 1U << best;
  }
  return true;
}

// Maximal complete vertex sets, by trying every subset (2^t of them, t ≤ 6).
std::vector<std::uint32_t> maximal_cliques(const Adjacency& graph, int lists) {
  std::vector<std::uint32_t> complete_sets;
  for (std::uint32_t s = 1; s < (1U << lists); ++s) {
    if (graph.complete(s)) complete_sets.push_back(s);
  }
  std::vector<std::uint32_t> cliques;
  for (const auto s : complete_sets) {
    const bool maximal = std::none_of(complete_sets.begin(), complete_sets.end(),
                                      [s](std::uint32_t t) { return t != s && (t & s) == s; });
    if (maximal) cliques.push_back(s);
  }
  return cliques;
}

// A junction tree is a maximum-weight spanning tree of the cliques weighted by their intersections
// (Jensen & Jensen 1994); its edges' intersections are the separators. Prim's algorithm.
std::vector<std::uint32_t> separators_of(const std::vector<std::uint32_t>& cliques) {
  std::vector<std::uint32_t> separators;
  if (cliques.size() < 2) return separators;
  std::vector<bool> in_tree(cliques.size(), false);
  in_tree[0] = true;
  for (std::size_t added = 1; added < cliques.size(); ++added) {
    int best_weight = -1;
    std::size_t best = 0;
    std::uint32_t best_separator = 0;
    for (std::size_t a = 0; a < cliques.size(); ++a) {
      if (!in_tree[a]) continue;
      for (std::size_t b = 0; b < cliques.size(); ++b) {
        if (in_tree[b]) continue;
        const std::uint32_t meet = cliques[a] & cliques[b];
        if (std::popcount(meet) > best_weight) {
          best_weight = std::popcount(meet);
          best = b;
          best_separator = meet;
        }
      }
    }
    in_tree[best] = true;
    separators.push_back(best_separator);
  }
  return separators;
}

}  // namespace

std::string DecomposableGraph::notation(int lists) const {
  std::vector<std::string> terms;
  for (const auto c : cliques) {
    std::string term;
    for (int v = 0; v < lists; ++v) {
      if ((c >> v) & 1U) {
        if (lists > 9 && !term.empty()) term += '.';
        term += std::to_string(v + 1);
      }
    }
    terms.push_back(term);
  }
  std::sort(terms.begin(), terms.end());
  std::string out = "[";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i > 0 ? "," : "") + terms[i];
  return out + "]";
}

std::vector<DecomposableGraph> decomposable_graphs(int lists) {
  if (lists < 2 || lists > 6)
    throw std::invalid_argument("decomposable graphs are generated for 2 to 6 lists");
  std::vector<std::pair<int, int>> pairs;
  for (int i = 0; i < lists; ++i) {
    for (int j = i + 1; j < lists; ++j) pairs.emplace_back(i, j);
  }
  std::vector<DecomposableGraph> graphs;
  for (std::uint32_t edges = 0; edges < (1U << pairs.size()); ++edges) {
    Adjacency graph{std::vector<std::uint32_t>(static_cast<std::size_t>(lists), 0)};
    for (std::size_t e = 0; e < pairs.size(); ++e) {
      if ((edges >> e) & 1U) {
        graph.neighbours[static_cast<std::size_t>(pairs[e].first)] |= 1U << pairs[e].second;
        graph.neighbours[static_cast<std::size_t>(pairs[e].second)] |= 1U << pairs[e].first;
      }
    }
    if (!chordal(graph, lists)) continue;
    DecomposableGraph g;
    g.edges = edges;
    g.cliques = maximal_cliques(graph, lists);
    g.separators = separators_of(g.cliques);
    graphs.push_back(std::move(g));
  }
  return graphs;
}

}  // namespace clearpoint::mse
