#include "core/parallel.h"

#include <gtest/gtest.h>

#include <mutex>
#include <numeric>
#include <set>
#include <thread>
#include <utility>

namespace clearpoint::core {
namespace {

// Every index is visited exactly once, in whole chunks of the grain, whatever the number of threads.
TEST(ParallelFor, VisitsEveryIndexOnceInChunksOfTheGrain) {
  for (const int threads : {1, 2, 3, 8}) {
    for (const std::size_t grain : {std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
      const std::size_t n = 2503;
      std::vector<int> visits(n, 0);
      std::mutex mutex;
      std::set<std::pair<std::size_t, std::size_t>> chunks;
      parallel_for(n, threads, grain, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) ++visits[i];
        const std::lock_guard lock(mutex);
        chunks.emplace(begin, end);
      });
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(visits[i], 1) << threads << " threads, grain " << grain;
      EXPECT_EQ(chunks.size(), (n + grain - 1) / grain);
      for (const auto& [begin, end] : chunks) {
        EXPECT_EQ(begin % grain, 0U);
        EXPECT_TRUE(end - begin == grain || end == n);
      }
    }
  }
}

TEST(ParallelFor, UsesSeveralThreadsWhenAskedAndNoneForNothing) {
  std::mutex mutex;
  std::set<std::thread::id> seen;
  parallel_for(64, 4, 1, [&](std::size_t, std::size_t) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const std::lock_guard lock(mutex);
    seen.insert(std::this_thread::get_id());
  });
  EXPECT_GT(seen.size(), 1U);
  bool called = false;
  parallel_for(0, 4, 1, [&](std::size_t, std::size_t) { called = true; });
  EXPECT_FALSE(called);
}

TEST(ParallelFor, ThreadCountZeroMeansEveryCoreAndEvenGrainKeepsSmallLoopsSerial) {
  EXPECT_EQ(thread_count(3), 3);
  EXPECT_GE(thread_count(0), 1);
  EXPECT_EQ(thread_count(0), static_cast<int>(std::max(1U, std::thread::hardware_concurrency())));
  EXPECT_EQ(even_grain(500, 4, 1000), 500U);  // below the bound: one chunk
  EXPECT_EQ(even_grain(4000, 4, 1000), 1000U);
  EXPECT_EQ(even_grain(4001, 4, 1000), 1001U);
}

}  // namespace
}  // namespace clearpoint::core
