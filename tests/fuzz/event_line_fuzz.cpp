// One label event line (a segment's line, a journal record): DecodeEventLine
// against a decoder written over nlohmann's DOM with the rules of
// label_event.h, and the round trip through EncodeEventLine and SealEvent.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "json_scan.h"

#include "taxa/core/label_event.h"

namespace {

using nlohmann::json;
using taxa::core::LabelEvent;
using taxa::fuzz::JsonFacts;

// The event nlohmann's reading of `line` holds, or nullopt when the line is
// not a valid event. Field rules as in label_event.h.
std::optional<LabelEvent> Reference(const JsonFacts& facts) {
  if (!facts.valid || !facts.value.is_object()) return std::nullopt;
  // A field given twice: nlohmann keeps the last, which tools reading the
  // file may not; an event is immutable and hashed, so it must be read one
  // way only.
  if (taxa::fuzz::RepeatsIn(facts, "")) return std::nullopt;
  const json& j = facts.value;
  LabelEvent e;
  auto text = [&](const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end()) return true;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  auto strings = [&](const char* key, std::vector<std::string>& out) {
    auto it = j.find(key);
    if (it == j.end()) return true;
    if (!it->is_array()) return false;
    for (const json& v : *it) {
      if (!v.is_string()) return false;
      out.push_back(v.get<std::string>());
    }
    return true;
  };
  auto count = [&](const char* key, uint64_t max, uint64_t& out) {
    auto it = j.find(key);
    if (it == j.end()) return true;
    if (!it->is_number_unsigned() || it->get<uint64_t>() > max) return false;
    out = it->get<uint64_t>();
    return true;
  };
  uint64_t ms = 0;
  if (!text("id", e.id) || !text("item", e.item) || !text("annotator", e.annotator) ||
      !text("device", e.device) || !text("taxonomy", e.taxonomy) || !text("note", e.note) ||
      !strings("categories", e.categories) || !strings("retracts", e.retracts) ||
      !count("hlc", UINT64_MAX, e.hlc) || !count("ms", UINT32_MAX, ms))
    return std::nullopt;
  e.duration_ms = static_cast<uint32_t>(ms);
  if (auto it = j.find("attributes"); it != j.end()) {
    if (!it->is_object()) return std::nullopt;
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) return std::nullopt;
      e.attributes[k] = v.get<std::string>();
    }
  }
  for (const char* required : {"id", "item", "annotator", "device", "hlc"})
    if (!j.contains(required)) return std::nullopt;
  if (e.item.empty() || e.annotator.empty()) return std::nullopt;
  if (taxa::core::ComputeEventId(e) != e.id) return std::nullopt;
  return e;
}

std::string Show(std::string_view s) {
  return json(std::string(s)).dump(-1, ' ', true, json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line = taxa::fuzz::Text(data, size);
  const JsonFacts facts = taxa::fuzz::ReadJson(line);
  const std::optional<LabelEvent> expected = Reference(facts);
  taxa::Result<LabelEvent> got = taxa::core::DecodeEventLine(line, "fuzz.jsonl:7");
  if (!got.ok()) {
    FUZZ_CHECK(got.status().code() == taxa::StatusCode::kInvalidInput, got.status().message());
    FUZZ_CHECK(got.status().message().starts_with("fuzz.jsonl:7: "), got.status().message());
    // Valid events the decoder may refuse: nesting beyond the scanner's
    // limit (one more level for the line's own object), and numbers beyond a
    // double, which the reference reads as 0.
    const bool beyond = facts.depth > taxa::core::json_scan::kMaxDepth + 1 || facts.overflow;
    FUZZ_CHECK(!expected || beyond,
               "rejects the valid event " + Show(line) + ": " + got.status().message());
    return 0;
  }
  const LabelEvent& e = *got;
  FUZZ_CHECK(expected.has_value(), "accepts " + Show(line) + ", which nlohmann reads otherwise");
  FUZZ_CHECK(*expected == e, "reads " + Show(line) + " unlike nlohmann (" +
                                 Show(taxa::core::EncodeEventLine(e)) + " vs " +
                                 Show(taxa::core::EncodeEventLine(*expected)) + ")");
  const std::string encoded = taxa::core::EncodeEventLine(e);
  taxa::Result<LabelEvent> again = taxa::core::DecodeEventLine(encoded, "again");
  FUZZ_CHECK(again.ok() && *again == e, "the canonical line does not read back: " + Show(encoded));
  LabelEvent sealed = e;
  sealed.id.clear();
  FUZZ_CHECK(taxa::core::SealEvent(sealed) == encoded && sealed.id == e.id, "SealEvent differs");
  return 0;
}
