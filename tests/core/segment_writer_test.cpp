#include "taxa/core/segment_writer.h"

#include <gtest/gtest.h>

#include "support/status_matchers.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "taxa/core/shard.h"

namespace taxa::core {
namespace {

using Files = std::vector<SegmentFile>;

using taxa::testing::Fails;

const std::string kFolder = "labels/alice/d1/";

LabelEvent Ev(const std::string& item, uint64_t hlc, std::vector<std::string> cats = {"billing"}) {
  LabelEvent e;
  e.item = item;
  e.annotator = "alice";
  e.device = "d1";
  e.hlc = hlc;
  e.taxonomy = "t1";
  e.categories = std::move(cats);
  e.id = ComputeEventId(e);
  return e;
}

std::vector<LabelEvent> Events(int from, int count) {
  std::vector<LabelEvent> out;
  for (int i = from; i < from + count; ++i) out.push_back(Ev("T-" + std::to_string(i), 1000 + i));
  return out;
}

// The ids held by a segment, in file order.
std::vector<std::string> IdsIn(const std::string& bytes) {
  Result<std::string> text = DecompressFrame(bytes, "segment");
  EXPECT_TRUE(text.ok()) << text.status().message();
  std::vector<std::string> ids;
  if (!text.ok()) return ids;
  Status s = ForEachLine(*text, [&](std::string_view line, size_t n) -> Status {
    Result<LabelEvent> e = DecodeEventLine(line, "segment:" + std::to_string(n));
    if (!e.ok()) return e.status();
    EXPECT_EQ(std::string(line), EncodeEventLine(*e));  // canonical lines
    ids.push_back(e->id);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return ids;
}

std::vector<std::string> SortedIds(const std::vector<LabelEvent>& events) {
  std::vector<std::string> ids;
  for (const LabelEvent& e : events) ids.push_back(e.id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Files MustAppend(const std::optional<OpenSegment>& open, std::vector<LabelEvent> events,
                 size_t max_events = kSegmentMaxEvents) {
  Result<Files> r = AppendEvents(kFolder, open, std::move(events), max_events);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : Files{};
}

std::vector<std::string> Paths(const Files& files) {
  std::vector<std::string> out;
  for (const auto& [path, bytes, count] : files) out.push_back(path);
  return out;
}

TEST(SegmentWriter, FolderIsNamedForAnnotatorAndDevice) {
  Result<std::string> f = SegmentFolder("alice", "laptop-1");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(*f, "labels/alice/laptop-1/");
  f = SegmentFolder("alice.smith@example.com", "4f2a9c1e_X");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(*f, "labels/alice.smith@example.com/4f2a9c1e_X/");
}

TEST(SegmentWriter, AnnotatorNamesMustBeSafePathComponents) {
  EXPECT_TRUE(CheckAnnotatorName("Alice_01.b@x-y").ok());
  EXPECT_TRUE(CheckAnnotatorName(std::string(64, 'a')).ok());
  EXPECT_TRUE(Fails(CheckAnnotatorName(""), StatusCode::kInvalidInput,
                    {"annotator name is empty"}));
  EXPECT_TRUE(Fails(CheckAnnotatorName(std::string(65, 'a')), StatusCode::kInvalidInput,
                    {"is too long"}));
  for (const char* hidden : {".alice", "..", "."})
    EXPECT_TRUE(Fails(CheckAnnotatorName(hidden), StatusCode::kInvalidInput,
                      {"annotator name \"" + std::string(hidden) + "\" may not start with '.'"}))
        << hidden;
  for (const char* bad : {"al/ice", "al ice", "al\\ice", "al:ice", "caf\xC3\xA9", "a\nb", "a*"})
    EXPECT_TRUE(Fails(CheckAnnotatorName(bad), StatusCode::kInvalidInput,
                      {"annotator name \"" + std::string(bad) + "\"",
                       "may hold only letters, digits, '_', '.', '@' and '-'"}))
        << bad;

  EXPECT_TRUE(Fails(SegmentFolder("a/b", "d1").status(), StatusCode::kInvalidInput,
                    {"\"a/b\""}));
  Status device = SegmentFolder("alice", "../x").status();
  EXPECT_TRUE(Fails(device, StatusCode::kInvalidInput, {"device id", "\"../x\""}));
}

TEST(SegmentWriter, FirstSegmentIsNumberOne) {
  std::vector<LabelEvent> events = Events(0, 4);
  Files out = MustAppend(std::nullopt, events);
  ASSERT_EQ(Paths(out), (std::vector<std::string>{"labels/alice/d1/00000001.jsonl.zst"}));
  EXPECT_EQ(IdsIn(out[0].bytes), SortedIds(events));  // sorted by event id

  EXPECT_TRUE(MustAppend(std::nullopt, {}).empty());
}

TEST(SegmentWriter, DuplicatesInOneBatchAreWrittenOnce) {
  std::vector<LabelEvent> events = Events(0, 3);
  events.push_back(events[1]);
  events.push_back(events[0]);
  Files out = MustAppend(std::nullopt, events);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(IdsIn(out[0].bytes).size(), 3u);
}

TEST(SegmentWriter, NewEventsJoinTheOpenSegment) {
  std::vector<LabelEvent> first = Events(0, 3);
  Files one = MustAppend(std::nullopt, first);
  ASSERT_EQ(one.size(), 1u);
  OpenSegment open{one[0].path, one[0].bytes};

  std::vector<LabelEvent> second = Events(3, 2);
  second.push_back(first[1]);  // already stored
  Files two = MustAppend(open, second);
  ASSERT_EQ(Paths(two), (std::vector<std::string>{"labels/alice/d1/00000001.jsonl.zst"}));
  std::vector<LabelEvent> all = first;
  all.insert(all.end(), second.begin(), second.end());
  EXPECT_EQ(IdsIn(two[0].bytes), SortedIds(all));
}

TEST(SegmentWriter, OpenSegmentNumberIsContinued) {
  Result<Files> seg = AppendEvents("labels/alice/d1/", std::nullopt, Events(0, 1));
  ASSERT_TRUE(seg.ok());
  OpenSegment open{"labels/alice/d1/00000041.jsonl.zst", (*seg)[0].bytes};
  Files out = MustAppend(open, Events(1, 1));
  EXPECT_EQ(Paths(out), (std::vector<std::string>{"labels/alice/d1/00000041.jsonl.zst"}));
}

TEST(SegmentWriter, SegmentsAreSealedAtMaxEvents) {
  const size_t kMax = 3;
  std::vector<LabelEvent> batch = Events(0, 7);
  Files out = MustAppend(std::nullopt, batch, kMax);
  ASSERT_EQ(Paths(out), (std::vector<std::string>{"labels/alice/d1/00000001.jsonl.zst",
                                                  "labels/alice/d1/00000002.jsonl.zst",
                                                  "labels/alice/d1/00000003.jsonl.zst"}));
  std::vector<std::string> seen;
  for (const auto& [path, bytes, count] : out) {
    std::vector<std::string> ids = IdsIn(bytes);
    EXPECT_LE(ids.size(), kMax) << path;
    seen.insert(seen.end(), ids.begin(), ids.end());
  }
  EXPECT_EQ(seen, SortedIds(batch));  // each once, in id order across segments
  EXPECT_EQ(IdsIn(out[2].bytes).size(), 1u);

  // More events fill the open segment 3, then open 4; 1 and 2 are sealed and
  // not written again.
  OpenSegment open{out[2].path, out[2].bytes};
  std::vector<LabelEvent> more = Events(10, 4);
  Files next = MustAppend(open, more, kMax);
  ASSERT_EQ(Paths(next), (std::vector<std::string>{"labels/alice/d1/00000003.jsonl.zst",
                                                   "labels/alice/d1/00000004.jsonl.zst"}));
  std::vector<std::string> three = IdsIn(next[0].bytes);
  std::vector<std::string> four = IdsIn(next[1].bytes);
  EXPECT_EQ(three.size(), kMax);
  EXPECT_EQ(four.size(), 2u);
  // The old content of segment 3 is kept.
  EXPECT_NE(std::find(three.begin(), three.end(), IdsIn(out[2].bytes)[0]), three.end());
  std::set<std::string> all(three.begin(), three.end());
  all.insert(four.begin(), four.end());
  EXPECT_EQ(all.size(), 5u);
}

TEST(SegmentWriter, FullOpenSegmentIsLeftAloneAndTheNextOpened) {
  const size_t kMax = 3;
  Files first = MustAppend(std::nullopt, Events(0, 3), kMax);
  ASSERT_EQ(first.size(), 1u);
  OpenSegment open{first[0].path, first[0].bytes};
  std::vector<LabelEvent> more = Events(3, 1);
  Files out = MustAppend(open, more, kMax);
  ASSERT_EQ(Paths(out), (std::vector<std::string>{"labels/alice/d1/00000002.jsonl.zst"}));
  EXPECT_EQ(IdsIn(out[0].bytes), SortedIds(more));

  EXPECT_TRUE(MustAppend(open, {}, kMax).empty());
}

TEST(SegmentWriter, ReplayingStoredEventsWritesNothing) {
  std::vector<LabelEvent> events = Events(0, 4);
  Files first = MustAppend(std::nullopt, events);
  ASSERT_EQ(first.size(), 1u);
  OpenSegment open{first[0].path, first[0].bytes};
  EXPECT_TRUE(MustAppend(open, events).empty());
  EXPECT_TRUE(MustAppend(open, {events[2]}).empty());
  EXPECT_TRUE(MustAppend(open, {}).empty());
  // With room to spare under a small bound as well.
  EXPECT_TRUE(MustAppend(open, events, 10).empty());
}

TEST(SegmentWriter, ReplayIntoANearlyFullOpenSegmentWritesNothing) {
  const size_t kMax = 3;
  std::vector<LabelEvent> events = Events(0, 2);
  Files first = MustAppend(std::nullopt, events, kMax);
  ASSERT_EQ(first.size(), 1u);
  OpenSegment open{first[0].path, first[0].bytes};
  Files out = MustAppend(open, events, kMax);
  EXPECT_TRUE(out.empty()) << "wrote " << ::testing::PrintToString(Paths(out));

  // Whatever is written, no event may be stored twice.
  std::multiset<std::string> stored;
  for (const std::string& id : IdsIn(open.bytes)) stored.insert(id);
  for (const auto& [path, bytes, count] : out)
    if (path != open.path)
      for (const std::string& id : IdsIn(bytes)) stored.insert(id);
  for (const std::string& id : SortedIds(events)) EXPECT_EQ(stored.count(id), 1u) << id;
}

TEST(SegmentWriter, CorruptOpenSegmentFailsNamingIt) {
  Files first = MustAppend(std::nullopt, Events(0, 2));
  ASSERT_EQ(first.size(), 1u);
  std::string bytes = first[0].bytes;
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0xff);
  OpenSegment open{first[0].path, bytes};
  EXPECT_TRUE(Fails(AppendEvents(kFolder, open, Events(5, 1)).status(), StatusCode::kCorrupt,
                    {"labels/alice/d1/00000001.jsonl.zst"}));
  OpenSegment cut{first[0].path, first[0].bytes.substr(0, 10)};
  EXPECT_TRUE(Fails(AppendEvents(kFolder, cut, Events(5, 1)).status(), StatusCode::kCorrupt,
                    {"labels/alice/d1/00000001.jsonl.zst"}));
}

}  // namespace
}  // namespace taxa::core
