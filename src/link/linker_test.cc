#include "link/linker.h"

#include <gtest/gtest.h>

namespace clearpoint::link {
namespace {

// Records 0-4 on lists 0, 0, 1, 1, 2. Hand-worked: (0,1) same list, strong → merged; (0,2) joins list 1;
// (1,3) would put a second list-1 record into the cluster → refused; (2,4) joins list 2; (3,4) is below
// the threshold.
TEST(ClusterPersons, AtMostOneRecordPerListAndStrongWithinListMergesFirst) {
  const std::vector<CandidatePair> scored = {
      {0, 1, 0.97}, {0, 2, 0.95}, {1, 3, 0.9}, {2, 4, 0.7}, {3, 4, 0.4}};
  const std::vector<std::uint32_t> lists = {0, 0, 1, 1, 2};
  const auto cluster = cluster_persons(scored, lists, 0.5);
  EXPECT_EQ(cluster, (std::vector<std::uint32_t>{0, 0, 0, 3, 0}));
}

TEST(ClusterPersons, WeakWithinListPairsDoNotMerge) {
  // A same-list pair needs 0.95: at 0.9 the two records stay apart even though the threshold is 0.5.
  const auto cluster = cluster_persons({{0, 1, 0.9}}, {0, 0}, 0.5);
  EXPECT_EQ(cluster, (std::vector<std::uint32_t>{0, 1}));
}

TEST(ClusterPersons, ClearlyDifferentRecordsAreNotChainedIntoOnePerson) {
  // Two women of one name: 0 (list 0) and 2 (list 2) were born ten years apart (a comparison weighing
  // −9 bits). Record 1 (list 1) links well to both; the stronger link wins and the weaker one would chain
  // 0 and 2, so it is refused. Without the compared pair (0,2) the chain would form.
  CandidatePair contradiction{0, 2, 0.01, -3};
  contradiction.strongest_against = -9;
  const std::vector<CandidatePair> scored = {{1, 0, 0.9, 8}, {1, 2, 0.8, 7}, contradiction};
  const std::vector<std::uint32_t> lists = {0, 1, 2};
  EXPECT_EQ(cluster_persons(scored, lists, 0.5), (std::vector<std::uint32_t>{0, 0, 2}));
  EXPECT_EQ(cluster_persons({scored[0], scored[1]}, lists, 0.5), (std::vector<std::uint32_t>{0, 0, 0}));
}

}  // namespace
}  // namespace clearpoint::link

namespace clearpoint::link {
namespace {

TEST(ClusterPersons, DuplicatesOnOneListTogetherAreThePartner) {
  // Records 0 and 1 are one person twice on list 0 (0.99); record 2 on list 1 cannot tell them apart
  // (0.5 each). Pair by pair neither reaches the threshold; as a cluster they are 2's partner (1.0).
  const std::vector<CandidatePair> scored = {{0, 1, 0.99, 30}, {0, 2, 0.49, 30}, {1, 2, 0.49, 30}};
  EXPECT_EQ(cluster_persons(scored, {0, 0, 1}, 0.5), (std::vector<std::uint32_t>{0, 0, 0}));
  // Without the duplicate link they stay three: 2 might be either.
  EXPECT_EQ(cluster_persons({scored[1], scored[2]}, {0, 0, 1}, 0.5), (std::vector<std::uint32_t>{0, 1, 2}));
}

}  // namespace
}  // namespace clearpoint::link
