#include "core/union_find.h"

#include <gtest/gtest.h>

namespace clearpoint::core {
namespace {

TEST(UnionFind, SetsAreNamedByTheirSmallestMemberWhateverTheOrderOfUnions) {
  UnionFind a(6);
  EXPECT_TRUE(a.unite(5, 3));
  EXPECT_TRUE(a.unite(3, 4));
  EXPECT_FALSE(a.unite(4, 5));  // already one set
  EXPECT_TRUE(a.unite(1, 2));
  UnionFind b(6);
  b.unite(1, 2);
  b.unite(4, 5);
  b.unite(3, 5);
  for (std::uint32_t i = 0; i < 6; ++i) EXPECT_EQ(a.find(i), b.find(i)) << i;
  EXPECT_EQ(a.find(5), 3U);
  EXPECT_EQ(a.find(2), 1U);
  EXPECT_EQ(a.find(0), 0U);
  EXPECT_EQ(a.join_roots(a.find(5), a.find(2)), 1U);
  EXPECT_EQ(a.find(4), 1U);
}

}  // namespace
}  // namespace clearpoint::core
