// The writer lock: a second writer waits a bounded time, then gives up naming
// the holder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "support/status_matchers.h"
#include "support/test_support.h"
#include "taxa/core/fs.h"

namespace taxa::core {
namespace {

using std::chrono::milliseconds;
using taxa::testing::Fails;
using taxa::testing::TempDir;

std::string HostName() {
  char host[128] = {0};
  ::gethostname(host, sizeof host - 1);
  return host;
}

TEST(FileLock, ASecondTakerWaitsUntilTheHolderLetsGo) {
  TempDir dir;
  const std::string path = dir / "lock";
  Result<FileLock> held = FileLock::TryAcquire(path, "project p");
  ASSERT_TRUE(held.ok()) << held.status().message();
  // flock belongs to an open file: a second open in this process contends
  // as another process would.
  std::thread holder([lock = std::move(*held)]() mutable {
    std::this_thread::sleep_for(milliseconds(300));
    lock = FileLock();  // lets go
  });
  auto start = std::chrono::steady_clock::now();
  Result<FileLock> second = FileLock::Acquire(path, "project p", milliseconds(10000));
  auto waited = std::chrono::steady_clock::now() - start;
  holder.join();
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_TRUE(second->held());
  EXPECT_GE(waited, milliseconds(250));
  EXPECT_LT(waited, milliseconds(5000));
}

TEST(FileLock, ASecondTakerGivesUpAfterTheWaitNamingTheHoldersPidAndHost) {
  TempDir dir;
  const std::string path = dir / "lock";
  Result<FileLock> held = FileLock::TryAcquire(path, "project p");
  ASSERT_TRUE(held.ok());
  auto start = std::chrono::steady_clock::now();
  Result<FileLock> second = FileLock::Acquire(path, "project p", milliseconds(400));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(Fails(second.status(), StatusCode::kLocked,
                    {"project p is in use by taxa pid " + std::to_string(::getpid()) + " on " +
                         HostName(),
                     "waited 0.4 s"}));
  EXPECT_GE(waited, milliseconds(400));
  EXPECT_LT(waited, milliseconds(3000));
  // No wait: at once.
  start = std::chrono::steady_clock::now();
  EXPECT_TRUE(Fails(FileLock::Acquire(path, "project p", milliseconds(0)).status(),
                    StatusCode::kLocked, {"in use by taxa pid"}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(200));
}

TEST(FileLock, ANoteFromTheHolderReachesTheNextTakersMessage) {
  TempDir dir;
  const std::string path = dir / "lock";
  Result<FileLock> held = FileLock::TryAcquire(path, "project p");
  ASSERT_TRUE(held.ok());
  ASSERT_TRUE(held->Note(", serving http://127.0.0.1:8470/").ok());
  Result<FileLock> second = FileLock::TryAcquire(path, "project p");
  EXPECT_TRUE(Fails(second.status(), StatusCode::kLocked,
                    {"project p is in use by taxa pid " + std::to_string(::getpid()) + " on " +
                     HostName() + ", serving http://127.0.0.1:8470/; close it there"}));
  EXPECT_TRUE(Fails(FileLock().Note("x"), StatusCode::kFailedPrecondition, {"not held"}));
}

}  // namespace
}  // namespace taxa::core
