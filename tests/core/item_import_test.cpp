#include "taxa/core/item_import.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace taxa::core {
namespace {

const std::string kSha(64, 'a');

using Items = std::vector<ImportedItem>;

Items MustParse(std::string_view bytes, std::string_view file_name,
                ImportFormat format = ImportFormat::kAuto) {
  Result<Items> items = ParseItems(bytes, file_name, format);
  EXPECT_TRUE(items.ok()) << items.status().message();
  if (!items.ok()) return {};
  return std::move(items).value();
}

// The message of a parse that must fail with kInvalidInput.
std::string MustFail(std::string_view bytes, std::string_view file_name,
                     ImportFormat format = ImportFormat::kAuto) {
  Result<Items> items = ParseItems(bytes, file_name, format);
  EXPECT_FALSE(items.ok()) << "parsed " << (items.ok() ? items->size() : 0) << " items";
  if (items.ok()) return {};
  EXPECT_EQ(items.status().code(), StatusCode::kInvalidInput);
  return items.status().message();
}

TEST(ItemImport, ParsesFormatNames) {
  EXPECT_EQ(*ParseImportFormat("auto"), ImportFormat::kAuto);
  EXPECT_EQ(*ParseImportFormat("jsonl"), ImportFormat::kJsonLines);
  EXPECT_EQ(*ParseImportFormat("csv"), ImportFormat::kCsv);
  Result<ImportFormat> bad = ParseImportFormat("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.status().message().find("\"xml\""), std::string::npos);
}

TEST(ItemImport, AutoPicksCsvOnlyForCsvNames) {
  const std::string csv = "id,text\nT-1,hello\n";
  EXPECT_EQ(MustParse(csv, "a.csv").size(), 1u);
  EXPECT_EQ(MustParse(csv, "A.CSV").size(), 1u);
  // The same bytes as JSON Lines are not JSON.
  EXPECT_EQ(MustFail(csv, "a.tsv"), "a.tsv:1: not valid JSON");
  EXPECT_EQ(MustFail(csv, "a.jsonl"), "a.jsonl:1: not valid JSON");
  const std::string jsonl = "{\"id\":\"T-1\",\"text\":\"hello\"}\n";
  EXPECT_EQ(MustParse(jsonl, "data.csv", ImportFormat::kJsonLines).size(), 1u);
}

TEST(ItemImport, JsonLinesGoodFileKeepsMetaMediaAndLines) {
  const std::string bytes =
      "{\"id\":\"T-1\",\"text\":\"My card was charged twice\","
      "\"meta\":{\"z\":1,\"channel\":\"email\"}}\n"
      "\n"
      "{\"id\":\"M-1\",\"media\":{\"path\":\"img/a.png\",\"sha256\":\"" + kSha + "\"}}\r\n"
      "   \n"
      "{\"id\":7,\"text\":\"numeric id\"}";  // no final newline
  Items items = MustParse(bytes, "items.jsonl");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].line, 1u);
  EXPECT_EQ(items[0].item.id, "T-1");
  EXPECT_EQ(items[0].item.text, "My card was charged twice");
  EXPECT_EQ(items[0].item.meta_json, "{\"channel\":\"email\",\"z\":1}");
  EXPECT_EQ(items[1].line, 3u);
  EXPECT_EQ(items[1].item.id, "M-1");
  EXPECT_EQ(items[1].item.media_path, "img/a.png");
  EXPECT_EQ(items[1].item.media_sha256, kSha);
  EXPECT_EQ(items[1].item.text, "");
  EXPECT_EQ(items[1].item.meta_json, "{}");
  EXPECT_EQ(items[2].line, 5u);
  EXPECT_EQ(items[2].item.id, "7");
}

