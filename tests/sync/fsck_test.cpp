#include "taxa/sync/fsck.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/git_servers.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "taxa/sync/remote.h"

namespace taxa::sync {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::Fails;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

namespace fs = std::filesystem;

CommitMeta Meta(const std::string& subject) {
  CommitMeta m;
  m.subject = subject;
  return m;
}

// Runs git and returns its trimmed standard output; the test fails when git does.
std::string Git(const std::string& args) {
  CommandResult r = RunCommand("git " + args);
  EXPECT_EQ(r.exit_code, 0) << "git " << args << "\n" << r.err;
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// Three commits: notes/n1.txt in the first, notes/n2.txt in the second,
// other.txt changed in each.
Repository ThreeCommits(const std::string& dir) {
  Result<Repository> r = Repository::Init(dir);
  EXPECT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(
      r->Commit({{"notes/n1.txt", std::string("first note\n")}, {"other.txt", std::string("1\n")}},
                Meta("one"))
          .ok());
  EXPECT_TRUE(
      r->Commit({{"notes/n2.txt", std::string("second note\n")}, {"other.txt", std::string("2\n")}},
                Meta("two"))
          .ok());
  EXPECT_TRUE(r->Commit({{"other.txt", std::string("3\n")}}, Meta("three")).ok());
  return std::move(*r);
}

std::string LoosePath(const std::string& git_dir, const std::string& id) {
  return git_dir + "/objects/" + id.substr(0, 2) + "/" + id.substr(2);
}

// Replaces the loose file of `id` by a copy with ten bytes flipped: a new
// file, so a copy hard-linked elsewhere stays whole. Returns the damaged bytes.
std::string FlipLoose(const std::string& git_dir, const std::string& id) {
  std::string path = LoosePath(git_dir, id);
  std::string bytes = ReadText(path);
  EXPECT_GT(bytes.size(), 20u) << path;
  for (size_t i = 10; i < 20 && i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(bytes[i] ^ 0xff);
  std::ofstream(path + ".tmp", std::ios::binary) << bytes;
  fs::rename(path + ".tmp", path);
  return bytes;
}

// Commits reachable from any ref whose tree holds `id` at `path`, as git says.
size_t CommitsHolding(const std::string& dir, const std::string& path, const std::string& id) {
  size_t n = 0;
  for (const std::string& c : Lines(Git("-C " + dir + " rev-list --all")))
    if (RunCommand("git -C " + dir + " rev-parse " + c + ":" + path).out == id + "\n") ++n;
  return n;
}

const BadObject* Find(const FsckReport& r, const std::string& id) {
  for (const BadObject& b : r.bad)
    if (b.id == id) return &b;
  return nullptr;
}

std::string Describe(const FsckReport& r) {
  std::string out;
  for (const BadObject& b : r.bad) out += b.id + " " + b.type + " " + b.reason + "\n";
  return out;
}

TEST(Fsck, WholeRepositoryCountsWhatGitCounts) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  Result<FsckReport> r = Fsck(repo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->whole()) << Describe(*r);
  // git's own list of reachable objects, by type.
  size_t commits = 0, trees = 0, blobs = 0;
  for (const std::string& line :
       Lines(Git("-C " + tmp / "a" + " rev-list --objects --no-object-names --all | git -C " +
                 tmp / "a" + " cat-file --batch-check='%(objecttype)'"))) {
    commits += line == "commit";
    trees += line == "tree";
    blobs += line == "blob";
  }
  EXPECT_EQ(r->commits, commits);
  EXPECT_EQ(r->trees, trees);
  EXPECT_EQ(r->blobs, blobs);
  EXPECT_EQ(r->refs, (std::vector<std::string>{"HEAD", "refs/heads/main"}));
}

TEST(Fsck, FlippedBytesInALooseFileAreDamageNamedWithPathAndCommits) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD:notes/n1.txt");
  FlipLoose(repo.git_dir(), id);
  ASSERT_NE(RunCommand("git -C " + tmp / "a" + " fsck --strict").exit_code, 0);

  Result<FsckReport> r = Fsck(repo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->bad.size(), 1u) << Describe(*r);
  const BadObject& b = r->bad[0];
  EXPECT_EQ(b.id, id);
  EXPECT_EQ(b.type, "blob");
  EXPECT_EQ(b.problem, ObjectProblem::kDamaged);
  EXPECT_FALSE(b.reason.empty());
  EXPECT_EQ(b.stored, "objects/" + id.substr(0, 2) + "/" + id.substr(2));
  EXPECT_EQ(b.paths, std::vector<std::string>{"notes/n1.txt"});
  EXPECT_EQ(b.commit_count, CommitsHolding(tmp / "a", "notes/n1.txt", id));
  EXPECT_EQ(b.commit_count, 3u);
  EXPECT_EQ(b.commits.front(), Git("-C " + tmp / "a" + " rev-parse HEAD"));
}

TEST(Fsck, DamagedFolderIsNamedWithATrailingSlash) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD:notes");
  FlipLoose(repo.git_dir(), id);
  Result<FsckReport> r = Fsck(repo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->bad.size(), 1u) << Describe(*r);
  EXPECT_EQ(r->bad[0].id, id);
  EXPECT_EQ(r->bad[0].type, "tree");
  EXPECT_EQ(r->bad[0].paths, std::vector<std::string>{"notes/"});
  // Held by the second and third commits (the first had another notes/).
  EXPECT_EQ(r->bad[0].commit_count, 2u);
}

