// The simulator: a scenario and a seed in, agency batch files and the ground truth out.
//
// For every year and stream it draws the number of victims (Poisson around the scenario's figure times
// --scale), then for each victim a person (sex, age, names, route, exploitation, recruitment and the
// true legal elements), then for each agency whether it identifies the person (a logistic model with
// person-level heterogeneity, a shared frailty, avoidance of the authorities and referrals between
// agencies), and for each identification the record the agency writes, with that agency's habits and
// errors. Everything streams to disk; memory does not grow with the population. The same scenario and
// seed give byte-identical files. docs/simulate.md gives the model with its formulas.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "simulate/names.h"
#include "simulate/recording.h"
#include "simulate/scenario.h"

namespace clearpoint::simulate {

struct SimulationOptions {
  std::uint64_t seed = 1;
  double scale = 1;
  std::string out_dir;
  std::function<void(int year)> progress;
};

struct YearSummary {
  std::int64_t persons = 0;
  std::int64_t identified = 0;
  std::int64_t records = 0;
};

struct SimulationSummary {
  std::int64_t persons = 0;     // the true population
  std::int64_t identified = 0;  // persons on at least one list
  std::int64_t records = 0;
  std::vector<ListSummary> lists;
  std::map<int, YearSummary> years;  // by year of identification
};

// Writes one batch file and mapping per agency list, truth.csv and manifest.csv into options.out_dir.
SimulationSummary simulate(const Scenario& scenario, const NameBook& names, const SimulationOptions& options);

}  // namespace clearpoint::simulate