TEST(ItemImport, JsonLinesErrorsNameFileLineAndField) {
  EXPECT_EQ(MustFail("{\"id\":\"a\",\"text\":\"x\"}\n\n{\"text\":\"x\"}\n", "items.jsonl"),
            "items.jsonl:3: field \"id\" is missing");
  EXPECT_EQ(MustFail("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\"\n", "items.jsonl"),
            "items.jsonl:2: not valid JSON");
  // CheckItem's complaints carry the position too.
  EXPECT_EQ(MustFail("{\"id\":\"a\",\"path\":\"/etc/x\",\"sha256\":\"" + kSha + "\"}", "f.jsonl"),
            "f.jsonl:1: field \"path\" must be relative and stay inside the project");
}

TEST(ItemImport, JsonLinesStopsAtTheFirstBadRecord) {
  const std::string bytes = "{\"id\":\"a\",\"text\":\"x\"}\n[1]\n{\"text\":\"no id\"}\n";
  EXPECT_EQ(MustFail(bytes, "f.jsonl"), "f.jsonl:2: expected a JSON object");
}

TEST(ItemImport, JsonLinesInvalidUtf8NamesLineAndField) {
  EXPECT_EQ(MustFail("{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"caf\xE9\"}\n",
                     "items.jsonl"),
            "items.jsonl:2: field \"text\" is not valid UTF-8");
  EXPECT_EQ(MustFail("{\"id\":\"b\xFF\",\"text\":\"x\"}", "items.jsonl"),
            "items.jsonl:1: field \"id\" is not valid UTF-8");
  EXPECT_EQ(MustFail("{\"id\":\"b\",\"text\":\"x\",\"meta\":{\"src\":\"\xC0\xAF\"}}", "i.jsonl"),
            "i.jsonl:1: field \"meta.src\" is not valid UTF-8");
  EXPECT_EQ(MustFail("{\"id\":\"b\",\"text\":\"x\",\"meta\":{\"s\xED\xA0\x80\":\"v\"}}", "i.jsonl"),
            "i.jsonl:1: a field name inside \"meta\" is not valid UTF-8");
  // Well-formed multi-byte text is fine.
  Items items = MustParse("{\"id\":\"b\",\"text\":\"caf\xC3\xA9 \xF0\x9F\x98\x80\"}", "i.jsonl");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item.text, "caf\xC3\xA9 \xF0\x9F\x98\x80");
}

TEST(ItemImport, CsvGoodFileHandlesQuotesNewlinesEscapesAndCrlf) {
  const std::string bytes =
      "id,text,channel,lang\r\n"
      "T-1,plain text,email,en\r\n"
      "T-2,\"with, a comma\",chat,\r\n"
      "T-3,\"two\r\nlines and \"\"quotes\"\"\",\"a\"\"b\",de\r\n"
      "\r\n"
      "T-4,\"\",,\r\n";  // empty text: rejected below, so not in this file
  Result<Items> bad = ParseItems(bytes, "items.csv", ImportFormat::kCsv);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "items.csv:7: field \"text\" is empty");

  const std::string good = bytes.substr(0, bytes.find("T-4")) + "T-4,last,,\n";
  Items items = MustParse(good, "items.csv");
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].line, 2u);
  EXPECT_EQ(items[0].item.id, "T-1");
  EXPECT_EQ(items[0].item.text, "plain text");
  EXPECT_EQ(items[0].item.meta_json, "{\"channel\":\"email\",\"lang\":\"en\"}");
  EXPECT_EQ(items[1].line, 3u);
  EXPECT_EQ(items[1].item.text, "with, a comma");
  EXPECT_EQ(items[1].item.meta_json, "{\"channel\":\"chat\"}");  // empty cell left out
  EXPECT_EQ(items[2].line, 4u);
  EXPECT_EQ(items[2].item.text, "two\r\nlines and \"quotes\"");
  EXPECT_EQ(items[2].item.meta_json, "{\"channel\":\"a\\\"b\",\"lang\":\"de\"}");
  EXPECT_EQ(items[3].line, 7u);  // after the two-line record and an empty line
  EXPECT_EQ(items[3].item.text, "last");
  EXPECT_EQ(items[3].item.meta_json, "{}");
}

