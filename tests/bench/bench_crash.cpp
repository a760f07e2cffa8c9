// Crash figures: the crash trials of tests/app/crash_trials.h over many
// trials (taxa_bench --only crash --crash-trials N), split over two
// processes. The figure is the count of violated promises, with the number
// of kills that landed mid-command.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "app/crash_trials.h"
#include "bench/bench_support.h"

namespace taxa::bench {

void BenchCrash(int trials, const std::string& root, std::vector<Row>& rows) {
  if (trials <= 0) return;
  auto start = Clock::now();
  constexpr int kWorkers = 2;
  struct Counts {
    int trials, killed, violations;
    int killed_in[testing::CrashOutcome::kCommands];
  };
  int pipes[kWorkers][2];
  pid_t pids[kWorkers];
  for (int w = 0; w < kWorkers; ++w) {
    if (::pipe(pipes[w]) != 0) Die(Status::Io("pipe"), "crash");
    pids[w] = ::fork();
    if (pids[w] == 0) {
      ::close(pipes[w][0]);
      std::string dir = root + "/crash-" + std::to_string(w);
      std::filesystem::create_directories(dir);
      int share = trials / kWorkers + (w < trials % kWorkers ? 1 : 0);
      testing::CrashOutcome o = testing::RunCrashTrials(
          {.seed = 1000u + static_cast<uint64_t>(w), .dir = dir,
           .taxa = TAXA_BINARY_DIR "/taxa", .trials = share, .fsck_every = 10});
      if (!o.violations.empty()) std::fprintf(stderr, "%s\n", o.Describe().c_str());
      Counts c{o.trials, o.killed, static_cast<int>(o.violations.size()), {}};
      std::copy(std::begin(o.killed_in), std::end(o.killed_in), c.killed_in);
      if (o.trials < share && c.violations == 0) c.violations = 1;  // stopped early
      std::filesystem::remove_all(dir);
      if (::write(pipes[w][1], &c, sizeof c) != sizeof c) ::_exit(1);
      ::_exit(0);
    }
    ::close(pipes[w][1]);
  }
  Counts total{0, 0, 0, {}};
  testing::CrashOutcome killed;  // the kills by command, for KilledByCommand
  for (int w = 0; w < kWorkers; ++w) {
    Counts c{0, 0, 1, {}};
    if (::read(pipes[w][0], &c, sizeof c) != sizeof c) c = {0, 0, 1, {}};  // the worker crashed
    total.trials += c.trials;
    total.killed += c.killed;
    for (int k = 0; k < testing::CrashOutcome::kCommands; ++k) killed.killed_in[k] += c.killed_in[k];
    total.violations += c.violations;
    ::close(pipes[w][0]);
    int status = 0;
    ::waitpid(pids[w], &status, 0);
  }
  rows.push_back({"SIGKILL in label, import, sync, bundle apply, labels import: " +
                      std::to_string(total.trials) + " trials",
                  Seconds(start), "", 0, "0 violations", total.violations == 0,
                  "(" + std::to_string(total.killed) + " killed mid-command: " +
                      KilledByCommand(killed) + "; " +
                      std::to_string(total.violations) + " violations)"});
}

}  // namespace taxa::bench
