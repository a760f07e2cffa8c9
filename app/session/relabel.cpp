// The relabel queue, read from the index's outdated labels.
#include "session/relabel.h"

#include <algorithm>
#include <set>

#include "session/internal/project_state.h"
#include "session/labeling.h"

namespace taxa::app {

Relabel::Relabel(Project& project) : project_(project) {}

Result<std::vector<RelabelEntry>> Relabel::List() {
  ProjectState& s = project_.state();
  const std::shared_ptr<const core::LabelForward>& forward = s.index().label_forward();
  std::vector<RelabelEntry> out;
  if (!forward || forward->OutdatedIds().empty()) return out;
  const bool own_only = s.settings().blind_labels && !Labeling(project_).MayReveal();
  TAXA_RETURN_IF_ERROR(s.index().ScanLabelsByItemId([&](const core::StoredLabelView& v) -> Status {
    if (!v.outdated || (own_only && v.annotator != s.user())) return Status::Ok();
    RelabelEntry e{.item = std::string(v.item), .annotator = std::string(v.annotator)};
    core::ParseStoredCategories(v.categories, e.recorded);
    out.push_back(std::move(e));
    return Status::Ok();
  }));
  for (RelabelEntry& e : out) {
    TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, s.index().FindItem(e.item));
    if (row) e.ord = row->ord;
    std::set<std::string> choices;
    for (const std::string& id : e.recorded)
      for (std::string& c : forward->Choices(id)) choices.insert(std::move(c));
    e.choices.assign(choices.begin(), choices.end());
  }
  std::stable_sort(out.begin(), out.end(), [](const RelabelEntry& a, const RelabelEntry& b) {
    return a.ord != b.ord ? a.ord < b.ord : a.annotator < b.annotator;
  });
  return out;
}

Result<std::optional<RelabelEntry>> Relabel::Next() {
  TAXA_ASSIGN_OR_RETURN(std::vector<RelabelEntry> queue, List());
  const std::string& user = project_.state().user();
  for (RelabelEntry& e : queue)
    if (e.annotator == user) return std::optional<RelabelEntry>(std::move(e));
  return std::optional<RelabelEntry>();
}

}  // namespace taxa::app
