#include "taxa/sync/bundle.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

#include "taxa/sync/remote.h"

namespace taxa::sync {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::Fails;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

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

// A few kilobytes of text with a marker line, so that a second version
// differing in one line is stored as a delta against the first.
std::string LongText(const std::string& marker) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i) + " of a long file\n";
  return text + marker + "\n";
}

Repository InitWithCommits(const std::string& dir, int commits) {
  Result<Repository> r = Repository::Init(dir);
  EXPECT_TRUE(r.ok()) << r.status().message();
  for (int i = 1; i <= commits; ++i) {
    Result<std::string> c =
        r->Commit({{"notes/n" + std::to_string(i) + ".txt", LongText("v" + std::to_string(i))},
                   {"shared.txt", LongText("edit " + std::to_string(i))}},
                  Meta("commit " + std::to_string(i)));
    EXPECT_TRUE(c.ok()) << c.status().message();
  }
  return std::move(*r);
}

std::string HeadOf(Repository& repo) {
  Result<std::string> h = repo.Head();
  EXPECT_TRUE(h.ok());
  return h.ok() ? *h : "";
}

std::set<std::string> PackDir(const std::string& git_dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(git_dir + "/objects/pack", ec))
    out.insert(e.path().filename().string());
  return out;
}

// The repository's refs and HEAD, as git lists them.
std::string RefState(const std::string& dir) {
  return Git("-C " + dir + " show-ref") + "\n" +
         RunCommand("git -C " + dir + " rev-parse HEAD").out;
}

TEST(Bundle, WholeHistoryPassesGitVerifyCloneAndSha256sum) {
  TempDir tmp;
  Repository repo = InitWithCommits(tmp / "a", 3);
  Result<BundleInfo> made = CreateBundle(repo, tmp / "all.bundle", {});
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(made->tip, HeadOf(repo));
  EXPECT_TRUE(made->prerequisites.empty());
  // Every object git itself counts as reachable.
  std::string objects = Git("-C " + tmp / "a" + " rev-list --objects --all") + "\n";
  EXPECT_EQ(made->objects, static_cast<uint32_t>(std::count(objects.begin(), objects.end(), '\n')));
  // No temporary file is left beside it.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()),
                          std::filesystem::directory_iterator()),
            3);  // a, all.bundle, all.bundle.sha256

  Git("init -q " + tmp / "empty");
  CommandResult verify =
      RunCommand("git -C " + tmp / "empty" + " bundle verify " + tmp / "all.bundle");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.err.find("is okay"), std::string::npos) << verify.err;
  Git("clone -q " + tmp / "all.bundle" + " " + tmp / "cloned");
  EXPECT_EQ(Git("-C " + tmp / "cloned" + " rev-parse HEAD"), made->tip);
  EXPECT_EQ(Git("-C " + tmp / "cloned" + " status --porcelain"), "");
  EXPECT_EQ(ReadText(tmp / "cloned/notes/n2.txt"), LongText("v2"));
  Git("-C " + tmp / "cloned" + " fsck --strict --no-dangling");

  CommandResult sum = RunCommand("cd " + tmp.path() + " && sha256sum -c all.bundle.sha256");
  EXPECT_EQ(sum.exit_code, 0) << sum.out << sum.err;
  EXPECT_EQ(sum.out, "all.bundle: OK\n");
  EXPECT_EQ(ReadText(tmp / "all.bundle.sha256").substr(0, 64), made->sha256);

  Result<BundleInfo> read = VerifyBundle(tmp / "all.bundle", nullptr);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_TRUE(read->manifest_checked);
  EXPECT_FALSE(read->prerequisites_checked);
  EXPECT_EQ(read->objects, made->objects);
  EXPECT_EQ(read->bytes, std::filesystem::file_size(tmp / "all.bundle"));
}

