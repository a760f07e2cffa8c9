// Writing label and review events straight into a project's segments, for
// the reports' tests: the events keep the ids, clocks, times and recorded
// taxonomies the test gives them. Each (annotator or reviewer, device) gets
// one segment 00000001.jsonl.zst, committed in one commit through the
// session's commit machinery (as gold.cpp commits gold segments).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "session/internal/project_state.h"
#include "session/project.h"

#include "taxa/core/label_event.h"
#include "taxa/core/review_event.h"
#include "taxa/core/shard.h"

namespace taxa::testing {

// Seals (sets the ids of) `labels` and `reviews` and commits them.
inline Status CommitEvents(app::Project& p, std::vector<core::LabelEvent>& labels,
                           std::vector<core::ReviewEvent>& reviews) {
  std::map<std::string, std::string> text;  // path -> lines
  for (core::LabelEvent& e : labels)
    text["labels/" + e.annotator + "/" + e.device + "/00000001.jsonl.zst"] +=
        core::SealEvent(e) + "\n";
  for (core::ReviewEvent& e : reviews)
    text["reviews/" + e.reviewer + "/" + e.device + "/00000001.jsonl.zst"] +=
        core::SealReview(e) + "\n";
  std::vector<sync::FileWrite> files;
  for (const auto& [path, lines] : text) files.push_back({path, core::CompressFrame(lines)});
  app::ProjectState& s = p.state();
  return s.CommitFiles(files, s.Meta("Test events", {{"Taxa-Action", "test.events"}}));
}

}  // namespace taxa::testing
