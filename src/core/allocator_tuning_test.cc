// The allocator's tunables: set only when the user has not set GLIBC_TUNABLES (to anything, even empty),
// and the value glibc is given names the three tunables with values it accepts.
#include "core/allocator_tuning.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace clearpoint::core
