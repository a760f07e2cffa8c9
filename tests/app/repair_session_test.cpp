// One damaged object in a project: the labels it stops stay in the journal,
// everyone else's commit, and a repair brings the repository back whole.
#include <filesystem>
#include <fstream>

#include "session/integrity.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/taxonomy_edits.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

#include "taxa/core/journal.h"

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

namespace fs = std::filesystem;

SessionOptions As(const std::string& user, std::vector<std::string>* notices = nullptr) {
  SessionOptions o;
  o.user = user;
  if (notices) o.notice = [notices](const std::string& line) { notices->push_back(line); };
  return o;
}

std::string Git(const std::string& args) {
  taxa::testing::CommandResult r = RunCommand("git " + args);
  EXPECT_EQ(r.exit_code, 0) << "git " << args << "\n" << r.err;
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

// A project with items t1..t3, category billing, and one committed label
// each by alice and bob on t1.
void MakeProject(const std::string& dir) {
  auto s = Project::Create(dir, "Tickets", As("lead"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE(TaxonomyEdits(**s).Add({.id = "billing", .name = "Billing", .definition = "Money."}).ok());
  ASSERT_TRUE(
      Items(**s).ImportBytes("{\"id\":\"t1\",\"text\":\"one\"}\n{\"id\":\"t2\",\"text\":\"two\"}\n"
                        "{\"id\":\"t3\",\"text\":\"three\"}\n",
                        "items.jsonl", core::ImportFormat::kJsonLines)
          .ok());
  for (const char* who : {"alice", "bob"})
    ASSERT_TRUE(Labeling(**s).Label({.item = "t1", .categories = {"billing"}, .annotator = who}).ok());
  ASSERT_TRUE((*s)->Flush().ok());
}

// alice's open segment at HEAD: {path, blob id}.
std::pair<std::string, std::string> AliceSegment(const std::string& dir) {
  std::string path = Git("-C " + dir + " ls-tree -r --name-only HEAD labels/alice/");
  return {path, Git("-C " + dir + " rev-parse HEAD:" + path)};
}

// Replaces the object's loose file by a copy with ten bytes flipped.
void Damage(const std::string& dir, const std::string& id) {
  std::string path = dir + "/.git/objects/" + id.substr(0, 2) + "/" + id.substr(2);
  std::string bytes = ReadText(path);
  for (size_t i = 10; i < 20; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0xff);
  std::ofstream(path + ".tmp", std::ios::binary) << bytes;
  fs::rename(path + ".tmp", path);
}

std::vector<std::string> JournalRecords(const std::string& dir) {
  auto j = core::Journal::Open(dir + "/.git/taxa/journal");
  EXPECT_TRUE(j.ok());
  auto contents = j->ReadAll();
  EXPECT_TRUE(contents.ok());
  return contents->records;
}

TEST(HeldLabels, OneDamagedSegmentHoldsOnlyItsWritersLabels) {
  TempDir tmp;
  std::string dir = tmp / "p";
  MakeProject(dir);
  Git("clone -q --bare --no-local " + dir + " " + tmp / "peer.git");
  auto [alice_path, alice_id] = AliceSegment(dir);
  Damage(dir, alice_id);

  auto s = Project::Open(dir, As("lead"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE(Labeling(**s).Label({.item = "t2", .categories = {"billing"}, .annotator = "alice"}).ok());
  EXPECT_TRUE(Fails((*s)->Flush(), StatusCode::kCorrupt,
                    {alice_path + ": object " + alice_id + " is damaged (run taxa fsck)",
                     "1 label by alice is kept in the journal"}));
  // bob's label commits in the same session, and alice's is not lost by it.
  ASSERT_TRUE(Labeling(**s).Label({.item = "t2", .categories = {"billing"}, .annotator = "bob"}).ok());
  Status flushed = (*s)->Flush();
  EXPECT_TRUE(flushed.ok()) << flushed.message();
  EXPECT_EQ((*s)->pending_labels(), 1u);
  std::vector<std::string> journal = JournalRecords(dir);
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_NE(journal[0].find("\"annotator\":\"alice\""), std::string::npos) << journal[0];
  EXPECT_NE(journal[0].find("\"item\":\"t2\""), std::string::npos) << journal[0];
  EXPECT_EQ(Git("-C " + dir + " log -1 --format=%s"), "Label 1 item (bob)");
  s->reset();

  // The next writer opens, says once what is held, and works.
  std::vector<std::string> notices;
  auto again = Project::Open(dir, As("bob", &notices));
  ASSERT_TRUE(again.ok()) << again.status().message();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find(alice_path + ": object " + alice_id + " is damaged"), std::string::npos)
      << notices[0];
  ASSERT_TRUE(Labeling(**again).Label({.item = "t3", .categories = {"billing"}}).ok());
  EXPECT_TRUE((*again)->Flush().ok());
  EXPECT_EQ(notices.size(), 1u);
  again->reset();

  auto fsck = Integrity::Fsck(dir);
  ASSERT_TRUE(fsck.ok()) << fsck.status().message();
  ASSERT_EQ(fsck->bad.size(), 1u);
  EXPECT_EQ(fsck->bad[0].id, alice_id);

  auto repaired = Integrity::Repair(dir, tmp / "peer.git", As("lead"));
  ASSERT_TRUE(repaired.ok()) << repaired.status().message();
  EXPECT_TRUE(repaired->repair.after.whole());
  EXPECT_EQ(repaired->committed, 1u);
  EXPECT_EQ(repaired->still_journaled, 0u);
  EXPECT_TRUE(JournalRecords(dir).empty());
  EXPECT_EQ(Git("-C " + dir + " log -1 --format=%s"), "Label 1 item (alice)");
  std::string segment = RunCommand("git -C " + dir + " show HEAD:" + alice_path + " | zstdcat").out;
  EXPECT_NE(segment.find("\"item\":\"t2\""), std::string::npos) << segment;
  taxa::testing::CommandResult git_fsck =
      RunCommand("git -C " + dir + " fsck --strict --no-dangling");
  EXPECT_EQ(git_fsck.exit_code, 0) << git_fsck.err;
}

TEST(HeldLabels, RepairIsRefusedWhileAnotherWriterHoldsTheProject) {
  TempDir tmp;
  std::string dir = tmp / "p";
  MakeProject(dir);
  auto writer = Project::Open(dir, As("lead"));
  ASSERT_TRUE(writer.ok());
  EXPECT_TRUE(Fails(Integrity::Repair(dir, tmp / "peer.git", As("lead")).status(),
                    StatusCode::kLocked, {"in use by taxa pid"}));
  // fsck needs no lock.
  auto fsck = Integrity::Fsck(dir);
  ASSERT_TRUE(fsck.ok()) << fsck.status().message();
  EXPECT_TRUE(fsck->whole());
}

}  // namespace
}  // namespace taxa::app
