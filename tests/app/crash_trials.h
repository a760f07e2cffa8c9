// Crash trials: the taxa binary killed with SIGKILL at random moments of
// `label`, `import`, `sync`, `bundle apply` and `labels import`, in turn, on one project with a
// second replica behind a bare hub. After every trial:
//  - a reader (`status`) answers, and the next writer (`label`) succeeds and
//    leaves a clean work tree (`git status` prints nothing);
//  - every command that exited 0 has its whole effect, and none that exited
//    otherwise has part of one: a killed import added all of its items or
//    none, a killed labels import all of its labels or none, a killed label
//    shows its new value or the one before;
//  - every few trials and at the end, `git fsck --strict` passes.
// At the end both replicas sync, hold every acknowledged label, and show the
// same labels (so no index row outlived a commit that never landed).
// Used by the session tests (a short run) and the benchmark (300 trials).
//
//   CrashOutcome o = RunCrashTrials({.seed = 7, .dir = tmp.path(), .taxa = binary});
//   EXPECT_TRUE(o.violations.empty()) << o.Describe();
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace taxa::testing {

struct CrashOptions {
  uint64_t seed = 1;
  std::string dir;   // an empty folder to work in
  std::string taxa;  // the taxa binary
  int trials = 24;   // spread over the five commands in turn
  int fsck_every = 8;
};

struct CrashOutcome {
  int trials = 0;
  int killed = 0;     // trials whose command the kill stopped mid-way
  // Of those, by command: label, import, sync, bundle apply, labels import.
  static constexpr int kCommands = 5;
  int killed_in[kCommands] = {};
  int completed = 0;  // trials whose command ended (exit 0) before the kill
  size_t acknowledged = 0;  // labels acknowledged (exit 0) over the run
  std::vector<std::string> violations;  // empty when every promise held
  std::string Describe() const;
};

CrashOutcome RunCrashTrials(const CrashOptions& options);

// "2 in label, 0 in import, ...": the kills of `o` by command.
std::string KilledByCommand(const CrashOutcome& o);

}  // namespace taxa::testing
