// The sync property (sync_property.h) for a few seeds; the benchmark command
// runs hundreds (taxa_bench --property-seeds N).
#include <gtest/gtest.h>

#include "app/sync_property.h"
#include "support/test_support.h"

namespace taxa {
namespace {

class SyncProperty : public ::testing::TestWithParam<uint64_t> {};

TEST_P(SyncProperty, ReplicasConvergeWithNothingLost) {
  taxa::testing::TempDir tmp;
  taxa::testing::PropertyOutcome o =
      taxa::testing::RunSyncProperty({.seed = GetParam(), .dir = tmp.path()});
  EXPECT_TRUE(o.violations.empty()) << o.Describe();
  RecordProperty("outcome", o.Describe());
  EXPECT_GT(o.events, 0u) << o.Describe();
  EXPECT_GT(o.syncs, 6u) << o.Describe();
}

// 76 and 150 once caught the property itself counting a write its own replica
// had replaced (a move undone by a later move).
INSTANTIATE_TEST_SUITE_P(Seeds, SyncProperty, ::testing::Values(1, 2, 3, 4, 76, 150));

}  // namespace
}  // namespace taxa
