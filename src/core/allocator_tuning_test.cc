// The allocator's tunables: set only when the user has not set GLIBC_TUNABLES (to anything, even empty),
// and glibc takes the value it is given.
#include "core/allocator_tuning.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace clearpoint::core {
namespace {

TEST(AllocatorTuning, TunablesAreSetOnlyWhenTheUserSetNone) {
  const auto unset = allocator_tunables_to_set(nullptr);
  ASSERT_TRUE(unset.has_value());
  EXPECT_EQ(*unset, "glibc.malloc.hugetlb=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736");
  EXPECT_FALSE(allocator_tunables_to_set("").has_value());  // `GLIBC_TUNABLES= clearpoint …`: defaults
  EXPECT_FALSE(allocator_tunables_to_set("glibc.malloc.arena_max=2").has_value());
  EXPECT_FALSE(allocator_tunables_to_set(unset->c_str()).has_value());  // the restarted program: no loop
}

// glibc ignores a tunable it does not know or a value out of its range without a word, so the values are
// read back from the dynamic loader, which lists every tunable as the environment sets it (mmap_max is
// listed as 0 when unset too, so only its neighbours' values can tell a rejected string).
TEST(AllocatorTuning, GlibcAcceptsTheTunables) {
  const std::filesystem::path loader = "/lib64/ld-linux-x86-64.so.2";
  if (!std::filesystem::exists(loader)) GTEST_SKIP() << "no x86-64 glibc loader here";
  const std::string command =
      "GLIBC_TUNABLES='" + std::string(kAllocatorTunables) + "' " + loader.string() + " --list-tunables";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string listed;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) listed += buffer;
  ::pclose(pipe);
  if (listed.find("glibc.malloc.") == std::string::npos) GTEST_SKIP() << "this glibc lists no tunables";
  EXPECT_NE(listed.find("glibc.malloc.hugetlb: 0x1 "), std::string::npos) << listed;
  EXPECT_NE(listed.find("glibc.malloc.trim_threshold: 0x1000000000 "), std::string::npos) << listed;
}

}  // namespace
}  // namespace clearpoint::core
