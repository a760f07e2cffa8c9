// What a project takes in from a peer: another project, a plain git
// repository, or a copy whose commits hold files that do not read is refused
// before any ref moves, by bundle verify and apply alike and by fetch, and
// leaves no object behind. Hostile peers are made with the real git CLI.
#include "taxa/sync/incoming.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/git_servers.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

#include "taxa/core/item.h"
#include "taxa/core/label_event.h"
#include "taxa/core/shard.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/sync/bundle.h"
#include "taxa/sync/remote.h"

namespace taxa::sync {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::Fails;
using taxa::testing::GitHttpServer;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

constexpr const char* kSegment = "labels/alice/dev1/00000001.jsonl.zst";

std::string Git(const std::string& args) {
  CommandResult r = RunCommand("git " + args);
  EXPECT_EQ(r.exit_code, 0) << "git " << args << "\n" << r.err;
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

core::LabelEvent Event(const std::string& item, const std::string& category, uint64_t hlc) {
  core::LabelEvent e;
  e.item = item;
  e.annotator = "alice";
  e.device = "dev1";
  e.hlc = hlc;
  e.taxonomy = "tree:0";
  e.categories = {category};
  e.id = core::ComputeEventId(e);
  return e;
}

// A segment of `events` as the project writes one: lines sorted by event id.
std::string Segment(const std::vector<core::LabelEvent>& events) {
  std::vector<std::string> lines;
  for (const core::LabelEvent& e : events) lines.push_back(core::EncodeEventLine(e));
  std::sort(lines.begin(), lines.end());
  return core::EncodeShard(lines);
}

std::string CategoryFile(const std::string& id, const std::string& name,
                         const std::string& parent = "") {
  core::Category c;
  c.id = id;
  c.name = name;
  c.parent = parent;
  c.definition = "About " + name;
  return core::EncodeCategory(c);
}

// A project as `taxa init` and a few commands leave it: settings, two
// categories, two items and a segment of two label events.
Repository MakeProject(const std::string& dir, const std::string& id, const std::string& name) {
  Result<Repository> r = Repository::Init(dir);
  EXPECT_TRUE(r.ok()) << r.status().message();
  core::ProjectSettings s;
  s.id = id;
  s.name = name;
  s.created = "2026-01-01T00:00:00Z";
  EXPECT_TRUE(r->Commit({{"taxa.json", core::EncodeSettings(s)}}, {.subject = "Create"}).ok());
  core::Item t1{.id = "t1", .text = "refund please"}, t2{.id = "t2", .text = "parcel lost"};
  Result<std::string> c = r->Commit(
      {{"taxonomy/categories/billing.json", CategoryFile("billing", "Billing")},
       {"taxonomy/categories/shipping.json", CategoryFile("shipping", "Shipping")},
       {"items/b1/00000.jsonl.zst",
        core::EncodeShard({core::EncodeItemLine(t1), core::EncodeItemLine(t2)})},
       {kSegment, Segment({Event("t1", "billing", 1), Event("t2", "shipping", 2)})}},
      {.subject = "Taxonomy, items and labels"});
  EXPECT_TRUE(c.ok()) << c.status().message();
  return std::move(*r);
}

class Incoming : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = MakeProject(tmp_ / "a", std::string(32, 'a'), "Tickets");
    base_ = *a_.Head();
    Git("clone -q " + tmp_ / "a" + " " + tmp_ / "r");
    Result<Repository> r = Repository::Open(tmp_ / "r");
    ASSERT_TRUE(r.ok()) << r.status().message();
    receiver_ = std::move(*r);
    Git("clone -q " + tmp_ / "a" + " " + tmp_ / "peer");
    Git("-C " + tmp_ / "peer" + " config user.name Peer");
    Git("-C " + tmp_ / "peer" + " config user.email peer@x");
    before_ = State();
  }

