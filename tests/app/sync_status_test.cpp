// Session::SyncStatus and the record of the last sync: two replicas through a
// bare hub, with ahead/behind checked against git's own rev-list.
#include <ctime>
#include <sstream>

#include "session/project.h"
#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

#include "taxa/core/fs.h"

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

std::unique_ptr<Project> Open(Result<std::unique_ptr<Project>> s) {
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? std::move(*s) : nullptr;
}

RemoteStatus OnlyRemote(Project& s) {
  Result<std::vector<RemoteStatus>> status = app::Remotes(s).Overview();
  EXPECT_TRUE(status.ok()) << status.status().message();
  EXPECT_EQ(status.ok() ? status->size() : 0u, 1u);
  return status.ok() && !status->empty() ? status->front() : RemoteStatus();
}

// git's count of commits on main that origin/main lacks, and the reverse.
std::pair<size_t, size_t> GitAheadBehind(const std::string& dir) {
  ::taxa::testing::CommandResult r =
      RunCommand("git -C " + dir + " rev-list --left-right --count main...origin/main");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  size_t ahead = 0, behind = 0;
  in >> ahead >> behind;
  return {ahead, behind};
}

TEST(SyncStatus, AheadAndBehindFollowCommitsAndSyncsOfTwoReplicas) {
  TempDir tmp;
  ASSERT_EQ(RunCommand("git init -q --bare " + tmp / "hub").exit_code, 0);
  auto a = Open(Project::Create(tmp / "a", "Tickets", {.user = "alice"}));
  ASSERT_TRUE(a);
  ASSERT_TRUE(app::TaxonomyEdits(*a)
                  .Add({.id = "billing", .name = "Billing", .definition = "Money."})
                  .ok());
  ASSERT_TRUE(app::Remotes(*a).Add("origin", tmp / "hub").ok());

  RemoteStatus before = OnlyRemote(*a);
  EXPECT_EQ(before.name, "origin");
  EXPECT_EQ(before.url, tmp / "hub");
  EXPECT_EQ(before.tracking, "") << "never fetched";
  size_t commits = std::stoul(RunCommand("git -C " + tmp / "a" + " rev-list --count main").out);
  EXPECT_EQ(before.ahead, commits) << "every commit is ours alone";
  EXPECT_EQ(before.behind, 0u);
  EXPECT_FALSE(before.last_sync.has_value());

  int64_t t0 = std::time(nullptr);
  Result<SyncReport> pushed = app::Remotes(*a).Sync("origin");
  ASSERT_TRUE(pushed.ok()) << pushed.status().message();
  RemoteStatus after = OnlyRemote(*a);
  EXPECT_EQ(after.tracking, pushed->head);
  EXPECT_EQ(after.ahead, 0u);
  EXPECT_EQ(after.behind, 0u);
  ASSERT_TRUE(after.last_sync.has_value());
  EXPECT_TRUE(after.last_sync->ok);
  EXPECT_GE(after.last_sync->time, t0);
  EXPECT_LE(after.last_sync->time, static_cast<int64_t>(std::time(nullptr)));
  EXPECT_EQ(after.last_sync->summary, DescribeSync("origin", *pushed));
  EXPECT_NE(after.last_sync->summary.find("pushed " + pushed->head.substr(0, 10)),
            std::string::npos);

  auto b = Open(Project::Clone(tmp / "hub", tmp / "b", {.user = "bob"}));
  ASSERT_TRUE(b);
  EXPECT_FALSE(OnlyRemote(*b).last_sync.has_value()) << "records are per clone";
  ASSERT_TRUE(app::TaxonomyEdits(*b)
                  .Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."})
                  .ok());
  RemoteStatus b_ahead = OnlyRemote(*b);
  EXPECT_EQ(b_ahead.ahead, 1u);
  EXPECT_EQ(b_ahead.behind, 0u);
  EXPECT_EQ((std::pair{b_ahead.ahead, b_ahead.behind}), GitAheadBehind(tmp / "b"));
  ASSERT_TRUE(app::Remotes(*b).Sync("origin").ok());

  // a has not fetched: its view of origin is what it last saw, read without network.
  ASSERT_TRUE(app::TaxonomyEdits(*a)
                  .Add({.id = "returns", .name = "Returns", .definition = "Goods back."})
                  .ok());
  RemoteStatus stale = OnlyRemote(*a);
  EXPECT_EQ(stale.tracking, pushed->head);
  EXPECT_EQ(stale.ahead, 1u);
  EXPECT_EQ(stale.behind, 0u);

  Result<SyncReport> merged = app::Remotes(*a).Sync("origin");
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_TRUE(merged->merged);
  RemoteStatus joined = OnlyRemote(*a);
  EXPECT_EQ(joined.ahead, 0u);
  EXPECT_EQ(joined.behind, 0u);
  EXPECT_EQ((std::pair{joined.ahead, joined.behind}), GitAheadBehind(tmp / "a"));
  EXPECT_NE(joined.last_sync->summary.find("merged with origin"), std::string::npos)
      << joined.last_sync->summary;

  // b now lags by a's commit and the merge, before it syncs again.
  ASSERT_TRUE(app::Remotes(*b).Sync("origin").ok());
  RemoteStatus b_after = OnlyRemote(*b);
  EXPECT_EQ(b_after.ahead, 0u);
  EXPECT_EQ(b_after.behind, 0u);
  EXPECT_NE(b_after.last_sync->summary.find("fast-forwarded to origin"), std::string::npos)
      << b_after.last_sync->summary;
}

