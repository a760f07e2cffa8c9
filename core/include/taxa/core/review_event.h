// Review events: a reviewer's second-pass judgment of one label, and the
// decision on an acceptance lot, kept as immutable JSON Lines under
// reviews/<reviewer>/<device>/<seq>.jsonl.zst and merged by union like labels/.
//
// A review judges the current label of (item, annotator) as the reviewer saw
// it (`label`, the id of that label event):
//   accept   the label is right;
//   correct  the label is wrong and `categories` are the right ones;
//   reject   the label is wrong (or the item unusable) for the `errors` given.
// `correct` and `reject` are defects; both may name error types (ids from the
// project's error taxonomy) and the guideline `rule` the error concerns.
// A lot decision (`lot-accept`, `lot-reject`) is recorded once an acceptance
// plan's sample decides it; it names the plan and carries no item.
//
// The id is a content hash, as for label events, so the same review written
// twice is one. A later review of the same label (by clock, ties by id)
// supersedes an earlier one by the same reviewer.
//
//   {"id": "...", "item": "T-1", "annotator": "ana", "label": "<event id>",
//    "reviewer": "rex", "device": "d1", "hlc": 123, "plan": "audit-1",
//    "verdict": "reject", "errors": ["wrong-category"],
//    "rule": "billing.refund/exclude/2", "note": "...", "ms": 5400}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

enum class ReviewVerdict { kAccept, kCorrect, kReject, kLotAccept, kLotReject };

// "accept", "correct", "reject", "lot-accept", "lot-reject".
std::string_view ReviewVerdictName(ReviewVerdict v);
// kInvalidInput naming the word and the choices for anything else.
Result<ReviewVerdict> ParseReviewVerdict(std::string_view name);

// True for correct and reject.
inline bool IsDefect(ReviewVerdict v) {
  return v == ReviewVerdict::kCorrect || v == ReviewVerdict::kReject;
}
inline bool IsLotDecision(ReviewVerdict v) {
  return v == ReviewVerdict::kLotAccept || v == ReviewVerdict::kLotReject;
}

struct ReviewEvent {
  std::string id;  // ComputeReviewId() of the other fields
  std::string item;       // "" for a lot decision
  std::string annotator;  // whose label was judged; "" for a lot decision
  std::string label;      // the id of the label event judged; "" for a lot decision
  std::string reviewer;
  std::string device;
  uint64_t hlc = 0;  // hybrid logical clock (hlc.h)
  std::string plan;  // the sampling plan the review worked; "" when none
  ReviewVerdict verdict = ReviewVerdict::kAccept;
  std::vector<std::string> categories;  // correct: the right categories
  std::vector<std::string> errors;      // error type ids (correct, reject)
  std::string rule;                     // CATEGORY/include/N or CATEGORY/exclude/N, or ""
  std::string note;
  uint32_t duration_ms = 0;  // time the review took
  // A lot decision: the defects found and the labels reviewed when it was made.
  uint64_t defects = 0;
  uint64_t reviewed = 0;

  bool operator==(const ReviewEvent&) const = default;
};

// Hex SHA-256 (first 32 digits) of the canonical encoding of every field but id.
std::string ComputeReviewId(const ReviewEvent& e);
// The canonical JSON line (fixed key order, empty fields left out), no newline.
std::string EncodeReviewLine(const ReviewEvent& e);
// Sets e.id and returns EncodeReviewLine(e).
std::string SealReview(ReviewEvent& e);

// Parses and checks a line: known fields of the right types, none twice, the
// verdict's shape (a label review names item, annotator and label; a lot
// decision names a plan and no item; only `correct` has categories and it
// has at least one), and the id matching the content. `where` ("file:line")
// prefixes messages, which name the field.
Result<ReviewEvent> DecodeReviewLine(std::string_view line, std::string_view where);

}  // namespace taxa::core
