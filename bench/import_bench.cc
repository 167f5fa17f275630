// Import throughput: CSV parsing and checking alone, and the whole import into SQLite (one core).
// Target: at least 50,000 records/s into SQLite for the standard columns.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "bench/bench_data.h"
#include "io/content_hash.h"
#include "io/record_source.h"
#include "io/reference_data.h"
#include "store/store.h"

namespace clearpoint::bench {
namespace {

struct Fixture {
  std::filesystem::path dir;
  std::string csv;
  core::CountrySet countries;
  explicit Fixture(int rows) {
    dir = std::filesystem::temp_directory_path() / fmt::format("clearpoint-bench-{}", getpid());
    std::filesystem::create_directories(dir);
    csv = (dir / fmt::format("batch-{}.csv", rows)).string();
    write_bench_csv(csv, rows);
    countries = io::load_countries(io::find_data_dir());
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
};

Fixture& fixture(int rows) {
  static std::map<int, std::unique_ptr<Fixture>> fixtures;
  auto& f = fixtures[rows];
  if (!f) f = std::make_unique<Fixture>(rows);
  return *f;
}

std::unique_ptr<io::RecordSource> open_source(const Fixture& f) {
  io::SourceOptions options;
  options.agency = "MUP-RS";
  options.countries = &f.countries;
  return io::open_record_source(f.csv, options);
}

void BM_ParseAndCheckCsv(benchmark::State& state) {
  const auto& f = fixture(static_cast<int>(state.range(0)));
  std::int64_t records = 0;
  for (auto _ : state) {
    auto source = open_source(f);
    io::SourceRow row;
    while (source->next(row)) {
      if (!row.problems.empty()) state.SkipWithError("unexpected invalid row");
      ++records;
    }
  }
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseAndCheckCsv)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ImportIntoSqlite(benchmark::State& state) {
  const auto& f = fixture(static_cast<int>(state.range(0)));
  std::int64_t records = 0;
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto db = (f.dir / fmt::format("store-{}.db", round++)).string();
    auto store = store::Store::create(db, f.countries, "bench");
    auto source = open_source(f);
    store::ImportOptions options;
    options.label = "bench.csv";
    options.actor = "bench";
    options.content_hash = io::batch_content_hash(f.csv, {"MUP-RS"});
    state.ResumeTiming();
    records += store.import_batch(*source, options).accepted;
    state.PauseTiming();
    std::filesystem::remove(db);
    state.ResumeTiming();
  }
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ImportIntoSqlite)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace clearpoint::bench
