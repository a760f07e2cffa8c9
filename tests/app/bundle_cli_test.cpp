// taxa bundle create / verify / apply end to end: two air-gapped replicas
// that meet only through bundle files, checked with the real git CLI.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/cli_fixture.h"
#include "support/test_support.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa {
namespace {

using nlohmann::json;
using taxa::testing::CommandResult;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::WriteText;

class BundleCli : public taxa::testing::CliFixture {
 protected:
  // Project `a` with a small taxonomy and four items, sent whole to "b" as
  // all.bundle, from which replica `b` is cloned (by git: the first contact).
  void TwoReplicas() {
    Ok("init a --name 'Support tickets'");
    Ok("-C a taxonomy add billing --name Billing --definition 'About money'");
    Ok("-C a taxonomy add shipping --name Shipping --definition 'Parcels'");
    WriteText(tmp_ / "items.jsonl",
              "{\"id\": \"t1\", \"text\": \"I want a refund\"}\n"
              "{\"id\": \"t2\", \"text\": \"Where is my parcel?\"}\n"
              "{\"id\": \"t3\", \"text\": \"Charged twice\"}\n"
              "{\"id\": \"t4\", \"text\": \"Box arrived broken\"}\n");
    Ok("-C a import items.jsonl");
    json all = json::parse(Ok("-C a bundle create all.bundle --to b --json"));
    EXPECT_EQ(all["prerequisites"].size(), 0u);
    EXPECT_EQ(all["recorded"], "refs/taxa/bundles/b");
    EXPECT_EQ(all["manifest"], "all.bundle.sha256");
    Git(". clone -q all.bundle b");
    EXPECT_EQ(Head("b"), Head("a"));
  }

