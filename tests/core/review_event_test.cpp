#include "taxa/core/review_event.h"

#include <gtest/gtest.h>

#include "taxa/core/sha256.h"

namespace taxa::core {
namespace {

ReviewEvent Rejection() {
  ReviewEvent e{.item = "T-1", .annotator = "ana", .label = "0123abcd", .reviewer = "rex",
                .device = "d1", .hlc = 42, .plan = "audit-1", .verdict = ReviewVerdict::kReject,
                .errors = {"wrong-category", "guideline-ambiguous"},
                .rule = "billing.refund/exclude/2", .note = "say \"why\"", .duration_ms = 5400};
  SealReview(e);
  return e;
}

TEST(ReviewEvent, LineReadsBackAsTheSameReview) {
  ReviewEvent e = Rejection();
  std::string line = EncodeReviewLine(e);
  EXPECT_EQ(line,
            "{\"id\":\"" + e.id +
                "\",\"reviewer\":\"rex\",\"device\":\"d1\",\"hlc\":42,\"verdict\":\"reject\","
                "\"item\":\"T-1\",\"annotator\":\"ana\",\"label\":\"0123abcd\",\"plan\":"
                "\"audit-1\",\"errors\":[\"wrong-category\",\"guideline-ambiguous\"],\"rule\":"
                "\"billing.refund/exclude/2\",\"note\":\"say \\\"why\\\"\",\"ms\":5400}");
  Result<ReviewEvent> back = DecodeReviewLine(line, "r.jsonl:1");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, e);
}

TEST(ReviewEvent, IdIsTheHashOfTheLineWithoutIt) {
  ReviewEvent e = Rejection();
  std::string line = EncodeReviewLine(e);
  std::string body = "{" + line.substr(line.find(",\"reviewer\"") + 1);
  std::array<uint8_t, 32> digest = Sha256Digest(body);
  EXPECT_EQ(e.id, HexOf(digest.data(), 16));
}

TEST(ReviewEvent, LotDecisionCarriesCountsAndNoItem) {
  ReviewEvent lot{.reviewer = "rex", .device = "d1", .hlc = 7, .plan = "lot-3",
                  .verdict = ReviewVerdict::kLotReject, .defects = 6, .reviewed = 80};
  SealReview(lot);
  Result<ReviewEvent> back = DecodeReviewLine(EncodeReviewLine(lot), "r:1");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->defects, 6u);
  EXPECT_TRUE(IsLotDecision(back->verdict));
}

TEST(ReviewEvent, AlteredOrMisshapenLinesAreRefusedNamingTheField) {
  ReviewEvent e = Rejection();
  std::string line = EncodeReviewLine(e);
  std::string altered = line;
  altered.replace(altered.find("T-1"), 3, "T-2");
  Result<ReviewEvent> r = DecodeReviewLine(altered, "r.jsonl:3");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("r.jsonl:3: field \"id\""), std::string::npos);

  ReviewEvent correct = e;
  correct.verdict = ReviewVerdict::kCorrect;  // without categories
  SealReview(correct);
  r = DecodeReviewLine(EncodeReviewLine(correct), "r:1");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("\"categories\""), std::string::npos);

  std::string unknown = line;
  unknown.replace(unknown.find("\"reject\""), 8, "\"maybe\"");
  r = DecodeReviewLine(unknown, "r:1");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("field \"verdict\": unknown verdict \"maybe\""),
            std::string::npos);

  r = DecodeReviewLine("{\"id\":\"x\",\"id\":\"y\"}", "r:1");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("given twice"), std::string::npos);

  ReviewEvent lot{.item = "T-1", .reviewer = "rex", .device = "d1", .plan = "p",
                  .verdict = ReviewVerdict::kLotAccept};
  SealReview(lot);
  EXPECT_FALSE(DecodeReviewLine(EncodeReviewLine(lot), "r:1").ok());
}

}  // namespace
}  // namespace taxa::core