TEST(Bundle, IncrementalBundleHoldsWhatThePeerLacks) {
  TempDir tmp;
  Repository repo = InitWithCommits(tmp / "a", 2);
  std::string base = HeadOf(repo);
  Git("clone -q " + tmp / "a" + " " + tmp / "peer");  // the peer has the first two commits
  ASSERT_TRUE(repo.Commit({{"shared.txt", LongText("edit 3")}}, Meta("commit 3")).ok());
  ASSERT_TRUE(repo.Commit({{"notes/n4.txt", "four\n"}}, Meta("commit 4")).ok());

  Result<std::vector<std::string>> has = PeerHas(repo, base.substr(0, 9));
  ASSERT_TRUE(has.ok()) << has.status().message();
  EXPECT_EQ(*has, std::vector<std::string>{base});
  Result<BundleInfo> made = CreateBundle(repo, tmp / "inc.bundle", *has);
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(made->prerequisites, std::vector<std::string>{base});
  // Two commits, their two trees, the changed shared.txt, n4.txt and the
  // changed notes/ tree: nothing the peer has.
  EXPECT_EQ(made->objects, 7u);

  CommandResult verify =
      RunCommand("git -C " + tmp / "peer" + " bundle verify " + tmp / "inc.bundle");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("requires this ref:\n" + base), std::string::npos) << verify.out;
  Git("init -q " + tmp / "empty");
  EXPECT_NE(
      RunCommand("git -C " + tmp / "empty" + " bundle verify " + tmp / "inc.bundle").exit_code, 0);
  Git("-C " + tmp / "peer" + " pull -q " + tmp / "inc.bundle" + " main");
  EXPECT_EQ(Git("-C " + tmp / "peer" + " rev-parse HEAD"), made->tip);
  Git("-C " + tmp / "peer" + " fsck --strict --no-dangling");
}

TEST(Bundle, NothingToBundleWhenThePeerHasEverything) {
  TempDir tmp;
  Result<Repository> empty = Repository::Init(tmp / "e");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(Fails(CreateBundle(*empty, tmp / "x.bundle", {}).status(),
                    StatusCode::kFailedPrecondition, {"nothing to bundle", "no commits"}));
  Repository repo = InitWithCommits(tmp / "a", 1);
  std::string head = HeadOf(repo);
  EXPECT_TRUE(Fails(CreateBundle(repo, tmp / "x.bundle", {head}).status(),
                    StatusCode::kFailedPrecondition, {"nothing to bundle", head.substr(0, 12)}));
  EXPECT_TRUE(Fails(CreateBundle(repo, tmp / "x.bundle", {std::string(40, 'a')}).status(),
                    StatusCode::kNotFound, {std::string(40, 'a')}));
  EXPECT_FALSE(std::filesystem::exists(tmp / "x.bundle"));
}

TEST(Bundle, PeerHasReadsRecordedBundlesRemotesAndCommitIds) {
  TempDir tmp;
  Repository repo = InitWithCommits(tmp / "a", 2);
  std::string head = HeadOf(repo);
  EXPECT_TRUE(Fails(PeerHas(repo, "site-b").status(), StatusCode::kNotFound,
                    {"\"site-b\"", "no bundle was sent"}));
  ASSERT_TRUE(RecordBundleSent(repo, "site-b", head).ok());
  EXPECT_EQ(Git("-C " + tmp / "a" + " rev-parse refs/taxa/bundles/site-b"), head);
  Result<std::vector<std::string>> has = PeerHas(repo, "site-b");
  ASSERT_TRUE(has.ok());
  EXPECT_EQ(*has, std::vector<std::string>{head});

  Git("-C " + tmp / "a" + " update-ref refs/remotes/hub/main HEAD~1");
  std::string first = Git("-C " + tmp / "a" + " rev-parse HEAD~1");
  has = PeerHas(repo, "hub");
  ASSERT_TRUE(has.ok());
  EXPECT_EQ(*has, std::vector<std::string>{first});

  EXPECT_TRUE(Fails(PeerHas(repo, "abcdef0123").status(), StatusCode::kNotFound, {"abcdef0123"}));
  EXPECT_TRUE(
      Fails(RecordBundleSent(repo, "bad name", head), StatusCode::kInvalidInput, {"\"bad name\""}));
  EXPECT_FALSE(IsPeerName("0123abc"));
  EXPECT_TRUE(IsPeerName("site-b"));
}

// A commit on `branch` of the repository at `dir` on top of `parent`, made
// by git's plumbing so that HEAD stays on main; returns its id.
std::string CommitOnBranch(const std::string& dir, const std::string& branch,
                           const std::string& parent, const std::string& subject) {
  std::string id = Git("-C " + dir + " -c user.name=G -c user.email=g@x commit-tree " + parent +
                       "^{tree} -p " + parent + " -m '" + subject + "'");
  Git("-C " + dir + " update-ref " + branch + " " + id);
  return id;
}

