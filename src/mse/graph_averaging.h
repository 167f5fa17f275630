// Decomposable graphical model averaging (Madigan & York 1997; R package dga by Johndrow, Lum & Ball):
// the posterior of the population size averaged over every decomposable graph of the lists. Under one
// graph the cell probabilities have a hyper-Dirichlet prior (δ prior persons per cell of the full table,
// so a clique's marginal cell gets δ·2^(t−|C|)), and the marginal likelihood of the completed table —
// the observed histories plus M persons on no list — factorises over cliques and separators. With the
// prior p(N) ∝ 1/N and equal prior weight on every graph:
//   p(G, M | y) ∝ (1/N) · N!/M! · Π_C D(y_C) / Π_S D(y_S),   N = n + M,
// where D is the Dirichlet-multinomial probability of a marginal table. Only the all-zero marginal cell
// depends on M, so the cost is one evaluation per list subset and grid point, then sums per graph.
//
// The grid is every integer M up to 500, then steps of one part in 300 up to a cap (by default 30 times the
// observed count, the range R's dga wrapper uses by default); the cap is reported with the posterior mass
// in its last 10%, so a posterior pressing against it is never hidden.
#pragma once

#include <string>
#include <vector>

#include "mse/capture_table.h"
#include "mse/posterior_summary.h"

namespace clearpoint::mse {

struct GraphAveragingSettings {
  double delta = 0;          // prior persons per cell; 0: 2^−t (one prior person in all)
  double cap_multiple = 30;  // M searched up to this many times the observed count
  double level = 0.95;
  int threads = 0;  // core::thread_count: 0 is every core; the answer is the same for any number
};

struct GraphWeight {
  std::string graph;  // cliques, as "[12,3]"
  double posterior = 0;
  double median = 0;  // the population's posterior median under this graph alone
};

struct GraphAveragingResult {
  double observed = 0;
  PosteriorSummary posterior;
  std::size_t graphs = 0;
  std::vector<GraphWeight> best;  // the graphs with the largest posterior weight, best first (up to 10)
  double delta = 0;
  double cap = 0;            // the largest population on the grid
  double mass_near_cap = 0;  // posterior mass in the last 10% of the grid's range
  std::size_t grid_points = 0;
  // The posterior as 16,000 evenly spaced quantiles (at (i + ½)/16,000): a sample that pools with others.
  std::vector<double> quantiles;
};

// Throws core::UserError for fewer than 3 or more than 7 lists.
GraphAveragingResult average_decomposable_graphs(const CaptureTable& table,
                                                 const GraphAveragingSettings& settings = {});

}  // namespace clearpoint::mse
