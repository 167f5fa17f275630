// Data parallelism: the one way clearpoint spreads a loop over cores.
//
// Every command that runs in parallel takes `--threads N` with one meaning (thread_count): N threads
// when N > 0, every core when N is 0. A loop over [0, n) is cut into chunks of `grain` indices that
// the threads take in turn; a body writes only the indices of its own chunk, so a result never depends
// on the number of threads or on which thread ran which chunk.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace clearpoint::core {

// `requested` threads when positive, else every core (at least one).
inline int thread_count(int requested) {
  return requested > 0 ? requested : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

// Runs body(begin, end) over chunks of [0, n) of `grain` indices each (the last may be shorter), on up to
// thread_count(threads) threads; with one chunk or one thread everything runs on the calling thread,
// where starting threads would cost more than it saves. Use grain 1 for work whose cost varies from index
// to index (model fits, bootstrap replicates): the threads then balance themselves. A body always gets
// whole chunks, on one thread or many.
template <class Body>
void parallel_for(std::size_t n, int threads, std::size_t grain, const Body& body) {
  if (n == 0) return;
  grain = std::max<std::size_t>(grain, 1);
  const std::size_t chunks = (n + grain - 1) / grain;
  const auto workers = std::min(static_cast<std::size_t>(thread_count(threads)), chunks);
  if (workers <= 1) {
    for (std::size_t c = 0; c < chunks; ++c) body(c * grain, std::min(n, (c + 1) * grain));
    return;
  }
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t c = next.fetch_add(1); c < chunks; c = next.fetch_add(1)) {
      body(c * grain, std::min(n, (c + 1) * grain));
    }
  };
  std::vector<std::jthread> pool;
  pool.reserve(workers - 1);
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
}

// Loops of cheap, uniform steps (a pair comparison, a probability update) shorter than this stay on one
// thread: starting threads would cost more than the loop.
inline constexpr std::size_t kCheapLoopSerialBelow = 100000;

// The grain that gives each thread one contiguous share of [0, n), and keeps ranges below `serial_below`
// on one thread: for cheap, uniform loops (comparing millions of pairs).
inline std::size_t even_grain(std::size_t n, int threads, std::size_t serial_below) {
  if (n < serial_below) return std::max<std::size_t>(n, 1);
  const auto t = static_cast<std::size_t>(thread_count(threads));
  return std::max<std::size_t>((n + t - 1) / t, 1);
}

}  // namespace clearpoint::core
