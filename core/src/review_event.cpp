#include "taxa/core/review_event.h"

#include <array>
#include <charconv>
#include <set>
#include <utility>

#include "json_scan.h"
#include "json_write.h"

#include "taxa/core/sha256.h"

namespace taxa::core {

namespace {

constexpr std::array<std::string_view, 5> kVerdictNames = {"accept", "correct", "reject",
                                                           "lot-accept", "lot-reject"};

void AppendUint(std::string& out, uint64_t n) {
  char digits[20];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, static_cast<size_t>(end - digits));
}

void AppendString(std::string& out, std::string_view key, const std::string& value) {
  if (value.empty()) return;
  out += ',';
  AppendKey(out, key);
  AppendJsonString(out, value);
}

void AppendList(std::string& out, std::string_view key, const std::vector<std::string>& list) {
  if (list.empty()) return;
  out += ',';
  AppendKey(out, key);
  out += '[';
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, list[i]);
  }
  out += ']';
}

void AppendNumber(std::string& out, std::string_view key, uint64_t n) {
  if (n == 0) return;
  out += ',';
  AppendKey(out, key);
  AppendUint(out, n);
}

// Every field but the id, in a fixed order, empty ones left out; the id
// hashes "{" + these bytes + "}". The body starts with the reviewer (never
// empty), so it needs no leading comma.
void AppendBody(std::string& out, const ReviewEvent& e) {
  AppendKey(out, "reviewer");
  AppendJsonString(out, e.reviewer);
  out += ',';
  AppendKey(out, "device");
  AppendJsonString(out, e.device);
  out += ',';
  AppendKey(out, "hlc");
  AppendUint(out, e.hlc);
  out += ',';
  AppendKey(out, "verdict");
  AppendJsonString(out, ReviewVerdictName(e.verdict));
  AppendString(out, "item", e.item);
  AppendString(out, "annotator", e.annotator);
  AppendString(out, "label", e.label);
  AppendString(out, "plan", e.plan);
  AppendList(out, "categories", e.categories);
  AppendList(out, "errors", e.errors);
  AppendString(out, "rule", e.rule);
  AppendString(out, "note", e.note);
  AppendNumber(out, "ms", e.duration_ms);
  AppendNumber(out, "defects", e.defects);
  AppendNumber(out, "reviewed", e.reviewed);
}

}  // namespace

std::string_view ReviewVerdictName(ReviewVerdict v) {
  return kVerdictNames[static_cast<size_t>(v)];
}

Result<ReviewVerdict> ParseReviewVerdict(std::string_view name) {
  for (size_t i = 0; i < kVerdictNames.size(); ++i)
    if (kVerdictNames[i] == name) return static_cast<ReviewVerdict>(i);
  return Status::InvalidInput("unknown verdict \"" + std::string(name) +
                              "\" (accept, correct, reject, lot-accept or lot-reject)");
}

std::string ComputeReviewId(const ReviewEvent& e) {
  std::string body = "{";
  AppendBody(body, e);
  body += '}';
  std::array<uint8_t, 32> digest = Sha256Digest(body);
  return HexOf(digest.data(), 16);
}

std::string EncodeReviewLine(const ReviewEvent& e) {
  std::string out = "{";
  AppendKey(out, "id");
  AppendJsonString(out, e.id);
  out += ',';
  AppendBody(out, e);
  out += '}';
  return out;
}

std::string SealReview(ReviewEvent& e) {
  e.id = ComputeReviewId(e);
  return EncodeReviewLine(e);
}

Result<ReviewEvent> DecodeReviewLine(std::string_view line, std::string_view where) {
  namespace js = json_scan;
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(std::string(where) + ": " + why);
  };
  ReviewEvent e;
  std::string verdict;
  std::set<std::string> seen;
  std::string wrong = js::ReadRecord(line, seen, [&](const std::string& key, size_t& p,
                                                     std::string& field_error) -> bool {
    std::string* text = key == "id"          ? &e.id
                        : key == "item"      ? &e.item
                        : key == "annotator" ? &e.annotator
                        : key == "label"     ? &e.label
                        : key == "reviewer"  ? &e.reviewer
                        : key == "device"    ? &e.device
                        : key == "plan"      ? &e.plan
                        : key == "verdict"   ? &verdict
                        : key == "rule"      ? &e.rule
                        : key == "note"      ? &e.note
                                             : nullptr;
    if (text != nullptr) {
      if (!js::ReadString(line, p, *text)) field_error = "field \"" + key + "\" must be a string";
      return field_error.empty();
    }
    uint64_t* number = key == "hlc"        ? &e.hlc
                       : key == "defects"  ? &e.defects
                       : key == "reviewed" ? &e.reviewed
                                           : nullptr;
    if (number != nullptr || key == "ms") {
      uint64_t n;
      if (!js::ReadUint(line, p, n) || (key == "ms" && n > UINT32_MAX)) {
        field_error = "field \"" + key + "\" must be a non-negative integer";
        return false;
      }
      if (number != nullptr)
        *number = n;
      else
        e.duration_ms = static_cast<uint32_t>(n);
      return true;
    }
    std::vector<std::string>* list = key == "categories" ? &e.categories
                                     : key == "errors"   ? &e.errors
                                                         : nullptr;
    if (list != nullptr) return js::ReadStringListField(line, p, key, *list, field_error);
    return js::SkipValue(line, p);
  });
  if (!wrong.empty()) return bad(wrong);
  for (const char* required : {"id", "reviewer", "device", "hlc", "verdict"})
    if (!seen.count(required)) return bad(std::string("field \"") + required + "\" is missing");
  if (e.reviewer.empty()) return bad("field \"reviewer\" is empty");
  Result<ReviewVerdict> v = ParseReviewVerdict(verdict);
  if (!v.ok()) return bad("field \"verdict\": " + v.status().message());
  e.verdict = *v;
  if (IsLotDecision(e.verdict)) {
    if (e.plan.empty()) return bad("a lot decision needs field \"plan\"");
    if (!e.item.empty() || !e.annotator.empty() || !e.label.empty())
      return bad("a lot decision names no item, annotator or label");
    if (e.defects > e.reviewed) return bad("field \"defects\" is above field \"reviewed\"");
  } else {
    const std::pair<const char*, const std::string*> required[] = {
        {"item", &e.item}, {"annotator", &e.annotator}, {"label", &e.label}};
    for (const auto& [name, value] : required)
      if (value->empty()) return bad(std::string("field \"") + name + "\" is missing or empty");
    if (e.verdict == ReviewVerdict::kCorrect && e.categories.empty())
      return bad("a correction needs field \"categories\"");
    if (e.verdict != ReviewVerdict::kCorrect && !e.categories.empty())
      return bad("field \"categories\" belongs only to a correction");
    if (e.verdict == ReviewVerdict::kAccept && !e.errors.empty())
      return bad("an accepted label has no field \"errors\"");
  }
  if (ComputeReviewId(e) != e.id)
    return bad("field \"id\" does not match the review's content (altered review)");
  return e;
}

}  // namespace taxa::core
