// A damaged index is found and rebuilt by the session, with one notice, and
// every answer stays right (issue 9, defect 4).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "session/project.h"
#include "session/history.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/quality_service.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"

namespace taxa::app {
namespace {

using taxa::testing::TempDir;
using taxa::testing::WriteText;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Flips 64 bytes of the index inside the row that holds `text`.
void FlipPayload(const std::string& path, const std::string& text) {
  std::string bytes = ReadAll(path);
  size_t at = bytes.find(text);
  ASSERT_NE(at, std::string::npos) << text;
  for (size_t i = at; i < at + 64 && i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(bytes[i] ^ 0x01);
  WriteAll(path, bytes);
}

// Items i1..i8; alice labels all eight, bob the first four, agreeing with
// alice on three of them (i3: billing against shipping).
void MakeProject(const std::string& dir) {
  auto s = Project::Create(dir, "Tickets", {.user = "lead"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  Project& p = **s;
  ASSERT_TRUE(TaxonomyEdits(p).Add({.id = "billing", .name = "Billing", .definition = "Money."}).ok());
  ASSERT_TRUE(TaxonomyEdits(p).Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
  std::string items;
  for (int i = 1; i <= 8; ++i)
    items += "{\"id\":\"i" + std::to_string(i) + "\",\"text\":\"ticket " + std::to_string(i) +
             "\"}\n";
  WriteText(dir + ".items.jsonl", items);
  ASSERT_TRUE(Items(p).Import(dir + ".items.jsonl").ok());
  std::vector<LabelRequest> labels;
  for (int i = 1; i <= 8; ++i)
    labels.push_back({.item = "i" + std::to_string(i),
                      .categories = {i % 2 ? "billing" : "shipping"},
                      .annotator = "alice"});
  for (int i = 1; i <= 4; ++i)
    labels.push_back({.item = "i" + std::to_string(i),
                      .categories = {i == 3 ? "shipping" : (i % 2 ? "billing" : "shipping")},
                      .annotator = "bob"});
  ASSERT_TRUE(Labeling(p).LabelMany(labels, LabelCommit::kNow).ok());
}

SessionOptions Reader(std::vector<std::string>& notices) {
  return {.user = "lead",
          .mode = OpenMode::kReadOnly,
          .notice = [&notices](const std::string& line) { notices.push_back(line); }};
}

void ExpectRightCounts(Project& s) {
  Result<core::IndexCounts> c = Items(s).Counts();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->items, 8);
  EXPECT_EQ(c->labeled_items, 8);
  EXPECT_EQ(c->events, 12);
  EXPECT_EQ(c->by_annotator,
            (std::vector<std::pair<std::string, int64_t>>{{"alice", 8}, {"bob", 4}}));
  // alice: 4 billing (odd items), 4 shipping; bob: i1 billing, i2, i3, i4 shipping.
  EXPECT_EQ(c->by_category,
            (std::vector<std::pair<std::string, int64_t>>{{"billing", 5}, {"shipping", 7}}));
}

TEST(IndexRepair, DamageInsideALabelRowIsRebuiltWithOneNoticeAndAnswersStayRight) {
  TempDir tmp;
  const std::string dir = tmp / "p";
  MakeProject(dir);
  FlipPayload(dir + "/.git/taxa/index.sqlite", "[\"shipping\"]");

  std::vector<std::string> notices;
  auto s = Project::Open(dir, Reader(notices));
  ASSERT_TRUE(s.ok()) << s.status().message();
  ExpectRightCounts(**s);
  // Percent agreement by hand: bob and alice share i1..i4 and agree on 3.
  Result<std::vector<AgreeRow>> rows = Quality(**s).Agree({.agree = {.metric = Metric::kPercent}});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_DOUBLE_EQ(rows->front().report.value, 0.75);
  EXPECT_EQ(rows->front().report.items, 4u);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("the index was damaged"), std::string::npos) << notices[0];
  EXPECT_NE(notices[0].find("failed its checksum"), std::string::npos) << notices[0];
  EXPECT_NE(notices[0].find("rebuilt it from the repository"), std::string::npos) << notices[0];
}

TEST(IndexRepair, AnIndexDamagedEverywhereIsRebuiltAtOpenAndStaysRightAfterNewCommits) {
  TempDir tmp;
  const std::string dir = tmp / "p";
  MakeProject(dir);
  const std::string path = dir + "/.git/taxa/index.sqlite";
  std::string bytes = ReadAll(path);
  for (size_t at = 4096 + 500; at + 64 < bytes.size(); at += 4096)
    for (size_t i = at; i < at + 64; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x40);
  WriteAll(path, bytes);

  std::vector<std::string> notices;
  {
    auto s = Project::Open(dir, Reader(notices));
    ASSERT_TRUE(s.ok()) << s.status().message();
    ExpectRightCounts(**s);
  }
  ASSERT_EQ(notices.size(), 1u) << notices.back();
  EXPECT_NE(notices[0].find("the index was damaged"), std::string::npos) << notices[0];

  // New commits on top of the rebuilt index.
  {
    auto w = Project::Open(dir, {.user = "carol"});
    ASSERT_TRUE(w.ok()) << w.status().message();
    ASSERT_TRUE(Labeling(**w).Label({.item = "i8", .categories = {"billing"}}).ok());
    ASSERT_TRUE((*w)->Flush().ok());
  }
  notices.clear();
  auto s = Project::Open(dir, Reader(notices));
  ASSERT_TRUE(s.ok());
  Result<core::IndexCounts> c = Items(**s).Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->by_annotator, (std::vector<std::pair<std::string, int64_t>>{
                                 {"alice", 8}, {"bob", 4}, {"carol", 1}}));
  EXPECT_TRUE(notices.empty());
}

TEST(IndexRepair, AReaderRepairingBesideAWriterKeepsTheWritersPendingLabels) {
  TempDir tmp;
  const std::string dir = tmp / "p";
  MakeProject(dir);
  auto w = Project::Open(dir, {.user = "carol"});
  ASSERT_TRUE(w.ok()) << w.status().message();
  ASSERT_TRUE(Labeling(**w).LabelMany({{.item = "i5", .categories = {"shipping"}},
                               {.item = "i6", .categories = {"billing"}}})
                  .ok());
  ASSERT_EQ((*w)->pending_labels(), 2u);

  // Damage in the items' rows, which the writer's pending labels did not
  // touch (so their pages are read from the file, not from the WAL).
  FlipPayload(dir + "/.git/taxa/index.sqlite", "ticket 5");
  std::vector<std::string> notices;
  {
    auto r = Project::Open(dir, Reader(notices));
    ASSERT_TRUE(r.ok()) << r.status().message();
    // An export reads every page first: it finds the damage, and the reader
    // rebuilds the index from its commit. The writer's journaled labels are
    // not in that commit, so not in the rebuilt index until it commits them.
    std::map<std::string, int> labels;
    Status exported = Items(**r).Export([&](std::string_view line) {
      for (const char* a : {"alice", "bob", "carol"})
        labels[a] += line.find("\"" + std::string(a) + "\"") != line.npos;
      return Status::Ok();
    });
    ASSERT_TRUE(exported.ok()) << exported.message();
    EXPECT_EQ(labels, (std::map<std::string, int>{{"alice", 8}, {"bob", 4}, {"carol", 0}}));
  }
  ASSERT_EQ(notices.size(), 1u);

  // The writer commits them: they reach the rebuilt index.
  ASSERT_TRUE((*w)->Flush().ok());
  Result<core::IndexCounts> c = Items(**w).Counts();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->by_annotator, (std::vector<std::pair<std::string, int64_t>>{
                                 {"alice", 8}, {"bob", 4}, {"carol", 2}}));
  w->reset();
  notices.clear();
  auto r = Project::Open(dir, Reader(notices));
  ASSERT_TRUE(r.ok());
  c = Items(**r).Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->by_annotator, (std::vector<std::pair<std::string, int64_t>>{
                                 {"alice", 8}, {"bob", 4}, {"carol", 2}}));
  EXPECT_TRUE(notices.empty());
}

TEST(ReadOnlyProject, ReadsOneSnapshotWhileAWriterCommits) {
  TempDir tmp;
  const std::string dir = tmp / "p";
  MakeProject(dir);
  std::vector<std::string> notices;
  auto r = Project::Open(dir, Reader(notices));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE((*r)->writable());
  Result<std::vector<sync::LogEntry>> before = History(**r).Log(0);
  ASSERT_TRUE(before.ok());

  // A writer opens beside the reader (no lock taken by the reader) and commits.
  auto w = Project::Open(dir, {.user = "carol"});
  ASSERT_TRUE(w.ok()) << w.status().message();
  ASSERT_TRUE(Labeling(**w).Label({.item = "i1", .categories = {"shipping"}}).ok());
  ASSERT_TRUE((*w)->Flush().ok());
  ASSERT_TRUE(TaxonomyEdits(**w).Add({.id = "other", .name = "Other", .definition = "Else."}).ok());

  // The reader still answers from the commit it opened at, index and files alike.
  Result<core::IndexCounts> c = Items(**r).Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->by_annotator,
            (std::vector<std::pair<std::string, int64_t>>{{"alice", 8}, {"bob", 4}}));
  EXPECT_EQ(History(**r).Log(0)->size(), before->size());
  EXPECT_EQ((*r)->taxonomy().size(), 2u);

  auto later = Project::Open(dir, Reader(notices));
  ASSERT_TRUE(later.ok());
  c = Items(**later).Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->by_annotator, (std::vector<std::pair<std::string, int64_t>>{
                                 {"alice", 8}, {"bob", 4}, {"carol", 1}}));
  EXPECT_EQ(History(**later).Log(0)->size(), before->size() + 2);
  EXPECT_TRUE(notices.empty());
}

}  // namespace
}  // namespace taxa::app
