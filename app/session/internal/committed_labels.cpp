#include "session/internal/committed_labels.h"

#include <string>

#include "taxa/core/layout.h"

namespace taxa::app {

Status ForEachCommittedLabel(ProjectState& s,
                             const std::function<Status(core::LabelEvent& event)>& fn) {
  TAXA_ASSIGN_OR_RETURN(auto files, s.repo().ReadFolder(std::string(core::layout::kLabelsDir)));
  for (const auto& [path, bytes] : files) {
    if (!path.ends_with(".jsonl.zst")) continue;
    TAXA_RETURN_IF_ERROR(core::ForEachSegmentEvent(bytes, path, fn));
  }
  return Status::Ok();
}

}  // namespace taxa::app
