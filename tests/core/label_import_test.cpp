#include "taxa/core/label_import.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taxa::core {
namespace {

using Labels = std::vector<ImportedLabel>;

Labels MustParse(std::string_view bytes, std::string_view file_name, LabelFileFormat format) {
  Result<Labels> labels = ParseLabelFile(bytes, file_name, format);
  EXPECT_TRUE(labels.ok()) << labels.status().message();
  if (!labels.ok()) return {};
  return std::move(labels).value();
}

std::string MustFail(std::string_view bytes, std::string_view file_name, LabelFileFormat format) {
  Result<Labels> labels = ParseLabelFile(bytes, file_name, format);
  EXPECT_FALSE(labels.ok()) << "parsed " << (labels.ok() ? labels->size() : 0) << " labels";
  if (labels.ok()) return {};
  EXPECT_EQ(labels.status().code(), StatusCode::kInvalidInput);
  return labels.status().message();
}

// Expected milliseconds are Python's:
//   int(datetime(2021,3,9,22,16,8,728000,tzinfo=timezone.utc).timestamp()*1000)
TEST(LabelImport, ReadsTimesAsIsoOrUnixSeconds) {
  EXPECT_EQ(ParseLabelTime("2021-03-09T22:16:08.728353Z"), 1615328168728u);
  EXPECT_EQ(ParseLabelTime("2021-03-09T22:16:08.728"), 1615328168728u);
  EXPECT_EQ(ParseLabelTime("2021-03-10T00:16:08.728+02:00"), 1615328168728u);
  EXPECT_EQ(ParseLabelTime("2024-02-29T23:00:00Z"), 1709247600000u);
  EXPECT_EQ(ParseLabelTime("1700000000"), 1700000000000u);
  EXPECT_FALSE(ParseLabelTime("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseLabelTime("yesterday"));
  EXPECT_FALSE(ParseLabelTime("2021-03-09T22:16:08Zjunk"));
  // datetime.fromtimestamp(1700000000.123, timezone.utc).isoformat()
  EXPECT_EQ(FormatLabelTime(1700000000123), "2023-11-14T22:13:20.123000Z");
  EXPECT_EQ(ParseLabelTime(FormatLabelTime(1615328168728)), 1615328168728u);
}

TEST(LabelImport, ReadsCsvRowsWithOptionalTimeAndSeconds) {
  Labels rows = MustParse(
      "item,annotator,categories,time,seconds_spent\n"
      "T-1,w1,billing\n"
      "T-2,w2,billing;refund,2021-03-09T22:16:08Z,12.5\n"
      "\"T,3\",w3,tech,,3\n",
      "crowd.csv", LabelFileFormat::kCsv);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].item, "T-1");
  EXPECT_EQ(rows[0].line, 2u);
  EXPECT_FALSE(rows[0].time_ms);
  EXPECT_EQ(rows[1].categories, (std::vector<std::string>{"billing", "refund"}));
  EXPECT_EQ(rows[1].time_ms, 1615328168000u);
  EXPECT_EQ(rows[1].duration_ms, 12500u);
  EXPECT_EQ(rows[2].item, "T,3");
  EXPECT_EQ(rows[2].duration_ms, 3000u);
  EXPECT_EQ(LabelWhere("crowd.csv", rows[2]), "crowd.csv:4");
}

TEST(LabelImport, CsvErrorsNameLineAndField) {
  EXPECT_EQ(MustFail("T-1,w1,billing\nT-2,,billing\n", "c.csv", LabelFileFormat::kCsv),
            "c.csv:2: field 2 (annotator) is empty");
  EXPECT_EQ(MustFail("T-1,w1\n", "c.csv", LabelFileFormat::kCsv),
            "c.csv:1: expected item,annotator,categories[,time][,seconds_spent], found 2 fields");
  EXPECT_NE(MustFail("T-1,w1,a\nT-2,w1,a,soon\n", "c.csv", LabelFileFormat::kCsv)
                .find("c.csv:2: field 4 (time) \"soon\""),
            std::string::npos);
  EXPECT_NE(MustFail("T-1,w1,a,,-3\n", "c.csv", LabelFileFormat::kCsv)
                .find("c.csv:1: field 5 (seconds_spent)"),
            std::string::npos);
  EXPECT_NE(MustFail("T-1,w1,\"a\n", "c.csv", LabelFileFormat::kCsv).find("c.csv:1:"),
            std::string::npos);
}

// A file of several megabytes without quotes is read in pieces side by side:
// every row keeps its own line (blank lines counted), and a bad row in a
// later piece is named by its line, as reading it in one piece does.
TEST(LabelImport, ALargeCsvReadInPiecesKeepsEveryRowAndLine) {
  std::string csv = "item,annotator,categories,time,seconds_spent\n";
  std::vector<size_t> line_of;  // line of row i
  size_t line = 1;
  for (size_t i = 0; i < 150000; ++i) {
    if (i % 1000 == 999) {  // a blank line now and then
      csv += "\n";
      ++line;
    }
    csv += "item-" + std::to_string(i) + ",w" + std::to_string(i % 37) + ",billing;refund," +
           std::to_string(1700000000 + i) + "," + std::to_string(i % 90) + ".5\n";
    line_of.push_back(++line);
  }
  ASSERT_GT(csv.size(), 4u << 20);  // four pieces or more
  Labels rows = MustParse(csv, "big.csv", LabelFileFormat::kCsv);
  ASSERT_EQ(rows.size(), line_of.size());
  for (size_t i = 0; i < rows.size(); i += 7919) {
    EXPECT_EQ(rows[i].item, "item-" + std::to_string(i));
    EXPECT_EQ(rows[i].line, line_of[i]) << "row " << i;
    EXPECT_EQ(rows[i].time_ms, (1700000000 + i) * 1000);
    EXPECT_EQ(rows[i].duration_ms, (i % 90) * 1000 + 500);
  }
  EXPECT_EQ(rows.back().line, line_of.back());

  // Row 120000 loses its categories: the error names its line.
  const std::string who = "w" + std::to_string(120000 % 37);
  const std::string good = "item-120000," + who + ",billing;refund,";
  size_t at = csv.find(good);
  ASSERT_NE(at, std::string::npos);
  std::string bad = csv;
  bad.replace(at, good.size(), "item-120000," + who + ",,");
  EXPECT_EQ(MustFail(bad, "big.csv", LabelFileFormat::kCsv),
            "big.csv:" + std::to_string(line_of[120000]) + ": field 3 (categories) is empty");
}

TEST(LabelImport, ReadsJsonLines) {
  Labels rows = MustParse(
      "{\"item\":\"T-1\",\"annotator\":\"w1\",\"categories\":[\"a\",\"b\"],"
      "\"time\":\"2021-03-09T22:16:08Z\",\"seconds_spent\":1.25}\n"
      "\n"
      "{\"item\":\"T-2\",\"annotator\":\"w2\",\"category\":\"c\",\"time\":1700000000}\n",
      "e.jsonl", LabelFileFormat::kJsonLines);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].categories, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows[0].duration_ms, 1250u);
  EXPECT_EQ(rows[1].line, 3u);
  EXPECT_EQ(rows[1].categories, (std::vector<std::string>{"c"}));
  EXPECT_EQ(rows[1].time_ms, 1700000000000u);
}

