#include "taxa/core/csv.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "support/ratings_checks.h"
#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

struct Record {
  size_t line = 0;
  std::vector<std::string> fields;
  bool operator==(const Record&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Record& r) {
  out << r.line << ':' << nlohmann::json(r.fields).dump();
  return out;
}

Result<std::vector<Record>> ReadAll(std::string_view bytes, std::string_view name = "f.csv") {
  CsvReader csv(bytes, name);
  std::vector<Record> out;
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool got, csv.Next());
    if (!got) return out;
    Record r{csv.record_line(), {}};
    for (size_t i = 0; i < csv.size(); ++i) r.fields.emplace_back(csv.Field(i));
    out.push_back(std::move(r));
  }
}

std::vector<Record> MustRead(std::string_view bytes) {
  Result<std::vector<Record>> r = ReadAll(bytes);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : std::vector<Record>{};
}

Status ReadStatus(std::string_view bytes, std::string_view name) {
  return ReadAll(bytes, name).status();
}

TEST(Csv, QuotedFieldsHoldCommasDoubledQuotesAndLineBreaks) {
  EXPECT_EQ(MustRead("a,\"b, c\",\"say \"\"hi\"\"\",\"two\nlines\",\"\"\"\"\n"),
            (std::vector<Record>{{1, {"a", "b, c", "say \"hi\"", "two\nlines", "\""}}}));
}

TEST(Csv, LineNumbersCountBreaksInsideQuotes) {
  EXPECT_EQ(MustRead("h1,h2\n"
                     "x,\"one\ntwo\nthree\"\n"
                     "y,\"a\"\"\n\"\"b\"\n"
                     "\n"
                     "z,end\n"),
            (std::vector<Record>{{1, {"h1", "h2"}},
                                 {2, {"x", "one\ntwo\nthree"}},
                                 {5, {"y", "a\"\n\"b"}},
                                 {8, {"z", "end"}}}));
}

TEST(Csv, CrlfEndsRecordsAndIsKeptInsideQuotes) {
  EXPECT_EQ(MustRead("a,b\r\n\"c\r\nd\",e\r\n\r\nf,\"g\"\r\n"),
            (std::vector<Record>{{1, {"a", "b"}}, {2, {"c\r\nd", "e"}}, {5, {"f", "g"}}}));
  // A CR that ends no line is text.
  EXPECT_EQ(MustRead("a\rb,c\r,d\n"), (std::vector<Record>{{1, {"a\rb", "c\r", "d"}}}));
}

TEST(Csv, ByteOrderMarkIsSkippedOnlyAtTheStart) {
  EXPECT_EQ(MustRead("\xEF\xBB\xBFid,text\nA,\xEF\xBB\xBFx\n"),
            (std::vector<Record>{{1, {"id", "text"}}, {2, {"A", "\xEF\xBB\xBFx"}}}));
  EXPECT_EQ(MustRead("\xEF\xBB\xBF\"q\"\n"), (std::vector<Record>{{1, {"q"}}}));
}

TEST(Csv, EmptyFieldsAreKeptAndEmptyLinesSkipped) {
  EXPECT_EQ(MustRead(",,\n\n\"\"\na,\n,\"\"\n"),
            (std::vector<Record>{{1, {"", "", ""}}, {3, {""}}, {4, {"a", ""}}, {5, {"", ""}}}));
  // Spaces are part of a field; a line of spaces is a record.
  EXPECT_EQ(MustRead(" a , b \n \n"), (std::vector<Record>{{1, {" a ", " b "}}, {2, {" "}}}));
}

TEST(Csv, EmptyInputHasNoRecords) {
  for (const char* bytes : {"", "\xEF\xBB\xBF", "\n\r\n\n", "\r"})
    EXPECT_TRUE(MustRead(bytes).empty()) << nlohmann::json(bytes).dump();
}

