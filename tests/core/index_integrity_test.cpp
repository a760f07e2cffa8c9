// Damage inside the index is found, never answered from (issue 9, defect 4),
// and the index's own catch-up is safe beside another process's.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "storage/checksum_vfs.h"
#include "storage/sqlite_db.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include "taxa/core/export.h"
#include "taxa/core/index.h"
#include "taxa/core/shard.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;
using taxa::testing::TempDir;
using Files = std::map<std::string, std::string>;

Item It(int n) {
  Item item;
  item.id = "item-" + std::to_string(1000 + n);
  item.text = "the text of item number " + std::to_string(1000 + n) +
              " which is long enough to fill pages with payload bytes";
  item.meta_json = "{}";
  return item;
}

LabelEvent Ev(int item, const std::string& annotator, uint64_t hlc, const std::string& category) {
  LabelEvent e;
  e.item = It(item).id;
  e.annotator = annotator;
  e.device = "d1";
  e.hlc = hlc;
  e.taxonomy = "t1";
  e.categories = {category};
  e.id = ComputeEventId(e);
  return e;
}

std::string Segment(std::vector<LabelEvent> events) {
  std::sort(events.begin(), events.end(),
            [](const LabelEvent& a, const LabelEvent& b) { return a.id < b.id; });
  std::vector<std::string> lines;
  for (const LabelEvent& e : events) lines.push_back(EncodeEventLine(e));
  return EncodeShard(lines);
}

constexpr int kItems = 400;

// A commit of 400 items (several pages of them) and labels by two annotators:
// alice labels every item, bob every other one.
Files Commit(int alice_upto = kItems) {
  std::vector<std::string> lines;
  for (int i = 0; i < kItems; ++i) lines.push_back(EncodeItemLine(It(i)));
  Files f;
  f["items/b1/00000.jsonl.zst"] = EncodeShard(lines);
  std::vector<LabelEvent> alice, bob;
  for (int i = 0; i < alice_upto; ++i) alice.push_back(Ev(i, "alice", 10 + i, "cat-a"));
  for (int i = 0; i < kItems; i += 2) bob.push_back(Ev(i, "bob", 10 + i, "cat-b"));
  f["labels/alice/d1/00000001.jsonl.zst"] = Segment(alice);
  f["labels/bob/d1/00000001.jsonl.zst"] = Segment(bob);
  return f;
}

std::vector<FileChange> AllOf(const Files& files) {
  std::vector<FileChange> out;
  for (const auto& [path, bytes] : files) out.push_back({path, FileChange::Kind::kAdded});
  return out;
}

FileLoader LoaderOf(const Files& files) {
  return [&files](const std::string& path) -> Result<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return Status::NotFound(path + ": not in the commit");
    return it->second;
  };
}