TEST(Fsck, DamagedCommitIsNamedWithTheCommitThatNamesItAsParent) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD~1");
  FlipLoose(repo.git_dir(), id);
  Result<FsckReport> r = Fsck(repo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->bad.size(), 1u) << Describe(*r);
  EXPECT_EQ(r->bad[0].id, id);
  EXPECT_EQ(r->bad[0].type, "commit");
  EXPECT_TRUE(r->bad[0].paths.empty());
  EXPECT_EQ(r->bad[0].commits,
            std::vector<std::string>{Git("-C " + tmp / "a" + " rev-parse HEAD")});
}

TEST(Fsck, DamagedTipNamesTheReferences) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD");
  FlipLoose(repo.git_dir(), id);
  Result<FsckReport> r = Fsck(repo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->bad.size(), 1u) << Describe(*r);
  EXPECT_EQ(r->bad[0].refs, (std::vector<std::string>{"HEAD", "refs/heads/main"}));
  EXPECT_EQ(r->bad[0].commit_count, 0u);
}

TEST(Fsck, DeletedObjectIsMissing) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD:notes/n2.txt");
  fs::remove(LoosePath(repo.git_dir(), id));
  Result<FsckReport> r = Fsck(repo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->bad.size(), 1u) << Describe(*r);
  EXPECT_EQ(r->bad[0].id, id);
  EXPECT_EQ(r->bad[0].problem, ObjectProblem::kMissing);
  EXPECT_EQ(r->bad[0].stored, "");
  EXPECT_EQ(r->bad[0].paths, std::vector<std::string>{"notes/n2.txt"});
}

// Packs everything (git repack) and returns the pack's path relative to the git dir.
std::string PackAll(const std::string& dir) {
  Git("-C " + dir + " repack -q -a -d");
  std::string idx = Git("-C " + dir + " rev-parse --git-dir") + "/objects/pack";
  for (const auto& e : fs::directory_iterator(dir + "/" + idx))
    if (e.path().extension() == ".pack") return "objects/pack/" + e.path().filename().string();
  ADD_FAILURE() << "no pack in " << dir;
  return "";
}

TEST(Fsck, FlippedBytesInAPackAreDamageNamedWithThePack) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  std::string pack = PackAll(tmp / "a");
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD:notes/n1.txt");
  // Its offset in the pack, as git verify-pack lists it: "id type size packed offset".
  std::string offset;
  for (const std::string& line : Lines(Git("verify-pack -v " + repo.git_dir() + "/" +
                                           pack.substr(0, pack.size() - 5) + ".idx")))
    if (line.rfind(id, 0) == 0) offset = line.substr(line.rfind(' ') + 1);
  ASSERT_FALSE(offset.empty());
  std::string path = repo.git_dir() + "/" + pack;
  std::string bytes = ReadText(path);
  size_t at = std::stoul(offset) + 4;  // past the object's header, into its deflated bytes
  for (size_t i = at; i < at + 4; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0xff);
  ::chmod(path.c_str(), 0644);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

  Result<FsckReport> r = Fsck(repo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const BadObject* b = Find(*r, id);
  ASSERT_NE(b, nullptr) << Describe(*r);
  EXPECT_EQ(b->problem, ObjectProblem::kDamaged);
  EXPECT_EQ(b->stored, pack);
  EXPECT_EQ(b->paths, std::vector<std::string>{"notes/n1.txt"});
}

