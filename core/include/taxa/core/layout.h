// The project repository's layout: which paths Taxa writes and what each holds.
// Every rule about where a kind of file lives is here, once.
//
//   taxa.json                                    settings
//   taxonomy/categories/<id>.json                one category
//   taxonomy/attributes/<id>.json                one attribute schema
//   taxonomy/releases/<version>.json             a release manifest
//   items/<batch>/<n>.jsonl.zst                  item shards
//   labels/<annotator>/<device>/<seq>.jsonl.zst  label events
//   gold/<lead>/<device>/<seq>.jsonl.zst         gold label events
//   reviews/<reviewer>/<device>/<seq>.jsonl.zst  review events
//   calibration/<name>.json                      calibration rounds
//   plans/<name>.json                            sampling plans
//   conflicts/<id>.json                          open merge conflicts
//
//   if (core::layout::Classify(path) == core::layout::PathKind::kLabelSegment) ...
#pragma once

#include <string_view>

namespace taxa::core::layout {

inline constexpr std::string_view kSettings = "taxa.json";
inline constexpr std::string_view kTaxonomyDir = "taxonomy/";
inline constexpr std::string_view kCategoriesDir = "taxonomy/categories/";
inline constexpr std::string_view kAttributesDir = "taxonomy/attributes/";
inline constexpr std::string_view kReleasesDir = "taxonomy/releases/";
inline constexpr std::string_view kItemsDir = "items/";
inline constexpr std::string_view kLabelsDir = "labels/";
inline constexpr std::string_view kGoldDir = "gold/";
inline constexpr std::string_view kReviewsDir = "reviews/";
inline constexpr std::string_view kCalibrationDir = "calibration/";
inline constexpr std::string_view kPlansDir = "plans/";
inline constexpr std::string_view kConflictsDir = "conflicts/";
inline constexpr std::string_view kShardSuffix = ".jsonl.zst";

enum class PathKind {
  kSettings,
  kCategory,
  kAttribute,
  kRelease,
  kItemShard,
  kLabelSegment,
  kGoldSegment,
  kReviewSegment,
  kCalibration,
  kPlan,
  kConflict,
  kOther,  // not a path of the format: a person's own file
};

// What `path` (relative, '/'-separated) holds, by its shape alone: the right
// folder, the right number of components, the right suffix, and no empty,
// "." or ".." component. Anything else is kOther.
PathKind Classify(std::string_view path);

// True when Taxa writes `path` (Classify is not kOther): the work tree copy
// of such a file is Taxa's to bring in step with HEAD.
inline bool IsOwned(std::string_view path) { return Classify(path) != PathKind::kOther; }

// The folders Taxa writes, for limiting a walk of the work tree to them.
inline constexpr std::string_view kOwnedRoots[] = {kSettings,    kTaxonomyDir,    kItemsDir,
                                                   kLabelsDir,   kGoldDir,        kReviewsDir,
                                                   kCalibrationDir, kPlansDir,    kConflictsDir};

}  // namespace taxa::core::layout
