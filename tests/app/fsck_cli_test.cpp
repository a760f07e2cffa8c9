// taxa fsck and taxa repair, end to end: one damaged object in alice's
// label segment must stop alice's commits only, be found by fsck, and be
// restored from a hub or a bundle.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli_fixture.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa::testing {
namespace {

namespace fs = std::filesystem;

class FsckCli : public CliFixture {
 protected:
  // Project `a` with alice's and bob's labels on t1, synced to the bare hub
  // `hub`; a bundle of it (made by git) in all.bundle; then alice's segment
  // object damaged in `a` (a new file with ten bytes flipped: the hub's copy,
  // hard-linked by the sync, stays whole).
  void DamageAlicesSegment() {
    MakeTicketsProject("a");
    Ok("-C a --as alice label t1 billing");
    Ok("-C a --as bob label t1 shipping");
    ASSERT_EQ(RunCommand("git init -q --bare " + tmp_ / "hub").exit_code, 0);
    Ok("-C a remote add origin " + tmp_ / "hub");
    Ok("-C a sync");
    Git("a bundle create -q " + tmp_ / "all.bundle" + " --all");
    segment_ = Trim(Git("a ls-tree -r --name-only HEAD labels/alice/"));
    id_ = Trim(Git("a rev-parse HEAD:" + segment_));
    ASSERT_FALSE(segment_.empty());
    std::string path = tmp_ / "a/.git/objects/" + id_.substr(0, 2) + "/" + id_.substr(2);
    std::string bytes = ReadText(path);
    for (size_t i = 10; i < 20; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0xff);
    std::ofstream(path + ".tmp", std::ios::binary) << bytes;
    fs::rename(path + ".tmp", path);
    ASSERT_NE(RunCommand("git -C " + tmp_ / "a" + " fsck --strict").exit_code, 0);
  }

  static std::string Trim(std::string s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }

  // The exported labels of `item` by `annotator`, as JSON ("null" when none).
  std::string Exported(const std::string& item, const std::string& annotator) {
    std::string out = Ok("-C a export");
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
      nlohmann::json j = nlohmann::json::parse(line);
      if (j["id"] == item)
        return j["labels"].contains(annotator) ? j["labels"][annotator].dump() : "null";
    }
    return "no item " + item;
  }

  // alice labels t2 while her segment is damaged: the label is durable in the
  // journal (so the exit code is 0) and the line says why it is not committed.
  void AliceLabelsAndIsHeld() {
    CommandResult alice = Taxa("-C a --as alice label t2 billing.refund");
    EXPECT_EQ(alice.exit_code, 0) << alice.out;
    EXPECT_NE(alice.err.find("taxa: saved in the journal, not yet committed: "), std::string::npos)
        << alice.err;
    EXPECT_NE(alice.err.find(segment_ + ": object " + id_ + " is damaged (run taxa fsck)"),
              std::string::npos)
        << alice.err;
    EXPECT_NE(alice.err.find("kept in the journal"), std::string::npos) << alice.err;
    std::string journal = ReadText(tmp_ / "a/.git/taxa/journal");
    EXPECT_NE(journal.find("\"item\":\"t2\""), std::string::npos) << journal;
  }

  void ExpectRepairedAndCommitted() {
    CommandResult git = RunCommand("git -C " + tmp_ / "a" + " fsck --strict --no-dangling");
    EXPECT_EQ(git.exit_code, 0) << git.out << git.err;
    EXPECT_EQ(ReadText(tmp_ / "a/.git/taxa/journal"), "");
    std::string segment =
        RunCommand("git -C " + tmp_ / "a" + " show HEAD:" + segment_ + " | zstdcat").out;
    EXPECT_NE(segment.find("\"item\":\"t2\""), std::string::npos) << segment;
    EXPECT_EQ(Exported("t2", "alice"), "[\"billing.refund\"]");
    CommandResult fsck = Taxa("-C a fsck");
    EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
    EXPECT_NE(fsck.out.find("Whole:"), std::string::npos) << fsck.out;
  }

  std::string segment_;  // alice's segment path
  std::string id_;       // its blob id
};