  // The peer's work tree file at `path`.
  std::string Peer(const std::string& path) { return tmp_ / "peer" + "/" + path; }
  // Commits the peer's work tree as git would; returns the commit id.
  std::string PeerCommit(const std::string& message) {
    Git("-C " + tmp_ / "peer" + " add -A");
    Git("-C " + tmp_ / "peer" + " commit -q -m '" + message + "'");
    return Git("-C " + tmp_ / "peer" + " rev-parse HEAD");
  }
  // A bundle of the peer's commits that the receiver lacks, made by git.
  std::string PeerBundle(const std::string& name) {
    std::string path = tmp_ / name;
    Git("-C " + tmp_ / "peer" + " bundle create -q " + path + " " + base_ + "..main");
    return path;
  }

  // HEAD, every ref, the object files and the git/taxa folder of the receiver.
  std::string State() {
    std::string out = RunCommand("git -C " + tmp_ / "r" + " rev-parse HEAD").out +
                      RunCommand("git -C " + tmp_ / "r" + " show-ref").out;
    std::error_code ec;
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(receiver_.git_dir() + "/objects", ec))
      out += e.path().string() + "\n";
    for (const auto& e : std::filesystem::directory_iterator(receiver_.git_dir() + "/taxa", ec))
      out += e.path().string() + "\n";
    return out;
  }

  // Bundle verify and apply both refuse `path` with `code` and `fragments`,
  // in one line, and the receiver is as it was.
  void ExpectBundleRefused(const std::string& path, StatusCode code,
                           std::initializer_list<std::string> fragments) {
    Result<BundleInfo> verified = VerifyBundle(path, &receiver_, CheckIncoming);
    EXPECT_TRUE(Fails(verified.status(), code, fragments));
    Result<BundleInfo> applied = ImportBundle(receiver_, path, CheckIncoming);
    EXPECT_TRUE(Fails(applied.status(), code, fragments));
    EXPECT_EQ(applied.status().message(), verified.status().message());
    EXPECT_EQ(applied.status().message().find('\n'), std::string::npos);
    EXPECT_EQ(State(), before_);
  }

  TempDir tmp_;
  Repository a_;
  Repository receiver_;
  std::string base_;
  std::string before_;
};

TEST_F(Incoming, AReplicasNewLabelsAndCategoriesAreTakenIn) {
  WriteText(Peer(kSegment), Segment({Event("t1", "billing", 1), Event("t2", "shipping", 2),
                                     Event("t2", "billing", 3)}));
  WriteText(Peer("taxonomy/categories/returns.json"),
            CategoryFile("returns", "Returns", "shipping"));
  std::string tip = PeerCommit("more");
  std::string path = PeerBundle("good.bundle");
  Result<BundleInfo> verified = VerifyBundle(path, &receiver_, CheckIncoming);
  ASSERT_TRUE(verified.ok()) << verified.status().message();
  EXPECT_EQ(State(), before_);  // verify keeps nothing
  Result<BundleInfo> applied = ImportBundle(receiver_, path, CheckIncoming);
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  EXPECT_EQ(applied->tip, tip);
  EXPECT_EQ(Git("-C " + tmp_ / "r" + " cat-file -t " + tip), "commit");
  // A copy with no commits yet takes in the whole project.
  Result<Repository> fresh = Repository::Init(tmp_ / "fresh");
  ASSERT_TRUE(fresh.ok());
  Git("-C " + tmp_ / "peer" + " bundle create -q " + tmp_ / "all.bundle" + " main");
  Result<BundleInfo> whole = ImportBundle(*fresh, tmp_ / "all.bundle", CheckIncoming);
  EXPECT_TRUE(whole.ok()) << whole.status().message();
}

TEST_F(Incoming, APlainGitRepositoryIsNoProject) {
  Git("init -q -b main " + tmp_ / "plain");
  WriteText(tmp_ / "plain/README", "hello\n");
  Git("-C " + tmp_ / "plain" + " add README");
  Git("-C " + tmp_ / "plain" + " -c user.name=G -c user.email=g@x commit -q -m first");
  Git("-C " + tmp_ / "plain" + " bundle create -q " + tmp_ / "plain.bundle" + " main");
  ExpectBundleRefused(tmp_ / "plain.bundle", StatusCode::kFailedPrecondition,
                      {"plain.bundle: refused: its commit ", "holds no taxa.json",
                       "not a Taxa project"});
}

