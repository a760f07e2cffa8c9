#include "taxa/core/ratings_file.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/status_matchers.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

// The value name each (item, annotator) got, as "item/annotator=value" in
// item order then annotator order.
std::vector<std::string> Triples(const Ratings& r) {
  std::vector<std::string> out;
  for (size_t i = 0; i < r.ItemCount(); ++i)
    for (uint32_t k = r.item_begin[i]; k < r.item_begin[i + 1]; ++k)
      out.push_back(r.item_names[i] + "/" + r.annotator_names[r.rating_annotator[k]] + "=" +
                    r.value_names[r.rating_value[k]]);
  return out;
}

Status Read(std::string_view bytes, std::string_view name, ValueKind kind = ValueKind::kCategory) {
  return ReadRatingsFile(bytes, name, RatingsFormat::kAuto, kind).status();
}

TEST(RatingsFile, CsvReadsColumnsInAnyOrderAndSkipsEmptyValues) {
  Result<Ratings> r = ReadRatingsFile(
      "\xEF\xBB\xBFnote,value,annotator,item\r\n"
      "x,spam,ann,d1\r\n"
      "\"a, b\",ham,bob,d1\r\n"
      "\r\n"
      ",,ann,d2\r\n"
      "\"multi\nline\",\"sp\"\"am\",bob,d2\r\n",
      "r.csv", RatingsFormat::kAuto, ValueKind::kCategory);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->kind, ValueKind::kCategory);
  EXPECT_EQ(Triples(*r), (std::vector<std::string>{"d1/ann=spam", "d1/bob=ham", "d2/bob=sp\"am"}));
}

TEST(RatingsFile, CsvNumbersAndLabelSets) {
  Result<Ratings> n = ReadRatingsFile("item,annotator,value\na,x, 1.5\na,y,-2\nb,x,1e2\n", "n.csv",
                                      RatingsFormat::kCsv, ValueKind::kNumber);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(n->value_numbers, (std::vector<double>{1.5, -2, 100}));

  Result<Ratings> s = ReadRatingsFile("item,annotator,value\na,x,red; blue\na,y,blue;red\nb,x,red\n",
                                      "s.csv", RatingsFormat::kAuto, ValueKind::kLabelSet);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->kind, ValueKind::kLabelSet);
  ASSERT_EQ(s->ValueCount(), 2u);  // {red,blue} twice, then {red}
  EXPECT_EQ(s->label_names, (std::vector<std::string>{"red", "blue"}));
  EXPECT_EQ(s->rating_value[0], s->rating_value[1]);
}

TEST(RatingsFile, JsonLinesReadsStringsNumbersAndLists) {
  Result<Ratings> c = ReadRatingsFile(
      "{\"item\":\"d1\",\"annotator\":\"ann\",\"value\":\"spam\"}\n"
      "\n"
      "{\"annotator\":\"bob\",\"item\":\"d1\",\"value\":1.0,\"extra\":[1]}\n"
      "{\"item\":7,\"annotator\":\"bob\",\"value\":null}\n"
      "{\"item\":\"d2\",\"annotator\":\"bob\",\"value\":\"\"}\n",
      "r.jsonl", RatingsFormat::kAuto, ValueKind::kCategory);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(Triples(*c), (std::vector<std::string>{"d1/ann=spam", "d1/bob=1"}));

  Result<Ratings> n = ReadRatingsFile(
      "{\"item\":\"a\",\"annotator\":\"x\",\"value\":3}\n"
      "{\"item\":\"a\",\"annotator\":\"y\",\"value\":\"4.25\"}\n",
      "n.jsonl", RatingsFormat::kJsonLines, ValueKind::kNumber);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(n->value_numbers, (std::vector<double>{3, 4.25}));

  Result<Ratings> s = ReadRatingsFile(
      "{\"item\":\"a\",\"annotator\":\"x\",\"value\":[\"red\",\"blue\",\"red\"]}\n"
      "{\"item\":\"a\",\"annotator\":\"y\",\"value\":\"blue;red\"}\n"
      "{\"item\":\"b\",\"annotator\":\"y\",\"value\":[]}\n",
      "s.jsonl", RatingsFormat::kAuto, ValueKind::kLabelSet);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->ValueCount(), 2u);  // {red,blue} and the empty set
  EXPECT_EQ(s->rating_value[0], s->rating_value[1]);
}

TEST(RatingsFile, EmptyFileGivesNoRatings) {
  Result<Ratings> r = ReadRatingsFile("", "e.csv", RatingsFormat::kAuto, ValueKind::kCategory);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->RatingCount(), 0u);
  r = ReadRatingsFile("item,annotator,value\n", "h.csv", RatingsFormat::kAuto,
                      ValueKind::kCategory);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->RatingCount(), 0u);
}