TEST_F(FsckCli, DamagedSegmentStopsOnlyItsWriterAndRepairFromTheHubCommitsTheJournal) {
  DamageAlicesSegment();
  AliceLabelsAndIsHeld();

  // Everyone else keeps working.
  CommandResult bob = Taxa("-C a --as bob label t2 shipping");
  EXPECT_EQ(bob.exit_code, 0) << bob.err;
  EXPECT_NE(bob.err.find("1 label by alice"), std::string::npos) << bob.err;  // a notice
  CommandResult status = Taxa("-C a status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err;
  nlohmann::json counts = nlohmann::json::parse(status.out);
  EXPECT_EQ(counts["by_annotator"]["bob"], 2);
  EXPECT_EQ(Exported("t2", "bob"), "[\"shipping\"]");
  EXPECT_EQ(Exported("t2", "alice"), "[\"billing.refund\"]");  // journaled, not lost
  EXPECT_EQ(Trim(Git("a log -1 --format=%s")), "Label 1 item (bob)");

  CommandResult fsck = Taxa("-C a fsck");
  EXPECT_EQ(fsck.exit_code, 1);
  EXPECT_NE(fsck.out.find("damaged blob " + id_ + "  " + segment_), std::string::npos) << fsck.out;
  CommandResult json = Taxa("-C a fsck --json");
  EXPECT_EQ(json.exit_code, 1);
  nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["whole"], false);
  ASSERT_EQ(report["bad"].size(), 1u) << json.out;
  EXPECT_EQ(report["bad"][0]["id"], id_);
  EXPECT_EQ(report["bad"][0]["type"], "blob");
  EXPECT_EQ(report["bad"][0]["problem"], "damaged");
  EXPECT_EQ(report["bad"][0]["paths"], nlohmann::json::array({segment_}));
  EXPECT_EQ(report["bad"][0]["stored"], "objects/" + id_.substr(0, 2) + "/" + id_.substr(2));
  // Every commit since alice's first label holds it (as git counts them).
  std::string since = Trim(Git("a log --format=%H -1 --diff-filter=A -- " + segment_));
  EXPECT_EQ(report["bad"][0]["commit_count"],
            std::stoi(Trim(Git("a rev-list --count --all ^" + since + "~1"))));

  CommandResult repair = Taxa("-C a repair --from origin");
  EXPECT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  EXPECT_NE(repair.out.find("Restored 1 object from " + tmp_ / "hub"), std::string::npos)
      << repair.out;
  EXPECT_NE(repair.out.find("Committed 1 journaled label"), std::string::npos) << repair.out;
  EXPECT_TRUE(fs::exists(tmp_ / "a/.git/taxa/quarantine/" + id_ + ".damaged"));
  ExpectRepairedAndCommitted();
}

TEST_F(FsckCli, RepairFromABundleMadeByGit) {
  DamageAlicesSegment();
  AliceLabelsAndIsHeld();
  CommandResult repair = Taxa("-C a repair --from " + tmp_ / "all.bundle" + " --json");
  ASSERT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  nlohmann::json r = nlohmann::json::parse(repair.out);
  EXPECT_EQ(r["kind"], "bundle");
  EXPECT_EQ(r["whole"], true);
  ASSERT_EQ(r["restored"].size(), 1u);
  EXPECT_EQ(r["restored"][0]["id"], id_);
  EXPECT_EQ(r["restored"][0]["paths"], nlohmann::json::array({segment_}));
  EXPECT_EQ(r["labels_committed"], 1);
  EXPECT_EQ(r["unrestored"].size(), 0u);
  ExpectRepairedAndCommitted();
}

TEST_F(FsckCli, RepairSaysWhatItCouldNotRestore) {
  DamageAlicesSegment();
  // A peer that never had the project.
  ASSERT_EQ(RunCommand("git init -q --bare " + tmp_ / "empty.git").exit_code, 0);
  CommandResult repair = Taxa("-C a repair --from " + tmp_ / "empty.git");
  EXPECT_EQ(repair.exit_code, 1);
  EXPECT_NE(repair.out.find("Could not restore 1 object"), std::string::npos) << repair.out;
  EXPECT_NE(repair.out.find("not in empty.git"), std::string::npos) << repair.out;
  // Nothing moved aside, nothing changed.
  EXPECT_FALSE(fs::exists(tmp_ / "a/.git/taxa/quarantine"));
  EXPECT_EQ(Taxa("-C a fsck").exit_code, 1);
}

TEST_F(FsckCli, WholeProjectPassesAndHelpNamesTheOptions) {
  MakeTicketsProject("a");
  CommandResult fsck = Taxa("-C a fsck --json");
  EXPECT_EQ(fsck.exit_code, 0) << fsck.err;
  EXPECT_EQ(nlohmann::json::parse(fsck.out)["whole"], true);
  CommandResult repair = Taxa("-C a repair --from nowhere");
  EXPECT_EQ(repair.exit_code, 0) << repair.err;
  EXPECT_NE(repair.out.find("Nothing to repair"), std::string::npos) << repair.out;

  CommandResult help = Taxa("fsck --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("damaged or missing"), std::string::npos) << help.out;
  help = Taxa("repair --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--from REMOTE|BUNDLE"), std::string::npos) << help.out;
  EXPECT_EQ(Taxa("-C a repair").exit_code, 2);  // --from is required
}

}  // namespace
}  // namespace taxa::testing
