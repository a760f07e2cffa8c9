#include "taxa/core/label_event.h"

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::core {
namespace {

using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

using taxa::testing::Fails;

const std::string kWhere = "labels/alice/d1/00000001.jsonl.zst:3";

LabelEvent Minimal() {
  LabelEvent e;
  e.item = "T-1";
  e.annotator = "alice";
  e.device = "d1";
  e.hlc = 42;
  e.taxonomy = "abc123";
  e.categories = {"billing"};
  e.id = ComputeEventId(e);
  return e;
}

LabelEvent Full() {
  LabelEvent e;
  e.item = "T-\xE2\x98\x83-7";
  e.annotator = "alice@example.com";
  e.device = "laptop-1";
  e.hlc = (uint64_t{1714560000000} << 16) | 3;
  e.taxonomy = "0123456789abcdef0123456789abcdef01234567";
  e.categories = {"billing.refund", "shipping.late"};
  e.attributes = {{"urgency", "high"}, {"amount", "12.50"}, {"quote \"key\"", "back\\slash"}};
  e.note = std::string("caf\xC3\xA9 \xF0\x9F\x99\x82 \xE6\x97\xA5\xE6\x9C\xAC \"quoted\" \\ ") +
           "tab\there\nnewline\r\b\f" + std::string("\x01\x1f\x7f", 3) + std::string(1, '\0') +
           "end";
  e.duration_ms = 4321;
  e.retracts = {"00112233445566778899aabbccddeeff", "ffeeddccbbaa99887766554433221100"};
  e.id = ComputeEventId(e);
  return e;
}

LabelEvent MustDecode(const std::string& line) {
  Result<LabelEvent> r = DecodeEventLine(line, kWhere);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : LabelEvent{};
}

Status DecodeStatus(const std::string& line) { return DecodeEventLine(line, kWhere).status(); }

// The encoded line of `e` with `edit` applied to its JSON (for hand-made lines).
std::string Edited(const LabelEvent& e, const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j = nlohmann::json::parse(EncodeEventLine(e));
  edit(j);
  return j.dump();
}

TEST(LabelEvent, IdIsTheHashOfTheCanonicalBody) {
  LabelEvent e = Minimal();
  EXPECT_EQ(e.id.size(), 32u);
  EXPECT_EQ(e.id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(EncodeEventLine(e),
            "{\"id\":\"" + e.id +
                "\",\"item\":\"T-1\",\"annotator\":\"alice\",\"device\":\"d1\",\"hlc\":42,"
                "\"taxonomy\":\"abc123\",\"categories\":[\"billing\"]}");

  // The id is the first 32 hex digits of SHA-256 over the line without the id,
  // computed here by an independent implementation.
  TempDir dir;
  WriteText(dir / "body",
            "{\"item\":\"T-1\",\"annotator\":\"alice\",\"device\":\"d1\",\"hlc\":42,"
            "\"taxonomy\":\"abc123\",\"categories\":[\"billing\"]}");
  taxa::testing::CommandResult r = RunCommand("sha256sum '" + (dir / "body") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(e.id, r.out.substr(0, 32));

  // The id field itself is not hashed.
  LabelEvent other = e;
  other.id = "whatever";
  EXPECT_EQ(ComputeEventId(other), e.id);
}

TEST(LabelEvent, ChangingAnyFieldChangesTheId) {
  const LabelEvent base = Full();
  std::vector<std::pair<const char*, std::function<void(LabelEvent&)>>> edits = {
      {"item", [](LabelEvent& e) { e.item = "T-2"; }},
      {"annotator", [](LabelEvent& e) { e.annotator = "bob"; }},
      {"device", [](LabelEvent& e) { e.device = "laptop-2"; }},
      {"hlc", [](LabelEvent& e) { e.hlc += 1; }},
      {"taxonomy", [](LabelEvent& e) { e.taxonomy = "v1.2.0"; }},
      {"categories added", [](LabelEvent& e) { e.categories.push_back("other"); }},
      {"categories emptied", [](LabelEvent& e) { e.categories.clear(); }},
      {"category renamed", [](LabelEvent& e) { e.categories[0] = "billing.refunds"; }},
      {"attribute value", [](LabelEvent& e) { e.attributes["urgency"] = "low"; }},
      {"attribute added", [](LabelEvent& e) { e.attributes["fraud"] = "true"; }},
      {"attributes cleared", [](LabelEvent& e) { e.attributes.clear(); }},
      {"note", [](LabelEvent& e) { e.note += "."; }},
      {"note cleared", [](LabelEvent& e) { e.note.clear(); }},
      {"duration", [](LabelEvent& e) { e.duration_ms += 1; }},
      {"duration zero", [](LabelEvent& e) { e.duration_ms = 0; }},
      {"retracts", [](LabelEvent& e) { e.retracts.pop_back(); }},
      {"retracts cleared", [](LabelEvent& e) { e.retracts.clear(); }},
  };
  std::set<std::string> ids = {base.id};
  for (const auto& [what, edit] : edits) {
    LabelEvent e = base;
    edit(e);
    std::string id = ComputeEventId(e);
    EXPECT_NE(id, base.id) << what;
    EXPECT_TRUE(ids.insert(id).second) << what << " collides with another edit";
  }
  // Moving text between fields changes it as well (fields are delimited).
  LabelEvent a = Minimal(), b = Minimal();
  a.item = "T-1x";
  b.annotator = "xalice";
  EXPECT_NE(ComputeEventId(a), ComputeEventId(b));
}

TEST(LabelEvent, EncodeThenDecodeKeepsEveryField) {
  for (const LabelEvent& e : {Minimal(), Full()}) {
    std::string line = EncodeEventLine(e);
    // One line: control characters are escaped.
    for (char c : line) EXPECT_GE(static_cast<unsigned char>(c), 0x20u) << line;
    LabelEvent back = MustDecode(line);
    EXPECT_EQ(back, e);
    EXPECT_EQ(EncodeEventLine(back), line);
  }
}

TEST(LabelEvent, OptionalFieldsAreLeftOutWhenEmpty) {
  std::string line = EncodeEventLine(Minimal());
  for (const char* key : {"\"attributes\"", "\"note\"", "\"ms\"", "\"retracts\""})
    EXPECT_EQ(line.find(key), std::string::npos) << key;
  std::string full = EncodeEventLine(Full());
  for (const char* key : {"\"attributes\":{", "\"note\":", "\"ms\":4321", "\"retracts\":["})
    EXPECT_NE(full.find(key), std::string::npos) << key;

  // A cleared label has an empty category list, which is kept.
  LabelEvent cleared = Minimal();
  cleared.categories.clear();
  cleared.id = ComputeEventId(cleared);
  EXPECT_NE(EncodeEventLine(cleared).find("\"categories\":[]"), std::string::npos);
  EXPECT_EQ(MustDecode(EncodeEventLine(cleared)), cleared);
}

TEST(LabelEvent, HandWrittenLineInAnotherKeyOrderDecodes) {
  LabelEvent e = Minimal();
  std::string line = "{\"categories\":[\"billing\"],\"hlc\":42,\"taxonomy\":\"abc123\","
                     "\"device\":\"d1\",\"annotator\":\"alice\",\"item\":\"T-1\",\"id\":\"" +
                     e.id + "\"}";
  EXPECT_EQ(MustDecode(line), e);
}

TEST(LabelEvent, AlteredLineIsRefusedNamingTheId) {
  LabelEvent e = Full();
  std::string line = EncodeEventLine(e);
  std::vector<std::pair<std::string, std::string>> swaps = {
      {"billing.refund", "billing.refunx"}, {"\"high\"", "\"low\""}, {"4321", "4322"},
      {"alice@", "alicf@"}};
  for (const auto& [from, to] : swaps) {
    std::string bad = line;
    size_t at = bad.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    bad.replace(at, from.size(), to);
    EXPECT_TRUE(Fails(DecodeStatus(bad), StatusCode::kInvalidInput,
                      {kWhere + ": field \"id\" does not match the event's content"}))
        << from;
  }
  std::string forged = Edited(e, [](nlohmann::json& j) { j["id"] = std::string(32, '0'); });
  EXPECT_TRUE(Fails(DecodeStatus(forged), StatusCode::kInvalidInput, {"field \"id\""}));
}

TEST(LabelEvent, MissingFieldsAreNamed) {
  for (const char* key : {"id", "item", "annotator", "device", "hlc"}) {
    std::string line = Edited(Minimal(), [&](nlohmann::json& j) { j.erase(key); });
    EXPECT_TRUE(Fails(DecodeStatus(line), StatusCode::kInvalidInput,
                      {kWhere + ": field \"" + std::string(key) + "\" is missing"}))
        << key;
  }
}

TEST(LabelEvent, FieldsOfTheWrongKindAreNamed) {
  struct Case {
    std::function<void(nlohmann::json&)> edit;
    std::string message;
  };
  std::vector<Case> cases = {
      {[](nlohmann::json& j) { j["id"] = 5; }, "field \"id\" must be a string"},
      {[](nlohmann::json& j) { j["item"] = nullptr; }, "field \"item\" must be a string"},
      {[](nlohmann::json& j) { j["item"] = ""; }, "field \"item\" is empty"},
      {[](nlohmann::json& j) { j["annotator"] = ""; }, "field \"annotator\" is empty"},
      {[](nlohmann::json& j) { j["note"] = 3; }, "field \"note\" must be a string"},
      {[](nlohmann::json& j) { j["hlc"] = -1; }, "field \"hlc\" must be a non-negative integer"},
      {[](nlohmann::json& j) { j["hlc"] = "42"; }, "field \"hlc\" must be a non-negative integer"},
      {[](nlohmann::json& j) { j["hlc"] = 4.5; }, "field \"hlc\" must be a non-negative integer"},
      {[](nlohmann::json& j) { j["ms"] = -3; }, "field \"ms\" must be a non-negative integer"},
      {[](nlohmann::json& j) { j["ms"] = uint64_t{1} << 32; },
       "field \"ms\" must be a non-negative integer"},
      {[](nlohmann::json& j) { j["categories"] = "billing"; }, "field \"categories\" must be an array"},
      {[](nlohmann::json& j) { j["categories"] = {"a", 1}; },
       "field \"categories\" must hold only strings"},
      {[](nlohmann::json& j) { j["retracts"] = {1}; }, "field \"retracts\" must hold only strings"},
      {[](nlohmann::json& j) { j["attributes"] = {"a"}; }, "field \"attributes\" must be an object"},
      {[](nlohmann::json& j) { j["attributes"] = {{"amount", 12}}; },
       "attribute \"amount\" must be a string"},
  };
  for (const Case& c : cases) {
    std::string line = Edited(Minimal(), c.edit);
    EXPECT_TRUE(Fails(DecodeStatus(line), StatusCode::kInvalidInput, {kWhere + ": " + c.message}))
        << line;
  }
  EXPECT_TRUE(Fails(DecodeStatus("not json"), StatusCode::kInvalidInput,
                    {kWhere + ": not valid JSON"}));
  std::string line = EncodeEventLine(Minimal());
  EXPECT_TRUE(Fails(DecodeStatus(line + "x"), StatusCode::kInvalidInput,
                    {kWhere + ": not valid JSON"}));
  EXPECT_TRUE(Fails(DecodeStatus(line.substr(0, line.size() - 1)), StatusCode::kInvalidInput,
                    {kWhere + ": not valid JSON"}));
  // Cut inside a value, or not an object at all: refused, naming where.
  EXPECT_TRUE(Fails(DecodeStatus("{\"id\":"), StatusCode::kInvalidInput, {kWhere + ": "}));
  EXPECT_TRUE(Fails(DecodeStatus("[1,2]"), StatusCode::kInvalidInput, {kWhere + ": "}));
  EXPECT_TRUE(Fails(DecodeStatus(""), StatusCode::kInvalidInput, {kWhere + ": "}));
}

// Text that is not UTF-8 never reaches a segment: the session refuses it
// (Session.LabelsWithTextThatIsNotUtf8AreRefused), and a line holding it is
// refused here rather than passed on.
TEST(LabelEvent, LineThatIsNotUtf8IsRefused) {
  LabelEvent e = Minimal();
  e.note = "caf\xE9 (Latin-1)";
  e.id = ComputeEventId(e);
  Result<LabelEvent> back = DecodeEventLine(EncodeEventLine(e), kWhere);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(back.status().message().find("not valid UTF-8"), std::string::npos);
}

TEST(LabelEvent, LaterMeansGreaterClockThenGreaterId) {
  LabelEvent early = Minimal(), late = Minimal();
  early.hlc = 100;
  late.hlc = 200;
  early.id = "ffffffffffffffffffffffffffffffff";  // a larger id does not beat a later clock
  late.id = "00000000000000000000000000000000";
  EXPECT_TRUE(IsLaterThan(late, early));
  EXPECT_FALSE(IsLaterThan(early, late));

  LabelEvent a = Minimal(), b = Minimal();
  a.hlc = b.hlc = 300;
  a.id = "1111";
  b.id = "2222";
  EXPECT_TRUE(IsLaterThan(b, a));
  EXPECT_FALSE(IsLaterThan(a, b));
  EXPECT_FALSE(IsLaterThan(a, a));
}

}  // namespace
}  // namespace taxa::core

namespace taxa::core {
namespace {

TEST(LabelEvent, SealEventGivesTheSameIdAndLineAsComputingThemApart) {
  LabelEvent e;
  e.item = "T-1";
  e.annotator = "alice";
  e.device = "d1";
  e.hlc = 42;
  e.taxonomy = "tree:abc";
  e.categories = {"billing", "billing.refund"};
  e.attributes = {{"severity", "high"}};
  e.note = "quote \" and newline \n";
  e.duration_ms = 1200;
  LabelEvent apart = e;
  apart.id = ComputeEventId(apart);
  std::string line = SealEvent(e);
  EXPECT_EQ(e.id, apart.id);
  EXPECT_EQ(line, EncodeEventLine(apart));
}

// Found while writing the event fuzz target's reference decoder (nlohmann's
// reading of the same line): "categories" given twice used to be joined,
// where nlohmann and jq keep the last; an id hashed over the joined list made
// such a line pass as intact, though other tools read other categories.
TEST(LabelEvent, AFieldGivenTwiceIsRefused) {
  LabelEvent e = Minimal();
  e.categories = {"billing", "refund"};
  e.id = ComputeEventId(e);
  std::string line = EncodeEventLine(e);
  const std::string one = "\"categories\":[\"billing\",\"refund\"]";
  ASSERT_NE(line.find(one), std::string::npos);
  line.replace(line.find(one), one.size(), "\"categories\":[\"billing\"],\"categories\":[\"refund\"]");
  EXPECT_TRUE(Fails(DecodeStatus(line), StatusCode::kInvalidInput,
                    {kWhere + ": field \"categories\" is given twice"}));

  std::string twice = EncodeEventLine(Minimal());
  twice.insert(twice.size() - 1, ",\"note\":\"a\",\"note\":\"b\"");
  EXPECT_TRUE(Fails(DecodeStatus(twice), StatusCode::kInvalidInput,
                    {kWhere + ": field \"note\" is given twice"}));
}

// Found by fuzzing ("id": 08 in tests/fuzz/crashes/item_line): the
// scanner's ReadUint took leading zeros, which JSON does not allow, so
// "hlc":042 read as 42.
TEST(LabelEvent, ANumberWithALeadingZeroIsNotJson) {
  LabelEvent e = Minimal();
  std::string line = EncodeEventLine(e);
  const std::string hlc = "\"hlc\":42";
  line.replace(line.find(hlc), hlc.size(), "\"hlc\":042");
  EXPECT_TRUE(Fails(DecodeStatus(line), StatusCode::kInvalidInput, {kWhere + ": field \"hlc\""}));
}

}  // namespace
}  // namespace taxa::core
