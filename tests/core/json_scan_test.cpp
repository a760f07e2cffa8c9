// The JSON scanner (core/src/json_scan.h) on its own: what it accepts, what
// it decodes, where it stops on an error, and the limits its header
// documents. Expected values come from RFC 8259 and the Unicode code charts;
// the canonical form is checked against nlohmann's dump, the other parser.
#include "json_scan.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa::core::json_scan {
namespace {

// ReadString on `text`: the decoded string, or the position where it failed.
struct StringRead {
  bool ok = false;
  std::string value;
  size_t pos = 0;
};
StringRead Str(std::string_view text) {
  StringRead r;
  r.ok = ReadString(text, r.pos, r.value);
  return r;
}

// SkipValue on `text`: whether it read one value, and where it stopped.
std::pair<bool, size_t> Skip(std::string_view text) {
  size_t pos = 0;
  bool ok = SkipValue(text, pos);
  return {ok, pos};
}

TEST(JsonScan, ReadStringSkipsSpaceAndStopsAfterTheClosingQuote) {
  StringRead r = Str(" \t\r\n\"abc\",1");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.value, "abc");
  EXPECT_EQ(r.pos, 9u);
}

TEST(JsonScan, ReadStringDecodesEveryShortEscape) {
  StringRead r = Str(R"("\"\\\/\b\f\n\r\t")");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.value, std::string("\"\\/\b\f\n\r\t"));
}

TEST(JsonScan, ReadStringDecodesUnicodeEscapesToUtf8) {
  // U+00E9, U+20AC and U+1F600 (a surrogate pair) in UTF-8, from the code charts.
  EXPECT_EQ(Str(R"("\u00e9")").value, "\xC3\xA9");
  EXPECT_EQ(Str(R"("\u20AC")").value, "\xE2\x82\xAC");
  EXPECT_EQ(Str(R"("\ud83d\ude00")").value, "\xF0\x9F\x98\x80");
  EXPECT_EQ(Str(R"("a\u0000b")").value, std::string("a\0b", 3));
}

TEST(JsonScan, ReadStringRefusesABadEscapeAtItsBackslash) {
  for (std::string_view bad : {R"("ab\x")", R"("ab\u12G4")", R"("ab\ud800")", R"("ab\ud800\u0041")",
                               R"("ab\udc00")", R"("ab\u12")"}) {
    StringRead r = Str(bad);
    EXPECT_FALSE(r.ok) << bad;
    EXPECT_EQ(r.pos, 3u) << bad;
  }
}

TEST(JsonScan, ReadStringRefusesARawControlCharacterWhereItIs) {
  StringRead r = Str("\"a\tb\"");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.pos, 2u);
}

TEST(JsonScan, ReadStringThatEndsTooEarlyStopsAtTheEnd) {
  for (std::string_view cut : {"\"abc", "\"abc\\", ""}) {
    StringRead r = Str(cut);
    EXPECT_FALSE(r.ok) << cut;
    EXPECT_EQ(r.pos, cut.size()) << cut;
  }
  StringRead r = Str("x\"a\"");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.pos, 0u);
}

TEST(JsonScan, ReadStringLeavesUtf8ToIsValidUtf8) {
  // Documented: bytes pass unchecked; decoders check the whole line first.
  StringRead r = Str("\"\xFF\xFE\"");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.value, "\xFF\xFE");
  EXPECT_FALSE(IsValidUtf8(r.value));
}

TEST(JsonScan, ReadUintReadsUpToTwoToTheSixtyFourMinusOne) {
  size_t pos = 0;
  uint64_t n = 0;
  EXPECT_TRUE(ReadUint("18446744073709551615,", pos, n));
  EXPECT_EQ(n, UINT64_MAX);
  EXPECT_EQ(pos, 20u);
  pos = 0;
  EXPECT_FALSE(ReadUint("18446744073709551616", pos, n));
  EXPECT_EQ(pos, 19u);  // the digit that does not fit
  pos = 0;
  EXPECT_TRUE(ReadUint(" 0}", pos, n));
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(pos, 2u);
}

