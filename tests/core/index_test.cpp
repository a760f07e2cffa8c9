#include "taxa/core/index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "taxa/core/decoded_segments.h"
#include "support/status_matchers.h"
#include "support/index_files.h"
#include "support/test_support.h"
#include "taxa/core/export.h"
#include "taxa/core/label_forward.h"
#include "taxa/core/shard.h"
#include "storage/sqlite_db.h"

namespace taxa::core {
namespace {

using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;
using taxa::testing::Diff;
using taxa::testing::Files;
using taxa::testing::LoaderOf;
using taxa::testing::MustApply;
using taxa::testing::MustOpen;

using taxa::testing::Fails;

Item It(const std::string& id, const std::string& meta = "{}") {
  Item item;
  item.id = id;
  item.text = "text of " + id;
  item.meta_json = meta;
  return item;
}

std::string ItemShard(const std::vector<Item>& items) {
  std::vector<std::string> lines;
  for (const Item& i : items) lines.push_back(EncodeItemLine(i));
  return EncodeShard(lines);
}

LabelEvent Ev(const std::string& item, const std::string& annotator, uint64_t hlc,
              std::vector<std::string> cats, const std::string& note = "") {
  LabelEvent e;
  e.item = item;
  e.annotator = annotator;
  e.device = "d1";
  e.hlc = hlc;
  e.taxonomy = "t1";
  e.categories = std::move(cats);
  e.note = note;
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

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// Everything a reader can ask of an index, as text (readable diffs on failure).
std::string Snapshot(Index& index, const std::set<std::string>& item_ids,
                     const std::vector<std::string>& annotators) {
  std::ostringstream out;
  out << "ItemCount " << *index.ItemCount() << "\nMaxHlc " << *index.MaxHlc() << "\n";
  Result<std::vector<ItemRow>> rows = index.ItemsAt(0, 1000);
  EXPECT_TRUE(rows.ok()) << rows.status().message();
  if (rows.ok())
    for (const ItemRow& r : *rows)
      out << "item " << r.ord << " " << EncodeItemLine(r.item) << "\n";
  Result<IndexCounts> c = index.Counts();
  EXPECT_TRUE(c.ok()) << c.status().message();
  if (c.ok()) {
    out << "counts items=" << c->items << " labeled=" << c->labeled_items
        << " events=" << c->events << "\n";
    for (const auto& [a, n] : c->by_annotator) out << "by_annotator " << a << "=" << n << "\n";
    for (const auto& [k, n] : c->by_category) out << "by_category " << k << "=" << n << "\n";
  }
  for (const std::string& id : item_ids) {
    Result<std::vector<CurrentLabel>> labels = index.CurrentLabels(id);
    EXPECT_TRUE(labels.ok()) << labels.status().message();
    if (!labels.ok()) continue;
    for (const CurrentLabel& l : *labels)
      out << "current " << id << " " << l.annotator << " " << l.event_id << " " << l.hlc << " ["
          << Join(l.categories) << "] " << l.note << "\n";
  }
  for (const std::string& a : annotators) {
    out << "labeled_count " << a << "=" << *index.LabeledCount(a) << "\nnext_unlabeled " << a;
    for (int64_t after = -1; after < 8; ++after) {
      Result<std::optional<int64_t>> n = index.NextUnlabeled(a, after);
      EXPECT_TRUE(n.ok()) << n.status().message();
      out << " " << (n.ok() && n->has_value() ? std::to_string(**n) : "-");
    }
    out << "\n";
  }
  Status s = index.ForEachItemWithLabels(
      [&](const Item& item, const std::vector<CurrentLabel>& labels) -> Status {
        out << "export " << EncodeExportLine(item, labels) << "\n";
        return Status::Ok();
      });
  EXPECT_TRUE(s.ok()) << s.message();
  return out.str();
}

const std::vector<std::string> kAnnotators = {"alice", "bob", "carol"};
const std::set<std::string> kItemIds = {"i0", "i1", "i2", "i3", "i4", "i5", "ghost"};
const std::string kAliceSeg = "labels/alice/d1/00000001.jsonl.zst";
const std::string kBobSeg = "labels/bob/d1/00000001.jsonl.zst";

// Commit A: two item shards.
Files CommitA() {
  Files f;
  f["items/b1/0001.jsonl.zst"] = ItemShard({It("i1"), It("i2", R"({"lang":"en"})")});
  f["items/b1/0002.jsonl.zst"] = ItemShard({It("i3"), It("i4")});
  f["taxonomy/categories/billing.json"] = "{}";  // not indexed
  return f;
}

std::vector<LabelEvent> AliceFirst() {
  return {Ev("i1", "alice", 10, {"billing"}), Ev("i3", "alice", 11, {"shipping"}, "late?")};
}

// Commit B: one more shard (sorting after the others) and label segments.
Files CommitB() {
  Files f = CommitA();
  f["items/b2/0001.jsonl.zst"] = ItemShard({It("i5")});
  f[kAliceSeg] = Segment(AliceFirst());
  f[kBobSeg] = Segment({Ev("i1", "bob", 12, {"billing.refund"}), Ev("i4", "bob", 13, {"billing"})});
  return f;
}

// Commit C: alice's segment gains events (a relabel, a new label, a label then a
// clear), and a shard that sorts before every other one is added.
Files CommitC() {
  Files f = CommitB();
  std::vector<LabelEvent> events = AliceFirst();
  events.push_back(Ev("i1", "alice", 20, {"shipping", "billing"}));
  events.push_back(Ev("i4", "alice", 21, {"billing"}));
  events.push_back(Ev("i5", "alice", 22, {"billing"}));
  events.push_back(Ev("i5", "alice", 23, {}));
  events.push_back(Ev("ghost", "alice", 24, {"billing"}));  // an item not (yet) present
  f[kAliceSeg] = Segment(events);
  f["items/a0/0001.jsonl.zst"] = ItemShard({It("i0")});
  return f;
}

// Commit D: a shard deleted.
Files CommitD() {
  Files f = CommitC();
  f.erase("items/b1/0001.jsonl.zst");
  return f;
}

TEST(Index, StepByStepGivesTheSameAsOneStep) {
  TempDir dir;
  Index steps = MustOpen(dir / "steps.sqlite");
  EXPECT_EQ(steps.indexed_commit(), "");
  const std::vector<std::pair<std::string, Files>> commits = {
      {"A", CommitA()}, {"B", CommitB()}, {"C", CommitC()}, {"D", CommitD()}};
  Files before;
  for (const auto& [name, files] : commits) {
    MustApply(steps, before, files, name);
    before = files;
    // After each step the index equals one built from that commit in one go.
    Index fresh = MustOpen(dir / ("fresh-" + name + ".sqlite"));
    MustApply(fresh, {}, files, name);
    EXPECT_EQ(Snapshot(steps, kItemIds, kAnnotators), Snapshot(fresh, kItemIds, kAnnotators))
        << "after commit " << name;
  }
}

// Commits A, B, C and D applied one after the other.
void ApplyAThroughD(Index& index) {
  Files a = CommitA(), b = CommitB(), c = CommitC(), d = CommitD();
  MustApply(index, {}, a, "A");
  MustApply(index, a, b, "B");
  MustApply(index, b, c, "C");
  MustApply(index, c, d, "D");
}

TEST(Index, FinalStateHasTheExpectedRows) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  ApplyAThroughD(index);

  // Items in (shard path, line) order: a0/0001, b1/0002, b2/0001.
  Result<std::vector<ItemRow>> rows = index.ItemsAt(0, 100);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  std::vector<std::string> order;
  for (const ItemRow& r : *rows) {
    EXPECT_EQ(r.ord, static_cast<int64_t>(order.size()));
    order.push_back(r.item.id);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"i0", "i3", "i4", "i5"}));
  EXPECT_EQ(*index.ItemCount(), 4);
  Result<std::vector<ItemRow>> middle = index.ItemsAt(1, 2);
  ASSERT_TRUE(middle.ok());
  ASSERT_EQ(middle->size(), 2u);
  EXPECT_EQ((*middle)[0].item.id, "i3");
  Result<std::optional<ItemRow>> found = index.FindItem("i4");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->ord, 2);
  EXPECT_EQ((*found)->item, It("i4"));
  Result<std::optional<ItemRow>> gone = index.FindItem("i1");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());

  Result<std::vector<CurrentLabel>> i4 = index.CurrentLabels("i4");
  ASSERT_TRUE(i4.ok());
  ASSERT_EQ(i4->size(), 2u);
  EXPECT_EQ((*i4)[0].annotator, "alice");
  EXPECT_EQ((*i4)[1].annotator, "bob");
  Result<std::vector<CurrentLabel>> i3 = index.CurrentLabels("i3");
  ASSERT_TRUE(i3.ok());
  ASSERT_EQ(i3->size(), 1u);
  EXPECT_EQ((*i3)[0].note, "late?");
  EXPECT_EQ((*i3)[0].hlc, 11u);
  EXPECT_EQ((*i3)[0].categories, (std::vector<std::string>{"shipping"}));

  // Alice has labeled i3 and i4; i0 and i5 (cleared) are open for her.
  Result<std::optional<int64_t>> next = index.NextUnlabeled("alice", -1);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, std::optional<int64_t>(0));
  next = index.NextUnlabeled("alice", 0);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, std::optional<int64_t>(3));
  next = index.NextUnlabeled("alice", 3);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, std::nullopt);
  EXPECT_EQ(*index.MaxHlc(), 24u);

  std::vector<std::string> exported;
  ASSERT_TRUE(index
                  .ForEachItemWithLabels([&](const Item& item, const std::vector<CurrentLabel>& l) {
                    exported.push_back(EncodeExportLine(item, l));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(exported,
            (std::vector<std::string>{
                R"({"id":"i0","text":"text of i0","labels":{}})",
                R"({"id":"i3","text":"text of i3","labels":{"alice":["shipping"]}})",
                R"({"id":"i4","text":"text of i4","labels":{"alice":["billing"],"bob":["billing"]}})",
                R"({"id":"i5","text":"text of i5","labels":{}})"}));
}

// Every item once, in id order, with its position and metadata; a key
// that cannot be quoted in a JSON path is refused before any row.
TEST(Index, ScanItemSlicesGivesEveryItemInIdOrderWithItsPosition) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  ApplyAThroughD(index);
  std::vector<std::tuple<std::string, int64_t, std::string, std::string>> seen;
  ASSERT_TRUE(index
                  .ScanItemSlices("k",
                                  [&](const ItemSliceView& v) -> Status {
                                    seen.emplace_back(std::string(v.item), v.ord,
                                                      std::string(v.slice), std::string(v.meta));
                                    return Status::Ok();
                                  })
                  .ok());
  using Row = std::tuple<std::string, int64_t, std::string, std::string>;
  EXPECT_EQ(seen, (std::vector<Row>{{"i0", 0, "", "{}"}, {"i3", 1, "", "{}"},
                                    {"i4", 2, "", "{}"}, {"i5", 3, "", "{}"}}));
  Status refused = index.ScanItemSlices("a\"b", [](const ItemSliceView&) { return Status::Ok(); });
  EXPECT_EQ(refused.code(), StatusCode::kInvalidInput);
  EXPECT_NE(refused.message().find("a\"b"), std::string::npos) << refused.message();
}

TEST(Index, CurrentLabelIsTheLatestByClockTiesBrokenByTheLargerId) {
  LabelEvent old = Ev("i1", "alice", 5, {"old"});
  LabelEvent x = Ev("i1", "alice", 9, {"x"});
  LabelEvent y = Ev("i1", "alice", 9, {"y"});
  const LabelEvent& winner = x.id > y.id ? x : y;
  ASSERT_NE(x.id, y.id);

  // Whichever way the events arrive: one segment, two segments either way round.
  std::vector<Files> trees(3);
  for (Files& f : trees) f["items/b/1.jsonl.zst"] = ItemShard({It("i1")});
  trees[0][kAliceSeg] = Segment({old, x, y});
  trees[1]["labels/alice/d1/00000001.jsonl.zst"] = Segment({x, old});
  trees[1]["labels/alice/d2/00000001.jsonl.zst"] = Segment({y});
  trees[2]["labels/alice/d1/00000001.jsonl.zst"] = Segment({y});
  trees[2]["labels/alice/d2/00000001.jsonl.zst"] = Segment({old, x});
  TempDir dir;
  for (size_t i = 0; i < trees.size(); ++i) {
    Index index = MustOpen(dir / ("i" + std::to_string(i) + ".sqlite"));
    MustApply(index, {}, trees[i], "c");
    Result<std::vector<CurrentLabel>> labels = index.CurrentLabels("i1");
    ASSERT_TRUE(labels.ok());
    ASSERT_EQ(labels->size(), 1u) << "tree " << i;
    EXPECT_EQ((*labels)[0].event_id, winner.id) << "tree " << i;
    EXPECT_EQ((*labels)[0].categories, winner.categories) << "tree " << i;
    EXPECT_EQ((*labels)[0].hlc, 9u);
  }

  // Pending events too: an older one arriving later changes nothing.
  Index pending = MustOpen(dir / "pending.sqlite");
  MustApply(pending, {}, {{"items/b/1.jsonl.zst", ItemShard({It("i1")})}}, "c");
  ASSERT_TRUE(pending.AddPendingEvents({winner}).ok());
  ASSERT_TRUE(pending.AddPendingEvents({old, &winner == &x ? y : x}).ok());
  Result<std::vector<CurrentLabel>> labels = pending.CurrentLabels("i1");
  ASSERT_TRUE(labels.ok());
  ASSERT_EQ(labels->size(), 1u);
  EXPECT_EQ((*labels)[0].event_id, winner.id);
}

TEST(Index, EventWithNoCategoriesClearsTheLabel) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  LabelEvent set = Ev("i1", "alice", 10, {"billing"});
  LabelEvent clear = Ev("i1", "alice", 11, {});
  Files f = {{"items/b/1.jsonl.zst", ItemShard({It("i1"), It("i2")})},
             {kAliceSeg, Segment({set, clear})},
             {kBobSeg, Segment({Ev("i1", "bob", 5, {"shipping"})})}};
  MustApply(index, {}, f, "c");

  Result<std::vector<CurrentLabel>> labels = index.CurrentLabels("i1");
  ASSERT_TRUE(labels.ok());
  ASSERT_EQ(labels->size(), 2u);
  EXPECT_EQ((*labels)[0].annotator, "alice");
  EXPECT_EQ((*labels)[0].event_id, clear.id);
  EXPECT_TRUE((*labels)[0].categories.empty());

  EXPECT_EQ(*index.LabeledCount("alice"), 0);
  EXPECT_EQ(*index.LabeledCount("bob"), 1);
  Result<std::optional<int64_t>> next = index.NextUnlabeled("alice", -1);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, std::optional<int64_t>(0));
  Result<IndexCounts> c = index.Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->labeled_items, 1);
  EXPECT_EQ(c->events, 3);
  EXPECT_EQ(c->by_annotator, (std::vector<std::pair<std::string, int64_t>>{{"bob", 1}}));
  EXPECT_EQ(c->by_category, (std::vector<std::pair<std::string, int64_t>>{{"shipping", 1}}));

  std::vector<std::string> exported;
  ASSERT_TRUE(index
                  .ForEachItemWithLabels([&](const Item& item, const std::vector<CurrentLabel>& l) {
                    exported.push_back(EncodeExportLine(item, l));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(exported, (std::vector<std::string>{
                          R"({"id":"i1","text":"text of i1","labels":{"bob":["shipping"]}})",
                          R"({"id":"i2","text":"text of i2","labels":{}})"}));
}

TEST(Index, LabelsOfItemsNotInTheIndexAreNotCountedAsLabeledItems) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  Files f = {{"items/b/1.jsonl.zst", ItemShard({It("i1"), It("i2")})},
             {kAliceSeg, Segment({Ev("i1", "alice", 10, {"billing"}),
                                  Ev("ghost", "alice", 11, {"billing"})})}};
  MustApply(index, {}, f, "c");
  Result<IndexCounts> c = index.Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->items, 2);
  EXPECT_EQ(c->labeled_items, 1);
  EXPECT_EQ(c->by_annotator, (std::vector<std::pair<std::string, int64_t>>{{"alice", 1}}));
  EXPECT_EQ(*index.LabeledCount("alice"), 1);
}