TEST(Bundle, BranchesBesideMainTravelAndOnlyWhenThePeerLacksThem) {
  TempDir tmp;
  Repository repo = InitWithCommits(tmp / "a", 2);
  const std::string head = HeadOf(repo);
  const std::string x1 = CommitOnBranch(tmp / "a", "refs/heads/proposals/x", head, "x one");
  const std::string y = CommitOnBranch(tmp / "a", "refs/heads/proposals/y", head, "y");
  const std::string prefix = "refs/heads/proposals/";

  Result<BundleInfo> whole = CreateBundle(repo, tmp / "all.bundle", {}, {.prefix = prefix});
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ(whole->refs, (std::vector<std::pair<std::string, std::string>>{
                             {head, "refs/heads/main"},
                             {head, "HEAD"},
                             {x1, "refs/heads/proposals/x"},
                             {y, "refs/heads/proposals/y"}}));
  EXPECT_TRUE(whole->prerequisites.empty());
  Git("clone -q " + tmp / "all.bundle" + " " + tmp / "peer");
  EXPECT_EQ(Git("-C " + tmp / "peer" + " rev-parse origin/proposals/x"), x1);
  EXPECT_EQ(Git("-C " + tmp / "peer" + " rev-parse HEAD"), head);

  ASSERT_TRUE(RecordBundleSent(repo, "peer", whole->tip).ok());
  ASSERT_TRUE(RecordBranchesSent(repo, "peer", *whole).ok());
  Result<std::map<std::string, std::string>> held = PeerBranches(repo, "peer", prefix);
  ASSERT_TRUE(held.ok()) << held.status().message();
  EXPECT_EQ(*held, (std::map<std::string, std::string>{{"refs/heads/proposals/x", x1},
                                                       {"refs/heads/proposals/y", y}}));
  Result<std::vector<std::string>> has = PeerHas(repo, "peer");
  ASSERT_TRUE(has.ok());
  EXPECT_EQ(std::set<std::string>(has->begin(), has->end()), (std::set<std::string>{head, x1, y}));
  EXPECT_TRUE(Fails(CreateBundle(repo, tmp / "none.bundle", *has, {prefix, *held}).status(),
                    StatusCode::kFailedPrecondition, {"nothing to bundle"}));

  // Only x moves: the bundle names main (a prerequisite now) and x, not y.
  const std::string x2 = CommitOnBranch(tmp / "a", "refs/heads/proposals/x", x1, "x two");
  Result<BundleInfo> next = CreateBundle(repo, tmp / "x.bundle", *has, {prefix, *held});
  ASSERT_TRUE(next.ok()) << next.status().message();
  EXPECT_EQ(next->refs, (std::vector<std::pair<std::string, std::string>>{
                            {head, "refs/heads/main"}, {head, "HEAD"}, {x2, "refs/heads/proposals/x"}}));
  EXPECT_EQ(std::set<std::string>(next->prerequisites.begin(), next->prerequisites.end()),
            (std::set<std::string>{head, x1}));
  EXPECT_EQ(next->objects, 1u) << "one commit; its tree the peer has";
  CommandResult verify = RunCommand("git -C " + tmp / "peer" + " bundle verify " + tmp / "x.bundle");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  Git("-C " + tmp / "peer" + " fetch -q " + tmp / "x.bundle" + " proposals/x:refs/heads/got-x");
  EXPECT_EQ(Git("-C " + tmp / "peer" + " rev-parse got-x"), x2);

  // The receiver checks every branch's tip, not main's alone.
  Result<Repository> r = Repository::Init(tmp / "r");
  ASSERT_TRUE(r.ok());
  IncomingCheck main_only = [&](Repository&, const std::string& tip) {
    return tip == head ? Status::Ok() : Status::InvalidInput("not main's");
  };
  EXPECT_TRUE(Fails(ImportBundle(*r, tmp / "all.bundle", main_only).status(),
                    StatusCode::kInvalidInput,
                    {"all.bundle: refused: refs/heads/proposals/x: not main's"}));
  std::set<std::string> seen;
  IncomingCheck record = [&](Repository&, const std::string& tip) {
    seen.insert(tip);
    return Status::Ok();
  };
  ASSERT_TRUE(ImportBundle(*r, tmp / "all.bundle", record).ok());
  EXPECT_EQ(seen, (std::set<std::string>{head, x1, y}));
}

// A repository made by the git CLI with a long file changed in each commit.
void GitRepoWithHistory(const std::string& dir, int commits) {
  Git("init -q -b main " + dir);
  for (int i = 1; i <= commits; ++i) {
    WriteText(dir + "/long.txt", LongText("change " + std::to_string(i)));
    Git("-C " + dir + " add long.txt");
    Git("-C " + dir + " -c user.name=G -c user.email=g@x commit -q -m c" + std::to_string(i));
  }
}

