// The JSON scanner (core/src/json_scan.h) against nlohmann's parser on the
// same bytes: what the scanner accepts is JSON and decodes to nlohmann's
// values; what nlohmann accepts the scanner accepts too, within the limits its
// header documents (nesting depth; UTF-8 is checked by IsValidUtf8, not while
// scanning). Also the hand-written JSON writer (json_write.h) against
// nlohmann's dump, and IsValidUtf8 against nlohmann's string lexer.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "json_scan.h"
#include "json_write.h"

namespace {

namespace js = taxa::core::json_scan;
using taxa::fuzz::JsonFacts;
using taxa::fuzz::ReadJson;

std::string Show(std::string_view s) {
  return nlohmann::json(std::string(s))
      .dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

bool HasFloat(const nlohmann::json& j) {
  if (j.is_number_float()) return true;
  if (j.is_structured())
    for (const nlohmann::json& v : j)
      if (HasFloat(v)) return true;
  return false;
}

// What the scanner consumed, when it was one value: nlohmann must read the
// same bytes as one value.
void CheckPrefixIsJson(std::string_view s, size_t end, const char* what) {
  std::string_view prefix = s.substr(0, end);
  if (!js::IsValidUtf8(prefix)) return;  // the scanner leaves UTF-8 to IsValidUtf8
  FUZZ_CHECK(ReadJson(prefix).valid, std::string(what) + " accepted " + Show(prefix));
}

void CheckWholeValue(std::string_view s, const JsonFacts& ref) {
  size_t pos = 0;
  const bool scanned = js::SkipValue(s, pos);
  if (scanned) CheckPrefixIsJson(s, pos, "SkipValue");
  size_t end = pos;
  js::SkipSpace(s, end);
  const bool whole = scanned && end == s.size() && js::IsValidUtf8(s);
  FUZZ_CHECK(!whole || ref.valid, "SkipValue accepts what is not JSON: " + Show(s));
  FUZZ_CHECK(!ref.valid || ref.depth > js::kMaxDepth || whole,
             "SkipValue rejects JSON: " + Show(s));
}

void CheckString(std::string_view s, const JsonFacts& ref) {
  size_t pos = 0;
  std::string out;
  const bool read = js::ReadString(s, pos, out);
  if (read) {
    std::string_view prefix = s.substr(0, pos);
    if (js::IsValidUtf8(prefix)) {
      JsonFacts facts = ReadJson(prefix);
      FUZZ_CHECK(facts.valid && facts.value.is_string() && facts.value.get<std::string>() == out,
                 "ReadString read " + Show(prefix) + " as " + Show(out));
    }
  }
  if (ref.valid && ref.value.is_string()) {
    size_t end = pos;
    js::SkipSpace(s, end);
    FUZZ_CHECK(read && end == s.size() && out == ref.value.get<std::string>(),
               "ReadString disagrees on " + Show(s));
  }
}

void CheckUint(std::string_view s, const JsonFacts& ref) {
  size_t pos = 0;
  uint64_t n = 0;
  const bool read = js::ReadUint(s, pos, n);
  if (read) {
    JsonFacts facts = ReadJson(s.substr(0, pos));
    FUZZ_CHECK(facts.valid && facts.value.is_number_unsigned() && facts.value.get<uint64_t>() == n,
               "ReadUint read " + Show(s.substr(0, pos)) + " as " + std::to_string(n));
  }
  if (ref.valid && !ref.overflow && ref.value.is_number_unsigned()) {
    size_t end = pos;
    js::SkipSpace(s, end);
    FUZZ_CHECK(read && end == s.size() && n == ref.value.get<uint64_t>(),
               "ReadUint disagrees on " + Show(s));
  }
}

void CheckStringArray(std::string_view s, const JsonFacts& ref) {
  size_t pos = 0;
  std::vector<std::string> out;
  const js::ArrayRead r = js::ReadStringArray(s, pos, out);
  if (r == js::ArrayRead::kOk) {
    std::string_view prefix = s.substr(0, pos);
    if (js::IsValidUtf8(prefix)) {
      JsonFacts facts = ReadJson(prefix);
      FUZZ_CHECK(facts.valid && facts.value == nlohmann::json(out),
                 "ReadStringArray read " + Show(prefix));
    }
  }
  if (ref.valid && ref.value.is_array()) {
    bool all_strings = true;
    for (const nlohmann::json& v : ref.value) all_strings = all_strings && v.is_string();
    if (all_strings) {
      size_t end = pos;
      js::SkipSpace(s, end);
      FUZZ_CHECK(r == js::ArrayRead::kOk && end == s.size() && nlohmann::json(out) == ref.value,
                 "ReadStringArray disagrees on " + Show(s));
    } else {
      FUZZ_CHECK(r != js::ArrayRead::kOk, "ReadStringArray took non-strings in " + Show(s));
    }
  }
}

void CheckObject(std::string_view s, const JsonFacts& ref) {
  size_t pos = 0;
  std::vector<std::string> keys;
  const bool read = js::ForEachMember(s, pos, [&](const std::string& key, size_t& p) {
    keys.push_back(key);
    return js::SkipValue(s, p);
  });
  if (read) {
    CheckPrefixIsJson(s, pos, "ForEachMember");
    std::string_view prefix = s.substr(0, pos);
    if (js::IsValidUtf8(prefix)) {
      JsonFacts facts = ReadJson(prefix);
      std::set<std::string> distinct(keys.begin(), keys.end());
      std::set<std::string> expected;
      for (const auto& [k, v] : facts.value.items()) expected.insert(k);
      FUZZ_CHECK(facts.value.is_object() && distinct == expected,
                 "ForEachMember saw other keys in " + Show(prefix));
      FUZZ_CHECK((distinct.size() != keys.size()) == taxa::fuzz::RepeatsIn(facts, ""),
                 "ForEachMember and nlohmann disagree on repeated keys in " + Show(prefix));
    }
  }
  if (ref.valid && ref.value.is_object() && ref.depth <= js::kMaxDepth) {
    size_t end = pos;
    js::SkipSpace(s, end);
    FUZZ_CHECK(read && end == s.size(), "ForEachMember rejects " + Show(s));
  }
}

void CheckObjectStart(std::string_view s, const JsonFacts& ref) {
  size_t pos = 0;
  const char* wrong = js::FindObjectStart(s, pos);
  size_t first = 0;
  js::SkipSpace(s, first);
  const bool brace = first < s.size() && s[first] == '{';
  FUZZ_CHECK((wrong == nullptr) == brace, "FindObjectStart on " + Show(s));
  if (wrong == nullptr) FUZZ_CHECK(pos == first, "FindObjectStart stopped elsewhere");
  if (wrong != nullptr && std::string_view(wrong) == "expected a JSON object" && js::IsValidUtf8(s))
    FUZZ_CHECK(ref.valid && !ref.value.is_object(),
               "FindObjectStart calls " + Show(s) + " JSON that is not an object");
  if (ref.valid && !ref.value.is_object() && ref.depth <= js::kMaxDepth)
    FUZZ_CHECK(wrong != nullptr && std::string_view(wrong) == "expected a JSON object",
               "FindObjectStart calls JSON " + Show(s) + " invalid");
}

void CheckCanonical(std::string_view s, const JsonFacts& ref) {
  size_t pos = 0;
  if (!js::IsValidUtf8(s) || !js::SkipValue(s, pos) || pos != s.size()) return;  // REQUIRES
  FUZZ_CHECK(ref.valid, "not JSON");  // CheckWholeValue holds this already
  const bool canonical = js::IsCanonicalObject(s);
  if (canonical)
    FUZZ_CHECK(!ref.overflow && ref.value.is_object() && ref.value.dump() == s,
               "IsCanonicalObject calls " + Show(s) + " canonical; nlohmann writes " +
                   Show(ref.overflow ? "(overflow)" : ref.value.dump()));
  // The other way, within what the function promises to recognise: no
  // escapes, no fractions or exponents.
  if (!ref.overflow && ref.value.is_object() && ref.value.dump() == s &&
      s.find('\\') == std::string_view::npos && !HasFloat(ref.value) && ref.depth <= js::kMaxDepth)
    FUZZ_CHECK(canonical, "IsCanonicalObject misses canonical " + Show(s));
}

// IsValidUtf8 against nlohmann's string lexer, which checks UTF-8 as RFC 3629
// spells it; and the writer's escapes against nlohmann's dump.
void CheckUtf8AndWriter(std::string_view s) {
  bool plain = true;
  for (unsigned char c : s) plain = plain && c >= 0x20 && c != '"' && c != '\\';
  const bool valid = js::IsValidUtf8(s);
  if (plain) {
    JsonFacts facts = ReadJson("\"" + std::string(s) + "\"");
    FUZZ_CHECK(facts.valid == valid,
               "IsValidUtf8 says " + std::to_string(valid) + " of " + Show(s));
  }
  if (!valid) return;
  std::string written;
  taxa::core::AppendJsonString(written, s);
  FUZZ_CHECK(written == nlohmann::json(std::string(s)).dump(),
             "AppendJsonString wrote " + written + " where nlohmann writes " +
                 nlohmann::json(std::string(s)).dump());
  size_t pos = 0;
  std::string back;
  FUZZ_CHECK(js::ReadString(written, pos, back) && pos == written.size() && back == s,
             "ReadString does not read back " + written);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s = taxa::fuzz::Text(data, size);
  const JsonFacts ref = ReadJson(s);
  CheckWholeValue(s, ref);
  CheckString(s, ref);
  CheckUint(s, ref);
  CheckStringArray(s, ref);
  CheckObject(s, ref);
  CheckObjectStart(s, ref);
  CheckCanonical(s, ref);
  CheckUtf8AndWriter(s);
  return 0;
}