// The changes from `from` to `to` as CatchUp asks for them: commits are the
// keys of `commits`; an unknown one fails.
ChangesSince ChangesIn(const std::map<std::string, Files>& commits, const std::string& to) {
  return [&commits, to](const std::string& from) -> Result<std::vector<FileChange>> {
    const Files& target = commits.at(to);
    if (from.empty()) return AllOf(target);
    auto base = commits.find(from);
    if (base == commits.end()) return Status::NotFound("commit " + from + " not found");
    std::vector<FileChange> out;
    for (const auto& [path, bytes] : target) {
      auto it = base->second.find(path);
      if (it == base->second.end()) out.push_back({path, FileChange::Kind::kAdded});
      else if (it->second != bytes) out.push_back({path, FileChange::Kind::kModified});
    }
    for (const auto& [path, bytes] : base->second)
      if (!target.count(path)) out.push_back({path, FileChange::Kind::kDeleted});
    return out;
  };
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Flips 64 bytes of the file at `path` inside the record payload that
// holds `text`: no b-tree structure changes, only what a row says.
void FlipPayload(const std::string& path, const std::string& text, bool last = false) {
  std::string bytes = ReadAll(path);
  size_t at = last ? bytes.rfind(text) : bytes.find(text);
  ASSERT_NE(at, std::string::npos) << text << " is not in " << path;
  ASSERT_LE(at + 64, bytes.size());
  for (size_t i = at; i < at + 64; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x01);
  WriteAll(path, bytes);
}

// An index at `path` holding Commit() as commit "A", closed cleanly.
void MakeIndex(const std::string& path, const Files& files) {
  Result<Index> index = Index::Open(path);
  ASSERT_TRUE(index.ok()) << index.status().message();
  Status s = index->Apply(AllOf(files), LoaderOf(files), "A");
  ASSERT_TRUE(s.ok()) << s.message();
}

// The export of an index, as text.
Result<std::string> ExportOf(Index& index) {
  std::string out;
  Status s = index.ForEachItemWithLabels(
      [&](const Item& item, const std::vector<CurrentLabel>& labels) -> Status {
        out += EncodeExportLine(item, labels) + "\n";
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return out;
}

TEST(IndexIntegrity, AFlippedPayloadByteFailsTheReadInsteadOfAnsweringWrong) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  const Files files = Commit();
  MakeIndex(path, files);
  FlipPayload(path, It(250).text);

  Result<Index> index = Index::Open(path);  // a clean stop before: no check at open
  ASSERT_TRUE(index.ok()) << index.status().message();
  Result<std::vector<ItemRow>> rows = index->ItemsAt(0, kItems);
  EXPECT_TRUE(Fails(rows.status(), StatusCode::kCorrupt, {"index.sqlite", "failed its checksum"}));
  EXPECT_TRUE(Fails(index->ForEachItemWithLabels([](const Item&, const std::vector<CurrentLabel>&) {
                      return Status::Ok();
                    }),
                    StatusCode::kCorrupt, {"failed its checksum"}));
}

// A connection checks a memory-mapped page the first time it maps it
// (checksum_vfs.h); damage made after that is found by the next connection.
TEST(IndexIntegrity, DamageAfterAConnectionReadThePagesIsFoundByTheNextConnection) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  const Files files = Commit();
  MakeIndex(path, files);
  Result<Index> first = Index::Open(path);
  ASSERT_TRUE(first.ok()) << first.status().message();
  for (int round = 0; round < 2; ++round) {
    Result<std::vector<ItemRow>> rows = first->ItemsAt(0, kItems);
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    EXPECT_EQ(rows->size(), size_t{kItems});
  }
  FlipPayload(path, It(250).text);
  Result<Index> next = Index::Open(path);
  ASSERT_TRUE(next.ok()) << next.status().message();
  EXPECT_TRUE(Fails(next->ItemsAt(0, kItems).status(), StatusCode::kCorrupt,
                    {"index.sqlite", "failed its checksum"}));
}

TEST(IndexIntegrity, DamageMetByAQueryIsRefilledAndTheQueryAnswersFromTheNewIndex) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  const Files files = Commit();
  MakeIndex(path, files);
  std::string clean;
  {
    Index fresh = std::move(*Index::Open(dir / "fresh.sqlite"));
    ASSERT_TRUE(fresh.Apply(AllOf(files), LoaderOf(files), "A").ok());
    Result<std::string> e = ExportOf(fresh);
    ASSERT_TRUE(e.ok()) << e.status().message();
    clean = *e;
  }
  // Damage in the labels this time: "cat-b" of bob's rows.
  FlipPayload(path, "[\"cat-b\"]");

  Result<Index> index = Index::Open(path);
  ASSERT_TRUE(index.ok()) << index.status().message();
  const std::map<std::string, Files> commits = {{"A", files}};
  std::vector<std::string> damage;
  index->SetRefill([&](Index& ix, const Status& why) {
    damage.push_back(why.message());
    EXPECT_EQ(ix.indexed_commit(), "") << "refilled from empty";
    return ix.CatchUp("A", ChangesIn(commits, "A"), LoaderOf(files));
  });
  Result<IndexCounts> counts = index->Counts();
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  EXPECT_EQ(counts->items, kItems);
  EXPECT_EQ(counts->labeled_items, kItems);
  EXPECT_EQ(counts->by_annotator,
            (std::vector<std::pair<std::string, int64_t>>{{"alice", kItems}, {"bob", kItems / 2}}));
  EXPECT_EQ(counts->by_category, (std::vector<std::pair<std::string, int64_t>>{
                                     {"cat-a", kItems}, {"cat-b", kItems / 2}}));
  ASSERT_EQ(damage.size(), 1u);
  EXPECT_NE(damage[0].find("failed its checksum"), std::string::npos) << damage[0];
  Result<std::string> exported = ExportOf(*index);
  ASSERT_TRUE(exported.ok()) << exported.status().message();
  EXPECT_EQ(*exported, clean);
  EXPECT_EQ(damage.size(), 1u) << "repaired once";
}

