// The taxonomy release a label event was made under, from its recorded
// `taxonomy` field (core::LabelEvent): a version name counts as that
// release; "tree:<id of taxonomy/>" (what labeling records) and a commit id
// count under the newest release in that taxonomy's releases/. Shared by
// `labels --made-under` and the defect report. Session-internal.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "session/internal/project_state.h"

namespace taxa::app {

class LabelRelease {
 public:
  explicit LabelRelease(ProjectState& s) : s_(s) {}
  // The release, "" when the taxonomy it names held no release yet, and
  // nullopt when it cannot be read here (an unknown tree or commit, or a
  // recorded value of another form). Each distinct taxonomy is looked up once.
  std::optional<std::string> Of(const std::string& recorded);

 private:
  std::optional<std::string> LatestInTree(const std::string& tree);
  ProjectState& s_;
  std::map<std::string, std::optional<std::string>> latest_of_tree_;
  std::map<std::string, std::optional<std::string>> of_recorded_;
};

}  // namespace taxa::app