  // One line of git's output, without its newline.
  std::string GitLine(const std::string& args) {
    std::string out = Git(args);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  std::string Head(const std::string& dir) { return GitLine(dir + " rev-parse HEAD"); }
  // HEAD, every ref and the pack files: what a refused bundle must not change.
  std::string State(const std::string& dir) {
    std::string packs;
    for (const auto& e : std::filesystem::directory_iterator(tmp_ / dir + "/.git/objects/pack"))
      packs += e.path().filename().string() + "\n";
    return Head(dir) + Git(dir + " show-ref") + packs + Git(dir + " status --porcelain");
  }
  // Runs taxa, which must fail with exit code 1 and one line on stderr.
  std::string Refused(const std::string& args) {
    CommandResult r = Taxa(args);
    EXPECT_EQ(r.exit_code, 1) << "taxa " << args << "\n" << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    return r.err;
  }
  // Labels in an export: (item, annotator, categories) lines.
  std::set<std::string> Labels(const std::string& dir) {
    std::set<std::string> out;
    std::string text = Ok("-C " + dir + " export");
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      json line = json::parse(text.substr(start, end - start));
      for (const auto& [who, cats] : line["labels"].items())
        out.insert(line["id"].get<std::string>() + " " + who + " " + cats.dump());
      start = end + 1;
    }
    return out;
  }
};

TEST_F(BundleCli, TwoAirGappedReplicasConvergeThroughBundlesBothWays) {
  TwoReplicas();
  Ok("-C a label t1 billing --as alice");
  Ok("-C a taxonomy edit billing --definition 'Money matters'");
  Ok("-C b label t2 shipping --as bob");
  Ok("-C b label t3 billing --as bob --note twice");

  // a sends what b lacks: everything since the bundle b was cloned from.
  json ab = json::parse(Ok("-C a bundle create ab.bundle --since b --json"));
  ASSERT_EQ(ab["prerequisites"].size(), 1u);
  EXPECT_EQ(ab["prerequisites"][0], GitLine("b rev-parse origin/main"));
  CommandResult git_verify = RunCommand("git -C " + tmp_ / "b" + " bundle verify ../ab.bundle");
  EXPECT_EQ(git_verify.exit_code, 0) << git_verify.err;
  CommandResult sum = RunCommand("cd " + tmp_.path() + " && sha256sum -c ab.bundle.sha256");
  EXPECT_EQ(sum.exit_code, 0) << sum.err;

  json checked = json::parse(Ok("-C b bundle verify ab.bundle --json"));
  EXPECT_EQ(checked["manifest_checked"], true);
  EXPECT_EQ(checked["prerequisites_checked"], true);
  EXPECT_EQ(checked["tip"], ab["tip"]);
  EXPECT_EQ(checked["sha256"], ab["sha256"]);
  std::string text = Ok("-C b bundle verify ab.bundle");
  EXPECT_NE(text.find("ab.bundle is whole: git bundle v2"), std::string::npos) << text;
  EXPECT_NE(text.find("present here"), std::string::npos) << text;

  json b_applied = json::parse(Ok("-C b bundle apply ab.bundle --json"));
  EXPECT_EQ(b_applied["merged"], true);
  EXPECT_EQ(b_applied["conflicts"], 0);
  Git("b fsck --strict --no-dangling");

  // b answers with everything since what it was cloned from: its labels,
  // a's commits and the merge.
  json ba = json::parse(Ok("-C b bundle create ba.bundle --since origin --to a --json"));
  EXPECT_EQ(ba["recorded"], "refs/taxa/bundles/a");
  EXPECT_EQ(ba["tip"], b_applied["head"]);
  std::string applied = Ok("-C a bundle apply ba.bundle");
  EXPECT_NE(applied.find("Applied ba.bundle: fast-forwarded to its main"), std::string::npos)
      << applied;
  Git("a fsck --strict --no-dangling");

  EXPECT_EQ(Head("a"), Head("b"));
  EXPECT_EQ(Git("a status --porcelain"), "");
  EXPECT_EQ(Git("b status --porcelain"), "");
  std::set<std::string> labels = Labels("a");
  EXPECT_EQ(labels, Labels("b"));
  EXPECT_EQ(labels, (std::set<std::string>{"t1 alice [\"billing\"]", "t2 bob [\"shipping\"]",
                                           "t3 bob [\"billing\"]"}));
  EXPECT_NE(Ok("-C b taxonomy show -d").find("Money matters"), std::string::npos);

  // Applying the same bundle again changes nothing.
  json again = json::parse(Ok("-C a bundle apply ba.bundle --json"));
  EXPECT_EQ(again["merged"], false);
  EXPECT_EQ(again["fast_forward"], false);
  EXPECT_EQ(again["head"], Head("a"));

  // Second round: the next bundle to b starts where the last one sent ended.
  Ok("-C a label t4 shipping --as alice");
  json ab2 = json::parse(Ok("-C a bundle create ab2.bundle --since b --json"));
  // It stops at what was sent last time (and at the base b's own commits
  // started from), so only b's commits come back with a's new one.
  std::vector<std::string> after = ab2["prerequisites"];
  EXPECT_NE(std::find(after.begin(), after.end(), ab["tip"]), after.end()) << ab2.dump();
  json b2 = json::parse(Ok("-C b bundle apply ab2.bundle --json"));
  EXPECT_EQ(b2["fast_forward"], true);
  EXPECT_EQ(Head("a"), Head("b"));
  EXPECT_EQ(Labels("b").size(), 4u);
}

TEST_F(BundleCli, OutOfOrderBundleIsRefusedUntilTheEarlierOneIsApplied) {
  TwoReplicas();
  Ok("-C a label t1 billing --as alice");
  Ok("-C a bundle create first.bundle --since b");
  Ok("-C a label t2 shipping --as alice");
  Ok("-C a bundle create second.bundle --since b");

  std::string before = State("b");
  std::string err = Refused("-C b bundle apply second.bundle");
  EXPECT_EQ(err.rfind("taxa: second.bundle: missing prerequisite ", 0), 0u) << err;
  EXPECT_NE(err.find("(apply the earlier bundle first)"), std::string::npos) << err;
  EXPECT_EQ(State("b"), before);
  Refused("-C b bundle verify second.bundle");

  Ok("-C b bundle apply first.bundle");
  Ok("-C b bundle apply second.bundle");
  EXPECT_EQ(Head("b"), Head("a"));
  Git("b fsck --strict --no-dangling");
}

TEST_F(BundleCli, DamagedBundlesAreRefusedAndLeaveTheProjectAsItWas) {
  TwoReplicas();
  Ok("-C a label t1 billing --as alice");
  Ok("-C a bundle create ab.bundle --since b");
  std::string good = ReadText(tmp_ / "ab.bundle");
  std::string before = State("b");

  std::string flipped = good;
  flipped[flipped.size() - 40] ^= 0x04;
  WriteText(tmp_ / "flipped.bundle", flipped);
  EXPECT_NE(
      Refused("-C b bundle apply flipped.bundle")
          .find("taxa: flipped.bundle: damaged or truncated: the pack checksum does not match"),
      std::string::npos);
  EXPECT_EQ(State("b"), before);

  WriteText(tmp_ / "cut.bundle", good.substr(0, good.size() - 64));
  EXPECT_NE(Refused("-C b bundle apply cut.bundle").find("taxa: cut.bundle: damaged or truncated"),
            std::string::npos);
  EXPECT_EQ(State("b"), before);

  // The right bytes under a manifest that says otherwise.
  WriteText(tmp_ / "ab.bundle.sha256", std::string(64, 'f') + "  ab.bundle\n");
  EXPECT_NE(Refused("-C b bundle apply ab.bundle")
                .find("taxa: ab.bundle: SHA-256 does not match ab.bundle.sha256"),
            std::string::npos);
  EXPECT_EQ(State("b"), before);
  EXPECT_NE(RunCommand("cd " + tmp_.path() + " && sha256sum -c ab.bundle.sha256").exit_code, 0);
}

TEST_F(BundleCli, BundlesMadeByGitApply) {
  TwoReplicas();
  Git(". clone -q all.bundle c");
  std::string base = Head("a");
  Ok("-C a label t1 billing --as alice");
  Ok("-C a label t2 shipping --as alice");
  // Incremental (a thin pack) and whole, written by git itself.
  Git("a bundle create -q ../thin.bundle " + base + "..main");
  Git("a bundle create -q ../whole.bundle main");

  json thin = json::parse(Ok("-C b bundle apply thin.bundle --json"));
  EXPECT_EQ(thin["fast_forward"], true);
  EXPECT_EQ(thin["prerequisites"], json::array({base}));
  EXPECT_EQ(Head("b"), Head("a"));
  Git("b fsck --strict --no-dangling");
  EXPECT_EQ(Labels("b").size(), 2u);

  json whole = json::parse(Ok("-C c bundle apply whole.bundle --json"));
  EXPECT_EQ(whole["fast_forward"], true);
  EXPECT_EQ(Head("c"), Head("a"));
  Git("c fsck --strict --no-dangling");

  // Outside any project, verify checks what the file alone can show.
  json alone = json::parse(Ok("bundle verify thin.bundle --json"));
  EXPECT_EQ(alone["prerequisites_checked"], false);
  EXPECT_EQ(alone["manifest_checked"], false);
  EXPECT_EQ(alone["version"], 2);
}

// Proposal branches travel in bundles as they do over a remote: opened on
// a, edited again on a alone (main unchanged), approved on b, the decision
// carried back and the proposal merged on a.
TEST_F(BundleCli, ProposalsTravelInBundlesBothWays) {
  TwoReplicas();
  Ok("-C a users add tester --role lead");
  Ok("-C a users add lee --role lead");
  Ok("-C a propose tidy -m 'Money words'");
  Ok("-C a taxonomy edit billing --definition 'Money matters' --proposal tidy");
  const std::string tidy = GitLine("a rev-parse proposals/tidy");

  json ab = json::parse(Ok("-C a bundle create ab.bundle --since b --json"));
  EXPECT_NE(ab["refs"].dump().find("refs/heads/proposals/tidy"), std::string::npos) << ab.dump();
  EXPECT_NE(Ok("-C b bundle verify ab.bundle").find("and 1 proposal branch(es)"), std::string::npos);
  std::string applied = Ok("-C b bundle apply ab.bundle");
  EXPECT_NE(applied.find("Proposal tidy joined"), std::string::npos) << applied;
  EXPECT_EQ(GitLine("b rev-parse proposals/tidy"), tidy);
  EXPECT_EQ(json::parse(Ok("-C b proposal show tidy --json"))["author"], "tester");

  // A second edit on the proposal alone: main is a prerequisite, not resent.
  Ok("-C a taxonomy edit billing --name Money --proposal tidy");
  json only = json::parse(Ok("-C a bundle create only.bundle --since b --json"));
  std::vector<std::string> needs = only["prerequisites"];
  EXPECT_NE(std::find(needs.begin(), needs.end(), Head("a")), needs.end()) << only.dump();
  CommandResult git_verify = RunCommand("git -C " + tmp_ / "b" + " bundle verify ../only.bundle");
  EXPECT_EQ(git_verify.exit_code, 0) << git_verify.err;
  json joined = json::parse(Ok("-C b bundle apply only.bundle --json"));
  EXPECT_EQ(joined["merged"], false);
  EXPECT_EQ(joined["fast_forward"], false);
  EXPECT_EQ(joined["proposals"], json::array({"tidy"}));
  EXPECT_EQ(GitLine("b rev-parse proposals/tidy"), GitLine("a rev-parse proposals/tidy"));

  Ok("-C b proposal approve tidy -m 'clear enough' --as lee");
  json ba = json::parse(Ok("-C b bundle create ba.bundle --since origin --to a --json"));
  EXPECT_NE(ba["refs"].dump().find("refs/heads/proposals/tidy"), std::string::npos) << ba.dump();
  EXPECT_NE(Ok("-C a bundle apply ba.bundle").find("Proposal tidy joined"), std::string::npos);
  json shown = json::parse(Ok("-C a proposal show tidy --json"));
  EXPECT_EQ(shown["state"], "approved") << shown.dump();
  Ok("-C a proposal merge tidy");
  EXPECT_NE(Ok("-C a taxonomy show -d").find("Money matters"), std::string::npos);
  Git("a fsck --strict --no-dangling");
  Git("b fsck --strict --no-dangling");
}

TEST_F(BundleCli, NothingToSendAndUnknownPeersAreClearErrors) {
  TwoReplicas();
  EXPECT_NE(Refused("-C a bundle create x.bundle --since b").find("nothing to bundle"),
            std::string::npos);
  std::string unknown = Refused("-C a bundle create x.bundle --since site-z");
  EXPECT_NE(unknown.find("\"site-z\""), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("--to site-z"), std::string::npos) << unknown;
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "x.bundle"));
  EXPECT_EQ(Taxa("-C a bundle").exit_code, 2);
}

}  // namespace
}  // namespace taxa
