// A short run of the crash trials (crash_trials.h): `label`, `import`, `sync`
// and `bundle apply` killed with SIGKILL at random moments lose nothing that
// was acknowledged, leave no partial effect, and never lock the project out.
// The benchmark command runs 300 trials (taxa_bench --only crash).
#include <gtest/gtest.h>

#include "app/crash_trials.h"
#include "support/test_support.h"

namespace taxa {
namespace {

TEST(CrashTrials, KilledCommandsLoseNothingAcknowledgedAndLeaveNoPartialEffect) {
  taxa::testing::TempDir tmp;
  taxa::testing::CrashOutcome o = taxa::testing::RunCrashTrials(
      {.seed = 20261206, .dir = tmp.path(), .taxa = TAXA_BINARY_DIR "/taxa", .trials = 16});
  EXPECT_TRUE(o.violations.empty()) << o.Describe();
  EXPECT_EQ(o.trials, 16) << o.Describe();
  EXPECT_GT(o.killed, 4) << "too few kills landed mid-command: " << o.Describe();
  RecordProperty("outcome", o.Describe());
}

}  // namespace
}  // namespace taxa
