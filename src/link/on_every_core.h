// Data parallelism for the linkage loops: one contiguous chunk of an index range per core, each
// written only by its own thread, so results do not depend on the number of cores.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace clearpoint::link {

// Runs body(begin, end) over [0, n); ranges under 100,000 stay on the calling thread, where starting
// threads would cost more than it saves.
template <class Body>
void on_every_core(std::size_t n, const Body& body) {
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t chunks = n < 100000 ? 1 : cores;
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < chunks; ++t) {
    threads.emplace_back([&body, n, t, chunks] { body(n * t / chunks, n * (t + 1) / chunks); });
  }
  body(0, n / chunks);
  for (auto& thread : threads) thread.join();
}

}  // namespace clearpoint::link