TEST(IndexIntegrity, AScanThatMetDamageAfterHandingOutRowsAsksToStartOver) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  const Files files = Commit();
  MakeIndex(path, files);
  // The last copy of a late item id is in the labels' rows (written after the
  // items): the scan hands out most labels before it meets the damage.
  FlipPayload(path, It(390).id, /*last=*/true);
  Result<Index> index = Index::Open(path);
  ASSERT_TRUE(index.ok());
  const std::map<std::string, Files> commits = {{"A", files}};
  int refills = 0;
  index->SetRefill([&](Index& ix, const Status&) {
    ++refills;
    return ix.CatchUp("A", ChangesIn(commits, "A"), LoaderOf(files));
  });
  size_t seen = 0;
  Status s = index->ScanLabelsByItemId([&](const StoredLabelView&) {
    ++seen;
    return Status::Ok();
  });
  EXPECT_TRUE(Fails(s, StatusCode::kCorrupt, {kRebuiltDuringScan, "failed its checksum"}));
  EXPECT_GT(seen, 0u);
  EXPECT_LT(seen, size_t{kItems + kItems / 2});
  // Started over, the scan reads the rebuilt index whole.
  seen = 0;
  ASSERT_TRUE(index->ScanLabelsByItemId([&](const StoredLabelView&) {
    ++seen;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(seen, size_t{kItems + kItems / 2});
  EXPECT_EQ(refills, 1);
}

TEST(IndexIntegrity, AfterAnUncleanStopTheFileIsCheckedAndReplacedWhenItFails) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  MakeIndex(path, Commit());
  // Damage that every page checksum accepts: written through the checksum
  // VFS, the index on item order is dropped from the schema, so its pages
  // are never used (PRAGMA quick_check sees it; the queries do not).
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE,
                              storage::ChecksumVfsName()),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "PRAGMA writable_schema=ON; "
                           "DELETE FROM sqlite_schema WHERE name = 'items_ord';",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  {
    // After a clean stop nothing is checked: the rows still answer.
    Result<Index> index = Index::Open(path);
    ASSERT_TRUE(index.ok()) << index.status().message();
    EXPECT_EQ(index->replaced_because(), "");
    EXPECT_EQ(index->indexed_commit(), "A");
  }
  // A process that had the index open dies without closing it.
  pid_t child = ::fork();
  if (child == 0) {
    Result<Index> index = Index::Open(path);
    ::_exit(index.ok() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  Result<Index> index = Index::Open(path);
  ASSERT_TRUE(index.ok()) << index.status().message();
  EXPECT_NE(index->replaced_because().find("quick_check"), std::string::npos)
      << index->replaced_because();
  EXPECT_NE(index->replaced_because().find("never used"), std::string::npos)
      << index->replaced_because();
  EXPECT_EQ(index->indexed_commit(), "");
  EXPECT_EQ(*index->ItemCount(), 0);
}

TEST(IndexIntegrity, CountsFailOnDamageInsteadOfAnsweringZero) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  MakeIndex(path, Commit());
  // The b-tree page header of every page after the first two: whatever
  // ItemCount, MaxHlc and LabeledCount read is damaged, in a way SQLite
  // sees too (SQLITE_CORRUPT), where the counts used to answer 0.
  std::string bytes = ReadAll(path);
  for (size_t at = 2 * 4096; at + 64 < bytes.size(); at += 4096)
    for (size_t i = at; i < at + 64; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x10);
  WriteAll(path, bytes);
  Result<Index> index = Index::Open(path);
  ASSERT_TRUE(index.ok()) << index.status().message();
  EXPECT_TRUE(Fails(index->ItemCount().status(), StatusCode::kCorrupt, {"failed its checksum"}));
  EXPECT_TRUE(Fails(index->MaxHlc().status(), StatusCode::kCorrupt, {"failed its checksum"}));
  EXPECT_TRUE(
      Fails(index->LabeledCount("alice").status(), StatusCode::kCorrupt, {"failed its checksum"}));
}

TEST(IndexCatchUp, ADeletedSegmentRebuildsInsideOneTransaction) {
  TempDir dir;
  const Files a = Commit();
  Files b = a;
  b.erase("labels/bob/d1/00000001.jsonl.zst");
  const std::map<std::string, Files> commits = {{"A", a}, {"B", b}};
  Index index = std::move(*Index::Open(dir / "index.sqlite"));
  ASSERT_TRUE(index.CatchUp("A", ChangesIn(commits, "A"), LoaderOf(a)).ok());
  const std::string generation = index.generation();
  Status s = index.CatchUp("B", ChangesIn(commits, "B"), LoaderOf(b));
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(index.indexed_commit(), "B");
  EXPECT_NE(index.generation(), generation) << "pending rows went with the rebuild";
  Result<IndexCounts> c = index.Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->by_annotator, (std::vector<std::pair<std::string, int64_t>>{{"alice", kItems}}));
}

