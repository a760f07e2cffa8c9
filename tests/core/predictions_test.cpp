// Model predictions' file formats (core/predictions.h): import lines, the
// stored form, its path, and the checks a peer's file goes through.
#include <gtest/gtest.h>

#include "support/status_matchers.h"
#include "taxa/core/layout.h"
#include "taxa/core/predictions.h"
#include "taxa/core/project_files.h"
#include "taxa/core/sha256.h"
#include "taxa/core/shard.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

TEST(Predictions, ReadsALineWithProbabilitiesSortedById) {
  Result<Prediction> p = DecodePredictionLine(
      R"({"item":"T-1","category":"b","probabilities":{"b":0.75,"a":0.25},"model":"m1","x":[1]})",
      "f:1");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->item, "T-1");
  EXPECT_EQ(p->category, "b");
  EXPECT_EQ(p->model, "m1");
  ASSERT_EQ(p->probabilities.size(), 2u);
  EXPECT_EQ(p->probabilities[0].first, "a");
  EXPECT_EQ(p->probabilities[0].second, 0.25);
  EXPECT_EQ(p->probabilities[1].second, 0.75);
}

TEST(Predictions, RefusesBadLinesNamingTheField) {
  auto fails = [](const char* line, std::initializer_list<std::string> parts) {
    return Fails(DecodePredictionLine(line, "p.jsonl:7").status(), StatusCode::kInvalidInput,
                 parts);
  };
  EXPECT_TRUE(fails("{\"item\":\"a\",", {"p.jsonl:7", "not valid JSON"}));
  EXPECT_TRUE(fails("[1]", {"p.jsonl:7", "not a JSON object"}));
  EXPECT_TRUE(fails(R"({"category":"a"})", {"p.jsonl:7", "\"item\" is missing"}));
  EXPECT_TRUE(fails(R"({"item":"i"})", {"\"category\" is missing"}));
  EXPECT_TRUE(fails(R"({"item":3,"category":"a"})", {"\"item\" must be a string"}));
  EXPECT_TRUE(fails(R"({"item":"i","category":"a","probabilities":{"a":1.5}})",
                    {"\"probabilities\"", "[0, 1]", "\"a\""}));
  EXPECT_TRUE(fails(R"({"item":"i","category":"a","probabilities":{"a":-0.1,"b":1.1}})",
                    {"\"probabilities\"", "[0, 1]"}));
  EXPECT_TRUE(fails(R"({"item":"i","category":"a","probabilities":{"a":0.5,"b":0.3}})",
                    {"\"probabilities\"", "must sum to 1", "0.8"}));
  EXPECT_TRUE(fails(R"({"item":"i","category":"a","probabilities":{"a":"x"}})",
                    {"\"probabilities\"", "numbers"}));
  EXPECT_TRUE(fails(R"({"item":"i","category":"a","probabilities":{"a":0.5,"a":0.5}})",
                    {"\"a\" twice"}));
  EXPECT_TRUE(fails(R"({"item":"i","category":"a","probabilities":[0.5]})",
                    {"\"probabilities\" must be an object"}));
  // Within the tolerance of 0.001.
  EXPECT_TRUE(DecodePredictionLine(R"({"item":"i","category":"a","probabilities":{"a":0.3333,"b":0.6666}})",
                                   "x")
                  .ok());
}

TEST(Predictions, AFileNamesTheLineOfItsFirstFaultAndSkipsBlankLines) {
  Result<std::vector<Prediction>> ok =
      ParsePredictionsFile("{\"item\":\"a\",\"category\":\"x\"}\n\n  \n{\"item\":\"b\",\"category\":\"y\"}\r\n",
                           "p.jsonl");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[1].line, 4u);
  EXPECT_TRUE(Fails(ParsePredictionsFile("{\"item\":\"a\",\"category\":\"x\"}\n\n{\"item\":1}\n",
                                         "p.jsonl")
                        .status(),
                    StatusCode::kInvalidInput, {"p.jsonl:3: field \"item\""}));
}

