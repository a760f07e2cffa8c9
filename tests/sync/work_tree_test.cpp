// The work tree follows HEAD: Commit and AdvanceBranch rewrite the files Taxa
// owns whatever is in the way (copying it aside first), leave a person's own
// files alone, and never fail once the branch moved; RestoreWorkTree mends a
// work tree that a killed process left behind HEAD.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"
#include "taxa/sync/remote.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {
namespace {

using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

constexpr char kSegment[] = "labels/alice/d1/00000001.jsonl.zst";

class WorkTree : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Repository> r = Repository::Init(dir_ / "p");
    ASSERT_TRUE(r.ok()) << r.status().message();
    repo_ = std::move(*r);
    ASSERT_TRUE(repo_.Commit({{"taxa.json", "{}\n"}, {kSegment, "first"}, {"notes.txt", "mine\n"}},
                             {.subject = "start"})
                    .ok());
  }
  std::string File(const std::string& path) { return dir_ / ("p/" + path); }
  std::string GitStatus() { return RunCommand("git -C " + dir_ / "p" + " status --porcelain").out; }

  TempDir dir_;
  Repository repo_;
};

TEST_F(WorkTree, CommitRewritesAnOwnedFileCutShortAndKeepsACopy) {
  WriteText(File(kSegment), "fir");  // what a write killed midway leaves
  WorkTreeReport report;
  Result<std::string> c = repo_.Commit({{kSegment, "first second"}}, {.subject = "more"}, &report);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(report.problem.ok()) << report.problem.message();
  EXPECT_EQ(ReadText(File(kSegment)), "first second");
  ASSERT_EQ(report.set_aside, std::vector<std::string>{kSegment});
  EXPECT_EQ(ReadText(report.set_aside_dir + "/" + kSegment), "fir");
  EXPECT_EQ(GitStatus(), "");
}

TEST_F(WorkTree, CommitLeavesAPersonsOwnEditedFileAlone) {
  WriteText(File("notes.txt"), "edited by hand\n");
  WorkTreeReport report;
  Result<std::string> c =
      repo_.Commit({{"notes.txt", "from taxa\n"}, {"taxa.json", "{\"a\":1}\n"}},
                   {.subject = "notes"}, &report);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(report.problem.ok());
  EXPECT_EQ(ReadText(File("notes.txt")), "edited by hand\n");
  EXPECT_EQ(ReadText(File("taxa.json")), "{\"a\":1}\n");
  EXPECT_TRUE(report.set_aside.empty());
  EXPECT_EQ(GitStatus(), " M notes.txt\n");
}

TEST_F(WorkTree, AWorkTreeThatCannotFollowIsReportedButTheCommitStands) {
  // A name git stores but no file system here can hold.
  const std::string path = "labels/alice/" + std::string(300, 'd') + "/00000001.jsonl.zst";
  WorkTreeReport report;
  Result<std::string> c = repo_.Commit({{path, "next"}}, {.subject = "next"}, &report);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(*repo_.Head(), *c);
  EXPECT_FALSE(report.problem.ok());
  EXPECT_NE(report.problem.message().find("cannot update the work tree (labels/alice/ddd"),
            std::string::npos)
      << report.problem.message();
}

TEST_F(WorkTree, RestoreBringsFilesBackAfterTheBranchMovedAlone) {
  // Another handle commits, then the branch of this one is moved back and
  // forth behind the work tree's back, as a process killed between moving
  // the branch and writing the files leaves it.
  std::string start = *repo_.Head();
  Result<std::string> next = repo_.Commit(
      {{kSegment, "first second"}, {"taxonomy/categories/a.json", "{}\n"}, {"taxa.json", std::nullopt}},
      {.subject = "next"});
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(RunCommand("git -C " + dir_ / "p" + " reset -q --hard " + start).exit_code, 0);
  ASSERT_EQ(RunCommand("git -C " + dir_ / "p" + " update-ref refs/heads/main " + *next).exit_code,
            0);
  WriteText(File("notes.txt"), "edited by hand\n");
  ASSERT_NE(GitStatus(), "");

  Result<WorkTreeReport> r = repo_.RestoreWorkTree();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->restored, (std::vector<std::string>{kSegment, "taxa.json",
                                                   "taxonomy/categories/a.json"}));
  EXPECT_EQ(ReadText(File(kSegment)), "first second");
  EXPECT_EQ(ReadText(File("taxonomy/categories/a.json")), "{}\n");
  EXPECT_FALSE(std::filesystem::exists(File("taxa.json")));
  // The old versions were Taxa's own (HEAD's parent): a copy is kept anyway.
  EXPECT_EQ(ReadText(r->set_aside_dir + "/" + kSegment), "first");
  EXPECT_EQ(ReadText(File("notes.txt")), "edited by hand\n");
  EXPECT_EQ(GitStatus(), " M notes.txt\n");

  // In step: nothing more to do, and nothing read.
  Result<WorkTreeReport> again = repo_.RestoreWorkTree();
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->restored.empty());
  EXPECT_TRUE(again->set_aside.empty());
}

TEST_F(WorkTree, AdvanceBranchOverAnEmptyFileKeepsNoCopy) {
  std::string start = *repo_.Head();
  Result<std::string> next = repo_.Commit({{kSegment, "first second"}}, {.subject = "next"});
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(RunCommand("git -C " + dir_ / "p" + " reset -q --hard " + start).exit_code, 0);
  WriteText(File(kSegment), "");
  WorkTreeReport report;
  ASSERT_TRUE(AdvanceBranch(repo_, start, *next, &report).ok());
  EXPECT_TRUE(report.problem.ok()) << report.problem.message();
  EXPECT_TRUE(report.set_aside.empty());
  EXPECT_EQ(ReadText(File(kSegment)), "first second");
  EXPECT_EQ(GitStatus(), "");
}

}  // namespace
}  // namespace taxa::sync