TEST(Fsck, TruncatedPackIsDamageNotMissing) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  std::string pack = PackAll(tmp / "a");
  std::string path = repo.git_dir() + "/" + pack;
  ::chmod(path.c_str(), 0644);
  fs::resize_file(path, fs::file_size(path) / 2);

  Result<FsckReport> r = Fsck(repo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  // libgit2 refuses the whole pack, so the walk stops at the tip.
  ASSERT_EQ(r->bad.size(), 1u) << Describe(*r);
  EXPECT_EQ(r->bad[0].id, Git("-C " + tmp / "a" + " rev-parse HEAD"));
  EXPECT_EQ(r->bad[0].problem, ObjectProblem::kDamaged);
  EXPECT_EQ(r->bad[0].stored, pack);
  EXPECT_NE(r->bad[0].reason.find("cut short"), std::string::npos) << r->bad[0].reason;
}

TEST(RepositoryRead, DamagedObjectIsNamedWithItsPath) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  std::string file = Git("-C " + tmp / "a" + " rev-parse HEAD:notes/n1.txt");
  FlipLoose(repo.git_dir(), file);
  EXPECT_TRUE(Fails(repo.ReadFile("notes/n1.txt").status(), StatusCode::kCorrupt,
                    {"notes/n1.txt: object " + file + " is damaged (run taxa fsck)"}));
  EXPECT_TRUE(Fails(repo.ReadFolder("notes/").status(), StatusCode::kCorrupt,
                    {"notes/n1.txt: object " + file + " is damaged"}));
  // What does not need it still works.
  Result<std::optional<std::string>> other = repo.ReadFile("notes/n2.txt");
  ASSERT_TRUE(other.ok()) << other.status().message();
  EXPECT_EQ(**other, "second note\n");
  EXPECT_TRUE(repo.Commit({{"more.txt", std::string("x\n")}}, Meta("more")).ok());

  std::string folder = Git("-C " + tmp / "a" + " rev-parse HEAD:notes");
  FlipLoose(repo.git_dir(), folder);
  Result<Repository> fresh = Repository::Open(tmp / "a");  // nothing cached
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(Fails(fresh->ListFiles("notes/").status(), StatusCode::kCorrupt,
                    {"notes/: object " + folder + " is damaged (run taxa fsck)"}));
  EXPECT_TRUE(Fails(fresh->ReadFile("notes/n2.txt").status(), StatusCode::kCorrupt,
                    {"notes/: object " + folder + " is damaged"}));
  fs::remove(LoosePath(repo.git_dir(), folder));
  fresh = Repository::Open(tmp / "a");
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(Fails(fresh->ReadFile("notes/n2.txt").status(), StatusCode::kCorrupt,
                    {"notes/: object " + folder + " is missing (run taxa fsck)"}));
  EXPECT_TRUE(Fails(fresh->Diff("", *fresh->Head()).status(), StatusCode::kCorrupt,
                    {"notes/: object " + folder + " is missing"}));
}

// ---- Repair ----

// A peer holding its own copy of every object (no hard links).
std::string BarePeer(const std::string& from, const std::string& to) {
  Git("clone -q --bare --no-local " + from + " " + to);
  return to;
}

void ExpectGitFsckPasses(const std::string& dir) {
  CommandResult r = RunCommand("git -C " + dir + " fsck --strict --no-dangling");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(Repair, RestoresADamagedLooseFileFromARepositoryOnThisMachine) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  BarePeer(tmp / "a", tmp / "peer.git");
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD:notes/n1.txt");
  std::string damaged = FlipLoose(repo.git_dir(), id);

  Result<RepairReport> r = Repair(repo, tmp / "peer.git");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->kind, "repository");
  EXPECT_EQ(r->before.bad.size(), 1u);
  ASSERT_EQ(r->restored.size(), 1u);
  EXPECT_EQ(r->restored[0].id, id);
  EXPECT_EQ(r->restored[0].paths, std::vector<std::string>{"notes/n1.txt"});
  EXPECT_EQ(r->restored[0].quarantined, "taxa/quarantine/" + id + ".damaged");
  // Moved aside, not deleted.
  EXPECT_EQ(ReadText(repo.git_dir() + "/" + r->restored[0].quarantined), damaged);
  EXPECT_EQ(r->quarantined, std::vector<std::string>{r->restored[0].quarantined});
  EXPECT_TRUE(r->unrestored.empty());
  EXPECT_TRUE(r->after.whole()) << Describe(r->after);
  ExpectGitFsckPasses(tmp / "a");
  EXPECT_EQ(Git("-C " + tmp / "a" + " cat-file blob " + id), "first note");
}

