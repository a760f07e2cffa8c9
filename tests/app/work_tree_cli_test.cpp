// The exit code tells the truth and the work tree follows HEAD: a label that is
// durable exits 0 even when the files left by a killed process are in the way,
// and the next writer brings the work tree back in step, saying so in a line.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/cli_fixture.h"
#include "support/test_support.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::WriteText;

class WorkTreeCli : public taxa::testing::CliFixture {
 protected:
  // The one segment file `annotator` has written in project `dir`.
  std::string SegmentOf(const std::string& dir, const std::string& annotator) {
    std::string folder = tmp_ / (dir + "/labels/" + annotator);
    for (const auto& device : std::filesystem::directory_iterator(folder))
      for (const auto& file : std::filesystem::directory_iterator(device.path()))
        return file.path().string();
    return "";
  }
  std::string GitStatus(const std::string& dir) { return Git(dir + " status --porcelain"); }
};

TEST_F(WorkTreeCli, ASegmentCutShortInTheWorkTreeNeitherFailsNorLosesALabel) {
  MakeTicketsProject("p");
  Ok("-C p label t1 billing --as alice");
  std::string segment = SegmentOf("p", "alice");
  ASSERT_FALSE(segment.empty());
  std::filesystem::resize_file(segment, 10);

  // The next writer mends it before it labels, and says so.
  CommandResult r = Taxa("-C p label t2 shipping --as alice");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("taxa: the work tree differed from HEAD in 1 file Taxa keeps (labels/alice/"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("brought back in step"), std::string::npos) << r.err;
  EXPECT_EQ(GitStatus("p"), "");
  std::string exported = Ok("-C p export");
  EXPECT_NE(exported.find("\"t1\""), std::string::npos);
  EXPECT_NE(exported.find("{\"alice\":[\"shipping\"]}"), std::string::npos) << exported;
  // The damaged copy is kept, not thrown away.
  EXPECT_NE(r.err.find(".git/taxa/set-aside/"), std::string::npos) << r.err;
}

TEST_F(WorkTreeCli, AKillBetweenTheBranchAndTheFilesIsMendedByTheNextWriter) {
  MakeTicketsProject("p");
  Ok("-C p label t1 billing --as alice");
  std::string before = Git("p rev-parse HEAD");
  Ok("-C p label t2 shipping --as bob");
  std::string after = Git("p rev-parse HEAD");
  // As a process killed right after moving the branch leaves it: the branch
  // at the new commit, the git index and the files at the old one.
  Git("p reset -q --hard " + before);
  Git("p update-ref refs/heads/main " + after);
  ASSERT_NE(GitStatus("p"), "");

  // Readers do not touch the work tree and answer from HEAD.
  CommandResult status = Taxa("-C p status --json");
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("\"labeled_items\":2"), std::string::npos) << status.out;

  CommandResult r = Taxa("-C p label t3 billing.refund --as alice");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("brought back in step"), std::string::npos) << r.err;
  EXPECT_EQ(GitStatus("p"), "");
  EXPECT_EQ(Git("p fsck --strict 2>&1").find("error"), std::string::npos);
}

TEST_F(WorkTreeCli, APersonsOwnFilesAreNeverOverwritten) {
  MakeTicketsProject("p");
  WriteText(tmp_ / "p/NOTES.md", "committed\n");
  Git("p add NOTES.md");
  Git("p -c user.name=t -c user.email=t@x commit -q -m notes");
  WriteText(tmp_ / "p/NOTES.md", "my own edit\n");
  Ok("-C p label t1 billing --as alice");
  EXPECT_EQ(ReadText(tmp_ / "p/NOTES.md"), "my own edit\n");
  EXPECT_EQ(GitStatus("p"), " M NOTES.md\n");
}

TEST_F(WorkTreeCli, NamesAreFoldedToLowerCaseAndAnEmptyOneIsRefused) {
  MakeTicketsProject("p");
  Ok("-C p label t1 billing --as ALICE");
  Ok("-C p label t2 shipping --as Alice");
  EXPECT_TRUE(std::filesystem::exists(tmp_ / "p/labels/alice"));
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "p/labels/ALICE"));
  std::string status = Ok("-C p status --json");
  EXPECT_NE(status.find("\"by_annotator\":{\"alice\":2}"), std::string::npos) << status;

  CommandResult empty = Taxa("-C p label t3 billing --as ''");
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_EQ(empty.err, "taxa: --as: the name is empty\n");
}

TEST_F(WorkTreeCli, LabelRefusesACategoryTogetherWithClear) {
  MakeTicketsProject("p");
  CommandResult r = Taxa("-C p label t1 billing --clear --as alice");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "taxa: label: give CATEGORY or --clear, not both\n");
  EXPECT_EQ(Ok("-C p status --json").find("\"events\":1"), std::string::npos);
}

TEST_F(WorkTreeCli, DamagedJournalLinesAreSetAsideAndCounted) {
  MakeTicketsProject("p");
  Ok("-C p label t1 billing --as alice");
  // What a crash mid-append leaves, and a line damaged on disk.
  std::string journal = tmp_ / "p/.git/taxa/journal";
  WriteText(journal, "0123456789abcdef {\"broken\n00000000deadbeef torn");
  CommandResult r = Taxa("-C p label t2 shipping --as alice");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("taxa: 2 damaged label journal lines were set aside in "), std::string::npos)
      << r.err;
  EXPECT_EQ(ReadText(journal + ".damaged"), "0123456789abcdef {\"broken\n00000000deadbeef torn\n");
  EXPECT_EQ(ReadText(journal), "");
  // Said once: the next start finds nothing to set aside.
  EXPECT_EQ(Taxa("-C p label t3 shipping --as alice").err, "");
}

TEST_F(WorkTreeCli, DeprecatingTwiceIsRefusedAndKeepsTheReplacement) {
  MakeTicketsProject("p");
  Ok("-C p taxonomy deprecate billing.refund --replaced-by shipping");
  CommandResult r = Taxa("-C p taxonomy deprecate billing.refund");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "taxa: category \"billing.refund\" is already deprecated in favour of \"shipping\"\n");
  EXPECT_NE(ReadText(tmp_ / "p/taxonomy/categories/billing.refund.json")
                .find("\"replaced_by\": \"shipping\""),
            std::string::npos);
}

}  // namespace
}  // namespace taxa