TEST(LabelImport, JsonLinesErrorsNameLineAndField) {
  const std::string ok = "{\"item\":\"T-1\",\"annotator\":\"w1\",\"categories\":[\"a\"]}\n";
  EXPECT_EQ(MustFail(ok + "{\"item\":\"T-2\",\"annotator\":\"w1\"}\n", "e.jsonl",
                     LabelFileFormat::kJsonLines),
            "e.jsonl:2: field \"categories\" is missing or empty");
  EXPECT_EQ(MustFail(ok + ok + "{\"item\":", "e.jsonl", LabelFileFormat::kJsonLines),
            "e.jsonl:3: not valid JSON");
  EXPECT_EQ(MustFail("{\"item\":7,\"annotator\":\"w\",\"categories\":[\"a\"]}", "e.jsonl",
                     LabelFileFormat::kJsonLines),
            "e.jsonl:1: field \"item\" must be a non-empty string");
}

// Written by hand from Label Studio's documented export ("Label Studio JSON
// format of annotated tasks", labelstud.io/guide/task_format): a task with
// `id`, `data`, `annotations` of `completed_by`, `result` (choices), and the
// annotation's `created_at` and `lead_time`.
TEST(LabelImport, ReadsLabelStudioTasks) {
  const std::string tasks = R"([
    {"id": 1, "data": {"item": "T-1", "text": "hello"},
     "annotations": [
       {"id": 1001, "completed_by": 10, "was_cancelled": false, "ground_truth": false,
        "result": [{"id": "a1", "from_name": "category", "to_name": "text", "type": "choices",
                    "value": {"choices": ["billing", "refund"]}}],
        "created_at": "2021-03-09T22:16:08.728353Z", "updated_at": "2021-03-09T22:16:08.728378Z",
        "lead_time": 4.288, "task": 1},
       {"id": 1002, "completed_by": {"id": 11, "email": "ann@example.com"},
        "result": [{"from_name": "tax", "to_name": "text", "type": "taxonomy",
                    "value": {"taxonomy": [["billing", "refund"]]}},
                   {"from_name": "r", "to_name": "text", "type": "rating", "value": {"rating": 4}}],
        "created_at": "2021-03-10T00:00:00Z", "lead_time": 2},
       {"id": 1003, "completed_by": 12, "was_cancelled": true, "result": []}
     ],
     "predictions": []},
    {"id": 2, "data": {"item": "T-2"}, "annotations": []}
  ])";
  Labels rows = MustParse(tasks, "ls.json", LabelFileFormat::kLabelStudio);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].item, "T-1");
  EXPECT_EQ(rows[0].annotator, "ls-10");
  EXPECT_EQ(rows[0].categories, (std::vector<std::string>{"billing", "refund"}));
  EXPECT_EQ(rows[0].time_ms, 1615328168728u);
  EXPECT_EQ(rows[0].duration_ms, 4288u);
  EXPECT_EQ(LabelWhere("ls.json", rows[0]), "ls.json: task 1");
  EXPECT_EQ(rows[1].annotator, "ann@example.com");
  EXPECT_EQ(rows[1].categories, (std::vector<std::string>{"refund"}));
  EXPECT_EQ(rows[1].duration_ms, 2000u);
}