TEST(Index, PendingEventsAreNotCountedTwiceWhenTheirSegmentArrives) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  Files a = {{"items/b/1.jsonl.zst", ItemShard({It("i1"), It("i2")})}};
  MustApply(index, {}, a, "A");

  std::vector<LabelEvent> events = {Ev("i1", "alice", 10, {"billing"}),
                                    Ev("i2", "alice", 11, {"shipping"})};
  ASSERT_TRUE(index.AddPendingEvents(events).ok());
  ASSERT_TRUE(index.AddPendingEvents(events).ok());  // a journal replayed twice
  Result<IndexCounts> c = index.Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->events, 0);  // committed events only; the session counts its pending ones
  EXPECT_EQ(c->labeled_items, 2);
  EXPECT_EQ(*index.LabeledCount("alice"), 2);
  EXPECT_EQ(index.indexed_commit(), "A");  // pending events are not a commit

  Files b = a;
  b[kAliceSeg] = Segment(events);
  MustApply(index, a, b, "B");
  c = index.Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->events, 2);
  EXPECT_EQ(c->labeled_items, 2);
  EXPECT_EQ(c->by_annotator, (std::vector<std::pair<std::string, int64_t>>{{"alice", 2}}));
  EXPECT_EQ(c->by_category, (std::vector<std::pair<std::string, int64_t>>{{"billing", 1},
                                                                           {"shipping", 1}}));

  // The same as an index that never saw them pending.
  Index fresh = MustOpen(dir / "fresh.sqlite");
  MustApply(fresh, {}, b, "B");
  EXPECT_EQ(Snapshot(index, {"i1", "i2"}, {"alice"}), Snapshot(fresh, {"i1", "i2"}, {"alice"}));

  // Pending again after the commit holds them (a journal replayed after a
  // crash between commit and clear): nothing changes.
  ASSERT_TRUE(index.AddPendingEvents(events).ok());
  EXPECT_EQ(Snapshot(index, {"i1", "i2"}, {"alice"}), Snapshot(fresh, {"i1", "i2"}, {"alice"}));
}