TEST(Repair, RestoresFromABundleMadeByGit) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  Git("-C " + tmp / "a" + " bundle create -q " + tmp / "all.bundle" + " --all");
  std::string blob = Git("-C " + tmp / "a" + " rev-parse HEAD~1:notes/n2.txt");
  std::string commit = Git("-C " + tmp / "a" + " rev-parse HEAD~2");
  FlipLoose(repo.git_dir(), blob);
  fs::remove(LoosePath(repo.git_dir(), commit));

  Result<RepairReport> r = Repair(repo, tmp / "all.bundle");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->kind, "bundle");
  EXPECT_EQ(r->restored.size(), 2u);
  EXPECT_EQ(r->quarantined.size(), 1u);  // the missing commit had no file to move
  EXPECT_TRUE(r->after.whole()) << Describe(r->after);
  ExpectGitFsckPasses(tmp / "a");
  // The temporary repository the bundle was indexed into is gone.
  for (const auto& e : fs::directory_iterator(repo.git_dir() + "/taxa"))
    EXPECT_EQ(e.path().filename().string().rfind("repair-", 0), std::string::npos) << e.path();
}

TEST(Repair, RestoresFromAConfiguredRemote) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  BarePeer(tmp / "a", tmp / "hub.git");
  ASSERT_TRUE(AddRemote(repo, "origin", tmp / "hub.git").ok());
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD:notes");
  FlipLoose(repo.git_dir(), id);
  Result<RepairReport> r = Repair(repo, "origin");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->from, tmp / "hub.git");
  ASSERT_EQ(r->restored.size(), 1u);
  EXPECT_EQ(r->restored[0].type, "tree");
  EXPECT_TRUE(r->after.whole()) << Describe(r->after);
  ExpectGitFsckPasses(tmp / "a");
}

TEST(Repair, BringsBackAWholeHistoryFromATruncatedPack) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  BarePeer(tmp / "a", tmp / "peer.git");
  std::string pack = PackAll(tmp / "a");
  std::string path = repo.git_dir() + "/" + pack;
  ::chmod(path.c_str(), 0644);
  fs::resize_file(path, fs::file_size(path) / 2);

  Result<RepairReport> r = Repair(repo, tmp / "peer.git");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->after.whole()) << Describe(r->after);
  std::string name = fs::path(pack).filename().string();
  EXPECT_TRUE(fs::exists(repo.git_dir() + "/taxa/quarantine/" + name + ".damaged"));
  EXPECT_FALSE(fs::exists(path));
  // Every object git counts is back.
  EXPECT_EQ(r->restored.size(),
            Lines(Git("-C " + tmp / "peer.git" + " rev-list --objects --all")).size());
  ExpectGitFsckPasses(tmp / "a");
}

TEST(Repair, KeepsTheReadableObjectsOfADamagedPack) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  BarePeer(tmp / "a", tmp / "peer.git");
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD:notes/n1.txt");
  // A commit the peer lacks, packed with the rest.
  ASSERT_TRUE(repo.Commit({{"late.txt", std::string("only here\n")}}, Meta("late")).ok());
  std::string late = Git("-C " + tmp / "a" + " rev-parse HEAD:late.txt");
  std::string pack = PackAll(tmp / "a");
  std::string offset;
  for (const std::string& line : Lines(Git("verify-pack -v " + repo.git_dir() + "/" +
                                           pack.substr(0, pack.size() - 5) + ".idx")))
    if (line.rfind(id, 0) == 0) offset = line.substr(line.rfind(' ') + 1);
  ASSERT_FALSE(offset.empty());
  std::string path = repo.git_dir() + "/" + pack;
  std::string bytes = ReadText(path);
  size_t at = std::stoul(offset) + 4;
  for (size_t i = at; i < at + 4; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0xff);
  ::chmod(path.c_str(), 0644);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

  Result<RepairReport> r = Repair(repo, tmp / "peer.git");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->after.whole()) << Describe(r->after);
  ASSERT_EQ(r->restored.size(), 1u);
  EXPECT_EQ(r->restored[0].id, id);
  // late.txt is in no peer: it came out of the damaged pack before the pack moved aside.
  EXPECT_EQ(Git("-C " + tmp / "a" + " cat-file blob " + late), "only here");
  EXPECT_FALSE(fs::exists(path));
  ExpectGitFsckPasses(tmp / "a");
}