TEST(LabelImport, LabelStudioErrorsNameTheTask) {
  EXPECT_EQ(MustFail(R"([{"id": 5, "data": {"text": "x"}, "annotations": []}])", "ls.json",
                     LabelFileFormat::kLabelStudio),
            "ls.json: task 5: field \"data.item\" (the Taxa item id) is missing or not a string");
  EXPECT_EQ(MustFail(R"([{"id": 6, "data": {"item": "T-1"},
                          "annotations": [{"completed_by": 3, "result": []}]}])",
                     "ls.json", LabelFileFormat::kLabelStudio),
            "ls.json: task 6: the annotation has no \"choices\" or \"taxonomy\" result");
  EXPECT_EQ(MustFail("{}", "ls.json", LabelFileFormat::kLabelStudio),
            "ls.json: expected a JSON array of Label Studio tasks");
}

TEST(LabelImport, FormatNamesAndGuesses) {
  EXPECT_EQ(*ParseLabelFileFormat("label-studio"), LabelFileFormat::kLabelStudio);
  Result<LabelFileFormat> bad = ParseLabelFileFormat("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("csv, jsonl or label-studio"), std::string::npos);
  EXPECT_EQ(GuessLabelFileFormat("a.CSV"), LabelFileFormat::kCsv);
  EXPECT_EQ(GuessLabelFileFormat("a.json"), LabelFileFormat::kLabelStudio);
  EXPECT_FALSE(GuessLabelFileFormat("a.txt"));
}

}  // namespace
}  // namespace taxa::core