TEST(JsonScan, ReadUintRefusesLeadingZerosSignsFractionsAndExponents) {
  struct Case {
    std::string_view text;
    size_t stop;
  };
  for (Case c : {Case{"007", 1}, Case{"00", 1}, Case{"-1", 0}, Case{"+1", 0}, Case{"1.5", 1},
                 Case{"12e3", 2}, Case{"1E3", 1}, Case{"x", 0}, Case{"", 0}}) {
    size_t pos = 0;
    uint64_t n = 0;
    EXPECT_FALSE(ReadUint(c.text, pos, n)) << c.text;
    EXPECT_EQ(pos, c.stop) << c.text;
  }
}

TEST(JsonScan, SkipValueFollowsTheNumberGrammar) {
  // RFC 8259, section 6. 1e999 is in the grammar, though beyond a double.
  for (std::string_view good : {"0", "-0", "1.5", "-2e10", "3E-2", "1e+5", "10", "1e999"}) {
    auto [ok, pos] = Skip(good);
    EXPECT_TRUE(ok) << good;
    EXPECT_EQ(pos, good.size()) << good;
  }
  struct Case {
    std::string_view text;
    size_t stop;
  };
  for (Case c : {Case{"01", 1}, Case{"-", 1}, Case{"-x", 1}, Case{"1.", 2}, Case{".5", 0},
                 Case{"1e", 2}, Case{"1e+", 3}, Case{"+1", 0}, Case{"1x", 1}, Case{"0x10", 1}}) {
    auto [ok, pos] = Skip(c.text);
    EXPECT_FALSE(ok) << c.text;
    EXPECT_EQ(pos, c.stop) << c.text;
  }
}

TEST(JsonScan, SkipValueReadsLiteralsAndStopsWhereOneGoesWrong) {
  for (std::string_view good : {"true", "false", "null", "[true,false,null]"})
    EXPECT_TRUE(Skip(good).first) << good;
  EXPECT_EQ(Skip("truer"), std::make_pair(false, size_t{4}));
  EXPECT_EQ(Skip("nul"), std::make_pair(false, size_t{3}));
  EXPECT_EQ(Skip("fals e"), std::make_pair(false, size_t{4}));
  EXPECT_EQ(Skip("True"), std::make_pair(false, size_t{0}));
}

TEST(JsonScan, SkipValueNestsUpToTheLimitAndStopsAtTheLevelBeyond) {
  auto nested = [](int levels, std::string_view inside) {
    return std::string(static_cast<size_t>(levels), '[') + std::string(inside) +
           std::string(static_cast<size_t>(levels), ']');
  };
  EXPECT_TRUE(Skip(nested(kMaxDepth, "1")).first);
  EXPECT_TRUE(Skip(nested(kMaxDepth, "")).first);
  auto [ok, pos] = Skip(nested(kMaxDepth + 1, ""));
  EXPECT_FALSE(ok);
  EXPECT_EQ(pos, static_cast<size_t>(kMaxDepth));  // the '[' one level too deep
  std::string objects;
  for (int i = 0; i < kMaxDepth; ++i) objects += "{\"k\":";
  objects += "0" + std::string(kMaxDepth, '}');
  EXPECT_TRUE(Skip(objects).first);
}

TEST(JsonScan, SkipValueStopsWhereAContainerGoesWrong) {
  EXPECT_EQ(Skip("[1 2]"), std::make_pair(false, size_t{3}));
  EXPECT_EQ(Skip("[1,]"), std::make_pair(false, size_t{3}));
  EXPECT_EQ(Skip("{\"a\" 1}"), std::make_pair(false, size_t{5}));
  EXPECT_EQ(Skip("{1:2}"), std::make_pair(false, size_t{1}));
  EXPECT_EQ(Skip("[[1]"), std::make_pair(false, size_t{4}));
}

