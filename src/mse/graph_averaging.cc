#include "mse/graph_averaging.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

#include "core/diagnostic.h"
#include "core/log_gamma.h"
#include "core/parallel.h"
#include "mse/decomposable_graphs.h"

namespace clearpoint::mse {

namespace {

constexpr double kIntegerGridEnd = 500;
constexpr double kGridRatio = 1.0 + 1.0 / 300;

std::vector<double> missing_grid(double cap) {
  std::vector<double> grid;
  for (double m = 0; m <= std::min(cap, kIntegerGridEnd); m += 1) grid.push_back(m);
  for (double m = kIntegerGridEnd * kGridRatio; m < cap; m *= kGridRatio) grid.push_back(std::round(m));
  if (grid.back() < cap) grid.push_back(cap);
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  return grid;
}

// Each grid point stands for the integers nearest to it: width (next − previous) / 2.
std::vector<double> grid_widths(const std::vector<double>& grid) {
  std::vector<double> widths(grid.size(), 1.0);
  for (std::size_t i = 1; i + 1 < grid.size(); ++i)
    widths[i] = std::max(1.0, (grid[i + 1] - grid[i - 1]) / 2);
  return widths;
}

}  // namespace

GraphAveragingResult average_decomposable_graphs(const CaptureTable& table,
                                                 const GraphAveragingSettings& settings) {
  const int lists = table.list_count();
  if (lists < 3 || lists > kMostGraphLists) {
    throw core::UserError(
        fmt::format("graph averaging (--method dga) works on 3 to 7 lists, and this table has {}", lists),
        lists > 6 ? "merge lists that see the same people, or use --method latent-class"
                  : "use a log-linear --method");
  }
  const double observed = table.observed();
  const double delta = settings.delta > 0 ? settings.delta : std::ldexp(1.0, -lists);
  const double cap = std::max(10.0, std::round(settings.cap_multiple * observed));
  const auto grid = missing_grid(cap);
  const auto widths = grid_widths(grid);
  const std::size_t points = grid.size();
  const std::uint32_t subsets = 1U << lists;

  // log D for every subset of lists and grid point. The marginal table of subset S: cell c (a bitmask
  // within S) holds the persons whose history meets S exactly in c; the empty cell also holds the M.
  const double total_prior = delta * static_cast<double>(subsets);
  std::vector<std::vector<double>> log_d(subsets);
  for (std::uint32_t s = 1; s < subsets; ++s) {
    const double cell_prior = delta * static_cast<double>(1U << (lists - std::popcount(s)));
    std::vector<double> marginal(subsets, 0.0);  // indexed by the intersection, only subsets of s used
    for (History h = 1; h < table.counts.size(); ++h) marginal[h & s] += table.counts[h];
    double fixed = core::log_gamma(total_prior);
    for (std::uint32_t c = s;; c = (c - 1) & s) {
      if (c != 0) fixed += core::log_gamma(cell_prior + marginal[c]) - core::log_gamma(cell_prior);
      if (c == 0) break;
    }
    fixed -= core::log_gamma(cell_prior);  // the empty cell's prior normaliser
    auto& values = log_d[s];
    values.resize(points);
    for (std::size_t i = 0; i < points; ++i) {
      values[i] = fixed + core::log_gamma(cell_prior + marginal[0] + grid[i]) -
                  core::log_gamma(total_prior + observed + grid[i]);
    }
  }
  // The terms every graph shares: the prior 1/N and N!/M!.
  std::vector<double> common(points);
  for (std::size_t i = 0; i < points; ++i) {
    const double n = observed + grid[i];
    common[i] = -std::log(n) + core::log_gamma(n + 1) - core::log_gamma(grid[i] + 1) + std::log(widths[i]);
  }

  // Each graph as its cliques and separators in a few bytes (7 lists: 617,675 graphs in about 12 MB),
  // then its log posterior at every grid point, on several threads: in chunks of a fixed number of graphs
  // whose masses are added in chunk order, so the answer does not depend on the number of threads.
  struct CompactGraph {
    std::uint32_t edges = 0;
    std::uint8_t cliques = 0;
    std::uint8_t separators = 0;
    std::array<std::uint8_t, 2 * kMostGraphLists> sets{};  // the cliques, then the separators
  };
  std::vector<CompactGraph> graphs;
  for_each_decomposable_graph(lists, [&graphs](const DecomposableGraph& graph) {
    CompactGraph compact;
    compact.edges = graph.edges;
    for (const auto c : graph.cliques) compact.sets[compact.cliques++] = static_cast<std::uint8_t>(c);
    for (const auto sep : graph.separators) {
      if (sep != 0) compact.sets[compact.cliques + compact.separators++] = static_cast<std::uint8_t>(sep);
    }
    graphs.push_back(compact);
  });
  const auto graph_log_posterior = [&](const CompactGraph& graph, std::vector<double>& lp) {
    lp = common;
    for (int k = 0; k < graph.cliques; ++k) {
      const double* add = log_d[graph.sets[static_cast<std::size_t>(k)]].data();
      for (std::size_t i = 0; i < points; ++i) lp[i] += add[i];
    }
    for (int k = graph.cliques; k < graph.cliques + graph.separators; ++k) {
      const double* subtract = log_d[graph.sets[static_cast<std::size_t>(k)]].data();
      for (std::size_t i = 0; i < points; ++i) lp[i] -= subtract[i];
    }
    return *std::max_element(lp.begin(), lp.end());
  };
  // One pass: each chunk adds its graphs' posterior mass relative to the largest log posterior it has met
  // so far (rescaling what it holds when a larger one comes), and the chunks are put on one scale at the
  // end. A graph, or a grid point, e^−40 below the largest met contributes nothing measurable.
  constexpr std::size_t kGraphsPerChunk = 2048;
  constexpr double kNegligible = 40;
  const std::size_t chunks = (graphs.size() + kGraphsPerChunk - 1) / kGraphsPerChunk;
  std::vector<std::vector<double>> chunk_mass(chunks);
  std::vector<double> chunk_reference(chunks, -std::numeric_limits<double>::infinity());
  std::vector<double> graph_max(graphs.size());
  std::vector<double> graph_mass(graphs.size(), 0.0);  // relative to the graph's own maximum
  core::parallel_for(graphs.size(), settings.threads, kGraphsPerChunk,
                     [&](std::size_t begin, std::size_t end) {
                       std::vector<double> lp(points);
                       const std::size_t chunk = begin / kGraphsPerChunk;
                       auto& mass = chunk_mass[chunk];
                       mass.assign(points, 0.0);
                       double& reference = chunk_reference[chunk];
                       for (std::size_t g = begin; g < end; ++g) {
                         const double top = graph_log_posterior(graphs[g], lp);
                         graph_max[g] = top;
                         if (top < reference - kNegligible) continue;
                         if (top > reference) {
                           const double scale = std::exp(reference - top);
                           for (auto& m : mass) m *= scale;
                           reference = top;
                         }
                         double own = 0;
                         for (std::size_t i = 0; i < points; ++i) {
                           const double relative = lp[i] - reference;
                           if (relative < -kNegligible) continue;
                           const double p = std::exp(relative);
                           mass[i] += p;
                           own += p;
                         }
                         graph_mass[g] = own * std::exp(reference - top);
                       }
                     });
  const double overall_max = *std::max_element(chunk_reference.begin(), chunk_reference.end());
  std::vector<double> mass(points, 0.0);
  for (std::size_t c = 0; c < chunks; ++c) {
    const double scale = std::exp(chunk_reference[c] - overall_max);
    for (std::size_t i = 0; i < points; ++i) mass[i] += chunk_mass[c][i] * scale;
  }
  for (std::size_t g = 0; g < graphs.size(); ++g) graph_mass[g] *= std::exp(graph_max[g] - overall_max);
  GraphAveragingResult result;
  result.observed = observed;
  result.graphs = graphs.size();
  result.delta = delta;
  result.cap = observed + cap;
  result.grid_points = points;
  std::vector<double> population(points);
  for (std::size_t i = 0; i < points; ++i) population[i] = observed + grid[i];
  result.posterior = summarise_grid(population, mass, settings.level);
  {
    constexpr int kQuantiles = 16000;
    double total_mass = 0;
    for (const double m : mass) total_mass += m;
    double cumulative = 0;
    std::size_t i = 0;
    for (int q = 0; q < kQuantiles; ++q) {
      const double target = (q + 0.5) / kQuantiles * total_mass;
      while (i + 1 < points && cumulative + mass[i] < target) cumulative += mass[i++];
      result.quantiles.push_back(population[i]);
    }
  }
  double total = 0;
  double near_cap = 0;
  for (std::size_t i = 0; i < points; ++i) {
    total += mass[i];
    if (grid[i] >= 0.9 * cap) near_cap += mass[i];
  }
  result.mass_near_cap = near_cap / total;
  std::vector<std::size_t> order(graphs.size());
  for (std::size_t g = 0; g < order.size(); ++g) order[g] = g;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return graph_mass[a] > graph_mass[b]; });
  for (std::size_t r = 0; r < std::min<std::size_t>(10, order.size()); ++r) {
    const auto best = order[r];
    if (graph_mass[best] <= 0) break;
    std::vector<double> lp(points);
    graph_log_posterior(graphs[best], lp);
    std::vector<double> own(points);
    for (std::size_t i = 0; i < points; ++i) own[i] = std::exp(lp[i] - overall_max);
    result.best.push_back(GraphWeight{decomposable_graph_of(lists, graphs[best].edges).notation(lists),
                                      graph_mass[best] / total,
                                      summarise_grid(population, own, settings.level).median});
  }
  return result;
}

}  // namespace clearpoint::mse