TEST(Csv, LastRecordNeedsNoLineBreak) {
  EXPECT_EQ(MustRead("a,b\nc,\"d\""), (std::vector<Record>{{1, {"a", "b"}}, {2, {"c", "d"}}}));
  EXPECT_EQ(MustRead("a,b\r"), (std::vector<Record>{{1, {"a", "b"}}}));
  EXPECT_EQ(MustRead("a,"), (std::vector<Record>{{1, {"a", ""}}}));
}

TEST(Csv, UnterminatedQuoteNamesFileAndTheLineWhereTheFieldOpens) {
  EXPECT_TRUE(Fails(ReadStatus("id,text\nA,ok\nB,\"never closed\nstill\n", "items.csv"),
                    StatusCode::kInvalidInput, {"items.csv:3: unterminated quoted field"}));
  // The record starts on line 2; its second field opens on line 3.
  Status s = ReadStatus("a,b\n\"x\ny\",\"open\nmore\n", "q.csv");
  EXPECT_TRUE(Fails(s, StatusCode::kInvalidInput, {"q.csv:3: unterminated quoted field"}));
}

TEST(Csv, QuoteInsideAnUnquotedFieldIsAnError) {
  EXPECT_TRUE(Fails(ReadStatus("a,b\nc,d\"e\n", "s.csv"), StatusCode::kInvalidInput,
                    {"s.csv:2: field 2 has a quote but does not start with one",
                     "write a quote inside quotes as \"\""}));
  // A space before the opening quote makes the field unquoted.
  EXPECT_TRUE(Fails(ReadStatus("a, \"b\"\n", "s.csv"), StatusCode::kInvalidInput,
                    {"s.csv:1: field 2 has a quote but does not start with one"}));
}

TEST(Csv, TextAfterAClosingQuoteIsAnError) {
  EXPECT_EQ(ReadStatus("id,text\nA,\"x\"y\n", "items.csv").message(),
            "items.csv:2: field 2 has text after its closing quote (write a quote inside quotes "
            "as \"\")");
  EXPECT_TRUE(Fails(ReadStatus("\"a\" ,b\n", "t.csv"), StatusCode::kInvalidInput,
                    {"t.csv:1: field 1 has text after its closing quote"}));
  EXPECT_TRUE(Fails(ReadStatus("\"a\"\rb\n", "t.csv"), StatusCode::kInvalidInput,
                    {"t.csv:1: field 1 has text after its closing quote"}));
}

TEST(Csv, RecordsMustMatchTheHeaderWidthOnlyWhenAsked) {
  EXPECT_EQ(MustRead("a,b,c\n1\n1,2,3,4\n"),
            (std::vector<Record>{{1, {"a", "b", "c"}}, {2, {"1"}}, {3, {"1", "2", "3", "4"}}}));
  CsvReader csv("a,b,c\n1,\"2\",3\n\"x\ny\",2\n", "w.csv");
  ASSERT_TRUE(*csv.Next());
  csv.RequireHeaderFieldCount();
  Result<bool> second = csv.Next();
  ASSERT_TRUE(second.ok() && *second) << second.status().message();
  EXPECT_EQ(csv.Field(1), "2");
  EXPECT_TRUE(Fails(csv.Next().status(), StatusCode::kInvalidInput,
                    {"w.csv:3: expected 3 fields as in the header, found 2"}));
}

TEST(Csv, AnErrorIsReturnedAgainByLaterCalls) {
  CsvReader csv("ok\n\"open\n", "e.csv");
  Result<bool> first = csv.Next();
  ASSERT_TRUE(first.ok() && *first);
  EXPECT_EQ(csv.Field(0), "ok");
  EXPECT_TRUE(Fails(csv.Next().status(), StatusCode::kInvalidInput, {"e.csv:2: unterminated"}));
  EXPECT_TRUE(Fails(csv.Next().status(), StatusCode::kInvalidInput, {"e.csv:2: unterminated"}));
}

TEST(Csv, FieldViewsStayValidUntilTheNextRecord) {
  // Escaped fields live in the reader's buffer; several in one record must not
  // overwrite one another.
  CsvReader csv("\"a\"\"\",\"b\"\"\"\"\",c\n", "v.csv");
  Result<bool> got = csv.Next();
  ASSERT_TRUE(got.ok() && *got);
  ASSERT_EQ(csv.size(), 3u);
  EXPECT_EQ(csv.Field(0), "a\"");
  EXPECT_EQ(csv.Field(1), "b\"\"");
  EXPECT_EQ(csv.Field(2), "c");
}