TEST(Bundle, ImportsWholeThinAndV3BundlesMadeByGit) {
  TempDir tmp;
  GitRepoWithHistory(tmp / "g", 2);
  Git("-C " + tmp / "g" + " bundle create -q " + tmp / "full.bundle" + " main");
  std::string first_tip = Git("-C " + tmp / "g" + " rev-parse main");
  for (int i = 3; i <= 4; ++i) {
    WriteText(tmp / "g/long.txt", LongText("change " + std::to_string(i)));
    Git("-C " + tmp / "g" + " -c user.name=G -c user.email=g@x commit -q -am c" +
        std::to_string(i));
  }
  // Thin: long.txt travels as a delta against the version the receiver has.
  Git("-C " + tmp / "g" + " bundle create -q " + tmp / "thin.bundle" + " " + first_tip + "..main");
  Git("-C " + tmp / "g" + " bundle create -q --version=3 " + tmp / "v3.bundle" + " main");
  std::string tip = Git("-C " + tmp / "g" + " rev-parse main");

  Result<Repository> repo = Repository::Init(tmp / "r");
  ASSERT_TRUE(repo.ok());
  EXPECT_TRUE(Fails(ImportBundle(*repo, tmp / "thin.bundle").status(),
                    StatusCode::kFailedPrecondition,
                    {"thin.bundle: missing prerequisite " + first_tip.substr(0, 12),
                     "apply the earlier bundle first"}));
  Result<BundleInfo> full = ImportBundle(*repo, tmp / "full.bundle");
  ASSERT_TRUE(full.ok()) << full.status().message();
  EXPECT_EQ(full->tip, first_tip);
  Result<BundleInfo> thin = ImportBundle(*repo, tmp / "thin.bundle");
  ASSERT_TRUE(thin.ok()) << thin.status().message();
  EXPECT_EQ(thin->tip, tip);
  EXPECT_EQ(thin->prerequisites, std::vector<std::string>{first_tip});
  // Again, when every object is here already: still fine, and nothing leaks.
  Result<BundleInfo> again = ImportBundle(*repo, tmp / "full.bundle");
  EXPECT_TRUE(again.ok()) << again.status().message();
  // Importing moved no ref: HEAD is still unborn.
  EXPECT_EQ(HeadOf(*repo), "");
  ASSERT_TRUE(AdvanceBranch(*repo, "", tip).ok());
  Git("-C " + tmp / "r" + " fsck --strict --no-dangling");
  EXPECT_EQ(ReadText(tmp / "r/long.txt"), LongText("change 4"));

  Result<Repository> other = Repository::Init(tmp / "r3");
  ASSERT_TRUE(other.ok());
  Result<BundleInfo> v3 = ImportBundle(*other, tmp / "v3.bundle");
  ASSERT_TRUE(v3.ok()) << v3.status().message();
  EXPECT_EQ(v3->version, 3);
  EXPECT_EQ(v3->tip, tip);
}

class BundleRefusal : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = InitWithCommits(tmp_ / "a", 2);
    ASSERT_TRUE(CreateBundle(repo_, tmp_ / "good.bundle", {}).ok());
    Result<Repository> r = Repository::Init(tmp_ / "r");
    ASSERT_TRUE(r.ok());
    receiver_ = std::move(*r);
    ASSERT_TRUE(receiver_.Commit({{"mine.txt", "mine\n"}}, Meta("local")).ok());
    refs_before_ = RefState(tmp_ / "r");
    packs_before_ = PackDir(receiver_.git_dir());
  }
  // Copies good.bundle to NAME with `edit` applied to its bytes (and no manifest).
  std::string Variant(const std::string& name, void (*edit)(std::string&)) {
    std::string bytes = ReadText(tmp_ / "good.bundle");
    edit(bytes);
    WriteText(tmp_ / name, bytes);
    return tmp_ / name;
  }
  void ExpectUnchanged() {
    EXPECT_EQ(RefState(tmp_ / "r"), refs_before_);
    EXPECT_EQ(PackDir(receiver_.git_dir()), packs_before_);
  }

  TempDir tmp_;
  Repository repo_;
  Repository receiver_;
  std::string refs_before_;
  std::set<std::string> packs_before_;
};

