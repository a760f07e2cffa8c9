// Fetch and push between repositories on this machine move loose objects as
// files: hard links on one file system, byte copies across two, and the
// result is a repository git itself finds whole.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_support.h"
#include "taxa/sync/remote.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {
namespace {

using taxa::testing::RunCommand;
using taxa::testing::TempDir;

// A folder under `base`, removed at the end of the test.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& base) {
    std::string templ = base + "/taxa-test-XXXXXX";
    if (::mkdtemp(templ.data()) != nullptr) path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The link count of the loose file of `object` in `git_dir`; 0 when it is not loose there.
nlink_t LooseLinks(const std::string& git_dir, const std::string& object) {
  struct stat st {};
  std::string file = git_dir + "/objects/" + object.substr(0, 2) + "/" + object.substr(2);
  return ::stat(file.c_str(), &st) == 0 ? st.st_nlink : 0;
}

dev_t DeviceOf(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_dev : 0;
}

std::string BlobId(const std::string& repo, const std::string& path) {
  std::string out = RunCommand("git -C " + repo + " rev-parse HEAD:" + path).out;
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// Commits a file to a new repository in `dir`, pushes it to the bare `hub`
// and returns the blob's id.
std::string CommitAndPush(const std::string& dir, const std::string& hub) {
  EXPECT_EQ(RunCommand("git init -q --bare " + hub).exit_code, 0);
  Result<Repository> repo = Repository::Init(dir);
  EXPECT_TRUE(repo.ok()) << repo.status().message();
  CommitMeta meta;
  meta.subject = "add data";
  EXPECT_TRUE(repo->Commit({{"data.bin", std::string(200000, 'x') + "end\n"}}, meta).ok());
  EXPECT_TRUE(AddRemote(*repo, "origin", hub).ok());
  Status pushed = Push(*repo, "origin", *repo->Head());
  EXPECT_TRUE(pushed.ok()) << pushed.message();
  return BlobId(dir, "data.bin");
}

TEST(LocalTransfer, PushOnOneFileSystemLinksLooseObjects) {
  TempDir tmp;
  std::string blob = CommitAndPush(tmp / "a", tmp / "hub.git");
  ASSERT_EQ(blob.size(), 40u);
  EXPECT_EQ(LooseLinks(tmp / "hub.git", blob), 2u);  // one file, two names
  EXPECT_EQ(RunCommand("git -C " + tmp / "hub.git" + " fsck --strict").exit_code, 0);

  // A clone (a fetch from the hub) shares the file too, and reads it back.
  Result<Repository> b = Clone(tmp / "hub.git", tmp / "b");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(LooseLinks(tmp / "b/.git", blob), 3u);
  EXPECT_EQ(RunCommand("git -C " + tmp / "b" + " fsck --strict").exit_code, 0);
  EXPECT_EQ(RunCommand("git -C " + tmp / "b" + " status --porcelain").out, "");
}

TEST(LocalTransfer, PushToAnotherFileSystemCopiesTheBytes) {
  TempDir tmp;
  ScratchDir other("/dev/shm");
  if (other.path().empty() || DeviceOf(other.path()) == DeviceOf(tmp.path()))
    GTEST_SKIP() << "no second file system (/dev/shm) to push to";
  std::string hub = other.path() + "/hub.git";
  std::string blob = CommitAndPush(tmp / "a", hub);
  ASSERT_EQ(blob.size(), 40u);
  EXPECT_EQ(LooseLinks(hub, blob), 1u);  // a copy of its own
  EXPECT_EQ(LooseLinks(tmp / "a/.git", blob), 1u);
  EXPECT_EQ(RunCommand("git -C " + hub + " fsck --strict").exit_code, 0);
  EXPECT_EQ(RunCommand("git -C " + hub + " cat-file -p " + blob + " | tail -c 4").out, "end\n");
  // No temporary file is left beside the object.
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(hub + "/objects", ec))
    EXPECT_EQ(entry.path().filename().string().rfind("tmp_obj_", 0), std::string::npos)
        << entry.path();
}

TEST(LocalTransfer, AHubLockLeftByAKilledPushIsTakenAwayAndAFreshOneWaits) {
  // A push killed while moving the hub's main leaves refs/heads/main.lock
  // (git does too), which refused every later push until removed by hand.
  TempDir tmp;
  CommitAndPush(tmp / "a", tmp / "hub.git");
  Result<Repository> repo = Repository::Open(tmp / "a");
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  const std::string lock = tmp / "hub.git/refs/heads/main.lock";
  auto commit = [&](const std::string& text) {
    CommitMeta meta;
    meta.subject = text;
    ASSERT_TRUE(repo->Commit({{"more.txt", text + "\n"}}, meta).ok());
  };

  // A fresh lock: another push may be moving main this moment. Refused in
  // one line naming the lock, and the lock is left alone.
  commit("second");
  std::ofstream(lock) << "0000000000000000000000000000000000000000\n";
  Status fresh = Push(*repo, "origin", *repo->Head());
  EXPECT_EQ(fresh.code(), StatusCode::kLocked) << fresh.message();
  EXPECT_NE(fresh.message().find("main.lock"), std::string::npos) << fresh.message();
  EXPECT_TRUE(std::filesystem::exists(lock));

  // The same lock two minutes old was left by a stopped push: taken away.
  std::filesystem::last_write_time(
      lock, std::filesystem::file_time_type::clock::now() - std::chrono::minutes(2));
  Status pushed = Push(*repo, "origin", *repo->Head());
  ASSERT_TRUE(pushed.ok()) << pushed.message();
  EXPECT_FALSE(std::filesystem::exists(lock));
  EXPECT_EQ(RunCommand("git -C " + tmp / "hub.git" + " log -1 --format=%s main").out, "second\n");
  EXPECT_EQ(RunCommand("git -C " + tmp / "hub.git" + " fsck --strict").exit_code, 0);
}

}  // namespace
}  // namespace taxa::sync