// A well-formed field in CSV form: quoted when it must be, and at random when
// it need not be.
std::string Encode(const std::string& field, std::mt19937& rng) {
  const bool must = field.find_first_of(",\"\r\n") != std::string::npos;
  if (!must && std::bernoulli_distribution(0.8)(rng)) return field;
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Records of random fields built from the pieces that trouble CSV readers.
std::string RandomCsv(uint32_t seed, int records) {
  static const std::vector<std::string> kPieces = {"a",  "xyz", " ",  ",",  "\"", "\n",
                                                   "\r\n", "",  "\xC3\xA9", "\xE2\x82\xAC", "'",
                                                   "\t"};
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> fields(1, 5), pieces(0, 4);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::string out;
  for (int r = 0; r < records; ++r) {
    const int n = fields(rng);
    for (int f = 0; f < n; ++f) {
      std::string field;
      for (int p = pieces(rng); p > 0; --p) field += kPieces[piece(rng)];
      out += (f == 0 ? "" : ",") + Encode(field, rng);
    }
    const bool last = r + 1 == records;
    if (!last || std::bernoulli_distribution(0.5)(rng))
      out += std::bernoulli_distribution(0.5)(rng) ? "\r\n" : "\n";
    if (!last && std::bernoulli_distribution(0.1)(rng)) out += "\n";  // an empty line
  }
  return out;
}

// The records of `bytes` as Python's csv module reads them (empty lines left
// out, as this reader skips them), or a JSON string saying why there are none.
nlohmann::json PythonRecords(const std::string& bytes) {
  taxa::testing::TempDir dir;
  taxa::testing::WriteText(dir / "data.csv", bytes);
  taxa::testing::WriteText(dir / "read.py",
                           "import csv, json, sys\n"
                           "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
                           "    print(json.dumps([r for r in csv.reader(f) if r]))\n");
  taxa::testing::CommandResult r = taxa::testing::RunCommand(
      std::string(taxa::testing::kPython) + " " + (dir / "read.py") + " " + (dir / "data.csv"));
  if (r.exit_code != 0) return "python failed: " + r.err;
  return nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
}

nlohmann::json OurRecords(const std::string& bytes) {
  Result<std::vector<Record>> records = ReadAll(bytes, "data.csv");
  if (!records.ok()) return records.status().message();
  nlohmann::json out = nlohmann::json::array();
  for (const Record& r : *records) out.push_back(r.fields);
  return out;
}

TEST(Csv, ReadsTrickyFilesAsPythonsCsvModuleDoes) {
  if (taxa::testing::RunCommand(std::string(taxa::testing::kPython) + " -c 'import csv'")
          .exit_code != 0)
    GTEST_SKIP() << taxa::testing::kPython << " is missing";
  const std::string tricky =
      "\xEF\xBB\xBFid,text,note\r\n"
      "1,\"a, b\",\"say \"\"hi\"\"\"\r\n"
      "2,\"multi\nline\r\nfield\",\r\n"
      "\r\n"
      "3,,\"\"\n"
      "\"\",x,\",\"\n"
      " 4 ,\xC3\xA9\xE2\x82\xAC,\"\"\"\"\n"
      "5,\"\",\"last\"";
  const nlohmann::json python = PythonRecords(tricky);
  EXPECT_EQ(OurRecords(tricky), python);
  EXPECT_EQ(python.size(), 7u) << python.dump();  // the check means something

  for (uint32_t seed = 1; seed <= 20; ++seed) {
    const std::string bytes = RandomCsv(seed, 60);
    EXPECT_EQ(OurRecords(bytes), PythonRecords(bytes))
        << "seed " << seed << ": " << nlohmann::json(bytes).dump();
  }
}

}  // namespace
}  // namespace taxa::core