TEST_F(BundleRefusal, FlippedByteFailsThePackChecksum) {
  std::string path = Variant("flipped.bundle", [](std::string& b) { b[b.size() / 2] ^= 0x20; });
  EXPECT_TRUE(Fails(VerifyBundle(path, nullptr).status(), StatusCode::kCorrupt,
                    {"flipped.bundle: damaged or truncated", "checksum"}));
  EXPECT_TRUE(Fails(ImportBundle(receiver_, path).status(), StatusCode::kCorrupt,
                    {"flipped.bundle: damaged or truncated"}));
  ExpectUnchanged();
}

TEST_F(BundleRefusal, TruncatedFileIsRefused) {
  std::string path = Variant("cut.bundle", [](std::string& b) { b.resize(b.size() - 100); });
  EXPECT_TRUE(Fails(ImportBundle(receiver_, path).status(), StatusCode::kCorrupt,
                    {"cut.bundle: damaged or truncated"}));
  std::string header_only =
      Variant("header.bundle", [](std::string& b) { b.resize(b.find("\n\n") + 2); });
  EXPECT_TRUE(Fails(ImportBundle(receiver_, header_only).status(), StatusCode::kCorrupt,
                    {"header.bundle: truncated"}));
  std::string half_header = Variant("half.bundle", [](std::string& b) { b.resize(30); });
  EXPECT_TRUE(Fails(ImportBundle(receiver_, half_header).status(), StatusCode::kCorrupt,
                    {"half.bundle: truncated: the header ends"}));
  ExpectUnchanged();
}

TEST_F(BundleRefusal, ManifestThatDoesNotMatchIsRefused) {
  // The bytes are intact but the manifest names another digest.
  std::string path = Variant("m.bundle", [](std::string&) {});
  WriteText(path + ".sha256", std::string(64, '0') + "  m.bundle\n");
  EXPECT_TRUE(Fails(ImportBundle(receiver_, path).status(), StatusCode::kCorrupt,
                    {"m.bundle: SHA-256 does not match m.bundle.sha256"}));
  // A manifest for another file.
  WriteText(path + ".sha256", std::string(64, '0') + "  other.bundle\n");
  EXPECT_TRUE(Fails(VerifyBundle(path, nullptr).status(), StatusCode::kCorrupt,
                    {"m.bundle: its manifest m.bundle.sha256 has no SHA-256 line for m.bundle"}));
  // A flipped byte with a correct manifest beside the original is caught by it.
  std::string flipped = Variant("f.bundle", [](std::string& b) { b[b.size() - 30] ^= 1; });
  WriteText(flipped + ".sha256",
            ReadText(tmp_ / "good.bundle.sha256").substr(0, 64) + "  f.bundle\n");
  EXPECT_TRUE(Fails(ImportBundle(receiver_, flipped).status(), StatusCode::kCorrupt,
                    {"f.bundle: SHA-256 does not match f.bundle.sha256"}));
  ExpectUnchanged();
}

TEST_F(BundleRefusal, MissingPrerequisiteIsRefused) {
  std::string base = HeadOf(repo_);
  ASSERT_TRUE(repo_.Commit({{"later.txt", "later\n"}}, Meta("later")).ok());
  ASSERT_TRUE(CreateBundle(repo_, tmp_ / "next.bundle", {base}).ok());
  EXPECT_TRUE(Fails(ImportBundle(receiver_, tmp_ / "next.bundle").status(),
                    StatusCode::kFailedPrecondition,
                    {"next.bundle: missing prerequisite " + base.substr(0, 12),
                     "(apply the earlier bundle first)"}));
  ExpectUnchanged();
}

TEST_F(BundleRefusal, NotABundleAndForeignCapabilitiesAreRefused) {
  WriteText(tmp_ / "text.bundle", "hello\n");
  EXPECT_TRUE(Fails(ImportBundle(receiver_, tmp_ / "text.bundle").status(), StatusCode::kCorrupt,
                    {"text.bundle: not a git bundle"}));
  std::string sha256 = Variant("s.bundle", [](std::string& b) {
    b.replace(0, std::string("# v2 git bundle\n").size(),
              "# v3 git bundle\n@object-format=sha256\n");
  });
  EXPECT_TRUE(Fails(ImportBundle(receiver_, sha256).status(), StatusCode::kInvalidInput,
                    {"s.bundle:2: unsupported bundle capability \"object-format=sha256\""}));
  EXPECT_TRUE(Fails(ImportBundle(receiver_, tmp_ / "none.bundle").status(), StatusCode::kNotFound,
                    {"none.bundle: no such file"}));
  ExpectUnchanged();
}