TEST_F(Incoming, AnotherProjectIsRefusedNamingBoth) {
  Repository other = MakeProject(tmp_ / "other", std::string(32, 'b'), "Other");
  Git("-C " + tmp_ / "other" + " bundle create -q " + tmp_ / "other.bundle" + " main");
  ExpectBundleRefused(tmp_ / "other.bundle", StatusCode::kFailedPrecondition,
                      {"other.bundle: refused: another project", "shares no commit",
                       "\"Other\", id " + std::string(32, 'b'),
                       "this is \"Tickets\", id " + std::string(32, 'a')});
}

TEST_F(Incoming, ASharedHistoryThatChangesTheProjectIdIsRefused) {
  std::string settings = ReadText(Peer("taxa.json"));
  settings.replace(settings.find(std::string(32, 'a')), 32, std::string(32, 'c'));
  WriteText(Peer("taxa.json"), settings);
  PeerCommit("new id");
  ExpectBundleRefused(PeerBundle("id.bundle"), StatusCode::kFailedPrecondition,
                      {"another project", "names \"Tickets\", id " + std::string(32, 'c')});
}

TEST_F(Incoming, AFlippedSegmentByteIsRefusedNamingCommitAndPath) {
  std::string bytes = ReadText(Peer(kSegment));
  bytes[bytes.size() / 2] ^= 0x10;
  WriteText(Peer(kSegment), bytes);
  std::string commit = PeerCommit("flip");
  ExpectBundleRefused(PeerBundle("flip.bundle"), StatusCode::kCorrupt,
                      {"flip.bundle: refused: commit " + commit.substr(0, 12) + ": " + kSegment});
}

TEST_F(Incoming, AnEventWhoseIdDoesNotMatchItsContentIsRefused) {
  core::LabelEvent forged = Event("t1", "billing", 1);
  forged.categories = {"shipping"};  // the id still names "billing"
  std::vector<std::string> lines = {core::EncodeEventLine(forged),
                                    core::EncodeEventLine(Event("t2", "shipping", 2))};
  std::sort(lines.begin(), lines.end());
  WriteText(Peer(kSegment), core::EncodeShard(lines));
  std::string commit = PeerCommit("forge");
  ExpectBundleRefused(PeerBundle("forged.bundle"), StatusCode::kCorrupt,
                      {"commit " + commit.substr(0, 12) + ": " + kSegment + ":", "id"});
}

TEST_F(Incoming, AnEventInAnotherAnnotatorsFolderIsRefused) {
  core::LabelEvent bob = Event("t1", "billing", 5);
  bob.annotator = "bob";
  bob.id = core::ComputeEventId(bob);
  WriteText(Peer(kSegment), Segment({Event("t1", "billing", 1), bob}));
  PeerCommit("bob in the folder of alice");
  ExpectBundleRefused(PeerBundle("bob.bundle"), StatusCode::kCorrupt,
                      {kSegment, "event of bob on device dev1 in the folder of alice"});
}

TEST_F(Incoming, ABrokenCategoryFileIsRefused) {
  WriteText(Peer("taxonomy/categories/evil.json"), "{\"id\": \"evil\", \"name\": ");
  std::string commit = PeerCommit("evil");
  ExpectBundleRefused(PeerBundle("evil.bundle"), StatusCode::kCorrupt,
                      {"commit " + commit.substr(0, 12) + ": taxonomy/categories/evil.json"});
}