TEST(SyncStatus, AFailedSyncIsRecordedWithItsError) {
  TempDir tmp;
  auto a = Open(Project::Create(tmp / "a", "Tickets", {.user = "alice"}));
  ASSERT_TRUE(a);
  ASSERT_TRUE(app::Remotes(*a).Add("gone", tmp / "nowhere").ok());
  Result<SyncReport> failed = app::Remotes(*a).Sync("gone");
  ASSERT_TRUE(Fails(failed.status(), StatusCode::kIo, {"gone"}));
  RemoteStatus r = OnlyRemote(*a);
  ASSERT_TRUE(r.last_sync.has_value());
  EXPECT_FALSE(r.last_sync->ok);
  EXPECT_EQ(r.last_sync->summary, failed.status().message());
  EXPECT_EQ(r.tracking, "");
}

TEST(SyncStatus, AnUnreadableRecordIsReportedNamingItsFile) {
  TempDir tmp;
  auto a = Open(Project::Create(tmp / "a", "Tickets", {.user = "alice"}));
  ASSERT_TRUE(a);
  ASSERT_TRUE(app::Remotes(*a).Add("origin", tmp / "hub").ok());
  WriteText(tmp / "a/.git/taxa/last-sync.json", "{\"origin\": {\"time\": \"soon\"}}");
  EXPECT_TRUE(Fails(app::Remotes(*a).Overview().status(), StatusCode::kCorrupt,
                    {"last-sync.json", "\"origin\"", "\"time\""}));
  WriteText(tmp / "a/.git/taxa/last-sync.json", "not json");
  EXPECT_TRUE(Fails(app::Remotes(*a).Overview().status(), StatusCode::kCorrupt,
                    {"last-sync.json", "not a JSON object"}));
}

TEST(SyncStatus, AReadOnlySessionRecordsNothing) {
  TempDir tmp;
  ASSERT_TRUE(Open(Project::Create(tmp / "a", "Tickets", {.user = "alice"})));
  auto r = Open(Project::Open(tmp / "a", {.user = "alice", .mode = OpenMode::kReadOnly}));
  ASSERT_TRUE(r);
  EXPECT_TRUE(app::Remotes(*r).RecordSync("origin", SyncReport{}).ok());
  EXPECT_FALSE(::taxa::core::PathExists(tmp / "a/.git/taxa/last-sync.json"));
}

}  // namespace
}  // namespace taxa::app
