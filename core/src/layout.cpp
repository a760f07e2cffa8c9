#include "taxa/core/layout.h"

#include <vector>

namespace taxa::core::layout {

namespace {

// Splits `path` at '/'; empty when a component is empty, "." or "..".
std::vector<std::string_view> Components(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view part =
        path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return {};
    parts.push_back(part);
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

PathKind Classify(std::string_view path) {
  std::vector<std::string_view> p = Components(path);
  if (p.empty()) return PathKind::kOther;
  auto json_file = [&](size_t depth) { return p.size() == depth && EndsWith(p.back(), ".json"); };
  auto shard = [&](size_t depth) { return p.size() == depth && EndsWith(p.back(), kShardSuffix); };
  if (p.size() == 1 && p[0] == kSettings) return PathKind::kSettings;
  if (p[0] == "taxonomy" && p.size() == 3 && EndsWith(p[2], ".json")) {
    if (p[1] == "categories") return PathKind::kCategory;
    if (p[1] == "attributes") return PathKind::kAttribute;
    if (p[1] == "releases") return PathKind::kRelease;
    return PathKind::kOther;
  }
  if (p[0] == "items" && shard(3)) return PathKind::kItemShard;
  if (p[0] == "labels" && shard(4)) return PathKind::kLabelSegment;
  if (p[0] == "gold" && shard(4)) return PathKind::kGoldSegment;
  if (p[0] == "reviews" && shard(4)) return PathKind::kReviewSegment;
  if (p[0] == "calibration" && json_file(2)) return PathKind::kCalibration;
  if (p[0] == "plans" && json_file(2)) return PathKind::kPlan;
  if (p[0] == "conflicts" && json_file(2)) return PathKind::kConflict;
  return PathKind::kOther;
}

}  // namespace taxa::core::layout
