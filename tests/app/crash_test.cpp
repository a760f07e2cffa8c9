// A short run of the crash trials (crash_trials.h): `label`, `import`, `sync`,
// `bundle apply` and `labels import` killed with SIGKILL at random moments
// lose nothing that was acknowledged, leave no partial effect, and never lock
// the project out.
// The benchmark command runs 300 trials (taxa_bench --only crash).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <string>

#include "app/crash_trials.h"
#include "support/test_support.h"

namespace taxa {
namespace {

TEST(CrashTrials, KilledCommandsLoseNothingAcknowledgedAndLeaveNoPartialEffect) {
  // Where a kill lands depends on the machine's speed: a fast build finishes
  // many commands before their kill. Runs of 16 trials go on (new seeds, up
  // to 64 trials) until more than 4 kills have landed mid-command.
  taxa::testing::TempDir tmp;
  int trials = 0, killed = 0;
  for (uint64_t run = 0; run < 4 && killed <= 4; ++run) {
    const std::string dir = tmp.path() + "/run" + std::to_string(run);
    ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
    taxa::testing::CrashOutcome o = taxa::testing::RunCrashTrials(
        {.seed = 20261206 + run, .dir = dir, .taxa = TAXA_BINARY_DIR "/taxa", .trials = 16});
    EXPECT_TRUE(o.violations.empty()) << o.Describe();
    EXPECT_EQ(o.trials, 16) << o.Describe();
    trials += o.trials;
    killed += o.killed;
    RecordProperty("outcome" + std::to_string(run), o.Describe());
  }
  EXPECT_GT(killed, 4) << "too few kills landed mid-command: " << killed << " of " << trials;
}

}  // namespace
}  // namespace taxa
