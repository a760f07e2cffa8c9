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

}  // namespace taxa::core
