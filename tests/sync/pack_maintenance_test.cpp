#include <gtest/gtest.h>

#include <filesystem>

#include "support/status_matchers.h"
#include "support/test_support.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {
namespace {

using taxa::testing::RunCommand;
using taxa::testing::TempDir;

// Makes `packs` packs in the repository at `dir` with the git CLI, one commit each.
void MakePacks(const std::string& dir, int packs) {
  for (int i = 0; i < packs; ++i) {
    std::string file = dir + "/f" + std::to_string(i) + ".txt";
    taxa::testing::WriteText(file, "content " + std::to_string(i) + "\n");
    ASSERT_EQ(RunCommand("git -C " + dir + " add . && git -C " + dir +
                         " -c user.name=t -c user.email=t@x commit -q -m c" + std::to_string(i) +
                         " && git -C " + dir + " repack -q")
                  .exit_code,
              0);
  }
}

TEST(PackMaintenance, FewPacksAreLeftAlone) {
  TempDir tmp;
  ASSERT_EQ(RunCommand("git init -q " + tmp / "r").exit_code, 0);
  MakePacks(tmp / "r", 3);
  auto repo = Repository::Open(tmp / "r");
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  auto packs = repo->MaintainPacks();
  ASSERT_TRUE(packs.ok()) << packs.status().message();
  EXPECT_EQ(*packs, 3u);
  EXPECT_FALSE(std::filesystem::exists(tmp / "r/.git/objects/pack/multi-pack-index"));
}

TEST(PackMaintenance, ManyPacksGetAMultiPackIndexThatGitAccepts) {
  TempDir tmp;
  ASSERT_EQ(RunCommand("git init -q " + tmp / "r").exit_code, 0);
  const int n = static_cast<int>(Repository::kMidxAfterPacks) + 3;
  MakePacks(tmp / "r", n);
  auto repo = Repository::Open(tmp / "r");
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  auto packs = repo->MaintainPacks();
  ASSERT_TRUE(packs.ok()) << packs.status().message();
  EXPECT_EQ(*packs, static_cast<size_t>(n));
  EXPECT_TRUE(std::filesystem::exists(tmp / "r/.git/objects/pack/multi-pack-index"));
  auto verify = RunCommand("git -C " + tmp / "r" + " multi-pack-index verify 2>&1");
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  // Every object is still found, through the index, by libgit2 and by git.
  auto first = repo->ReadFile("f0.txt");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->value_or(""), "content 0\n");
  EXPECT_EQ(RunCommand("git -C " + tmp / "r" + " fsck --strict --no-progress").exit_code, 0);
}

TEST(PackMaintenance, ALockLeftByAKilledWriterIsSweptAndTheIndexWritten) {
  // A sync killed while writing the multi-pack index leaves its lock file;
  // every later sync failed on it until the sweep at open removed it.
  TempDir tmp;
  ASSERT_EQ(RunCommand("git init -q " + tmp / "r").exit_code, 0);
  MakePacks(tmp / "r", static_cast<int>(Repository::kMidxAfterPacks) + 1);
  taxa::testing::WriteText(tmp / "r/.git/objects/pack/multi-pack-index.lock", "");
  auto repo = Repository::Open(tmp / "r");
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  EXPECT_FALSE(repo->MaintainPacks().ok());
  ASSERT_TRUE(repo->SweepStaleLocks().ok());
  auto packs = repo->MaintainPacks();
  ASSERT_TRUE(packs.ok()) << packs.status().message();
  EXPECT_TRUE(std::filesystem::exists(tmp / "r/.git/objects/pack/multi-pack-index"));
}

}  // namespace
}  // namespace taxa::sync
