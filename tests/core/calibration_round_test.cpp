// A calibration round's file read back (core/calibration_round.h): the fields a
// pull may bring, and the seed, from which the sample is drawn again.
#include <string>

#include "taxa/core/calibration_round.h"
#include "support/status_matchers.h"
#include <gtest/gtest.h>

namespace taxa::core {
namespace {

using taxa::testing::Fails;

const std::string kPath = "calibration/r1.json";

std::string Round(const std::string& seed) {
  return R"({"name": "r1", "plan": "random", "seed": )" + seed +
         R"(, "annotators": ["ana", "ben"], "items": ["T-1"]})";
}

TEST(CalibrationRound, EncodeThenDecodeGivesTheSameRound) {
  CalibrationRound r{.name = "r1",
                     .created = "2026-01-02T03:04:05Z",
                     .created_by = "ana",
                     .commit = std::string(40, 'a'),
                     .taxonomy = "tree:abc",
                     .plan = "stratified:channel",
                     .seed = UINT64_MAX,
                     .annotators = {"ana", "ben"},
                     .items = {"T-1", "T-2"}};
  Result<CalibrationRound> back = DecodeRound(EncodeRound(r), kPath);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(EncodeRound(*back), EncodeRound(r));
  EXPECT_EQ(back->seed, UINT64_MAX);
}

// Found by fuzzing (tests/fuzz/crashes/calibration_round): a seed beyond
// 2^64-1 is held by nlohmann as a double, and converting it back to an
// integer was undefined behaviour; a fraction or a sign gave another seed
// than the file's, so another sample.
TEST(CalibrationRound, SeedMustBeAnIntegerThatFitsExactly) {
  for (const char* seed : {"18446744073709551616", "1e300", "1.5", "-1", "\"7\"", "null"})
    EXPECT_TRUE(Fails(DecodeRound(Round(seed), kPath).status(), StatusCode::kInvalidInput,
                      {kPath + ": field \"seed\""}))
        << seed;
  Result<CalibrationRound> ok = DecodeRound(Round("18446744073709551615"), kPath);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->seed, UINT64_MAX);
}

TEST(CalibrationRound, ErrorsNameTheFileAndTheField) {
  EXPECT_TRUE(Fails(DecodeRound("[1]", kPath).status(), StatusCode::kInvalidInput,
                    {kPath + ": not a JSON object"}));
  EXPECT_TRUE(
      Fails(DecodeRound(R"({"plan": "random", "seed": 1, "annotators": [], "items": []})", kPath)
                .status(),
            StatusCode::kInvalidInput, {kPath + ": field \"name\" is missing"}));
  EXPECT_TRUE(Fails(DecodeRound(R"({"name": "r1", "plan": "random", "seed": 1, "created": 5,
                                   "annotators": [], "items": []})",
                                kPath)
                        .status(),
                    StatusCode::kInvalidInput, {kPath + ": field \"created\" must be a string"}));
  EXPECT_TRUE(Fails(DecodeRound(R"({"name": "r1", "plan": "random", "seed": 1,
                                   "annotators": ["a", 2], "items": []})",
                                kPath)
                        .status(),
                    StatusCode::kInvalidInput,
                    {kPath + ": field \"annotators\" must be an array of strings"}));
  EXPECT_TRUE(Fails(DecodeRound(Round("1") + std::string(1, '\0'), kPath).status(),
                    StatusCode::kInvalidInput, {kPath + ": not valid JSON (a NUL byte)"}));
}

}  // namespace
}  // namespace taxa::core
