// Population: the victims of a scenario drawn one by one — for a stream and a year, each person's sex,
// age, names, dates, route, forms of exploitation, recruitment and the true legal elements of her case.
#pragma once

#include <cstdint>
#include <vector>

#include "core/random.h"
#include "simulate/person.h"

namespace clearpoint::simulate {

class Population {
 public:
  // `rng` is the simulation's one stream of draws, shared with detection and recording in a fixed order.
  Population(const Scenario& scenario, const NameBook& names, Rng& rng)
      : scenario_(scenario), names_(names), rng_(rng) {}

  // A stream's distributions in one year, prepared once for all its victims of that year.
  struct StreamYear {
    DiscreteDistribution exploitation;
    std::vector<double> exploitation_shares;
    DiscreteDistribution recruitment;
    DiscreteDistribution age;
    DiscreteDistribution route;
  };
  StreamYear prepare(const Stream& stream, int year) const;

  // The next victim of `stream` identified in `year` (numbered from 1).
  Person draw(const Stream& stream, const StreamYear& draw, int year);

 private:
  void set_elements(Person& p);

  const Scenario& scenario_;
  const NameBook& names_;
  Rng& rng_;
  std::int64_t person_count_ = 0;
};

}  // namespace clearpoint::simulate