TEST(ItemImport, CsvMediaItemsAndMixedFiles) {
  const std::string bytes = "path,id,sha256,text\n"
                            "img/a.png,M-1," + kSha + ",\n"
                            ",T-1,,hello\n";
  Items items = MustParse(bytes, "m.csv");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].item.id, "M-1");
  EXPECT_EQ(items[0].item.media_path, "img/a.png");
  EXPECT_EQ(items[0].item.media_sha256, kSha);
  EXPECT_EQ(items[0].item.text, "");
  EXPECT_EQ(items[1].item.text, "hello");
  EXPECT_EQ(items[1].item.media_path, "");
}

TEST(ItemImport, CsvMetaIsCanonicalJsonAsNlohmannWritesIt) {
  // Keys out of order, bytes needing escapes, and non-ASCII text.
  const std::string bytes =
      "text,zeta,id,Alpha,b\xC3\xA9ta,ctl\n"
      "x,\"q\"\"\\/\",I,\"tab\tnl\nend\",\xE2\x82\xAC,\"\x01\x1F\x7F\"\n";
  Items items = MustParse(bytes, "m.csv");
  ASSERT_EQ(items.size(), 1u);
  nlohmann::json expected = nlohmann::json::object();
  expected["zeta"] = "q\"\\/";
  expected["Alpha"] = "tab\tnl\nend";
  expected["b\xC3\xA9ta"] = "\xE2\x82\xAC";
  expected["ctl"] = "\x01\x1F\x7F";
  EXPECT_EQ(items[0].item.meta_json, expected.dump());
  EXPECT_EQ(nlohmann::json::parse(items[0].item.meta_json), expected);
}

TEST(ItemImport, CsvUnterminatedQuoteNamesTheRecordLine) {
  EXPECT_EQ(MustFail("id,text\nA,ok\nB,\"never closed\nstill\n", "items.csv"),
            "items.csv:3: unterminated quoted field");
}

TEST(ItemImport, CsvTextAfterClosingQuoteIsAnError) {
  EXPECT_EQ(MustFail("id,text\nA,\"x\"y\n", "items.csv"),
            "items.csv:2: field 2 has text after its closing quote (write a quote inside quotes "
            "as \"\")");
}

TEST(ItemImport, CsvFieldCountMustMatchTheHeader) {
  EXPECT_EQ(MustFail("id,text,a,b\nA,x,1,2\nB,\"multi\nline\",1\n", "items.csv"),
            "items.csv:3: expected 4 fields as in the header, found 3");
  EXPECT_EQ(MustFail("id,text\nA,x,extra\n", "items.csv"),
            "items.csv:2: expected 2 fields as in the header, found 3");
}

TEST(ItemImport, CsvLineNumbersCountNewlinesInsideQuotes) {
  const std::string bytes = "id,text\nA,\"one\ntwo\nthree\"\nB,\"x\n\"\n,empty id\n";
  EXPECT_EQ(MustFail(bytes, "items.csv"), "items.csv:7: field \"id\" is empty");
}

TEST(ItemImport, CsvHeaderErrors) {
  EXPECT_EQ(MustFail("name,text\nA,x\n", "items.csv"), "items.csv:1: header has no \"id\" column");
  EXPECT_EQ(MustFail("\n\nname,text\n", "items.csv"), "items.csv:3: header has no \"id\" column");
  EXPECT_EQ(MustFail("id,text,lang,lang\n", "items.csv"),
            "items.csv:1: header names column \"lang\" twice");
  EXPECT_EQ(MustFail("id,lang\nA,en\n", "items.csv"),
            "items.csv:1: header has no \"text\" column (nor \"path\" and \"sha256\" for media "
            "items)");
  EXPECT_EQ(MustFail("id,path\n", "items.csv"),
            "items.csv:1: header has a \"path\" column but no \"sha256\" column");
  EXPECT_EQ(MustFail("id,text,,x\n", "items.csv"), "items.csv:1: header column 3 has no name");
  EXPECT_EQ(MustFail("id,text,l\xFF\n", "items.csv"),
            "items.csv:1: header column 3 is not valid UTF-8");
}

