// Diagnostics: how much the estimate depends on choices the data cannot settle — the spread of estimates
// over admissible models and their BIC weights, the near ties (models within ΔBIC 2, 4, 6 of the best
// and the range of their estimates), each list left out in turn, and flags for an estimate driven by one
// small cell, an interval cut by the search bound, and near-tied models that disagree; two lists merged in
// turn; and each list's known size estimated from the others.
#pragma once

#include <string>
#include <vector>

#include "mse/estimate.h"

namespace clearpoint::mse {

struct NearTie {
  double delta = 0;
  int models = 0;
  double lowest = 0;
  double highest = 0;
};
std::vector<NearTie> near_ties(const SearchResult& search);

struct Spread {
  double weighted_5 = 0;  // quantiles of the estimates weighted by exp(−Δ/2)
  double weighted_50 = 0;
  double weighted_95 = 0;
  double lowest = 0;  // over every admissible model
  double highest = 0;
};
Spread estimate_spread(const SearchResult& search);

// The table without list `list`: persons only on it disappear, the others keep their other lists.
CaptureTable drop_list(const CaptureTable& table, int list);

struct ListLeftOut {
  std::string list;
  bool ok = false;
  double population = 0;
  std::string model;
};
std::vector<ListLeftOut> leave_one_list_out(const CaptureTable& table, const Method& method, int threads);

// Two lists treated as one (a person on either): whether the estimate hangs on keeping them apart.
CaptureTable merge_lists(const CaptureTable& table, int first, int second);
struct ListsMerged {
  std::string lists;
  bool ok = false;
  double population = 0;
  std::string model;
};
std::vector<ListsMerged> merge_two_lists(const CaptureTable& table, const Method& method, int threads);

// Internal consistency: each list's size is known, so the other lists can be asked to estimate it. Among
// the persons on list j, those on no other list play the hidden cell; the method, applied to the other
// lists' overlap within list j, predicts how many there are. An estimate far from the known size says the
// method's assumptions fail inside a group where the answer is known.
struct KnownListCheck {
  std::string list;
  double known = 0;
  bool ok = false;
  double estimate = 0;
};
std::vector<KnownListCheck> known_list_sizes(const CaptureTable& table, const Method& method, int threads);

// Estimates without one person of each small cell (count ≤ 5): a cell whose single person moves the
// estimate by more than 10% drives it.
struct SmallCellInfluence {
  History history = 0;
  double count = 0;
  double population = 0;
};
std::vector<SmallCellInfluence> small_cell_influence(const CaptureTable& table, const Method& method,
                                                     double estimate, int threads);

}  // namespace clearpoint::mse