TEST(Index, CorruptShardFailsNamingItAndLeavesTheIndexUnchanged) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  Files a = CommitA();
  MustApply(index, {}, a, "A");
  const std::string before = Snapshot(index, kItemIds, kAnnotators);

  Files b = CommitB();
  std::string& shard = b["items/b2/0001.jsonl.zst"];
  shard[shard.size() / 2] = static_cast<char>(shard[shard.size() / 2] ^ 0xff);
  Status s = index.Apply(Diff(a, b), LoaderOf(b), "B");
  EXPECT_TRUE(Fails(s, StatusCode::kCorrupt, {"items/b2/0001.jsonl.zst"}));
  EXPECT_EQ(index.indexed_commit(), "A");
  EXPECT_EQ(Snapshot(index, kItemIds, kAnnotators), before);

  // A corrupt label segment likewise, after other files of the commit went in.
  b = CommitB();
  std::string& seg = b[kBobSeg];
  seg = seg.substr(0, seg.size() - 3);
  s = index.Apply(Diff(a, b), LoaderOf(b), "B");
  EXPECT_TRUE(Fails(s, StatusCode::kCorrupt, {kBobSeg}));
  EXPECT_EQ(index.indexed_commit(), "A");
  EXPECT_EQ(Snapshot(index, kItemIds, kAnnotators), before);

  // The failure is not remembered on disk either.
  {
    Index reopened = MustOpen(dir / "index.sqlite");
    EXPECT_EQ(reopened.indexed_commit(), "A");
    EXPECT_EQ(Snapshot(reopened, kItemIds, kAnnotators), before);
  }

  // And the index takes the good commit afterwards.
  MustApply(index, a, CommitB(), "B");
  Index fresh = MustOpen(dir / "fresh.sqlite");
  MustApply(fresh, {}, CommitB(), "B");
  EXPECT_EQ(Snapshot(index, kItemIds, kAnnotators), Snapshot(fresh, kItemIds, kAnnotators));
}