TEST_F(BundleRefusal, PackLackingObjectsItNamesLeavesNoPackFile) {
  // A well-formed bundle whose pack holds the commits but none of their trees.
  std::string tip = HeadOf(repo_);
  CommandResult pack = RunCommand("git -C " + tmp_ / "a" + " rev-list main | git -C " + tmp_ / "a" +
                                  " pack-objects -q --stdout > " + tmp_ / "commit.pack");
  ASSERT_EQ(pack.exit_code, 0) << pack.err;
  WriteText(tmp_ / "hollow.bundle",
            "# v2 git bundle\n" + tip + " refs/heads/main\n\n" + ReadText(tmp_ / "commit.pack"));
  // verify and apply run the same checks: verify used to call it whole.
  EXPECT_TRUE(
      Fails(VerifyBundle(tmp_ / "hollow.bundle", &receiver_).status(), StatusCode::kCorrupt,
            {"hollow.bundle: incomplete: tree ", "is missing (of commit " + tip.substr(0, 12)}));
  EXPECT_TRUE(
      Fails(ImportBundle(receiver_, tmp_ / "hollow.bundle").status(), StatusCode::kCorrupt,
            {"hollow.bundle: incomplete: tree ", "is missing (of commit " + tip.substr(0, 12)}));
  ExpectUnchanged();
}

TEST_F(BundleRefusal, HeaderNamingACommitNotInThePackIsRefusedByVerifyAndApply) {
  // The header names a commit the pack does not hold at all.
  std::string tip = HeadOf(repo_);
  CommandResult pack = RunCommand("git -C " + tmp_ / "a" + " rev-list --objects main~1 | git -C " +
                                  tmp_ / "a" + " pack-objects -q --stdout > " + tmp_ / "old.pack");
  ASSERT_EQ(pack.exit_code, 0) << pack.err;
  WriteText(tmp_ / "lying.bundle",
            "# v2 git bundle\n" + tip + " refs/heads/main\n\n" + ReadText(tmp_ / "old.pack"));
  Status verify = VerifyBundle(tmp_ / "lying.bundle", &receiver_).status();
  Status apply = ImportBundle(receiver_, tmp_ / "lying.bundle").status();
  EXPECT_TRUE(Fails(verify, StatusCode::kCorrupt, {"lying.bundle: incomplete: "}));
  EXPECT_TRUE(Fails(apply, StatusCode::kCorrupt, {"lying.bundle: incomplete: "}));
  EXPECT_EQ(verify.message(), apply.message());
  ExpectUnchanged();
}

// Found by review while writing the bundle header fuzz target: header lines
// were read in pieces of 4096 bytes, so a longer line came apart. A bundle
// Taxa wrote itself was then refused when a prerequisite's subject (its
// comment) was long, and a long ref name was cut short. git reads both.
TEST(Bundle, HeaderLinesLongerThanFourKilobytesAreReadWhole) {
  TempDir tmp;
  Repository repo = InitWithCommits(tmp / "repo", 0);
  Result<std::string> first =
      repo.Commit({{"a.txt", std::string("a\n")}}, Meta(std::string(5000, 's')));
  ASSERT_TRUE(first.ok()) << first.status().message();
  Result<std::string> second = repo.Commit({{"b.txt", std::string("b\n")}}, Meta("second"));
  ASSERT_TRUE(second.ok()) << second.status().message();

  const std::string thin = tmp / "thin.bundle";
  ASSERT_TRUE(CreateBundle(repo, thin, {*first}).ok());
  EXPECT_EQ(Git("bundle list-heads " + thin + " | wc -l"), "2");  // git reads the header
  Result<BundleInfo> info = ReadBundleHeader(thin);
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->prerequisites, std::vector<std::string>{*first});
  EXPECT_EQ(info->tip, *second);

  // A ref of 5000 bytes, beside main: read whole, as git lists it.
  std::string bytes = ReadText(thin);
  const std::string long_ref = "refs/heads/" + std::string(5000, 'r');
  const std::string main_line = *second + " refs/heads/main\n";
  bytes.insert(bytes.find(main_line), *second + " " + long_ref + "\n");
  const std::string edited = tmp / "long-ref.bundle";
  WriteText(edited, bytes);
  EXPECT_NE(Git("bundle list-heads " + edited).find(long_ref), std::string::npos);
  info = ReadBundleHeader(edited);
  ASSERT_TRUE(info.ok()) << info.status().message();
  ASSERT_EQ(info->refs.size(), 3u);
  EXPECT_EQ(info->refs[0].second, long_ref);
}

}  // namespace
}  // namespace taxa::sync