TEST(ItemImport, CsvRowWithoutTextOrPathIsAnError) {
  EXPECT_EQ(MustFail("id,text\nA,x\nB,\n", "items.csv"), "items.csv:3: field \"text\" is empty");
  EXPECT_EQ(MustFail("id,text,path,sha256\nA,,,\n", "items.csv"),
            "items.csv:2: fields \"text\" and \"path\" are both empty");
}

TEST(ItemImport, CsvCheckItemMessagesGetFileAndLine) {
  EXPECT_EQ(MustFail("id,path,sha256\nM,a.png,abc\n", "items.csv"),
            "items.csv:2: field \"sha256\" must be 64 lowercase hex digits");
  EXPECT_EQ(MustFail("id,text,path,sha256\nM,hi,a.png," + kSha + "\n", "items.csv"),
            "items.csv:2: an item has either \"text\" or a media \"path\", not both");
}

TEST(ItemImport, CsvInvalidUtf8NamesLineAndField) {
  EXPECT_EQ(MustFail("id,text,src\nA,ok,x\nB,caf\xE9,x\n", "items.csv"),
            "items.csv:3: field \"text\" is not valid UTF-8");
  EXPECT_EQ(MustFail("id,text,src\nA,ok,\"\xF4\x90\x80\x80\"\n", "items.csv"),
            "items.csv:2: field \"src\" is not valid UTF-8");
}

TEST(ItemImport, ByteOrderMarkAtStartIsSkipped) {
  Items csv = MustParse("\xEF\xBB\xBFid,text\nA,x\n", "items.csv");
  ASSERT_EQ(csv.size(), 1u);
  EXPECT_EQ(csv[0].item.id, "A");
  EXPECT_EQ(csv[0].line, 2u);
  Items jsonl = MustParse("\xEF\xBB\xBF{\"id\":\"A\",\"text\":\"x\"}\n", "items.jsonl");
  ASSERT_EQ(jsonl.size(), 1u);
  EXPECT_EQ(jsonl[0].line, 1u);
}

TEST(ItemImport, ExactDuplicateIsKeptOnceAtItsFirstLine) {
  const std::string line = "{\"id\":\"A\",\"text\":\"x\",\"meta\":{\"k\":\"v\"}}\n";
  Items items = MustParse(line + "{\"id\":\"B\",\"text\":\"y\"}\n" + line, "items.jsonl");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].item.id, "A");
  EXPECT_EQ(items[0].line, 1u);
  EXPECT_EQ(items[1].item.id, "B");

  Items csv = MustParse("id,text\nA,x\nA,\"x\"\n", "items.csv");
  ASSERT_EQ(csv.size(), 1u);
  EXPECT_EQ(csv[0].line, 2u);
}

TEST(ItemImport, DuplicateIdWithOtherContentNamesBothLines) {
  EXPECT_EQ(MustFail("{\"id\":\"A\",\"text\":\"x\"}\n{\"id\":\"B\",\"text\":\"y\"}\n"
                     "{\"id\":\"A\",\"text\":\"z\"}\n",
                     "items.jsonl"),
            "items.jsonl:3: item \"A\" repeats line 1 with different content");
  EXPECT_EQ(MustFail("id,text,lang\nA,x,en\nA,x,de\n", "items.csv"),
            "items.csv:3: item \"A\" repeats line 2 with different content");
}

TEST(ItemImport, FindsTheRepeatedIdAmongManyItems) {
  std::string bytes = "id,text\n";
  for (int i = 0; i < 5000; ++i) bytes += "I" + std::to_string(i) + ",t\n";
  EXPECT_EQ(MustParse(bytes + "I17,t\n", "many.csv").size(), 5000u);
  EXPECT_EQ(MustFail(bytes + "I4321,other\n", "many.csv"),
            "many.csv:5002: item \"I4321\" repeats line 4323 with different content");
}