TEST(IndexCatchUp, AnUnknownIndexedCommitRebuildsFromEverything) {
  TempDir dir;
  const Files a = Commit(100), b = Commit(300);
  Index index = std::move(*Index::Open(dir / "index.sqlite"));
  ASSERT_TRUE(index.Apply(AllOf(a), LoaderOf(a), "gone").ok());
  const std::map<std::string, Files> commits = {{"B", b}};
  ASSERT_TRUE(index.CatchUp("B", ChangesIn(commits, "B"), LoaderOf(b)).ok());
  EXPECT_EQ(*index.LabeledCount("alice"), 300);
}

TEST(IndexCatchUp, WhatAWriterKnowsIsIgnoredOnceAnotherProcessRebuiltTheFile) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  const Files a = Commit(100), b = Commit(200);
  const std::map<std::string, Files> commits = {{"A", a}, {"B", b}};
  Index writer = std::move(*Index::Open(path));
  ASSERT_TRUE(writer.CatchUp("A", ChangesIn(commits, "A"), LoaderOf(a)).ok());
  // The writer journals alice's next 100 labels and shows them (pending).
  std::vector<LabelEvent> pending;
  for (int i = 100; i < 200; ++i) pending.push_back(Ev(i, "alice", 10 + i, "cat-a"));
  ASSERT_TRUE(writer.AddPendingEvents(pending).ok());
  // Another process rebuilds the file meanwhile (a repair): the pending rows go.
  {
    Index other = std::move(*Index::Open(path));
    ASSERT_TRUE(other.Clear().ok());
    ASSERT_TRUE(other.CatchUp("A", ChangesIn(commits, "A"), LoaderOf(a)).ok());
  }
  // The writer commits them as B and tells the index it holds them already.
  Index::Known known;
  known.indexed_segments["labels/alice/d1/00000001.jsonl.zst"] = 200;
  ASSERT_TRUE(writer.CatchUp("B", ChangesIn(commits, "B"), LoaderOf(b), nullptr, &known).ok());
  EXPECT_EQ(*writer.LabeledCount("alice"), 200) << "read from the segment, not taken as known";
}

