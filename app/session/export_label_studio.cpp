// Items::ExportLabelStudio: the project as Label Studio tasks with annotations.
#include <unordered_map>

#include "session/internal/committed_labels.h"
#include "session/internal/project_state.h"
#include "session/items.h"

#include "taxa/core/export.h"

namespace taxa::app {

Status Items::ExportLabelStudio(const std::function<Status(std::string_view text)>& out,
                                bool as_made) {
  // Time spent is not in the index: read it from the events, by id.
  std::unordered_map<std::string, uint32_t> lead_ms;
  TAXA_RETURN_IF_ERROR(ForEachCommittedLabel(s_, [&](core::LabelEvent& e) {
    if (e.duration_ms > 0) lead_ms[e.id] = e.duration_ms;
    return Status::Ok();
  }));
  auto lead_of = [&](const core::CurrentLabel& l) -> uint32_t {
    auto it = lead_ms.find(l.event_id);
    return it == lead_ms.end() ? 0 : it->second;
  };
  TAXA_RETURN_IF_ERROR(out("["));
  uint64_t task = 0, annotation = 1;
  TAXA_RETURN_IF_ERROR(s_.index().ForEachItemWithLabels(
      [&](const core::Item& item, const std::vector<core::CurrentLabel>& labels) {
        std::string text = task == 0 ? "\n" : ",\n";
        text += core::EncodeLabelStudioTask(item, labels, ++task, annotation, lead_of);
        for (const core::CurrentLabel& l : labels) annotation += l.categories.empty() ? 0 : 1;
        return out(text);
      },
      /*as_recorded=*/as_made));
  return out("\n]\n");
}

}  // namespace taxa::app