TEST(ItemImport, EmptyFilesYieldNoItems) {
  for (ImportFormat format : {ImportFormat::kJsonLines, ImportFormat::kCsv}) {
    EXPECT_TRUE(MustParse("", "f", format).empty());
    EXPECT_TRUE(MustParse("\xEF\xBB\xBF", "f", format).empty());
    EXPECT_TRUE(MustParse("\n\r\n\n", "f", format).empty());
  }
  EXPECT_TRUE(MustParse("id,text\r\n", "header_only.csv").empty());
}

TEST(ItemImport, CsvLastRecordNeedsNoNewline) {
  Items items = MustParse("id,text\nA,x\nB,\"y\"", "items.csv");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].item.text, "y");
  EXPECT_EQ(items[1].line, 3u);
}

// Found by fuzzing (tests/fuzz/crashes/item_line): integer ids were taken
// as their text where a JSON parser refuses the line ("08", "- 5") or reads
// another value ("-0" is 0; below -2^63 it holds a double).
TEST(ItemImport, JsonIntegerIdsAreReadAsAJsonParserReadsThem) {
  EXPECT_EQ(MustFail("{\"id\":08,\"text\":\"x\"}", "f.jsonl"), "f.jsonl:1: not valid JSON");
  EXPECT_EQ(MustFail("{\"id\":- 5,\"text\":\"x\"}", "f.jsonl"), "f.jsonl:1: not valid JSON");
  EXPECT_EQ(MustFail("{\"id\":-9223372036854775809,\"text\":\"x\"}", "f.jsonl"),
            "f.jsonl:1: field \"id\" must be a string or an integer");
  Items items = MustParse("{\"id\":-0,\"text\":\"x\"}\n{\"id\":-9223372036854775808,\"text\":\"y\"}\n"
                          "{\"id\":18446744073709551615,\"text\":\"z\"}\n",
                          "f.jsonl");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].item.id, nlohmann::json::parse("-0").dump());
  EXPECT_EQ(items[1].item.id, "-9223372036854775808");
  EXPECT_EQ(items[2].item.id, "18446744073709551615");
}

// Found by the item fuzz target's reference decoder: a repeated field was
// read in text order ("text" then "text": null kept the first), where
// nlohmann keeps the last; "path" at the top level and in "media" likewise.
TEST(ItemImport, AFieldGivenTwiceIsRefused) {
  EXPECT_EQ(MustFail("{\"id\":\"a\",\"text\":\"x\",\"text\":null}", "f.jsonl"),
            "f.jsonl:1: field \"text\" is given twice");
  EXPECT_EQ(MustFail("{\"id\":\"a\",\"path\":\"p.png\",\"media\":{\"path\":\"q.png\",\"sha256\":\"" +
                         kSha + "\"}}",
                     "f.jsonl"),
            "f.jsonl:1: field \"path\" is given twice");
  // Keys the decoder does not read are skipped, repeated or not.
  EXPECT_EQ(MustParse("{\"id\":\"a\",\"text\":\"x\",\"source\":1,\"source\":2}", "f.jsonl").size(), 1u);
}

// Found by fuzzing: metadata with an integer beyond 64 bits was kept as
// written, as if canonical, though nlohmann holds (and writes) a double, so
// equal metadata could have two forms.
TEST(ItemImport, MetadataIntegersBeyondSixtyFourBitsTakeNlohmannsForm) {
  const std::string meta = "{\"big\":18446744073709551616,\"small\":-9223372036854775809}";
  Items items = MustParse("{\"id\":\"a\",\"text\":\"x\",\"meta\":" + meta + "}", "f.jsonl");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item.meta_json, nlohmann::json::parse(meta).dump());
  EXPECT_NE(items[0].item.meta_json, meta);
}

}  // namespace
}  // namespace taxa::core