TEST(Index, ItemShardWithABadLineFailsNamingFileAndLine) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  Files a = CommitA();
  MustApply(index, {}, a, "A");
  const std::string before = Snapshot(index, kItemIds, kAnnotators);
  Files b = a;
  b["items/b2/0001.jsonl.zst"] =
      EncodeShard({EncodeItemLine(It("i5")), R"({"id":"i6","text":"no end")"});
  Status s = index.Apply(Diff(a, b), LoaderOf(b), "B");
  EXPECT_TRUE(Fails(s, StatusCode::kInvalidInput, {"items/b2/0001.jsonl.zst:2"}));
  EXPECT_EQ(index.indexed_commit(), "A");
  EXPECT_EQ(Snapshot(index, kItemIds, kAnnotators), before);
}

TEST(Index, ItemWhoseMetaIsNotJsonIsRefused) {
  for (const std::string meta : {R"({"n":1-2})", R"({"n":01})", R"({"n":1--})"}) {
    TempDir dir;
    Index index = MustOpen(dir / "index.sqlite");
    Files f;
    f["items/b1/0001.jsonl.zst"] =
        EncodeShard({R"({"id":"i1","text":"t","meta":)" + meta + "}"});
    Status s = index.Apply(Diff({}, f), LoaderOf(f), "A");
    EXPECT_TRUE(Fails(s, StatusCode::kInvalidInput, {"items/b1/0001.jsonl.zst:1"})) << meta;
    EXPECT_EQ(*index.ItemCount(), 0) << meta;
  }
}

TEST(Index, FailingLoaderLeavesTheIndexUnchanged) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  Files a = CommitA();
  MustApply(index, {}, a, "A");
  const std::string before = Snapshot(index, kItemIds, kAnnotators);
  Files b = CommitB();
  Files missing = b;
  missing.erase(kBobSeg);
  Status s = index.Apply(Diff(a, b), LoaderOf(missing), "B");
  EXPECT_TRUE(Fails(s, StatusCode::kNotFound, {kBobSeg}));
  EXPECT_EQ(index.indexed_commit(), "A");
  EXPECT_EQ(Snapshot(index, kItemIds, kAnnotators), before);
}

TEST(Index, OtherFilesAreIgnoredAndProgressIsReported) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  Files b = CommitB();
  std::vector<FileChange> changes = Diff({}, b);
  changes.push_back({"docs/datasheet.md", FileChange::Kind::kAdded});
  changes.push_back({"items/b1/README.txt", FileChange::Kind::kAdded});
  std::vector<std::pair<size_t, size_t>> progress;
  std::set<std::string> loaded;
  Status s = index.Apply(
      changes,
      [&](const std::string& path) -> Result<std::string> {
        loaded.insert(path);
        return LoaderOf(b)(path);
      },
      "B", [&](size_t done, size_t total) { progress.emplace_back(done, total); });
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(loaded, (std::set<std::string>{"items/b1/0001.jsonl.zst", "items/b1/0002.jsonl.zst",
                                           "items/b2/0001.jsonl.zst", kAliceSeg, kBobSeg}));
  ASSERT_EQ(progress.size(), 5u);
  for (size_t i = 0; i < progress.size(); ++i)
    EXPECT_EQ(progress[i], std::make_pair(i + 1, size_t{5}));
}

TEST(Index, DeletedLabelSegmentEmptiesTheIndexAndAsksForARebuild) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  Files b = CommitB();
  MustApply(index, {}, b, "B");
  Files gone = b;
  gone.erase(kBobSeg);
  Status s = index.Apply(Diff(b, gone), LoaderOf(gone), "B2");
  EXPECT_TRUE(Fails(s, StatusCode::kFailedPrecondition, {kBobSeg, "rebuilt"}));
  EXPECT_EQ(index.indexed_commit(), "");
  EXPECT_EQ(*index.ItemCount(), 0);
  EXPECT_EQ(*index.MaxHlc(), 0u);

  // The rebuild from the commit gives the same as a fresh index.
  MustApply(index, {}, gone, "B2");
  Index fresh = MustOpen(dir / "fresh.sqlite");
  MustApply(fresh, {}, gone, "B2");
  EXPECT_EQ(Snapshot(index, kItemIds, kAnnotators), Snapshot(fresh, kItemIds, kAnnotators));
}

