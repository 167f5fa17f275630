// Classification throughput: cases judged per second under every shipped framework at once (facts
// evaluated once per case, compiled rules per framework). Target: 1,000,000 cases in under 2 s.
#include <benchmark/benchmark.h>

#include "core/random.h"
#include "io/reference_data.h"
#include "law/framework.h"
#include "records/field_catalogue.h"

namespace clearpoint::bench {
namespace {

// A pool of varied cases: every tri-state drawn yes / no / unknown, dates, citizenship and exploitation.
std::vector<records::CaseRecord> case_pool(std::size_t size) {
  core::Rng rng(11);
  std::vector<records::CaseRecord> pool(size);
  const core::TriState values[] = {core::TriState::kYes, core::TriState::kNo, core::TriState::kUnknown};
  for (auto& r : pool) {
    for (auto& e : r.elements) e = values[rng.uniform_int(0, 2)];
    r.minor_at_recruitment = values[rng.uniform_int(0, 2)];
    r.birth_date = core::PartialDate::year(rng.uniform_int(1970, 1995));
    r.identification_year = rng.uniform_int(2000, 2025);
    r.sex = rng.bernoulli(0.8) ? "female" : "male";
    r.citizenship = {rng.bernoulli(0.5) ? "MD" : "RS"};
    r.destination_countries = {rng.bernoulli(0.5) ? "BA" : "RS"};
    r.exploitation_types = {rng.bernoulli(0.7) ? "sexual" : "forced_labour"};
  }
  return pool;
}

void BM_ClassifyAllFrameworks(benchmark::State& state) {
  const auto frameworks = law::load_frameworks(io::find_data_dir() + "/frameworks");
  const auto pool = case_pool(4096);
  law::Classifier classifier(frameworks);
  const auto cases = static_cast<std::size_t>(state.range(0));
  std::int64_t qualifies = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < cases; ++i) {
      qualifies += classifier.classify(pool[i & 4095])[0] == law::Verdict::kQualifies;
    }
  }
  benchmark::DoNotOptimize(qualifies);
  state.counters["frameworks"] = static_cast<double>(frameworks.size());
  state.counters["cases/s"] = benchmark::Counter(
      static_cast<double>(cases) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ClassifyAllFrameworks)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace clearpoint::bench
