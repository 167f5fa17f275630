#include "simulate/simulator.h"

#include "core/diagnostic.h"
#include "core/random.h"
#include "simulate/detection.h"
#include "simulate/population.h"
#include "simulate/recording.h"

namespace clearpoint::simulate {

namespace {

// The simulation's three models in the one order of draws that makes the files reproducible: for each
// year and stream, the number of victims; for each victim, the person (population), then for each agency
// a detection draw and, when it identifies her, its record (recording).
class Generator {
 public:
  Generator(const Scenario& scenario, const NameBook& names, const SimulationOptions& options)
      : scenario_(scenario),
        options_(options),
        rng_(options.seed),
        population_(scenario, names, rng_),
        detection_(scenario),
        recorder_(scenario, names, options.out_dir, rng_),
        list_persons_(scenario.agencies.size(), 0) {}

  SimulationSummary run() {
    SimulationSummary summary;
    for (int year = scenario_.first_year; year <= scenario_.last_year; ++year) {
      if (options_.progress) options_.progress(year);
      for (const Stream& stream : scenario_.streams) {
        const double expected = stream.expected_victims(year) * options_.scale;
        const std::int64_t count = rng_.poisson(expected);
        if (count == 0) continue;
        const auto draw = population_.prepare(stream, year);
        for (std::int64_t k = 0; k < count; ++k) {
          const Person person = population_.draw(stream, draw, year);
          const std::int64_t records_before = recorder_.records_written();
          const int lists = identify(person);
          ++summary.persons;
          auto& in_year = summary.years[year];
          ++in_year.persons;
          in_year.records += recorder_.records_written() - records_before;
          if (lists > 0) {
            ++summary.identified;
            ++in_year.identified;
          }
        }
      }
    }
    summary.lists = recorder_.finish(list_persons_);
    for (const auto& list : summary.lists) summary.records += list.records;
    return summary;
  }

 private:
  // The agencies that identify `p`, each writing its record (and perhaps a duplicate) as it does.
  int identify(const Person& p) {
    std::vector<char> detected(scenario_.agencies.size(), 0);
    int lists = 0;
    for (std::size_t j = 0; j < scenario_.agencies.size(); ++j) {
      const double u = rng_.uniform();
      if (!detection_.identifies(j, p, u, detected)) continue;
      detected[j] = 1;
      ++lists;
      ++list_persons_[j];
      recorder_.write_record(j, p, false);
      if (rng_.bernoulli(scenario_.agencies[j].errors.duplicate)) recorder_.write_record(j, p, true);
    }
    if (lists == 0) recorder_.write_unidentified(p);
    return lists;
  }

  const Scenario& scenario_;
  const SimulationOptions& options_;
  Rng rng_;
  Population population_;
  Detection detection_;
  Recorder recorder_;
  std::vector<std::int64_t> list_persons_;
};

}  // namespace

SimulationSummary simulate(const Scenario& scenario, const NameBook& names,
                           const SimulationOptions& options) {
  if (!(options.scale > 0)) throw core::UserError("--scale must be positive", "e.g. --scale 0.1 for a tenth");
  Generator generator(scenario, names, options);
  return generator.run();
}

}  // namespace clearpoint::simulate
