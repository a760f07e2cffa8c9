// Where each kind of file lives in a project repository: the one place that
// says which paths the repository format has (README "The project
// repository", DESIGN.md "The project repository"). A path not described
// here is not part of a project, and a peer may not bring it in.
//
//   Result<ProjectFileKind> kind = ClassifyProjectPath("labels/alice/4f2a/00000001.jsonl.zst");
//   // kind == ProjectFileKind::kLabelSegment
//   ClassifyProjectPath("evil.sh");   // kInvalidInput "evil.sh: not a path of a Taxa project"
//
// Paths are as git names them: relative, '/'-separated, no "." or ".."
// components. No I/O; safe from any thread.
#pragma once

#include <optional>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::core {

enum class ProjectFileKind {
  kSettings,          // taxa.json
  kCategory,          // taxonomy/categories/<id>.json
  kAttribute,         // taxonomy/attributes/<id>.json
  kRelease,           // taxonomy/releases/<semver>.json
  kItemShard,         // items/<batch>/<n>.jsonl.zst
  kLabelSegment,      // labels/<annotator>/<device>/<seq>.jsonl.zst
  kGoldSegment,       // gold/<lead>/<device>/<seq>.jsonl.zst
  kReviewSegment,     // reviews/<reviewer>/<device>/<seq>.jsonl.zst
  kCalibrationRound,  // calibration/<name>.json
  kConflict,          // conflicts/<32 hex digits>.json
  kPlan,              // plans/<id>.json
  kDatasheet,         // docs/datasheet.md
  kPredictions,       // predictions/<model>/<YYYYMMDDTHHMMSSZ>-<16 hex>.jsonl.zst
};

// The kind of the file at `path`. kInvalidInput, as one line that starts
// with the path and says what is wrong with it, when the repository format
// has no such path: an unknown folder or file name, a component that is not
// a valid id or name (ids as core::CheckId, annotator, device and batch names
// as core::CheckAnnotatorName, round names as calibration rounds take them,
// versions as core::ParseSemver), or a "." or ".." component.
Result<ProjectFileKind> ClassifyProjectPath(std::string_view path);

// The parts of a segment's path (labels/, gold/ or reviews/): the writer's
// folder names, which every event in it must carry. nullopt when `path` is
// not a segment path.
struct SegmentPathParts {
  std::string_view root;       // "labels", "gold" or "reviews"
  std::string_view annotator;  // the annotator, lead or reviewer
  std::string_view device;
};
std::optional<SegmentPathParts> ParseSegmentPath(std::string_view path);

// The folders and files of the format, for code that builds or walks paths.
namespace layout {
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
inline constexpr std::string_view kDatasheet = "docs/datasheet.md";
inline constexpr std::string_view kPredictionsDir = "predictions/";

// Where Taxa writes: the work tree copies of files at these roots that
// ClassifyProjectPath accepts are Taxa's to bring in step with HEAD.
inline constexpr std::string_view kOwnedRoots[] = {
    kSettings, kTaxonomyDir,     kItemsDir, kLabelsDir,    kGoldDir,  kReviewsDir,
    kCalibrationDir, kPlansDir, kConflictsDir, kDatasheet, kPredictionsDir};

// The name, without ".json", of the JSON file `path` directly in the folder
// `dir` ("taxonomy/categories/", or "" for a bare file name): "cats" for
// "taxonomy/categories/cats.json"; nullopt for any other path. The inverse of
// CategoryPath, AttributePath and ReleasePath; checks no id.
inline std::optional<std::string_view> JsonFileStem(std::string_view path, std::string_view dir) {
  constexpr std::string_view kJson = ".json";
  if (path.size() <= dir.size() + kJson.size() || !path.starts_with(dir) ||
      !path.ends_with(kJson))
    return std::nullopt;
  std::string_view stem = path.substr(dir.size(), path.size() - dir.size() - kJson.size());
  if (stem.find('/') != std::string_view::npos) return std::nullopt;
  return stem;
}

// True when `path` is a file of the format (ClassifyProjectPath accepts it):
// Taxa writes it, and a copy of it in the work tree that differs from HEAD
// is Taxa's to rewrite. Anything else is a person's own file.
inline bool IsOwned(std::string_view path) { return ClassifyProjectPath(path).ok(); }
}  // namespace layout

}  // namespace taxa::core