TEST(RatingsFile, CsvErrorsNameFileLineAndField) {
  EXPECT_TRUE(Fails(Read("item,value\na,1\n", "h.csv"), StatusCode::kInvalidInput,
                    {"h.csv:1: header lacks column \"annotator\""}));
  EXPECT_TRUE(Fails(Read("item,annotator,value,item\n", "h.csv"), StatusCode::kInvalidInput,
                    {"h.csv:1: header names column \"item\" twice"}));
  EXPECT_TRUE(Fails(Read("item,annotator,value\na,x,1\nb,x\n", "f.csv"),
                    StatusCode::kInvalidInput, {"f.csv:3: expected 3 fields", "found 2"}));
  EXPECT_TRUE(Fails(Read("item,annotator,value\na,x,\"open\n\n", "q.csv"),
                    StatusCode::kInvalidInput, {"q.csv:2: unterminated quoted field"}));
  EXPECT_TRUE(Fails(Read("item,annotator,value\na,x,\"v\"w\n", "q.csv"),
                    StatusCode::kInvalidInput, {"q.csv:2: field 3 has text after its closing quote"}));
  EXPECT_TRUE(Fails(Read("item,annotator,value\n,x,1\n", "e.csv"), StatusCode::kInvalidInput,
                    {"e.csv:2: field \"item\" is empty"}));
  EXPECT_TRUE(Fails(Read("item,annotator,value\na, ,1\n", "e.csv"), StatusCode::kInvalidInput,
                    {"e.csv:2: field \"annotator\" is empty"}));
  EXPECT_TRUE(Fails(Read("item,annotator,value\na,x,high\n", "n.csv", ValueKind::kNumber),
                    StatusCode::kInvalidInput, {"n.csv:2: field \"value\" is not a number: \"high\""}));
  EXPECT_TRUE(Fails(Read("item,annotator,value\na,x,nan\n", "n.csv", ValueKind::kNumber),
                    StatusCode::kInvalidInput, {"n.csv:2: field \"value\" is not a number"}));
  EXPECT_TRUE(Fails(Read("item,annotator,value\na,x,\xff\n", "u.csv"), StatusCode::kInvalidInput,
                    {"u.csv:2: field \"value\" is not valid UTF-8"}));
  // A quoted line break moves the line count on: the repeat is on line 5.
  EXPECT_TRUE(Fails(Read("item,annotator,value\na,x,1\n\"b\nc\",x,2\na,x,3\n", "d.csv"),
                    StatusCode::kInvalidInput,
                    {"d.csv:5: item \"a\", annotator \"x\" is rated again (first on line 2)"}));
  // An empty value is no rating, but still claims the pair.
  EXPECT_TRUE(Fails(Read("item,annotator,value\na,x,\na,x,2\n", "d.csv"), StatusCode::kInvalidInput,
                    {"d.csv:3:", "first on line 2"}));
}

TEST(RatingsFile, JsonLinesErrorsNameFileLineAndField) {
  EXPECT_TRUE(Fails(Read("{\"item\":\"a\",\"annotator\":\"x\",\"value\":1}\n{\"item\":\n", "j.jsonl"),
                    StatusCode::kInvalidInput, {"j.jsonl:2: not valid JSON"}));
  EXPECT_TRUE(Fails(Read("[1,2]\n", "j.jsonl"), StatusCode::kInvalidInput,
                    {"j.jsonl:1: expected a JSON object"}));
  EXPECT_TRUE(Fails(Read("{\"annotator\":\"x\",\"value\":1}\n", "j.jsonl"),
                    StatusCode::kInvalidInput, {"j.jsonl:1: field \"item\" is missing"}));
  EXPECT_TRUE(Fails(Read("{\"item\":\"a\",\"annotator\":true,\"value\":1}\n", "j.jsonl"),
                    StatusCode::kInvalidInput, {"j.jsonl:1: field \"annotator\" must be a string"}));
  EXPECT_TRUE(Fails(Read("{\"item\":\"a\",\"annotator\":\"x\"}\n", "j.jsonl"),
                    StatusCode::kInvalidInput, {"j.jsonl:1: field \"value\" is missing"}));
  EXPECT_TRUE(Fails(Read("{\"item\":\"a\",\"annotator\":\"x\",\"value\":{}}\n", "j.jsonl"),
                    StatusCode::kInvalidInput, {"j.jsonl:1: field \"value\" must be a string"}));
  EXPECT_TRUE(Fails(Read("{\"item\":\"a\",\"annotator\":\"x\",\"value\":[\"p\"]}\n", "j.jsonl"),
                    StatusCode::kInvalidInput, {"j.jsonl:1: field \"value\" is a list"}));
  EXPECT_TRUE(Fails(Read("{\"item\":\"a\",\"annotator\":\"x\",\"value\":[1]}\n", "j.jsonl",
                         ValueKind::kLabelSet),
                    StatusCode::kInvalidInput, {"j.jsonl:1: field \"value\" must list strings"}));
  EXPECT_TRUE(Fails(Read("{\"item\":\"a\",\"annotator\":\"x\",\"value\":2}\n", "j.jsonl",
                         ValueKind::kLabelSet),
                    StatusCode::kInvalidInput, {"j.jsonl:1: field \"value\" is a number"}));
  EXPECT_TRUE(Fails(Read("{\"item\":\"a\",\"annotator\":\"x\",\"value\":\"lots\"}\n", "j.jsonl",
                         ValueKind::kNumber),
                    StatusCode::kInvalidInput, {"j.jsonl:1: field \"value\" is not a number"}));
  EXPECT_TRUE(Fails(Read("{\"item\":\"a\",\"annotator\":\"x\",\"value\":1}\n\n"
                         "{\"item\":\"a\",\"annotator\":\"x\",\"value\":2}\n",
                         "j.jsonl"),
                    StatusCode::kInvalidInput,
                    {"j.jsonl:3: item \"a\", annotator \"x\" is rated again (first on line 1)"}));
}

// Found with the settings fuzz target: nlohmann stops at a NUL byte, so a
// line went on unread after one.
TEST(RatingsFile, JsonLineWithANulByteIsNotJson) {
  const std::string line = "{\"item\":\"d1\",\"annotator\":\"ana\",\"value\":\"a\"}";
  EXPECT_TRUE(Fails(ReadRatingsFile(line + std::string(1, '\0') + "x\n", "j.jsonl",
                                    RatingsFormat::kAuto, ValueKind::kCategory)
                        .status(),
                    StatusCode::kInvalidInput, {"j.jsonl:1: not valid JSON"}));
}

}  // namespace
}  // namespace taxa::core
