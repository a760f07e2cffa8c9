// The index's reviews (Index::ScanReviews, Index::ReadReviewFacts): every
// review of the indexed commit with the label event it judged, however the
// reviews and the labels arrive (together, reviews first, labels first), and
// the same after a rebuild from the files.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "storage/sqlite_db.h"
#include "support/status_matchers.h"
#include "support/index_files.h"
#include "support/test_support.h"
#include "taxa/core/index.h"
#include "taxa/core/review_event.h"
#include "taxa/core/shard.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;
using taxa::testing::TempDir;
using taxa::testing::Diff;
using taxa::testing::Files;
using taxa::testing::LoaderOf;
using taxa::testing::MustApply;
using taxa::testing::MustOpen;

LabelEvent Ev(const std::string& item, const std::string& annotator, uint64_t hlc,
              std::vector<std::string> cats, const std::string& taxonomy) {
  LabelEvent e;
  e.item = item;
  e.annotator = annotator;
  e.device = "d1";
  e.hlc = hlc;
  e.taxonomy = taxonomy;
  e.categories = std::move(cats);
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

std::string ReviewSegment(std::vector<ReviewEvent> reviews) {
  std::vector<std::string> lines;
  for (ReviewEvent& r : reviews) lines.push_back(SealReview(r));
  return EncodeShard(lines);
}

ReviewEvent Judge(const LabelEvent& l, ReviewVerdict verdict, uint64_t hlc) {
  ReviewEvent r;
  r.item = l.item;
  r.annotator = l.annotator;
  r.label = l.id;
  r.reviewer = "rex";
  r.device = "d9";
  r.hlc = hlc;
  r.plan = "audit";
  r.verdict = verdict;
  if (verdict == ReviewVerdict::kCorrect) r.categories = {"b", "c"};
  if (IsDefect(verdict)) {
    r.errors = {"wrong-category", "typo"};
    r.rule = "a/exclude/2";
  }
  r.note = "see \"note\"";
  r.duration_ms = 4200;
  return r;
}

// Every review the scan hands out, with what it says of the judged label.
struct Scanned {
  std::vector<ReviewEvent> reviews;
  std::vector<std::string> judged;  // "categories taxonomy", or "-" when not found
};

Scanned Scan(Index& index) {
  Scanned out;
  Status s = index.ScanReviews([&](ReviewEvent& r, const JudgedLabelView& j) {
    out.reviews.push_back(std::move(r));
    out.judged.push_back(j.found ? std::string(j.categories) + " " + std::string(j.taxonomy)
                                 : std::string("-"));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return out;
}

const std::string kLabelsA = "labels/ana/d1/00000001.jsonl.zst";
const std::string kLabelsB = "labels/bo/d1/00000001.jsonl.zst";
const std::string kReviews = "reviews/rex/d9/00000001.jsonl.zst";

struct Fixture {
  LabelEvent l1 = Ev("T1", "ana", 10, {"a"}, "1.0.0");
  LabelEvent l2 = Ev("T2", "ana", 11, {"a", "b"}, "tree:abc");
  LabelEvent l3 = Ev("T1", "bo", 12, {"b"}, "1.0.0");
  LabelEvent stranger = Ev("T9", "dee", 13, {"z"}, "1.0.0");  // never committed
  std::vector<ReviewEvent> reviews;
  Fixture() {
    reviews = {Judge(l1, ReviewVerdict::kReject, 100), Judge(l2, ReviewVerdict::kCorrect, 101),
               Judge(l3, ReviewVerdict::kAccept, 102), Judge(l1, ReviewVerdict::kAccept, 103),
               Judge(stranger, ReviewVerdict::kAccept, 104)};
    ReviewEvent lot;
    lot.reviewer = "rex";
    lot.device = "d9";
    lot.hlc = 105;
    lot.plan = "audit";
    lot.verdict = ReviewVerdict::kLotReject;
    lot.defects = 3;
    lot.reviewed = 50;
    reviews.push_back(lot);
    for (ReviewEvent& r : reviews) r.id = ComputeReviewId(r);
  }
  Files Labels() const {
    Files f;
    f[kLabelsA] = Segment({l1, l2});
    f[kLabelsB] = Segment({l3});
    return f;
  }
  Files Reviews() const {
    Files f;
    f[kReviews] = ReviewSegment(reviews);
    return f;
  }
  Files Both() const {
    Files f = Labels();
    f.merge(Reviews());
    return f;
  }
  // What the scan must give: (label, id) order, each review as written.
  Scanned Expected() const {
    Scanned out;
    out.reviews = reviews;
    std::sort(out.reviews.begin(), out.reviews.end(),
              [](const ReviewEvent& a, const ReviewEvent& b) {
                return a.label != b.label ? a.label < b.label : a.id < b.id;
              });
    for (const ReviewEvent& r : out.reviews) {
      if (r.label == l1.id) out.judged.push_back("[\"a\"] 1.0.0");
      else if (r.label == l2.id) out.judged.push_back("[\"a\",\"b\"] tree:abc");
      else if (r.label == l3.id) out.judged.push_back("[\"b\"] 1.0.0");
      else out.judged.push_back("-");
    }
    return out;
  }
};

void ExpectSame(const Scanned& got, const Scanned& want) {
  ASSERT_EQ(got.reviews.size(), want.reviews.size());
  for (size_t i = 0; i < want.reviews.size(); ++i) {
    EXPECT_TRUE(got.reviews[i] == want.reviews[i])
        << i << ": " << EncodeReviewLine(got.reviews[i]) << "\nwant "
        << EncodeReviewLine(want.reviews[i]);
    EXPECT_EQ(got.judged[i], want.judged[i]) << i;
  }
}

TEST(IndexReviews, EveryReviewComesBackWholeWithTheLabelItJudged) {
  TempDir dir;
  Fixture fx;
  Index index = MustOpen(dir / "index.sqlite");
  MustApply(index, {}, fx.Both(), "A");
  Scanned got = Scan(index);
  ExpectSame(got, fx.Expected());
  EXPECT_EQ(got.reviews.front().verdict, ReviewVerdict::kLotReject) << "label \"\" sorts first";
}

TEST(IndexReviews, AReviewIndexedBeforeItsLabelFindsItWhenTheLabelIsCommitted) {
  TempDir dir;
  Fixture fx;
  Index index = MustOpen(dir / "index.sqlite");
  MustApply(index, {}, fx.Reviews(), "R");
  Scanned before = Scan(index);
  ASSERT_EQ(before.judged.size(), fx.reviews.size());
  for (const std::string& j : before.judged) EXPECT_EQ(j, "-");
  MustApply(index, fx.Reviews(), fx.Both(), "RL");
  ExpectSame(Scan(index), fx.Expected());
}

TEST(IndexReviews, TheFirstReviewFindsLabelsIndexedBeforeReviewsWereKept) {
  TempDir dir;
  Fixture fx;
  Index index = MustOpen(dir / "index.sqlite");
  MustApply(index, {}, fx.Labels(), "L");
  MustApply(index, fx.Labels(), fx.Both(), "LR");
  ExpectSame(Scan(index), fx.Expected());
}

TEST(IndexReviews, LabelsAddedAsPendingAreFoundOnceCommittedNotBefore) {
  TempDir dir;
  Fixture fx;
  Index index = MustOpen(dir / "index.sqlite");
  Files first = fx.Reviews();
  first[kLabelsB] = Segment({fx.l3});
  MustApply(index, {}, first, "R");
  // The writer labels l1 and l2 (pending), then commits them as a segment
  // it knows: a review of them counts them only from that commit on.
  ASSERT_TRUE(index.AddPendingEvents({fx.l1, fx.l2}).ok());
  Scanned pending = Scan(index);
  for (size_t i = 0; i < pending.reviews.size(); ++i) {
    if (pending.reviews[i].label == fx.l1.id || pending.reviews[i].label == fx.l2.id) {
      EXPECT_EQ(pending.judged[i], "-");
    }
  }
  Index::Known known;
  known.indexed_segments[kLabelsA] = 2;
  Files both = fx.Both();
  ASSERT_TRUE(index.Apply(Diff(first, both), LoaderOf(both), "RL", nullptr, &known).ok());
  ExpectSame(Scan(index), fx.Expected());
}

TEST(IndexReviews, ARebuildFromTheFilesGivesTheSameReviews) {
  TempDir dir;
  Fixture fx;
  Files both = fx.Both();
  {
    Index index = MustOpen(dir / "index.sqlite");
    MustApply(index, {}, fx.Labels(), "L");
    MustApply(index, fx.Labels(), both, "LR");
  }
  // The cache deleted: an empty index, filled again from every file.
  for (const char* suffix : {"", "-wal", "-shm"})
    (void)::unlink((dir / ("index.sqlite" + std::string(suffix))).c_str());
  Index index = MustOpen(dir / "index.sqlite");
  EXPECT_EQ(Scan(index).reviews.size(), 0u);
  Status s = index.CatchUp(
      "LR", [&](const std::string&) -> Result<std::vector<FileChange>> { return Diff({}, both); },
      LoaderOf(both));
  ASSERT_TRUE(s.ok()) << s.message();
  ExpectSame(Scan(index), fx.Expected());
}

TEST(IndexReviews, ADeletedReviewSegmentEmptiesTheIndexAndAsksForARebuild) {
  TempDir dir;
  Fixture fx;
  Index index = MustOpen(dir / "index.sqlite");
  Files both = fx.Both();
  MustApply(index, {}, both, "A");
  Files gone = fx.Labels();
  Status s = index.Apply(Diff(both, gone), LoaderOf(gone), "B");
  EXPECT_TRUE(Fails(s, StatusCode::kFailedPrecondition, {kReviews, "rebuilt"}));
  EXPECT_EQ(Scan(index).reviews.size(), 0u);
}

// Schema 6 had no reviews; schema 7 kept a review's texts (annotator,
// categories as JSON, ...) in its row, where 8 keeps numbers.
TEST(IndexReviews, AnIndexOfSchemaVersion6Or7IsEmptiedToBeRebuiltWithReviews) {
  for (const int version : {6, 7}) {
    SCOPED_TRACE(version);
    TempDir dir;
    Fixture fx;
    const std::string path = dir / "index.sqlite";
    {
      Index index = MustOpen(path);
      MustApply(index, {}, fx.Both(), "A");
    }
    {
      Result<storage::Database> db = storage::Database::Open(path);
      ASSERT_TRUE(db.ok()) << db.status().message();
      ASSERT_TRUE(db->Exec(("PRAGMA user_version=" + std::to_string(version)).c_str()).ok());
    }
    Index index = MustOpen(path);
    EXPECT_EQ(index.indexed_commit(), "");
    EXPECT_EQ(Scan(index).reviews.size(), 0u);
    // Filled again, the reviews come back whole.
    MustApply(index, {}, fx.Both(), "A");
    ExpectSame(Scan(index), fx.Expected());
  }
}

// A fact's list as the texts it names.
std::vector<std::string> Texts(const DefectFacts& f, uint32_t list) {
  std::vector<std::string> out;
  for (uint32_t n : f.lists.at(list)) out.push_back(f.names.at(n));
  return out;
}

TEST(IndexReviews, TheFactsAreTheScannedReviewsAsNumbers) {
  TempDir dir;
  Fixture fx;
  Index index = MustOpen(dir / "index.sqlite");
  // Reviews first, then the labels, as in a project reviewed from a clone.
  Files first = fx.Reviews();
  first[kLabelsB] = Segment({fx.l3});
  MustApply(index, {}, first, "R");
  MustApply(index, first, fx.Both(), "RL");
  const Scanned want = fx.Expected();
  Result<IndexedReviews> got = index.ReadReviewFacts();
  ASSERT_TRUE(got.ok()) << got.status().message();
  const DefectFacts& f = got->facts;
  ASSERT_EQ(f.reviews.size(), want.reviews.size());
  ASSERT_EQ(got->judged_taxonomy.size(), want.reviews.size());
  EXPECT_EQ(f.names.at(0), "");
  for (size_t i = 0; i < want.reviews.size(); ++i) {
    SCOPED_TRACE(i);
    const ReviewEvent& w = want.reviews[i];
    const DefectFacts::Review& r = f.reviews[i];
    EXPECT_EQ(r.hlc, w.hlc);
    EXPECT_EQ(r.verdict, w.verdict);
    EXPECT_EQ(f.names.at(r.annotator), w.annotator);
    EXPECT_EQ(f.names.at(r.rule), w.rule);
    EXPECT_EQ(Texts(f, r.corrected), w.categories);
    EXPECT_EQ(Texts(f, r.errors), w.errors);
    EXPECT_EQ(r.vendor, 0u);
    EXPECT_EQ(r.release, 0u);
    // Equal label numbers exactly for equal labels.
    for (size_t j = 0; j < i; ++j)
      EXPECT_EQ(f.reviews[j].label == r.label, want.reviews[j].label == w.label) << j;
    const int32_t t = got->judged_taxonomy[i];
    if (want.judged[i] == "-") {
      EXPECT_EQ(t, -1);
      EXPECT_EQ(r.categories, 0u);
      continue;
    }
    ASSERT_GE(t, 0);
    std::string categories = "[";
    for (const std::string& c : Texts(f, r.categories))
      categories += (categories.size() > 1 ? ",\"" : "\"") + c + "\"";
    EXPECT_EQ(categories + "] " + got->taxonomies.at(static_cast<size_t>(t)), want.judged[i]);
  }
  EXPECT_LT(f.reviews.back().label, f.reviews.size());
}

}  // namespace
}  // namespace taxa::core