TEST(Index, KnownShardsAndSegmentsAreTakenWithoutLoading) {
  TempDir dir;
  Index index = MustOpen(dir / "index.sqlite");
  Files a = CommitA();
  MustApply(index, {}, a, "A");

  // The writer of commit B still holds the items of its new shard and has
  // added alice's events as pending.
  Files b = CommitB();
  const std::vector<Item> new_items = {It("i5")};
  ASSERT_TRUE(index.AddPendingEvents(AliceFirst()).ok());
  Index::Known known;
  known.item_shards["items/b2/0001.jsonl.zst"] = {&new_items[0]};
  known.indexed_segments[kAliceSeg] = static_cast<int64_t>(AliceFirst().size());
  std::set<std::string> loaded;
  Status s = index.Apply(
      Diff(a, b),
      [&](const std::string& path) -> Result<std::string> {
        loaded.insert(path);
        return LoaderOf(b)(path);
      },
      "B", nullptr, &known);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(loaded, (std::set<std::string>{kBobSeg}));

  Index fresh = MustOpen(dir / "fresh.sqlite");
  MustApply(fresh, {}, b, "B");
  EXPECT_EQ(Snapshot(index, kItemIds, kAnnotators), Snapshot(fresh, kItemIds, kAnnotators));
}

TEST(Index, SegmentsDecodedAlreadyAreTakenOnlyWhenTheirBytesMatch) {
  // The incoming check decoded bob's segment; the index takes those events
  // instead of decoding it again. Kept events that differ from the bytes'
  // (made up here, so that taking them shows) prove the bytes were not read.
  Files a = CommitA();
  Files b = CommitB();
  const std::vector<LabelEvent> made_up = {Ev("i1", "bob", 12, {"billing"}),
                                           Ev("i4", "bob", 13, {"billing"})};
  auto apply = [&](const std::string& name, std::string_view kept_bytes) {
    TempDir dir;
    Index index = MustOpen(dir / "index.sqlite");
    MustApply(index, {}, a, "A");
    DecodedSegments decoded;
    decoded.Keep(kBobSeg, kept_bytes, made_up);
    Index::Known known;
    known.decoded = &decoded;
    Status s = index.Apply(Diff(a, b), LoaderOf(b), "B", nullptr, &known);
    EXPECT_TRUE(s.ok()) << name << ": " << s.message();
    Result<std::vector<CurrentLabel>> labels = index.CurrentLabels("i1");
    EXPECT_TRUE(labels.ok());
    std::string bob;
    for (const CurrentLabel& l : *labels)
      if (l.annotator == "bob") bob = Join(l.categories);
    return bob;
  };
  EXPECT_EQ(apply("same bytes", b[kBobSeg]), "billing");
  EXPECT_EQ(apply("other bytes", b[kBobSeg] + "x"), "billing.refund");
}

TEST(DecodedSegments, FindsByPathAndBytesAndKeepsNoMoreThanItsLimit) {
  DecodedSegments d(/*max_events=*/3);
  EXPECT_TRUE(d.empty());
  d.Keep("labels/a/d/1.jsonl.zst", "bytes one", {Ev("i1", "a", 1, {"x"}), Ev("i2", "a", 2, {"y"})});
  auto found = d.Find("labels/a/d/1.jsonl.zst", "bytes one");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->size(), 2u);
  EXPECT_EQ(d.Find("labels/a/d/1.jsonl.zst", "bytes two"), nullptr);
  EXPECT_EQ(d.Find("labels/b/d/1.jsonl.zst", "bytes one"), nullptr);
  // Two more would make four: not kept, and decoded again by whoever needs them.
  d.Keep("labels/b/d/1.jsonl.zst", "b", {Ev("i1", "b", 1, {"x"}), Ev("i2", "b", 2, {"y"})});
  EXPECT_EQ(d.Find("labels/b/d/1.jsonl.zst", "b"), nullptr);
  d.Clear();
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(d.Find("labels/a/d/1.jsonl.zst", "bytes one"), nullptr);
}

TEST(Index, ReopeningKeepsTheIndexedCommitAndRows) {
  TempDir dir;
  std::string snapshot;
  {
    Index index = MustOpen(dir / "index.sqlite");
    MustApply(index, {}, CommitC(), "C");
    snapshot = Snapshot(index, kItemIds, kAnnotators);
  }
  Index again = MustOpen(dir / "index.sqlite");
  EXPECT_EQ(again.indexed_commit(), "C");
  EXPECT_EQ(Snapshot(again, kItemIds, kAnnotators), snapshot);

  ASSERT_TRUE(again.Clear().ok());
  EXPECT_EQ(again.indexed_commit(), "");
  EXPECT_EQ(*again.ItemCount(), 0);
  EXPECT_EQ(*again.MaxHlc(), 0u);
}

TEST(Index, GarbageAtTheIndexPathIsReplacedByAFreshIndex) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  std::string garbage;
  for (int i = 0; i < 1000; ++i) garbage += "this is not a database " + std::to_string(i) + "\n";
  WriteText(path, garbage);
  Index index = MustOpen(path);
  EXPECT_EQ(index.indexed_commit(), "");
  EXPECT_EQ(*index.ItemCount(), 0);
  MustApply(index, {}, CommitB(), "B");
  EXPECT_EQ(*index.ItemCount(), 5);
}

TEST(Index, IndexOfAnotherSchemaVersionIsReplaced) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  {
    Index index = MustOpen(path);
    MustApply(index, {}, CommitB(), "B");
  }
  taxa::testing::CommandResult r = RunCommand("sqlite3 '" + path + "' 'PRAGMA user_version=99;'");
  if (r.exit_code == 127) GTEST_SKIP() << "sqlite3 command not installed";
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Index index = MustOpen(path);
  EXPECT_EQ(index.indexed_commit(), "");
  EXPECT_EQ(*index.ItemCount(), 0);
}