TEST(Repair, SaysWhatThePeerLacksOrHoldsDamagedToo) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  // A peer sharing our files (git clone --local hard-links them): damage in
  // place reaches both.
  Git("clone -q --bare --local " + tmp / "a" + " " + tmp / "linked.git");
  ASSERT_TRUE(repo.Commit({{"late.txt", std::string("only here\n")}}, Meta("late")).ok());
  std::string late = Git("-C " + tmp / "a" + " rev-parse HEAD:late.txt");
  std::string shared = Git("-C " + tmp / "a" + " rev-parse HEAD:notes/n1.txt");
  FlipLoose(repo.git_dir(), late);
  {
    std::string p = LoosePath(repo.git_dir(), shared);
    ASSERT_GT(fs::hard_link_count(p), 1u);
    std::string bytes = ReadText(p);
    bytes[12] = static_cast<char>(bytes[12] ^ 0xff);
    ::chmod(p.c_str(), 0644);
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;  // the shared file itself
  }

  Result<RepairReport> r = Repair(repo, tmp / "linked.git");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->restored.empty());
  ASSERT_EQ(r->unrestored.size(), 2u);
  const BadObject* missing = nullptr;
  const BadObject* both = nullptr;
  for (const BadObject& b : r->unrestored) (b.id == late ? missing : both) = &b;
  ASSERT_NE(missing, nullptr);
  ASSERT_NE(both, nullptr);
  EXPECT_EQ(missing->reason, "not in linked.git");
  EXPECT_EQ(both->id, shared);
  EXPECT_EQ(both->reason.rfind("damaged in linked.git too", 0), 0u) << both->reason;
  EXPECT_FALSE(r->after.whole());
  // Nothing was moved aside for objects that could not be restored.
  EXPECT_TRUE(r->quarantined.empty());
  EXPECT_TRUE(fs::exists(LoosePath(repo.git_dir(), late)));
}

TEST(Repair, WholeRepositoryContactsNoPeer) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  Result<RepairReport> r = Repair(repo, tmp / "no-such-peer");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->before.whole());
  EXPECT_TRUE(r->restored.empty());
  EXPECT_EQ(r->kind, "");
}

TEST(Repair, UnknownPeerIsNotFound) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  fs::remove(LoosePath(repo.git_dir(), Git("-C " + tmp / "a" + " rev-parse HEAD:other.txt")));
  EXPECT_TRUE(Fails(Repair(repo, tmp / "no-such-peer").status(), StatusCode::kNotFound,
                    {tmp / "no-such-peer", "no remote, repository or bundle"}));
}

TEST(Repair, DamagedBundleIsRefusedNamingIt) {
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  Git("-C " + tmp / "a" + " bundle create -q " + tmp / "all.bundle" + " --all");
  std::string bytes = ReadText(tmp / "all.bundle");
  bytes[bytes.size() - 30] = static_cast<char>(bytes[bytes.size() - 30] ^ 0xff);
  std::ofstream(tmp / "all.bundle", std::ios::binary | std::ios::trunc) << bytes;
  fs::remove(LoosePath(repo.git_dir(), Git("-C " + tmp / "a" + " rev-parse HEAD:other.txt")));
  EXPECT_TRUE(
      Fails(Repair(repo, tmp / "all.bundle").status(), StatusCode::kCorrupt, {tmp / "all.bundle"}));
}

TEST(Repair, FetchesWholeFromANetworkRemote) {
  taxa::testing::GitHttpServer http;
  if (!http.missing().empty()) GTEST_SKIP() << http.missing();
  ASSERT_TRUE(http.error().empty()) << http.error();
  TempDir tmp;
  Repository repo = ThreeCommits(tmp / "a");
  std::string url = http.MakeRepo("hub.git");
  Git("-C " + tmp / "a" + " push -q " + http.RepoPath("hub.git") + " main");
  ASSERT_TRUE(AddRemote(repo, "origin", url).ok());
  // Our refs already name every object, so a plain fetch would bring none.
  ASSERT_TRUE(Fetch(repo, "origin").ok());
  std::string id = Git("-C " + tmp / "a" + " rev-parse HEAD:notes/n2.txt");
  FlipLoose(repo.git_dir(), id);

  Result<RepairReport> r = Repair(repo, "origin");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->kind, "remote");
  EXPECT_EQ(r->from, url);
  ASSERT_EQ(r->restored.size(), 1u);
  EXPECT_EQ(r->restored[0].id, id);
  EXPECT_TRUE(r->after.whole()) << Describe(r->after);
  ExpectGitFsckPasses(tmp / "a");
}

}  // namespace
}  // namespace taxa::sync