TEST(Predictions, TheStoredLineReadsBackTheSame) {
  Prediction p{.item = "T \"1\"", .category = "b", .probabilities = {{"a", 0.1}, {"b", 0.9}}};
  const std::string line = EncodePredictionLine(p);
  EXPECT_EQ(line, R"({"item":"T \"1\"","category":"b","probabilities":{"a":0.1,"b":0.9}})");
  Result<Prediction> back = DecodePredictionLine(line, "x");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->item, p.item);
  EXPECT_EQ(back->probabilities, p.probabilities);
  EXPECT_EQ(EncodePredictionLine({.item = "i", .category = "a"}), R"({"item":"i","category":"a"})");
}

TEST(Predictions, PathsCarryModelStampAndContentHash) {
  EXPECT_EQ(PredictionsPath("m1", "20261206T220000Z", "0123456789abcdef"),
            "predictions/m1/20261206T220000Z-0123456789abcdef.jsonl.zst");
  Result<PredictionsPathParts> parts =
      ParsePredictionsPath("predictions/m1/20261206T220000Z-0123456789abcdef.jsonl.zst");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->model, "m1");
  EXPECT_EQ(parts->stamp, "20261206T220000Z");
  EXPECT_EQ(parts->hash, "0123456789abcdef");
  // The hash is SHA-256's first 16 hex digits (sha256("abc") is well known).
  EXPECT_EQ(PredictionsContentHash("abc"), "ba7816bf8f01cfea");

  Result<ProjectFileKind> kind =
      ClassifyProjectPath("predictions/m1/20261206T220000Z-0123456789abcdef.jsonl.zst");
  ASSERT_TRUE(kind.ok()) << kind.status().message();
  EXPECT_EQ(*kind, ProjectFileKind::kPredictions);
  for (const char* bad : {"predictions/m1/x.jsonl.zst", "predictions/M1/20261206T220000Z-0123456789abcdef.jsonl.zst",
                          "predictions/m1/20261206T220000Z-0123456789ABCDEF.jsonl.zst",
                          "predictions/20261206T220000Z-0123456789abcdef.jsonl.zst"})
    EXPECT_TRUE(Fails(ClassifyProjectPath(bad).status(), StatusCode::kInvalidInput, {bad}))
        << bad;
  EXPECT_TRUE(layout::IsOwned("predictions/m1/20261206T220000Z-0123456789abcdef.jsonl.zst"));
}

TEST(Predictions, APeersFileIsCheckedForItsHashAndEveryLine) {
  const std::string text = "{\"item\":\"a\",\"category\":\"x\"}\n{\"item\":\"b\",\"category\":\"y\"}\n";
  const std::string hash = Sha256Hex(text).substr(0, 16);
  const std::string path = PredictionsPath("m1", "20261206T220000Z", hash);
  EXPECT_TRUE(CheckProjectFile(path, CompressFrame(text)).ok());
  // A name whose hash is another content's.
  const std::string other = PredictionsPath("m1", "20261206T220000Z", "0000000000000000");
  EXPECT_TRUE(Fails(CheckProjectFile(other, CompressFrame(text)), StatusCode::kCorrupt,
                    {other, "does not match the hash"}));
  // A line that does not read: named by path and line.
  const std::string bad = "{\"item\":\"a\",\"category\":\"x\"}\n{\"item\":\"b\"}\n";
  const std::string bad_path = PredictionsPath("m1", "20261206T220000Z", Sha256Hex(bad).substr(0, 16));
  EXPECT_TRUE(Fails(CheckProjectFile(bad_path, CompressFrame(bad)), StatusCode::kCorrupt,
                    {bad_path + ":2", "\"category\" is missing"}));
  // Not a zstd frame.
  EXPECT_TRUE(Fails(CheckProjectFile(path, "plain text"), StatusCode::kCorrupt, {path}));
}

}  // namespace
}  // namespace taxa::core
