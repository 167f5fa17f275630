#include "mse/decomposable_graphs.h"

#include <algorithm>
#include <array>
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
// 1984). Then every maximal clique is one of the sets {v} ∪ (v's earlier-visited neighbours), so when
// `cliques` is given it receives those that no other contains, in increasing order of their bitmasks.
bool chordal(const Adjacency& graph, int lists, std::vector<std::uint32_t>* cliques = nullptr) {
  std::uint32_t visited = 0;
  std::array<std::uint32_t, 32> candidate{};
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
    const std::uint32_t earlier = graph.neighbours[static_cast<std::size_t>(best)] & visited;
    if (!graph.complete(earlier)) return false;
    candidate[static_cast<std::size_t>(step)] = earlier | (1U << best);
    visited |= 1U << best;
  }
  if (cliques != nullptr) {
    cliques->clear();
    for (int a = 0; a < lists; ++a) {
      const auto set = candidate[static_cast<std::size_t>(a)];
      bool maximal = true;
      for (int b = 0; b < lists && maximal; ++b) {
        const auto other = candidate[static_cast<std::size_t>(b)];
        maximal = !(other != set && (other & set) == set);
      }
      if (maximal) cliques->push_back(set);
    }
    std::sort(cliques->begin(), cliques->end());
    cliques->erase(std::unique(cliques->begin(), cliques->end()), cliques->end());
  }
  return true;
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

namespace {

std::vector<std::pair<int, int>> vertex_pairs(int lists) {
  if (lists < 2 || lists > kMostGraphLists)
    throw std::invalid_argument("decomposable graphs are generated for 2 to 7 lists");
  std::vector<std::pair<int, int>> pairs;
  for (int i = 0; i < lists; ++i) {
    for (int j = i + 1; j < lists; ++j) pairs.emplace_back(i, j);
  }
  return pairs;
}

Adjacency adjacency_of(int lists, const std::vector<std::pair<int, int>>& pairs, std::uint32_t edges) {
  Adjacency graph{std::vector<std::uint32_t>(static_cast<std::size_t>(lists), 0)};
  for (std::size_t e = 0; e < pairs.size(); ++e) {
    if ((edges >> e) & 1U) {
      graph.neighbours[static_cast<std::size_t>(pairs[e].first)] |= 1U << pairs[e].second;
      graph.neighbours[static_cast<std::size_t>(pairs[e].second)] |= 1U << pairs[e].first;
    }
  }
  return graph;
}

}  // namespace

void for_each_decomposable_graph(int lists, const std::function<void(const DecomposableGraph&)>& visit) {
  const auto pairs = vertex_pairs(lists);
  DecomposableGraph g;
  for (std::uint32_t edges = 0; edges < (1U << pairs.size()); ++edges) {
    const Adjacency graph = adjacency_of(lists, pairs, edges);
    if (!chordal(graph, lists, &g.cliques)) continue;
    g.edges = edges;
    g.separators = separators_of(g.cliques);
    visit(g);
  }
}

DecomposableGraph decomposable_graph_of(int lists, std::uint32_t edges) {
  const auto pairs = vertex_pairs(lists);
  const Adjacency graph = adjacency_of(lists, pairs, edges);
  DecomposableGraph g;
  g.edges = edges;
  if (!chordal(graph, lists, &g.cliques)) {
    g.cliques.clear();
    return g;
  }
  g.separators = separators_of(g.cliques);
  return g;
}

std::vector<DecomposableGraph> decomposable_graphs(int lists) {
  std::vector<DecomposableGraph> graphs;
  for_each_decomposable_graph(lists, [&graphs](const DecomposableGraph& g) { graphs.push_back(g); });
  return graphs;
}

}  // namespace clearpoint::mse
