#include "taxa/core/layout.h"

#include <string>
#include <vector>

#include "taxa/core/calibration_round.h"
#include "taxa/core/predictions.h"
#include "taxa/core/release.h"
#include "taxa/core/segment_writer.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/text.h"

namespace taxa::core {

namespace {

constexpr std::string_view kShardSuffix = ".jsonl.zst";
constexpr std::string_view kJsonSuffix = ".json";

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The stem of `name` when it ends with `suffix`; nullopt otherwise.
std::optional<std::string_view> Stem(std::string_view name, std::string_view suffix) {
  if (name.size() <= suffix.size() || !name.ends_with(suffix)) return std::nullopt;
  return name.substr(0, name.size() - suffix.size());
}

}  // namespace

Result<ProjectFileKind> ClassifyProjectPath(std::string_view path) {
  const std::string where(path);
  auto refuse = [&](const std::string& why) { return Status::InvalidInput(where + ": " + why); };
  std::vector<std::string_view> parts = Split(path);
  for (std::string_view part : parts)
    if (part.empty() || part == "." || part == "..")
      return refuse("not a path of a Taxa project (an empty, \".\" or \"..\" component)");
  auto bad_name = [&](const Status& s) { return refuse(s.message()); };

  const std::string_view top = parts[0];
  if (parts.size() == 1 && top == "taxa.json") return ProjectFileKind::kSettings;
  if (parts.size() == 2 && top == "docs" && parts[1] == "datasheet.md")
    return ProjectFileKind::kDatasheet;
  if (parts.size() == 3 && top == "taxonomy") {
    std::optional<std::string_view> stem = Stem(parts[2], kJsonSuffix);
    if (!stem) return refuse("not a path of a Taxa project (taxonomy files end in .json)");
    if (parts[1] == "categories" || parts[1] == "attributes") {
      if (Status s = CheckId(*stem, parts[1] == "categories" ? "category" : "attribute"); !s.ok())
        return bad_name(s);
      return parts[1] == "categories" ? ProjectFileKind::kCategory : ProjectFileKind::kAttribute;
    }
    if (parts[1] == "releases") {
      if (Result<Semver> v = ParseSemver(*stem); !v.ok()) return bad_name(v.status());
      return ProjectFileKind::kRelease;
    }
  }
  if (parts.size() == 3 && top == "items") {
    if (Status s = CheckAnnotatorName(std::string(parts[1])); !s.ok())
      return refuse("batch folder: " + s.message());
    std::optional<std::string_view> stem = Stem(parts[2], kShardSuffix);
    if (!stem || !IsDigits(*stem))
      return refuse("not a path of a Taxa project (item shards are named <n>.jsonl.zst)");
    return ProjectFileKind::kItemShard;
  }
  if (parts.size() == 4 && (top == "labels" || top == "gold" || top == "reviews")) {
    if (Status s = CheckAnnotatorName(std::string(parts[1])); !s.ok()) return bad_name(s);
    if (Status s = CheckAnnotatorName(std::string(parts[2])); !s.ok())
      return refuse("device id: " + s.message());
    std::optional<std::string_view> stem = Stem(parts[3], kShardSuffix);
    if (!stem || !IsDigits(*stem))
      return refuse("not a path of a Taxa project (segments are named <seq>.jsonl.zst)");
    return top == "labels" ? ProjectFileKind::kLabelSegment
           : top == "gold" ? ProjectFileKind::kGoldSegment
                           : ProjectFileKind::kReviewSegment;
  }
  if (parts.size() == 2 && (top == "calibration" || top == "conflicts" || top == "plans")) {
    std::optional<std::string_view> stem = Stem(parts[1], kJsonSuffix);
    if (!stem) return refuse("not a path of a Taxa project (" + std::string(top) +
                             " files end in .json)");
    if (top == "calibration") {
      if (Status s = CheckRoundName(std::string(*stem)); !s.ok()) return bad_name(s);
      return ProjectFileKind::kCalibrationRound;
    }
    if (top == "conflicts") {
      if (stem->size() != 32 || !IsLowerHex(*stem))
        return refuse("a conflict file is named by its 32-hex-digit id");
      return ProjectFileKind::kConflict;
    }
    if (Status s = CheckId(*stem, "plan"); !s.ok()) return bad_name(s);
    return ProjectFileKind::kPlan;
  }
  if (parts.size() == 3 && top == "predictions") {
    if (Result<PredictionsPathParts> p = ParsePredictionsPath(path); !p.ok()) return p.status();
    return ProjectFileKind::kPredictions;
  }
  return refuse("not a path of a Taxa project");
}

std::optional<SegmentPathParts> ParseSegmentPath(std::string_view path) {
  std::vector<std::string_view> parts = Split(path);
  if (parts.size() != 4 || (parts[0] != "labels" && parts[0] != "gold" && parts[0] != "reviews") ||
      !parts[3].ends_with(kShardSuffix))
    return std::nullopt;
  return SegmentPathParts{parts[0], parts[1], parts[2]};
}

}  // namespace taxa::core
