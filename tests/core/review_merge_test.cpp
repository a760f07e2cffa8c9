// Review segments (reviews/<reviewer>/<device>/) changed on both sides merge
// by union like label segments, and are written by the same segment writer.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/status_matchers.h"
#include "taxa/core/merge.h"
#include "taxa/core/review_event.h"
#include "taxa/core/segment_writer.h"
#include "taxa/core/shard.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

ReviewEvent Review(const std::string& item, uint64_t hlc) {
  ReviewEvent e;
  e.item = item;
  e.annotator = "ana";
  e.label = "label-of-" + item;
  e.reviewer = "rex";
  e.device = "d1";
  e.hlc = hlc;
  e.plan = "audit";
  e.verdict = ReviewVerdict::kReject;
  e.errors = {"wrong-category"};
  SealReview(e);
  return e;
}

std::string Segment(const std::vector<ReviewEvent>& events) {
  std::vector<std::string> lines;
  for (const ReviewEvent& e : events) lines.push_back(EncodeReviewLine(e));
  std::sort(lines.begin(), lines.end());
  return EncodeShard(lines);
}

std::vector<std::string> Ids(const std::string& segment) {
  Result<std::string> text = DecompressFrame(segment, "seg");
  EXPECT_TRUE(text.ok());
  std::vector<std::string> ids;
  EXPECT_TRUE(ForEachLine(*text, [&](std::string_view line, size_t n) -> Status {
                Result<ReviewEvent> e = DecodeReviewLine(line, "seg:" + std::to_string(n));
                if (!e.ok()) return e.status();
                ids.push_back(e->id);
                return Status::Ok();
              }).ok());
  return ids;
}

const std::string kPath = "reviews/rex/d1/00000001.jsonl.zst";

TEST(ReviewSegmentMerge, UnionOfBothSidesSortedAndSymmetric) {
  ReviewEvent a = Review("t1", 10), b = Review("t2", 20), c = Review("t3", 30);
  std::string base = Segment({a});
  std::string ours = Segment({a, b});
  std::string theirs = Segment({a, c});
  Result<std::string> ab = MergeLabelSegment(kPath, base, ours, theirs);
  ASSERT_TRUE(ab.ok()) << ab.status().message();
  Result<std::string> ba = MergeLabelSegment(kPath, base, theirs, ours);
  ASSERT_TRUE(ba.ok());
  EXPECT_EQ(*ab, *ba);
  std::vector<std::string> want = {a.id, b.id, c.id};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(Ids(*ab), want);
}

TEST(ReviewSegmentMerge, AnAlteredReviewIsCorruptNamingTheLine) {
  ReviewEvent a = Review("t1", 10);
  std::string line = EncodeReviewLine(a);
  line.replace(line.find("wrong-category"), 14, "item-unusable!");
  std::string bad = EncodeShard({line});
  EXPECT_TRUE(Fails(MergeLabelSegment(kPath, std::nullopt, Segment({a}), bad).status(),
                    StatusCode::kCorrupt, {kPath + ":1", "altered review"}));
}

TEST(ReviewSegmentWriter, AppendsToTheOpenSegmentOnceEach) {
  ReviewEvent a = Review("t1", 10), b = Review("t2", 20);
  std::string la = EncodeReviewLine(a), lb = EncodeReviewLine(b);
  auto id_of = [](std::string_view line, const std::string& where) -> Result<std::string> {
    TAXA_ASSIGN_OR_RETURN(ReviewEvent e, DecodeReviewLine(line, where));
    return e.id;
  };
  Result<std::vector<SegmentFile>> first =
      AppendLines("reviews/rex/d1/", std::nullopt, {{a.id, la}}, id_of);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].path, kPath);
  OpenSegment open{kPath, (*first)[0].bytes};
  Result<std::vector<SegmentFile>> second =
      AppendLines("reviews/rex/d1/", open, {{b.id, lb}, {a.id, la}, {b.id, lb}}, id_of);
  ASSERT_TRUE(second.ok()) << second.status().message();
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].events, 2u);
  std::vector<std::string> want = {a.id, b.id};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(Ids((*second)[0].bytes), want);
  // Nothing new: nothing to write.
  Result<std::vector<SegmentFile>> again =
      AppendLines("reviews/rex/d1/", OpenSegment{kPath, (*second)[0].bytes}, {{a.id, la}}, id_of);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  // A segment full at max_events is sealed: the next number opens.
  Result<std::vector<SegmentFile>> sealed = AppendLines(
      "reviews/rex/d1/", OpenSegment{kPath, (*first)[0].bytes}, {{b.id, lb}}, id_of, 1);
  ASSERT_TRUE(sealed.ok());
  ASSERT_EQ(sealed->size(), 1u);
  EXPECT_EQ((*sealed)[0].path, "reviews/rex/d1/00000002.jsonl.zst");
}

}  // namespace
}  // namespace taxa::core
