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

INSTANTIATE_TEST_SUITE_P(Seeds, SyncProperty, ::testing::Values(1, 2, 3, 4));

}  // namespace
}  // namespace taxa