TEST_F(Incoming, ACategoryCycleOrAMissingParentIsRefused) {
  WriteText(Peer("taxonomy/categories/billing.json"), CategoryFile("billing", "Billing", "shipping"));
  WriteText(Peer("taxonomy/categories/shipping.json"),
            CategoryFile("shipping", "Shipping", "billing"));
  std::string commit = PeerCommit("cycle");
  ExpectBundleRefused(PeerBundle("cycle.bundle"), StatusCode::kCorrupt,
                      {"commit " + commit.substr(0, 12) + ": taxonomy/categories/",
                       "its parents form a cycle"});

  Git("-C " + tmp_ / "peer" + " reset -q --hard " + base_);
  WriteText(Peer("taxonomy/categories/orphan.json"), CategoryFile("orphan", "Orphan", "nowhere"));
  PeerCommit("orphan");
  ExpectBundleRefused(PeerBundle("orphan.bundle"), StatusCode::kCorrupt,
                      {"taxonomy/categories/orphan.json: parent \"nowhere\" does not exist"});
}

TEST_F(Incoming, BrokenItemsAndSettingsAreRefused) {
  WriteText(Peer("items/b1/00000.jsonl.zst"), core::EncodeShard({"{\"id\": 5}"}));
  PeerCommit("items");
  ExpectBundleRefused(PeerBundle("items.bundle"), StatusCode::kCorrupt,
                      {"items/b1/00000.jsonl.zst:1"});
  Git("-C " + tmp_ / "peer" + " reset -q --hard " + base_);
  WriteText(Peer("taxa.json"), "{\"format\": 1, \"id\": ");
  PeerCommit("settings");
  ExpectBundleRefused(PeerBundle("settings.bundle"), StatusCode::kCorrupt, {"taxa.json"});
}

TEST_F(Incoming, FilesAtPathsOutsideTheFormatAreRefused) {
  WriteText(Peer("evil.sh"), "rm -rf ~\n");
  std::string commit = PeerCommit("script");
  ExpectBundleRefused(PeerBundle("script.bundle"), StatusCode::kInvalidInput,
                      {"commit " + commit.substr(0, 12) + ": evil.sh: not a path of a Taxa project"});

  // A symbolic link where a segment belongs.
  Git("-C " + tmp_ / "peer" + " reset -q --hard " + base_);
  std::filesystem::create_symlink("/etc/passwd", Peer("labels/alice/dev1/00000002.jsonl.zst"));
  PeerCommit("link");
  ExpectBundleRefused(PeerBundle("link.bundle"), StatusCode::kInvalidInput,
                      {"labels/alice/dev1/00000002.jsonl.zst: not a regular file"});

  // labels/../x, which git's own commands never write: built with plumbing.
  Git("-C " + tmp_ / "peer" + " reset -q --hard " + base_);
  std::string peer = tmp_ / "peer";
  std::string blob = Git("-C " + peer + " hash-object -w taxa.json");
  std::string inner =
      RunCommand("printf '100644 blob " + blob + "\\tx\\n' | git -C " + peer + " mktree").out;
  inner.pop_back();
  std::string dots =
      RunCommand("printf '040000 tree " + inner + "\\t..\\n' | git -C " + peer + " mktree").out;
  dots.pop_back();
  std::string root = Git("-C " + peer + " rev-parse HEAD^{tree}");
  std::string listing = Git("-C " + peer + " ls-tree " + root);
  std::string labels_line = "040000 tree " + dots + "\tlabels";
  std::string edited;
  for (size_t start = 0; start < listing.size();) {
    size_t end = listing.find('\n', start);
    if (end == std::string::npos) end = listing.size();
    std::string line = listing.substr(start, end - start);
    edited += (line.ends_with("\tlabels") ? labels_line : line) + "\\n";
    start = end + 1;
  }
  std::string tree =
      RunCommand("printf '" + edited + "' | git -C " + peer + " mktree").out;
  tree.pop_back();
  std::string commit2 =
      Git("-C " + peer + " commit-tree " + tree + " -p " + base_ + " -m dots");
  Git("-C " + peer + " update-ref refs/heads/main " + commit2);
  ExpectBundleRefused(PeerBundle("dots.bundle"), StatusCode::kInvalidInput,
                      {"commit " + commit2.substr(0, 12) + ": labels/../x",
                       "not a path of a Taxa project"});
}

