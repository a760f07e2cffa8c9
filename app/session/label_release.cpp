#include "session/internal/label_release.h"

#include "taxa/core/layout.h"
#include "taxa/core/release.h"
#include "taxa/core/text.h"

namespace taxa::app {

std::optional<std::string> LabelRelease::LatestInTree(const std::string& tree) {
  auto it = latest_of_tree_.find(tree);
  if (it != latest_of_tree_.end()) return it->second;
  std::optional<std::string> best;
  Result<std::vector<std::string>> names = s_.repo().TreeEntryNames(tree, "releases");
  if (!names.ok()) return latest_of_tree_[tree] = std::nullopt;
  std::optional<core::Semver> best_v;
  for (const std::string& n : *names) {
    std::optional<std::string_view> stem = core::layout::JsonFileStem(n, "");
    if (!stem) continue;
    std::string v(*stem);
    Result<core::Semver> sv = core::ParseSemver(v);
    if (!sv.ok()) continue;
    if (!best_v || core::CompareSemver(*sv, *best_v) > 0) {
      best_v = *sv;
      best = v;
    }
  }
  if (!best) best = std::string();  // readable, but before any release
  return latest_of_tree_[tree] = best;
}

std::optional<std::string> LabelRelease::Of(const std::string& recorded) {
  auto it = of_recorded_.find(recorded);
  if (it != of_recorded_.end()) return it->second;
  std::optional<std::string> out;
  if (recorded.starts_with("tree:")) {
    out = LatestInTree(recorded.substr(5));
  } else if (core::ParseSemver(recorded).ok()) {
    out = recorded;
  } else if (recorded.size() == 40 && core::IsLowerHex(recorded)) {
    Result<std::string> tree = s_.repo().ObjectIdAt("taxonomy", recorded);
    if (tree.ok()) out = tree->empty() ? std::optional<std::string>(std::string()) : LatestInTree(*tree);
  }
  return of_recorded_[recorded] = out;
}

}  // namespace taxa::app
