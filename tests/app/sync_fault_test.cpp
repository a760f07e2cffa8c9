// Fault test: `taxa sync` killed with SIGKILL at random moments, in a loop.
// Afterwards the project opens, no acknowledged label is lost, and the next
// sync completes.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "support/cli_fixture.h"
#include "support/test_support.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::RunCommand;

class SyncFault : public taxa::testing::CliFixture {
 protected:
  // Starts `taxa -C DIR sync`, kills it with SIGKILL after `delay` (unless it
  // ended first) and reaps it. True when the kill landed.
  bool KillSyncAfter(const std::string& dir, std::chrono::microseconds delay) {
    pid_t pid = ::fork();
    if (pid == 0) {
      int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, STDOUT_FILENO);
      ::dup2(devnull, STDERR_FILENO);
      ::setenv("TAXA_USER", "tester", 1);
      std::string project = tmp_ / dir;
      ::execl(TAXA_BINARY_DIR "/taxa", "taxa", "-C", project.c_str(), "sync",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }

  // Each (item, annotator) -> its current categories, from `taxa export`.
  std::map<std::pair<std::string, std::string>, std::string> Labels(const std::string& dir) {
    std::map<std::pair<std::string, std::string>, std::string> out;
    std::string text = Ok("-C " + dir + " export");
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      auto j = nlohmann::json::parse(text.substr(start, end - start));
      for (const auto& [annotator, label] : j["labels"].items())
        out[{j["id"].get<std::string>(), annotator}] = label.dump();
      start = end + 1;
    }
    return out;
  }
};

TEST_F(SyncFault, KilledSyncsLoseNothingAndTheNextSyncCompletes) {
  Ok("demo a");
  ShareThroughHub();
  std::mt19937 rng(20261128);
  std::map<std::pair<std::string, std::string>, std::string> acknowledged;
  int kills = 0;
  for (int round = 0; round < 8; ++round) {
    // Both sides label, so a's sync has a fetch, a merge and a push to do.
    for (int k = 0; k < 3; ++k) {
      char item[16];
      std::snprintf(item, sizeof item, "T-%05u", 1 + static_cast<unsigned>(rng() % 300));
      std::string cat = k % 2 ? "billing.refund_request" : "shipping.delayed";
      Ok("-C a label " + std::string(item) + " " + cat + " --as alice");
      acknowledged[{item, "alice"}] = "[\"" + cat + "\"]";
      Ok("-C b label " + std::string(item) + " account --as bob");
      acknowledged[{item, "bob"}] = "[\"account\"]";
    }
    // A's sync does about what b's did, so a delay below b's time lands
    // somewhere inside it (start-up, fetch, merge, index, push).
    auto start = std::chrono::steady_clock::now();
    Ok("-C b sync");
    auto took = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - start).count();
    kills += KillSyncAfter("a", std::chrono::microseconds(rng() % std::max<int64_t>(took, 1000)));

    // The project opens and holds every label it acknowledged.
    Ok("-C a status");
    std::map<std::pair<std::string, std::string>, std::string> now = Labels("a");
    for (const auto& [key, cats] : acknowledged) {
      if (key.second != "alice") continue;
      ASSERT_EQ(now[key], cats) << "round " << round << ": " << key.first << " by alice";
    }
  }
  EXPECT_GT(kills, 0) << "no kill landed mid-sync";
  RecordProperty("kills_mid_sync", kills);
  Ok("-C a sync");
  Ok("-C b sync");
  Ok("-C a sync");
  EXPECT_EQ(Git("a rev-parse HEAD"), Git("b rev-parse HEAD"));
  EXPECT_EQ(Labels("a"), acknowledged);
  EXPECT_EQ(Labels("b"), acknowledged);
  CommandResult fsck = RunCommand("git -C " + tmp_ / "a" + " fsck --strict 2>&1");
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out;
}

}  // namespace
}  // namespace taxa