TEST(JsonScan, ForEachMemberReportsEveryKeyRepeatsIncluded) {
  std::string_view text = R"({"a":1, "b":{"a":2}, "a":[3]} tail)";
  size_t pos = 0;
  std::vector<std::string> keys;
  EXPECT_TRUE(ForEachMember(text, pos, [&](const std::string& key, size_t& p) {
    keys.push_back(key);
    return SkipValue(text, p);
  }));
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "a"}));
  EXPECT_EQ(text.substr(pos), " tail");

  pos = 0;
  EXPECT_TRUE(ForEachMember(" { } ", pos, [](const std::string&, size_t&) { return false; }));
  EXPECT_EQ(pos, 4u);
}

TEST(JsonScan, ReadStringArraySaysWhatIsWrong) {
  auto read = [](std::string_view text, std::vector<std::string>* out = nullptr) {
    std::vector<std::string> unused;
    size_t pos = 0;
    return ReadStringArray(text, pos, out ? *out : unused);
  };
  std::vector<std::string> got;
  EXPECT_EQ(read(R"([ "a" , "\u00e9" ])", &got), ArrayRead::kOk);
  EXPECT_EQ(got, (std::vector<std::string>{"a", "\xC3\xA9"}));
  EXPECT_EQ(read("[]"), ArrayRead::kOk);
  EXPECT_EQ(read(R"({"a":1})"), ArrayRead::kNotAnArray);
  EXPECT_EQ(read(R"(["a",1])"), ArrayRead::kNotAString);
  EXPECT_EQ(read(R"(["a" "b"])"), ArrayRead::kBadSyntax);
}

TEST(JsonScan, FindObjectStartTellsAnotherValueFromNonsense) {
  size_t pos = 0;
  EXPECT_EQ(FindObjectStart("  {\"a\":1}", pos), nullptr);
  EXPECT_EQ(pos, 2u);
  for (std::string_view other : {"[1]", " \"a\" ", "12", "null"}) {
    pos = 0;
    EXPECT_STREQ(FindObjectStart(other, pos), "expected a JSON object") << other;
  }
  // Not one value: a string followed by more text, an empty line, a word.
  for (std::string_view nonsense : {"\"a\",\"b\"", "1 2", "", "   ", "hello", "true1"}) {
    pos = 0;
    EXPECT_STREQ(FindObjectStart(nonsense, pos), "not valid JSON") << nonsense;
  }
}

TEST(JsonScan, IsCanonicalObjectIsExactlyNlohmannsCompactDump) {
  for (std::string_view canonical :
       {R"({"a":1,"b":[true,null,"x"],"c":{"d":-5}})", R"({})", R"({"n":18446744073709551615})",
        R"({"n":-9223372036854775808})", R"({"":0,"A":0,"a":0})"}) {
    EXPECT_TRUE(IsCanonicalObject(canonical)) << canonical;
    EXPECT_EQ(nlohmann::json::parse(canonical).dump(), canonical);
  }
  for (std::string_view other :
       {R"({"b":1,"a":2})", R"({"a": 1})", R"({"a":1e2})", R"({"a":-0})",
        R"({"n":18446744073709551616})", R"({"n":-9223372036854775809})", R"({"a":1,"a":2})"}) {
    EXPECT_FALSE(IsCanonicalObject(other)) << other;
    EXPECT_NE(nlohmann::json::parse(other).dump(), other) << other;
  }
  // Refused though nlohmann would write them so, as the contract says: text
  // with an escape or a fraction, and what is not an object.
  for (std::string_view conservative : {R"({"a":"\n"})", R"({"a":1.5})", R"([1])"}) {
    EXPECT_FALSE(IsCanonicalObject(conservative)) << conservative;
    EXPECT_EQ(nlohmann::json::parse(conservative).dump(), conservative) << conservative;
  }
}

TEST(JsonScan, IsValidUtf8FollowsRfc3629) {
  for (std::string_view good : std::initializer_list<std::string_view>{
           "", "abc", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
           std::string_view("\0", 1)})
    EXPECT_TRUE(IsValidUtf8(good)) << good;
  // An overlong NUL, a surrogate, beyond U+10FFFF, a cut sequence, a lone
  // continuation byte, a byte that never appears.
  for (std::string_view bad :
       {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80", "\xFF"})
    EXPECT_FALSE(IsValidUtf8(bad)) << bad;
}

}  // namespace
}  // namespace taxa::core::json_scan