TEST(IndexGold, LatestGoldEventOfAnItemWinsAcrossLeads) {
  TempDir tmp;
  Index index = MustOpen(tmp / "index.sqlite");
  Files v1 = {{"items/b/00000.jsonl.zst", ItemShard({It("a"), It("b"), It("c")})},
              {"gold/lead/d1/00000001.jsonl.zst",
               Segment({Ev("a", "lead", 10, {"x"}), Ev("b", "lead", 11, {"y", "z"}, "why")})}};
  MustApply(index, {}, v1, "c1");
  Files v2 = v1;
  // Another lead overrules on a, later; an older event of theirs on b loses;
  // a clearing event on c leaves c without gold.
  v2["gold/boss/d2/00000001.jsonl.zst"] =
      Segment({Ev("a", "boss", 20, {"w"}), Ev("b", "boss", 5, {"q"}), Ev("c", "boss", 7, {"x"}),
               Ev("c", "boss", 8, {})});
  MustApply(index, v1, v2, "c2");
  Result<std::vector<GoldLabel>> gold = index.GoldLabels();
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  ASSERT_EQ(gold->size(), 2u);
  EXPECT_EQ((*gold)[0].item, "a");
  EXPECT_EQ((*gold)[0].lead, "boss");
  EXPECT_EQ(Join((*gold)[0].categories), "w");
  EXPECT_EQ((*gold)[1].item, "b");
  EXPECT_EQ((*gold)[1].lead, "lead");
  EXPECT_EQ(Join((*gold)[1].categories), "y,z");
  EXPECT_EQ((*gold)[1].note, "why");
  // Gold events are not labels: no current label, no event count.
  EXPECT_EQ(index.Counts()->events, 0);
  EXPECT_TRUE(index.CurrentLabels("a")->empty());

  // Applied in one go from nothing, the same rows.
  TempDir other;
  Index rebuilt = MustOpen(other / "index.sqlite");
  MustApply(rebuilt, {}, v2, "c2");
  Result<std::vector<GoldLabel>> again = rebuilt.GoldLabels();
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 2u);
  EXPECT_EQ((*again)[0].event_id, (*gold)[0].event_id);
  EXPECT_EQ((*again)[1].event_id, (*gold)[1].event_id);
}

TEST(IndexGold, DeletedGoldSegmentAsksForARebuild) {
  TempDir tmp;
  Index index = MustOpen(tmp / "index.sqlite");
  Files v1 = {{"items/b/00000.jsonl.zst", ItemShard({It("a")})},
              {"gold/lead/d1/00000001.jsonl.zst", Segment({Ev("a", "lead", 10, {"x"})})}};
  MustApply(index, {}, v1, "c1");
  Files v2 = {{"items/b/00000.jsonl.zst", ItemShard({It("a")})}};
  EXPECT_TRUE(Fails(index.Apply(Diff(v1, v2), LoaderOf(v2), "c2"),
                    StatusCode::kFailedPrecondition, {"gold/lead/d1/00000001.jsonl.zst"}));
}

TEST(IndexGold, AnIndexOfTheOlderSchemaIsRebuiltEmpty) {
  TempDir tmp;
  ASSERT_EQ(RunCommand("sqlite3 " + tmp / "index.sqlite" +
                       " 'PRAGMA user_version=3; CREATE TABLE items(id TEXT);'")
                .exit_code,
            0);
  Index index = MustOpen(tmp / "index.sqlite");
  EXPECT_EQ(index.indexed_commit(), "");
  Result<std::vector<GoldLabel>> gold = index.GoldLabels();
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  EXPECT_TRUE(gold->empty());
}

TEST(IndexScan, StreamsNonEmptyCurrentLabelsInItemOrderWithAMetadataSlice) {
  TempDir tmp;
  Index index = MustOpen(tmp / "index.sqlite");
  Files v1 = {{"items/b/00000.jsonl.zst",
               ItemShard({It("a", R"({"source":"mail","n":3})"), It("b"), It("c")})},
              {"labels/x/d1/00000001.jsonl.zst",
               Segment({Ev("b", "x", 1, {"p"}), Ev("a", "y", 2, {"p", "q"}), Ev("a", "x", 3, {"r"}),
                        Ev("c", "x", 4, {"p"}), Ev("c", "x", 5, {})})}};
  MustApply(index, {}, v1, "c1");
  std::vector<std::string> seen;
  auto scan = [&](const std::string& key) {
    seen.clear();
    Status s = index.ScanCurrentLabels(
        [&](const CurrentLabelView& v) {
          seen.push_back(std::string(v.item) + "/" + std::string(v.annotator) + "=" +
                         Join(v.categories) + "@" + std::string(v.slice));
          return Status::Ok();
        },
        key);
    EXPECT_TRUE(s.ok()) << s.message();
  };
  scan("");
  EXPECT_EQ(Join(seen), "a/x=r@,a/y=p,q@,b/x=p@");  // c's label was cleared
  scan("source");
  EXPECT_EQ(Join(seen), "a/x=r@mail,a/y=p,q@mail,b/x=p@");
  scan("n");
  EXPECT_EQ(seen.front(), "a/x=r@3");
  EXPECT_TRUE(Fails(index.ScanCurrentLabels([](const CurrentLabelView&) { return Status::Ok(); },
                                            "a\"b"),
                    StatusCode::kInvalidInput, {"metadata key"}));
  Status stop = index.ScanCurrentLabels(
      [](const CurrentLabelView&) { return Status::NotFound("stop here"); });
  EXPECT_TRUE(Fails(stop, StatusCode::kNotFound, {"stop here"}));
}