TEST_F(Incoming, AHeaderNamingACommitNotInThePackIsRefusedByVerifyAsByApply) {
  WriteText(Peer("taxonomy/categories/returns.json"), CategoryFile("returns", "Returns"));
  std::string tip = PeerCommit("returns");
  std::string bytes = ReadText(PeerBundle("good.bundle"));
  std::string ghost(40, 'e');
  bytes.replace(bytes.find(tip + " refs/heads/main"), 40, ghost);
  WriteText(tmp_ / "ghost.bundle", bytes);
  // The file itself is whole: only its objects show that the header lies.
  EXPECT_TRUE(VerifyBundle(tmp_ / "ghost.bundle", nullptr).ok());
  ExpectBundleRefused(tmp_ / "ghost.bundle", StatusCode::kCorrupt,
                      {"ghost.bundle: incomplete", ghost.substr(0, 12), "is not in the pack"});
}

TEST_F(Incoming, FetchFromAnotherProjectOnThisMachineMovesAndCopiesNothing) {
  Repository other = MakeProject(tmp_ / "other", std::string(32, 'b'), "Other");
  ASSERT_TRUE(AddRemote(receiver_, "other", tmp_ / "other").ok());
  before_ = State();
  Result<std::string> fetched = Fetch(receiver_, "other", nullptr, CheckIncoming);
  EXPECT_TRUE(Fails(fetched.status(), StatusCode::kFailedPrecondition,
                    {"remote \"other\" (" + tmp_ / "other" + "): refused: another project"}));
  EXPECT_EQ(State(), before_);  // no tracking ref, no object copied
  EXPECT_NE(RunCommand("git -C " + tmp_ / "r" + " rev-parse -q --verify refs/remotes/other/main")
                .exit_code,
            0);
}

TEST_F(Incoming, FetchOverHttpOfABrokenCategoryLeavesNoPackAndNoTrackingRef) {
  GitHttpServer http;
  if (!http.missing().empty()) GTEST_SKIP() << http.missing();
  ASSERT_TRUE(http.error().empty()) << http.error();
  std::string url = http.MakeRepo("hub.git");
  WriteText(Peer("taxonomy/categories/evil.json"), "[1, 2");
  std::string commit = PeerCommit("evil");
  Git("-C " + tmp_ / "peer" + " push -q " + http.RepoPath("hub.git") + " main");
  ASSERT_TRUE(AddRemote(receiver_, "hub", url).ok());
  before_ = State();
  Result<std::string> fetched = Fetch(receiver_, "hub", nullptr, CheckIncoming);
  EXPECT_TRUE(Fails(fetched.status(), StatusCode::kCorrupt,
                    {"remote \"hub\"", "refused: commit " + commit.substr(0, 12) +
                                           ": taxonomy/categories/evil.json"}));
  EXPECT_EQ(State(), before_);

  // The peer repairs it: the next fetch takes both commits in.
  std::filesystem::remove(Peer("taxonomy/categories/evil.json"));
  std::string fixed = PeerCommit("repair");
  Git("-C " + tmp_ / "peer" + " push -q " + http.RepoPath("hub.git") + " main");
  fetched = Fetch(receiver_, "hub", nullptr, CheckIncoming);
  EXPECT_FALSE(fetched.ok());  // the broken commit is still in the history
  Git("-C " + tmp_ / "peer" + " reset -q --hard " + base_);
  WriteText(Peer("taxonomy/categories/good.json"), CategoryFile("good", "Good"));
  std::string good = PeerCommit("good");
  Git("-C " + tmp_ / "peer" + " push -q -f " + http.RepoPath("hub.git") + " main");
  fetched = Fetch(receiver_, "hub", nullptr, CheckIncoming);
  ASSERT_TRUE(fetched.ok()) << fetched.status().message();
  EXPECT_EQ(*fetched, good);
  EXPECT_EQ(Git("-C " + tmp_ / "r" + " rev-parse refs/remotes/hub/main"), good);
  (void)fixed;
}

}  // namespace
}  // namespace taxa::sync
