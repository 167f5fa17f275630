#include <benchmark/benchmark.h>
static void placeholder(benchmark::State& state) { for (auto _ : state) benchmark::DoNotOptimize(1); }
BENCHMARK(placeholder);