// The fast scan gives the labels in item id order and leaves out labels of
// items the project does not hold.
TEST(IndexScan, ByItemIdSkipsUnknownItems) {
  TempDir tmp;
  Index index = MustOpen(tmp / "index.sqlite");
  Files v1 = {{"items/b/00000.jsonl.zst", ItemShard({It("z"), It("b"), It("m")})},
              {"labels/x/d1/00000001.jsonl.zst",
               Segment({Ev("b", "x", 1, {"p"}), Ev("z", "y", 2, {"p", "q"}),
                        Ev("z", "x", 3, {"r"}), Ev("ghost", "x", 4, {"p"}),
                        Ev("m", "x", 5, {"p"}), Ev("m", "x", 6, {})})}};
  MustApply(index, {}, v1, "c1");
  std::vector<std::string> seen;
  std::vector<std::string> cats;
  Status s = index.ScanLabelsByItemId([&](const StoredLabelView& v) {
    ParseStoredCategories(v.categories, cats);
    seen.push_back(std::string(v.item) + "/" + std::string(v.annotator) + "=" + Join(cats));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.message();
  // b, then z (m's label was cleared; ghost is no item of the project).
  EXPECT_EQ(Join(seen), "b/x=p,z/x=r,z/y=p,q");
  Status stop =
      index.ScanLabelsByItemId([](const StoredLabelView&) { return Status::NotFound("stop"); });
  EXPECT_TRUE(Fails(stop, StatusCode::kNotFound, {"stop"}));
}

// In batches, on another thread: the same labels in the same order; an error
// from the caller stops the scan, also while the scanner waits on a full queue.
TEST(IndexScan, InBatchesGivesTheSameLabelsAndStopsOnAnError) {
  TempDir tmp;
  Index index = MustOpen(tmp / "index.sqlite");
  std::vector<Item> items;
  std::vector<LabelEvent> events;
  for (int i = 0; i < 40; ++i) {
    const std::string id = "i" + std::to_string(100 + i);
    items.push_back(It(id));
    events.push_back(Ev(id, "x", static_cast<uint64_t>(i + 1), {"p"}));
    events.push_back(Ev(id, "y", static_cast<uint64_t>(i + 41), {i % 2 ? "p" : "q"}));
  }
  Files files = {{"items/b/00000.jsonl.zst", ItemShard(items)},
                 {"labels/x/d1/00000001.jsonl.zst", Segment(events)}};
  MustApply(index, {}, files, "c1");
  auto spell = [](const StoredLabelView& v) {
    return std::string(v.item) + "/" + std::string(v.annotator) + "=" +
           std::string(v.categories);
  };
  std::vector<std::string> one_by_one, batched;
  ASSERT_TRUE(index
                  .ScanLabelsByItemId([&](const StoredLabelView& v) {
                    one_by_one.push_back(spell(v));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(one_by_one.size(), 80u);
  size_t batches = 0;
  Status s = index.ScanLabelsInBatches(
      [&](const std::vector<StoredLabelView>& batch) {
        ++batches;
        for (const StoredLabelView& v : batch) batched.push_back(spell(v));
        return Status::Ok();
      },
      7);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(batched, one_by_one);
  EXPECT_EQ(batches, 12u);  // 11 of 7 and one of 3

  // Batches of one: the scanner fills the queue and waits when the caller stops.
  size_t seen = 0;
  Status stop = index.ScanLabelsInBatches(
      [&](const std::vector<StoredLabelView>&) {
        return ++seen == 2 ? Status::NotFound("enough") : Status::Ok();
      },
      1);
  EXPECT_TRUE(Fails(stop, StatusCode::kNotFound, {"enough"}));
  EXPECT_EQ(seen, 2u);
  // The index is usable afterwards.
  EXPECT_TRUE(index.ScanLabelsInBatches([](const auto&) { return Status::Ok(); }).ok());
}

// Batches read through the index's LabelForward, or as recorded for a
// caller that maps each distinct set itself.
TEST(IndexScan, InBatchesAsRecordedLeavesTheMappingToTheCaller) {
  TempDir tmp;
  Index index = MustOpen(tmp / "index.sqlite");
  Files files = {{"items/b/00000.jsonl.zst", ItemShard({It("a"), It("b")})},
                 {"labels/x/d1/00000001.jsonl.zst",
                  Segment({Ev("a", "x", 1, {"cats"}), Ev("b", "x", 2, {"lions"})})}};
  MustApply(index, {}, files, "c1");
  Taxonomy t;
  for (const char* id : {"pets", "cats", "lions", "big", "small"})
    ASSERT_TRUE(t.Add({.id = id, .name = id}).ok());
  ASSERT_TRUE(t.Deprecate("cats", "pets").ok());
  ASSERT_TRUE(t.Split("lions", {{.id = "big"}, {.id = "small"}}).ok());
  index.SetLabelForward(std::make_shared<const LabelForward>(t));
  auto read = [&](bool as_recorded) {
    std::vector<std::string> seen;
    Status s = index.ScanLabelsInBatches(
        [&](const std::vector<StoredLabelView>& batch) {
          for (const StoredLabelView& v : batch)
            seen.push_back(std::string(v.item) + "=" + std::string(v.categories) +
                           (v.outdated ? " outdated" : ""));
          return Status::Ok();
        },
        64, as_recorded);
    EXPECT_TRUE(s.ok()) << s.message();
    return seen;
  };
  EXPECT_EQ(read(false), (std::vector<std::string>{"a=[\"pets\"]", "b=[\"lions\"] outdated"}));
  EXPECT_EQ(read(true), (std::vector<std::string>{"a=[\"cats\"]", "b=[\"lions\"]"}));
}

}  // namespace
}  // namespace taxa::core

namespace taxa::core {
namespace {

LabelEvent EvWith(const std::string& item, const std::string& annotator, uint64_t hlc,
                  std::vector<std::string> cats, std::map<std::string, std::string> attributes) {
  LabelEvent e = Ev(item, annotator, hlc, std::move(cats), "n");
  e.attributes = std::move(attributes);
  e.id = ComputeEventId(e);
  return e;
}

TEST(IndexAttributes, CurrentLabelKeepsTheAttributesOfTheLatestEvent) {
  TempDir tmp;
  Index index = MustOpen(tmp / "index.sqlite");
  Files v = {{"items/b/00000.jsonl.zst", ItemShard({It("a")})},
             {"labels/ann/d1/00000001.jsonl.zst",
              Segment({EvWith("a", "ann", 10, {"x"}, {{"severity", "low"}}),
                       EvWith("a", "ann", 12, {"x"}, {{"severity", "high"}, {"name", "Tab \"10\""}})})}};
  MustApply(index, {}, v, "c1");
  Result<std::vector<CurrentLabel>> labels = index.CurrentLabels("a");
  ASSERT_TRUE(labels.ok()) << labels.status().message();
  ASSERT_EQ(labels->size(), 1u);
  std::map<std::string, std::string> want = {{"name", "Tab \"10\""}, {"severity", "high"}};
  EXPECT_EQ((*labels)[0].attributes, want);
  EXPECT_EQ((*labels)[0].note, "n");

  // A pending event (from the journal) carries them too.
  ASSERT_TRUE(index.AddPendingEvents({EvWith("a", "ann", 20, {"x"}, {})}).ok());
  labels = index.CurrentLabels("a");
  ASSERT_TRUE(labels.ok());
  EXPECT_TRUE((*labels)[0].attributes.empty());
}

TEST(IndexAttributes, AnIndexOfSchemaVersion5IsRebuiltRatherThanReadWithoutAttributes) {
  TempDir dir;
  const std::string path = dir / "index.sqlite";
  {
    Index index = MustOpen(path);
    MustApply(index, {}, CommitB(), "B");
  }
  {
    // Through the checksummed pages, as the index itself writes.
    Result<storage::Database> db = storage::Database::Open(path);
    ASSERT_TRUE(db.ok()) << db.status().message();
    ASSERT_TRUE(db->Exec("PRAGMA user_version=5").ok());
  }
  Index index = MustOpen(path);
  EXPECT_EQ(index.indexed_commit(), "") << "the old cache is emptied, to be rebuilt";
  EXPECT_EQ(index.replaced_because(), "") << "another version is no damage";
  EXPECT_EQ(*index.ItemCount(), 0);
}

class IndexSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = MustOpen(tmp_ / "index.sqlite");
    Item odd = It("x_1", R"({"lang":"en","urgent":true,"n":3})");
    odd.text = "Refund of 50% please";
    Item plain = It("x11", R"({"lang":"de","urgent":false,"n":3.5})");
    plain.text = "refund 500 euro";
    Item other = It("y2", R"({"lang":"en"})");
    other.text = "Where is my PARCEL";
    Item none = It("z3");
    none.text = "hello";
    files_ = {{"items/b/00000.jsonl.zst", ItemShard({odd, plain, other, none})},
              {"labels/ann/d1/00000001.jsonl.zst",
               Segment({Ev("x_1", "ann", 10, {"billing"}), Ev("y2", "ann", 11, {"shipping"}),
                        Ev("z3", "ann", 12, {"other"})})},
              {"labels/bob/d1/00000001.jsonl.zst",
               Segment({Ev("x_1", "bob", 13, {"billing"}), Ev("y2", "bob", 14, {"billing"}),
                        Ev("x11", "bob", 15, {"billing"})})},
              {"gold/lead/d1/00000001.jsonl.zst", Segment({Ev("x11", "lead", 16, {"billing"})})}};
    MustApply(index_, {}, files_, "c1");
  }

  // The ids `filter` keeps, in project order.
  std::string Ids(const ItemFilter& filter, int64_t after = -1, int64_t limit = 100) {
    Result<std::vector<int64_t>> found = index_.FindItems(filter, after, limit);
    EXPECT_TRUE(found.ok()) << found.status().message();
    if (!found.ok()) return "error";
    std::string out;
    for (int64_t ord : *found) {
      Result<std::vector<ItemRow>> row = index_.ItemsAt(ord, 1);
      out += (out.empty() ? "" : ",") + (row.ok() && !row->empty() ? row->front().item.id : "?");
    }
    return out;
  }

  TempDir tmp_;
  Index index_;
  Files files_;
};

TEST_F(IndexSearch, TextIsASubstringOfTextOrIdIgnoringCase) {
  EXPECT_EQ(Ids({.text = "refund"}), "x_1,x11");
  EXPECT_EQ(Ids({.text = "parcel"}), "y2");
  EXPECT_EQ(Ids({.text = "Y2"}), "y2") << "ids match as well";
  EXPECT_EQ(Ids({.text = "nothing like it"}), "");
}

TEST_F(IndexSearch, WildcardsTypedByTheUserMatchThemselves) {
  EXPECT_EQ(Ids({.text = "50%"}), "x_1") << "% is no wildcard: 500 does not match";
  EXPECT_EQ(Ids({.id = "x_"}), "x_1") << "_ is no wildcard: x11 does not match";
  EXPECT_EQ(Ids({.text = "'; DROP TABLE items; --"}), "");
  EXPECT_EQ(*index_.ItemCount(), 4);
}

TEST_F(IndexSearch, MetadataValuesCompareAsWritten) {
  EXPECT_EQ(Ids({.meta_key = "lang", .meta_value = "en"}), "x_1,y2");
  EXPECT_EQ(Ids({.meta_key = "urgent", .meta_value = "true"}), "x_1");
  EXPECT_EQ(Ids({.meta_key = "urgent", .meta_value = "false"}), "x11");
  EXPECT_EQ(Ids({.meta_key = "n", .meta_value = "3.5"}), "x11");
  EXPECT_EQ(Ids({.text = "refund", .meta_key = "lang", .meta_value = "de"}), "x11");
  Result<std::vector<int64_t>> bad = index_.FindItems({.meta_key = "a\"b", .meta_value = "1"}, -1, 10);
  EXPECT_TRUE(Fails(bad.status(), StatusCode::kInvalidInput, {"may not hold"}));
}

TEST_F(IndexSearch, StatesFollowTheCurrentLabels) {
  using S = ItemFilter::State;
  EXPECT_EQ(Ids({.state = S::kUnlabeledBy, .annotator = "ann"}), "x11");
  EXPECT_EQ(Ids({.state = S::kLabeledBy, .annotator = "bob"}), "x_1,x11,y2");
  EXPECT_EQ(Ids({.state = S::kListed, .listed = {"z3", "x_1", "nope"}}), "x_1,z3");
  // ann and bob agree on x_1 and differ on y2; x11 and z3 have one label each.
  EXPECT_EQ(Ids({.state = S::kDisagreement}), "y2");
  EXPECT_EQ(Ids({.state = S::kDisagreement, .annotator = "cy"}), "") << "cy labeled none";
  EXPECT_EQ(Ids({.state = S::kGold}), "x11");
  Result<std::vector<int64_t>> bad = index_.FindItems({.state = S::kLabeledBy}, -1, 10);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
}

TEST_F(IndexSearch, PagesFollowTheCursorInProjectOrder) {
  EXPECT_EQ(Ids({}, -1, 2), "x_1,x11");
  EXPECT_EQ(Ids({}, 1, 2), "y2,z3");
  EXPECT_EQ(Ids({}, 3, 2), "");
}

TEST_F(IndexSearch, LabeledAmongAnswersForEveryIdInOneCall) {
  Result<std::vector<std::string>> done = index_.LabeledAmong("ann", {"z3", "x11", "x_1", "gone"});
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(Join(*done), "x_1,z3");
  Result<std::optional<int64_t>> next = index_.NextUnlabeledExcept("bob", -1, {"z3"});
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value()) << "z3, bob's only unlabeled item, is passed over";
}

}  // namespace
}  // namespace taxa::core