TEST(IndexCatchUp, TwoProcessesBringingTheFileForwardApplyTheCommitOnce) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  const Files a = Commit(100), b = Commit(200);
  const std::map<std::string, Files> commits = {{"A", a}, {"B", b}};
  Index first = std::move(*Index::Open(path));
  Index second = std::move(*Index::Open(path));
  ASSERT_TRUE(first.CatchUp("A", ChangesIn(commits, "A"), LoaderOf(a)).ok());
  ASSERT_TRUE(second.CatchUp("A", ChangesIn(commits, "A"), LoaderOf(a)).ok());
  ASSERT_TRUE(first.CatchUp("B", ChangesIn(commits, "B"), LoaderOf(b)).ok());
  int loads = 0;
  FileLoader counting = [&](const std::string& p) {
    ++loads;
    return LoaderOf(b)(p);
  };
  // `second` still believes the file holds A: it finds B there and loads nothing.
  ASSERT_TRUE(second.CatchUp("B", ChangesIn(commits, "B"), counting).ok());
  EXPECT_EQ(loads, 0);
  EXPECT_EQ(second.indexed_commit(), "B");
  EXPECT_EQ(*second.LabeledCount("alice"), 200);
}

TEST(IndexSnapshot, AReaderSeesOneCommitWhileAWriterMovesOn) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  const Files a = Commit(100), b = Commit(200);
  const std::map<std::string, Files> commits = {{"A", a}, {"B", b}};
  Index writer = std::move(*Index::Open(path));
  ASSERT_TRUE(writer.CatchUp("A", ChangesIn(commits, "A"), LoaderOf(a)).ok());
  Index reader = std::move(*Index::Open(path));
  Result<std::string> at = reader.BeginSnapshot();
  ASSERT_TRUE(at.ok()) << at.status().message();
  EXPECT_EQ(*at, "A");
  EXPECT_EQ(*reader.LabeledCount("alice"), 100);
  // The writer is not blocked by the reader's open transaction (WAL).
  ASSERT_TRUE(writer.CatchUp("B", ChangesIn(commits, "B"), LoaderOf(b)).ok());
  EXPECT_EQ(*writer.LabeledCount("alice"), 200);
  EXPECT_EQ(*reader.LabeledCount("alice"), 100) << "still the snapshot of A";
  reader.EndSnapshot();
  EXPECT_EQ(*reader.LabeledCount("alice"), 200);
}

TEST(SqliteStatement, AFailedBindIsReturnedByTheNextStep) {
  TempDir dir;
  Result<storage::Database> db = storage::Database::Open(dir / "t.sqlite");
  ASSERT_TRUE(db.ok()) << db.status().message();
  Result<storage::Statement> s = db->Prepare("SELECT ?1");
  ASSERT_TRUE(s.ok());
  // Parameter 2 does not exist: SQLITE_RANGE, which used to go unnoticed
  // (the statement ran with the parameter unset).
  s->Bind(1, int64_t{7}).Bind(2, int64_t{8});
  EXPECT_TRUE(Fails(s->Step().status(), StatusCode::kInternal, {"cannot bind", "range"}));
  s->Reset();
  s->Bind(1, int64_t{7});
  Result<bool> row = s->Step();
  ASSERT_TRUE(row.ok() && *row) << row.status().message();
  EXPECT_EQ(s->Int(0), 7);
}

TEST(ChecksumVfs, EveryPageWrittenCarriesAChecksumOfItsPlaceAndContent) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  MakeIndex(path, Commit());
  const std::string bytes = ReadAll(path);
  ASSERT_EQ(bytes.size() % 4096, 0u);
  ASSERT_EQ(static_cast<unsigned char>(bytes[20]), storage::kChecksumBytes);
  for (size_t page = 0; page < bytes.size() / 4096; ++page) {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data() + page * 4096);
    uint64_t stored;
    std::memcpy(&stored, data + 4096 - 8, 8);
    EXPECT_EQ(stored, storage::PageChecksum(data, 4096 - 8, page + 1)) << "page " << page + 1;
    // The same bytes at another page's place do not pass.
    EXPECT_NE(stored, storage::PageChecksum(data, 4096 - 8, page + 2)) << "page " << page + 1;
  }
}

}  // namespace
}  // namespace taxa::core
