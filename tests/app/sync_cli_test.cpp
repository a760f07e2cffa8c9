// taxa clone / remote / sync end to end, with the binary, against a bare hub.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "support/cli_fixture.h"
#include "support/test_support.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

class SyncCli : public taxa::testing::CliFixture {};

TEST_F(SyncCli, TwoReplicasConvergeThroughABareHub) {
  MakeTicketsProject("a");
  ASSERT_EQ(RunCommand("git init -q --bare " + tmp_ / "hub").exit_code, 0);
  Ok("-C a remote add origin " + tmp_ / "hub");
  auto remotes = nlohmann::json::parse(Ok("-C a remote list --json"));
  ASSERT_EQ(remotes.size(), 1u);
  EXPECT_EQ(remotes[0]["name"], "origin");
  EXPECT_NE(Ok("-C a remote").find("origin\t" + tmp_ / "hub"), std::string::npos);

  auto first = nlohmann::json::parse(Ok("-C a sync --json"));
  EXPECT_EQ(first["fetched"], "");
  EXPECT_EQ(first["pushed"], true);

  EXPECT_NE(Ok("clone hub b").find("Cloned project \"Support tickets\""), std::string::npos);
  EXPECT_EQ(Git("a rev-parse HEAD"), Git("b rev-parse HEAD"));

  // Each side labels different items and edits a different category's fields.
  Ok("-C a label t1 billing.refund --as alice");
  Ok("-C a label t2 shipping --as alice");
  Ok("-C a taxonomy edit billing --definition 'Money matters'");
  Ok("-C b label t3 billing --as bob");
  Ok("-C b label t4 shipping --as bob --note broken");
  Ok("-C b taxonomy edit shipping --name 'Shipping and delivery'");

  // The clone named its hub by a relative path; it still works from inside b.
  CommandResult from_inside =
      RunCommand("cd " + tmp_ / "b" + " && TAXA_USER=tester " TAXA_BINARY_DIR "/taxa sync --json");
  ASSERT_EQ(from_inside.exit_code, 0) << from_inside.err;
  auto b1 = nlohmann::json::parse(from_inside.out);
  EXPECT_EQ(b1["pushed"], true);
  auto a1 = nlohmann::json::parse(Ok("-C a sync --json"));
  EXPECT_EQ(a1["merged"], true);
  EXPECT_EQ(a1["conflicts"], 0);
  EXPECT_EQ(a1["pushed"], true);
  auto b2 = nlohmann::json::parse(Ok("-C b sync --json"));
  EXPECT_EQ(b2["fast_forward"], true) << b2.dump();
  EXPECT_EQ(b2["merged"], false);
  EXPECT_EQ(b2["head"], a1["head"]);

  EXPECT_EQ(Git("a rev-parse HEAD^{tree}"), Git("b rev-parse HEAD^{tree}"));
  EXPECT_EQ(Git("hub rev-parse main"), Git("a rev-parse HEAD"));
  EXPECT_EQ(Git("a status --porcelain"), "");
  EXPECT_EQ(Git("b status --porcelain"), "");

  std::string export_a = Ok("-C a export");
  std::string export_b = Ok("-C b export");
  EXPECT_EQ(export_a, export_b);
  for (std::string label :
       {"\"alice\":[\"billing.refund\"]", "\"alice\":[\"shipping\"]", "\"bob\":[\"billing\"]",
        "\"bob\":[\"shipping\"]"})
    EXPECT_NE(export_a.find(label), std::string::npos) << label << "\n" << export_a;
  for (std::string side : {"a", "b"}) {
    auto tax = nlohmann::json::parse(Ok("-C " + side + " taxonomy show --json"));
    std::string text = tax.dump();
    EXPECT_NE(text.find("Money matters"), std::string::npos) << side;
    EXPECT_NE(text.find("Shipping and delivery"), std::string::npos) << side;
  }
  // Nothing new on either side: a sync is a no-op.
  auto again = nlohmann::json::parse(Ok("-C a sync --json"));
  EXPECT_EQ(again["pushed"], false);
  EXPECT_EQ(again["head"], a1["head"]);
}

TEST_F(SyncCli, SameFieldEditedTwoWaysIsRecordedAndBothSidesConverge) {
  MakeTicketsProject("a");
  ASSERT_EQ(RunCommand("git init -q --bare " + tmp_ / "hub").exit_code, 0);
  CommandResult empty = Taxa("clone hub early");
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("no project yet"), std::string::npos) << empty.err;
  EXPECT_EQ(RunCommand("test -e " + tmp_ / "early").exit_code, 1);  // nothing left behind

  Ok("-C a remote add origin " + tmp_ / "hub");
  Ok("-C a sync");
  Ok("clone " + tmp_ / "hub" + " b");
  Ok("-C a taxonomy edit billing --definition 'Money, as A sees it'");
  Ok("-C b taxonomy edit billing --definition 'Money, as B sees it'");
  Ok("-C b sync");
  auto a1 = nlohmann::json::parse(Ok("-C a sync --json"));
  EXPECT_EQ(a1["merged"], true);
  EXPECT_EQ(a1["conflicts"], 1);
  auto b2 = nlohmann::json::parse(Ok("-C b sync --json"));
  EXPECT_EQ(b2["fast_forward"], true);
  EXPECT_EQ(Git("a rev-parse HEAD^{tree}"), Git("b rev-parse HEAD^{tree}"));
  EXPECT_NE(Git("b ls-files conflicts").find("conflicts/"), std::string::npos);
  Ok("-C b status");  // the project still opens and reads
}

TEST_F(SyncCli, UnreachableRemoteFailsInOneLineAndKeepsLocalWork) {
  MakeTicketsProject("a");
  Ok("-C a remote add origin " + tmp_ / "no-such-hub");
  Ok("-C a label t1 billing --as alice");
  std::string head = Git("a rev-parse HEAD");
  CommandResult r = Taxa("-C a sync");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("\"origin\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no-such-hub"), std::string::npos) << r.err;
  EXPECT_EQ(Git("a rev-parse HEAD"), head);
  EXPECT_NE(Ok("-C a export").find("\"alice\":[\"billing\"]"), std::string::npos);

  CommandResult json = Taxa("-C a sync origin --json");
  EXPECT_EQ(json.exit_code, 1);
  CommandResult clone = Taxa("clone " + tmp_ / "no-such-hub" + " c");
  EXPECT_EQ(clone.exit_code, 1);
  EXPECT_EQ(std::count(clone.err.begin(), clone.err.end(), '\n'), 1) << clone.err;
}

TEST_F(SyncCli, RemoteAddRefusesDuplicatesAndSyncNeedsARemote) {
  MakeTicketsProject("a");
  CommandResult none = Taxa("-C a sync");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no remote"), std::string::npos) << none.err;
  Ok("-C a remote add origin /srv/hub");
  CommandResult dup = Taxa("-C a remote add origin /srv/other");
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.err.find("exists"), std::string::npos) << dup.err;
  CommandResult bad = Taxa("-C a remote add 'bad name' /srv/x");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(Taxa("-C a remote add").exit_code, 2);
}

}  // namespace
}  // namespace taxa
