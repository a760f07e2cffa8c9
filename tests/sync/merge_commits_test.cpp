#include "taxa/sync/merge_commits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/status_matchers.h"
#include "support/test_support.h"
#include "taxa/core/item.h"
#include "taxa/core/label_event.h"
#include "taxa/core/merge.h"
#include "taxa/core/shard.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/taxonomy_codec.h"

namespace taxa::sync {
namespace {

using taxa::testing::Fails;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

const std::string kSegPath = "labels/alice/d1/00000001.jsonl.zst";

core::LabelEvent Ev(const std::string& item, uint64_t hlc) {
  core::LabelEvent e;
  e.item = item;
  e.annotator = "alice";
  e.device = "d1";
  e.hlc = hlc;
  e.taxonomy = "t1";
  e.categories = {"billing"};
  e.id = core::ComputeEventId(e);
  return e;
}

std::string Segment(const std::vector<core::LabelEvent>& events) {
  std::vector<std::string> lines;
  for (const core::LabelEvent& e : events) lines.push_back(core::EncodeEventLine(e));
  return core::EncodeShard(lines);
}

std::vector<std::string> EventIds(const std::string& bytes) {
  std::vector<std::string> ids;
  Result<std::string> text = core::DecompressFrame(bytes, "segment");
  EXPECT_TRUE(text.ok());
  if (!text.ok()) return ids;
  Status s = core::ForEachLine(*text, [&](std::string_view line, size_t n) -> Status {
    Result<core::LabelEvent> e = core::DecodeEventLine(line, "segment:" + std::to_string(n));
    if (!e.ok()) return e.status();
    ids.push_back(e->id);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return ids;
}

core::Category Cat(const std::string& id, const std::string& name) {
  core::Category c;
  c.id = id;
  c.name = name;
  c.definition = "About " + name + ".";
  return c;
}

FileWrite CatFile(const core::Category& c) {
  return {core::CategoryPath(c.id), core::EncodeCategory(c)};
}

std::string ItemShard(const std::vector<core::Item>& items) {
  std::vector<std::string> lines;
  for (const core::Item& i : items) lines.push_back(core::EncodeItemLine(i));
  return core::EncodeShard(lines);
}

core::Item It(const std::string& id, const std::string& text) {
  core::Item i;
  i.id = id;
  i.text = text;
  return i;
}

// A bare repository whose branch "main" the test rewinds to grow branches.
class Project {
 public:
  Project() {
    git_dir_ = dir_ / "p.git";
    EXPECT_EQ(RunCommand("git init -q --bare -b main " + git_dir_).exit_code, 0);
    Result<Repository> r = Repository::Open(git_dir_);
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (r.ok()) repo_ = std::move(*r);
  }

  Repository& repo() { return repo_; }
  const std::string& git_dir() const { return git_dir_; }

  // Commits `files` on top of `parent` (a root commit when empty).
  std::string CommitOn(const std::string& parent, const std::vector<FileWrite>& files,
                       const std::string& subject) {
    std::string cmd = parent.empty() ? "update-ref -d refs/heads/main"
                                     : "update-ref refs/heads/main " + parent;
    EXPECT_EQ(Git(cmd).exit_code, 0);
    Result<std::string> id = repo_.Commit(files, {.subject = subject});
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : "";
  }

  ::taxa::testing::CommandResult Git(const std::string& args) {
    return RunCommand("git --git-dir=" + git_dir_ + " " + args);
  }

  std::string Read(const std::string& commit, const std::string& path) {
    Result<std::optional<std::string>> f = repo_.ReadFile(path, commit);
    EXPECT_TRUE(f.ok()) << f.status().message();
    EXPECT_TRUE(f.ok() && f->has_value()) << path << " missing at " << commit;
    return f.ok() && f->has_value() ? **f : "";
  }

  void ExpectFsckClean() {
    ::taxa::testing::CommandResult r = Git("fsck --strict --no-progress");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  }

 private:
  TempDir dir_;
  std::string git_dir_;
  Repository repo_;
};

core::Category ReadCat(Project& p, const std::string& commit, const std::string& id) {
  Result<core::Category> c =
      core::DecodeCategory(p.Read(commit, core::CategoryPath(id)), core::CategoryPath(id));
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? *c : core::Category{};
}

MergeOutcome MustMerge(Project& p, const std::string& a, const std::string& b) {
  Result<MergeOutcome> m = MergeCommits(p.repo(), a, b);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok() ? *m : MergeOutcome{};
}

std::vector<FileWrite> BaseFiles(const core::LabelEvent& a) {
  core::ProjectSettings s;
  s.id = "p1";
  s.name = "Support";
  return {{std::string(core::kSettingsPath), core::EncodeSettings(s)},
          CatFile(Cat("billing", "Billing")),
          CatFile(Cat("tech", "Tech")),
          {kSegPath, Segment({a})},
          {"items/b1/0.jsonl.zst", ItemShard({It("T-1", "one"), It("T-2", "two")})},
          {"README.md", "hello\n"}};
}

TEST(MergeCommits, BranchesMergeToOneCommitWhicheverSideIsOurs) {
  Project p;
  core::LabelEvent a = Ev("T-1", 1), b = Ev("T-2", 2), c = Ev("T-3", 3);
  std::string base = p.CommitOn("", BaseFiles(a), "Base");

  core::Category billing = Cat("billing", "Billing");
  billing.name = "Payments";
  std::string ours = p.CommitOn(
      base,
      {{kSegPath, Segment({a, b})},
       CatFile(billing),
       {"items/b1/0.jsonl.zst", ItemShard({It("T-1", "one"), It("T-2", "two"), It("T-3", "3")})},
       {"only-ours.txt", "o\n"}},
      "Ours");
  core::Category tech = Cat("tech", "Tech");
  tech.definition = "Anything technical.";
  std::string theirs = p.CommitOn(
      base,
      {{kSegPath, Segment({a, c})},
       CatFile(tech),
       {"items/b1/0.jsonl.zst", ItemShard({It("T-2", "two"), It("T-4", "4")})},
       {"README.md", std::nullopt}},
      "Theirs");

  MergeOutcome ab = MustMerge(p, ours, theirs);
  MergeOutcome ba = MustMerge(p, theirs, ours);
  EXPECT_FALSE(ab.fast_forward);
  EXPECT_EQ(ab.commit, ba.commit);
  EXPECT_TRUE(ab.conflicts.empty());
  ASSERT_FALSE(ab.commit.empty());
  EXPECT_EQ(*p.repo().ObjectIdAt("", ab.commit), *p.repo().ObjectIdAt("", ba.commit));

  // No ref moved: main still names the last commit made.
  EXPECT_EQ(*p.repo().Head(), theirs);

  std::vector<std::string> want = {a.id, b.id, c.id};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(EventIds(p.Read(ab.commit, kSegPath)), want);
  EXPECT_EQ(ReadCat(p, ab.commit, "billing").name, "Payments");
  EXPECT_EQ(ReadCat(p, ab.commit, "tech").definition, "Anything technical.");
  // Items: T-1 removed by theirs, T-3 added by ours, T-4 added by theirs.
  EXPECT_EQ(p.Read(ab.commit, "items/b1/0.jsonl.zst"),
            ItemShard({It("T-2", "two"), It("T-3", "3"), It("T-4", "4")}));
  EXPECT_EQ(p.Read(ab.commit, "only-ours.txt"), "o\n");
  EXPECT_FALSE(p.repo().ReadFile("README.md", ab.commit)->has_value());

  // Parents sorted, fixed identity, time of the later parent, trailers.
  std::string lo = std::min(ours, theirs), hi = std::max(ours, theirs);
  ::taxa::testing::CommandResult raw = p.Git("cat-file -p " + ab.commit);
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  EXPECT_NE(raw.out.find("parent " + lo + "\nparent " + hi + "\n"), std::string::npos) << raw.out;
  EXPECT_NE(raw.out.find("author Taxa <taxa@localhost>"), std::string::npos) << raw.out;
  EXPECT_NE(raw.out.find("committer Taxa <taxa@localhost>"), std::string::npos) << raw.out;
  EXPECT_NE(raw.out.find(" +0000\n"), std::string::npos) << raw.out;
  EXPECT_NE(raw.out.find("\n\nMerge " + lo.substr(0, 7) + " and " + hi.substr(0, 7) +
                         "\n\nTaxa-Action: sync.merge\nTaxa-Merge-Algorithm: " +
                         std::to_string(core::kMergeAlgorithmVersion) + "\nTaxa-Conflicts: 0\n"),
            std::string::npos)
      << raw.out;
  ::taxa::testing::CommandResult times =
      p.Git("show -s --format=%ct " + ours + " " + theirs + " " + ab.commit);
  ASSERT_EQ(times.exit_code, 0) << times.err;
  long t1 = 0, t2 = 0, tm = 0;
  ASSERT_EQ(std::sscanf(times.out.c_str(), "%ld %ld %ld", &t1, &t2, &tm), 3) << times.out;
  EXPECT_EQ(tm, std::max(t1, t2));

  // Plain git reads the merged tree.
  ::taxa::testing::CommandResult shown =
      p.Git("show " + ab.commit + ":" + core::CategoryPath("billing"));
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Payments"), std::string::npos) << shown.out;
  ::taxa::testing::CommandResult listed = p.Git("ls-tree -r --name-only " + ab.commit);
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(kSegPath), std::string::npos) << listed.out;
  p.ExpectFsckClean();
}

TEST(MergeCommits, FieldChangedTwoWaysIsRecordedAndStillCommits) {
  Project p;
  core::LabelEvent a = Ev("T-1", 1);
  std::string base = p.CommitOn("", BaseFiles(a), "Base");
  core::Category billing = Cat("billing", "Billing");
  billing.name = "Payments";
  std::string ours = p.CommitOn(base, {CatFile(billing), {"README.md", "ours\n"}}, "Ours");
  billing.name = "Invoices";
  std::string theirs = p.CommitOn(base, {CatFile(billing), {"README.md", "theirs\n"}}, "Theirs");

  MergeOutcome ab = MustMerge(p, ours, theirs);
  MergeOutcome ba = MustMerge(p, theirs, ours);
  EXPECT_EQ(ab.commit, ba.commit);
  EXPECT_EQ(ab.conflicts, ba.conflicts);
  ASSERT_EQ(ab.conflicts.size(), 2u);

  // Sorted by path: README.md first (a whole-file conflict), then the category.
  const core::MergeConflict& file = ab.conflicts[0];
  EXPECT_EQ(file.path, "README.md");
  EXPECT_EQ(file.field, "file");
  EXPECT_EQ(file.kind, "field");
  EXPECT_EQ(file.ours, "\"ours\\n\"");
  EXPECT_EQ(file.theirs, "\"theirs\\n\"");
  EXPECT_EQ(p.Read(ab.commit, "README.md"), "ours\n");  // the byte-wise smaller

  const core::MergeConflict& field = ab.conflicts[1];
  EXPECT_EQ(field.path, core::CategoryPath("billing"));
  EXPECT_EQ(field.field, "name");
  EXPECT_EQ(field.kind, "field");
  EXPECT_EQ(field.id, core::ConflictId(field));
  EXPECT_EQ(ReadCat(p, ab.commit, "billing").name, "Billing");  // the base value is kept

  for (const core::MergeConflict& c : ab.conflicts) {
    std::string path = "conflicts/" + c.id + ".json";
    std::string bytes = p.Read(ab.commit, path);
    EXPECT_EQ(bytes, core::EncodeConflict(c));
    Result<core::MergeConflict> decoded = core::DecodeConflict(bytes, path);
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    EXPECT_EQ(decoded->id, c.id);
  }
  ::taxa::testing::CommandResult raw = p.Git("cat-file -p " + ab.commit);
  EXPECT_NE(raw.out.find("Taxa-Conflicts: 2\n"), std::string::npos) << raw.out;
  p.ExpectFsckClean();
}

TEST(MergeCommits, EditAgainstDeleteKeepsTheEditedFile) {
  Project p;
  std::string base = p.CommitOn("", BaseFiles(Ev("T-1", 1)), "Base");
  std::string ours = p.CommitOn(base, {{"README.md", "edited\n"}}, "Ours");
  std::string theirs = p.CommitOn(base, {{"README.md", std::nullopt}}, "Theirs");
  MergeOutcome ab = MustMerge(p, ours, theirs);
  MergeOutcome ba = MustMerge(p, theirs, ours);
  EXPECT_EQ(ab.commit, ba.commit);
  EXPECT_EQ(p.Read(ab.commit, "README.md"), "edited\n");
  ASSERT_EQ(ab.conflicts.size(), 1u);
  EXPECT_EQ(ab.conflicts[0].kind, "edit-delete");
  EXPECT_EQ(ab.conflicts[0].ours, std::nullopt);  // canonical: the absent side first
  EXPECT_EQ(ab.conflicts[0].theirs, "\"edited\\n\"");
  p.ExpectFsckClean();
}

TEST(MergeCommits, TaxonomyRulesSpanFilesChangedOnDifferentPaths) {
  Project p;
  std::string base = p.CommitOn("", BaseFiles(Ev("T-1", 1)), "Base");
  // Ours deletes "tech"; theirs adds a child under it: no single path changed
  // on both sides, yet the parent must come back (an edit-delete conflict).
  std::string ours = p.CommitOn(base, {{core::CategoryPath("tech"), std::nullopt}}, "Ours");
  core::Category login = Cat("tech.login", "Login");
  login.parent = "tech";
  std::string theirs = p.CommitOn(base, {CatFile(login)}, "Theirs");
  MergeOutcome ab = MustMerge(p, ours, theirs);
  MergeOutcome ba = MustMerge(p, theirs, ours);
  EXPECT_EQ(ab.commit, ba.commit);
  ASSERT_EQ(ab.conflicts.size(), 1u);
  EXPECT_EQ(ab.conflicts[0].kind, "edit-delete");
  EXPECT_EQ(ab.conflicts[0].path, core::CategoryPath("tech"));
  EXPECT_EQ(ReadCat(p, ab.commit, "tech").name, "Tech");
  EXPECT_EQ(ReadCat(p, ab.commit, "tech.login").parent, "tech");
  p.ExpectFsckClean();
}

TEST(MergeCommits, ItemChangedTwoWaysKeepsTheSmallerLineAndRecordsBoth) {
  Project p;
  std::string base = p.CommitOn("", BaseFiles(Ev("T-1", 1)), "Base");
  std::string ours = p.CommitOn(
      base, {{"items/b1/0.jsonl.zst", ItemShard({It("T-1", "uno"), It("T-2", "two")})}}, "O");
  std::string theirs = p.CommitOn(
      base, {{"items/b1/0.jsonl.zst", ItemShard({It("T-1", "eins"), It("T-2", "two")})}}, "T");
  MergeOutcome ab = MustMerge(p, ours, theirs);
  MergeOutcome ba = MustMerge(p, theirs, ours);
  EXPECT_EQ(ab.commit, ba.commit);
  EXPECT_EQ(p.Read(ab.commit, "items/b1/0.jsonl.zst"),
            ItemShard({It("T-1", "eins"), It("T-2", "two")}));
  ASSERT_EQ(ab.conflicts.size(), 1u);
  EXPECT_EQ(ab.conflicts[0].field, "item:T-1");
  EXPECT_EQ(ab.conflicts[0].kind, "field");
  EXPECT_EQ(ab.conflicts[0].base, core::EncodeItemLine(It("T-1", "one")));
  p.ExpectFsckClean();
}

TEST(MergeCommits, TheOtherReplicaFastForwardsToTheMerge) {
  Project p;
  core::LabelEvent a = Ev("T-1", 1);
  std::string base = p.CommitOn("", BaseFiles(a), "Base");
  std::string ours = p.CommitOn(base, {{kSegPath, Segment({a, Ev("T-2", 2)})}}, "Ours");
  std::string theirs = p.CommitOn(base, {{kSegPath, Segment({a, Ev("T-3", 3)})}}, "Theirs");
  MergeOutcome m = MustMerge(p, ours, theirs);
  ASSERT_FALSE(m.fast_forward);
  for (const std::string& side : {ours, theirs}) {
    MergeOutcome again = MustMerge(p, side, m.commit);
    EXPECT_TRUE(again.fast_forward);
    EXPECT_EQ(again.commit, m.commit);
  }
}

TEST(MergeCommits, AncestorIsAFastForwardWithNothingWritten) {
  Project p;
  std::string base = p.CommitOn("", BaseFiles(Ev("T-1", 1)), "Base");
  std::string child = p.CommitOn(base, {{"README.md", "more\n"}}, "Child");
  for (auto [x, y] : {std::pair{base, child}, std::pair{child, base}, std::pair{child, child}}) {
    MergeOutcome m = MustMerge(p, x, y);
    EXPECT_TRUE(m.fast_forward);
    EXPECT_EQ(m.commit, child);
    EXPECT_TRUE(m.conflicts.empty());
  }
}

TEST(MergeCommits, UnrelatedHistoriesMergeAgainstTheEmptyTree) {
  Project p;
  core::LabelEvent a = Ev("T-1", 1), b = Ev("T-2", 2);
  std::string one = p.CommitOn("", {{kSegPath, Segment({a})}, {"one.txt", "1\n"},
                                    {"shared.bin", std::string("\xff\x00x", 3)}},
                               "One");
  std::string two = p.CommitOn("", {{kSegPath, Segment({b})}, {"two.txt", "2\n"},
                                    {"shared.bin", std::string("\xfe\x01y", 3)}},
                               "Two");
  MergeOutcome ab = MustMerge(p, one, two);
  MergeOutcome ba = MustMerge(p, two, one);
  EXPECT_FALSE(ab.fast_forward);
  EXPECT_EQ(ab.commit, ba.commit);
  std::vector<std::string> want = {a.id, b.id};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(EventIds(p.Read(ab.commit, kSegPath)), want);
  EXPECT_EQ(p.Read(ab.commit, "one.txt"), "1\n");
  EXPECT_EQ(p.Read(ab.commit, "two.txt"), "2\n");
  EXPECT_EQ(p.Read(ab.commit, "shared.bin"), std::string("\xfe\x01y", 3));
  ASSERT_EQ(ab.conflicts.size(), 1u);
  EXPECT_EQ(ab.conflicts[0].path, "shared.bin");
  EXPECT_EQ(ab.conflicts[0].base, std::nullopt);
  // Binary sides are kept exactly, as base64.
  EXPECT_EQ(ab.conflicts[0].ours, "{\"base64\":\"/gF5\"}");
  EXPECT_EQ(ab.conflicts[0].theirs, "{\"base64\":\"/wB4\"}");
  p.ExpectFsckClean();
  EXPECT_EQ(p.Git("show " + ab.commit + ":one.txt").out, "1\n");
}

TEST(MergeCommits, CorruptSegmentOnASideIsRefusedNamingThePath) {
  Project p;
  std::string base = p.CommitOn("", BaseFiles(Ev("T-1", 1)), "Base");
  std::string ours = p.CommitOn(base, {{kSegPath, Segment({Ev("T-1", 1), Ev("T-2", 2)})}}, "O");
  std::string theirs = p.CommitOn(base, {{kSegPath, "not zstd"}}, "T");
  EXPECT_TRUE(Fails(MergeCommits(p.repo(), ours, theirs).status(), StatusCode::kCorrupt,
                    {kSegPath}));
}

TEST(MergeCommits, MalformedIdIsInvalidInputAndMissingCommitNotFound) {
  Project p;
  std::string base = p.CommitOn("", BaseFiles(Ev("T-1", 1)), "Base");
  EXPECT_TRUE(Fails(MergeCommits(p.repo(), base, "nope").status(), StatusCode::kInvalidInput,
                    {"nope"}));
  std::string missing(40, 'a');
  EXPECT_TRUE(Fails(MergeCommits(p.repo(), missing, base).status(), StatusCode::kNotFound,
                    {missing}));
}

}  // namespace
}  // namespace taxa::sync
