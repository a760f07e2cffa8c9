// Data actions: concrete things to do about a labeled data set, ranked, each
// with its evidence (issue 13, item 4). The session gathers the evidence
// (app/session/actions.cpp: confident learning over labels and a model's
// predictions, the quality engine's agreement and confusion, metadata slices);
// the rules here turn it into actions. Pure and thread-safe; no I/O.
//
//   ActionEvidence e = ...;
//   for (const DataAction& a : RankActions(e)) print(a.title, a.evidence, a.score);
//
// The rules (the thresholds are the constants below):
//  - "relabel": the items confident learning flags (core::FindLabelIssues,
//    prune by noise rate) over the items with both a current label and a
//    model's probabilities. One action when any is flagged. Its items are the
//    whole queue, least self-confident first.
//  - "merge": a confused pair (a, b) confused both ways: a_as_b and b_as_a
//    each >= kMinConfusions, min/max of the two >= kMergeBalance, and the
//    pair's total >= kMergeShare of the smaller category's items. "Consider
//    merging a and b".
//  - "tighten": a category c whose one-vs-rest agreement (alpha) is below
//    kLowAgreement, with its most frequent confusion partner d (the confused
//    pair holding c with the largest total; ties: the earlier pair in the
//    evidence's order) when that pair's total >= kMinConfusions and the pair
//    is not a merge action. "Tighten the definition of c against d (or add an
//    exclude rule)". One per category.
//  - "missing-category": (a) a catch-all category (LooksCatchAll) holding >=
//    kCatchAllShare of the labeled items and >= kMinItems items; (b) a low
//    confidence cluster: of the items the model predicts as c, those whose
//    top probability is below kLowConfidence, when they are >= kMinItems and
//    >= kLowConfidenceShare of the items predicted as c.
//  - "coverage-gap": a slice (metadata value) with >= kMinItems items whose
//    labeled share is below kCoverageRatio times the project's labeled share;
//    or a slice whose agreement (alpha) is at least kAgreementGap below the
//    project's overall alpha (both defined).
//
// The score of an action is the number of items it concerns: relabel, the
// flagged items; merge and tighten, the pair's confusions (a_as_b + b_as_a);
// catch-all, the items labeled with it; low confidence, the cluster's items;
// coverage by labels, the slice's unlabeled items; coverage by agreement, the
// slice's labeled items. Actions are ranked by score, largest first; ties by
// kind in the order relabel, merge, tighten, missing-category, coverage-gap,
// then by title.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "taxa/core/confusion.h"

namespace taxa::core {

inline constexpr double kLowAgreement = 0.667;   // Krippendorff's lowest tentative level
inline constexpr uint64_t kMinConfusions = 3;
inline constexpr double kMergeBalance = 0.5;
inline constexpr double kMergeShare = 0.2;
inline constexpr double kCatchAllShare = 0.10;
inline constexpr uint64_t kMinItems = 5;
inline constexpr double kLowConfidence = 0.5;
inline constexpr double kLowConfidenceShare = 0.25;
inline constexpr double kCoverageRatio = 0.5;
inline constexpr double kAgreementGap = 0.2;
inline constexpr size_t kActionExamples = 5;  // example items an action shows

struct CategoryEvidence {
  std::string id;
  std::string name;
  uint64_t items = 0;           // items whose current label is this category
  std::optional<double> alpha;  // one-vs-rest agreement; nullopt when undefined
};

struct PairEvidence {
  ConfusedPair pair;                  // as core::MostConfusedPairs gives it
  std::vector<std::string> examples;  // items where a and b were both given
};

struct LabelIssueRow {
  std::string item;
  std::string given;      // its current label
  std::string suggested;  // the model's top class
  double self_confidence = 0;
};

struct RelabelEvidence {
  std::string model;
  std::string label_source;  // how an item's current label was made ("majority")
  size_t examined = 0;       // items with a current label and probabilities
  double estimated_errors = 0;
  std::vector<LabelIssueRow> issues;  // ranked, least self-confident first
};

struct LowConfidenceEvidence {
  std::string category;    // the model's top class
  uint64_t predicted = 0;  // items predicted as it (with probabilities)
  uint64_t items = 0;      // of those, with top probability < kLowConfidence
  std::vector<std::string> examples;
};

struct SliceEvidence {
  std::string key;
  std::string value;
  uint64_t items = 0;    // items with this value
  uint64_t labeled = 0;  // of those, with a current label
  std::optional<double> alpha;
};

struct ActionEvidence {
  uint64_t items = 0;    // the project's items
  uint64_t labeled = 0;  // items with a current label
  std::optional<double> overall_alpha;
  std::vector<CategoryEvidence> categories;  // by id
  std::vector<PairEvidence> confused;        // most confused first
  std::optional<RelabelEvidence> relabel;
  std::vector<LowConfidenceEvidence> low_confidence;  // by category
  std::vector<SliceEvidence> slices;
};

struct DataAction {
  std::string kind;   // relabel | merge | tighten | missing-category | coverage-gap
  std::string title;  // what to do, one line
  std::vector<std::string> categories;  // the categories it is about
  std::string slice;                    // coverage-gap: "key=value"
  uint64_t score = 0;                   // see above
  // The evidence: named numbers, and the same as one line of text.
  std::vector<std::pair<std::string, double>> numbers;
  std::string evidence;
  std::vector<std::string> examples;  // at most kActionExamples items
  std::vector<std::string> items;     // relabel: every flagged item, ranked
};

// True when a category's id or name reads as a catch-all: one of its words
// (split at anything but a letter or digit, case folded) is other, others,
// misc, miscellaneous, unknown, none, unclear, uncategorized, uncategorised,
// unclassified or catchall.
bool LooksCatchAll(std::string_view id, std::string_view name);

// The actions the rules above find in `e`, ranked.
std::vector<DataAction> RankActions(const ActionEvidence& e);

}  // namespace taxa::core
