// The relabel queue, read from the index's outdated labels.
#include "session/relabel.h"

#include <set>

#include "session/internal/project_state.h"
#include "session/labeling.h"

namespace taxa::app {

Relabel::Relabel(Project& project) : project_(project) {}

namespace {

// The outdated current labels `s` may see, in project order, then by
// annotator (the order ScanCurrentLabels hands them over). With `only`, just
// that annotator's, and the scan ends at the first one.
Result<std::vector<RelabelEntry>> Outdated(Project& project, const std::string* only) {
  ProjectState& s = project.state();
  const std::shared_ptr<const core::LabelForward>& forward = s.index().label_forward();
  std::vector<RelabelEntry> out;
  if (!forward || !forward->has_outdated()) return out;
  const bool own_only = s.settings().blind_labels && !Labeling(project).MayReveal();
  // Returned by the callback to end the scan once `only`'s first entry is in
  // hand; never reaches the caller.
  const Status found = Status::AlreadyExists("relabel: first entry found");
  Status scanned = s.index().ScanCurrentLabels([&](const core::CurrentLabelView& v) -> Status {
    if (!v.outdated || (own_only && v.annotator != s.user())) return Status::Ok();
    if (only != nullptr && v.annotator != *only) return Status::Ok();
    RelabelEntry e{.item = std::string(v.item), .ord = v.ord,
                   .annotator = std::string(v.annotator), .recorded = v.categories};
    std::set<std::string> choices;
    for (const std::string& id : e.recorded)
      for (std::string& c : forward->Choices(id)) choices.insert(std::move(c));
    e.choices.assign(choices.begin(), choices.end());
    out.push_back(std::move(e));
    return only != nullptr ? found : Status::Ok();
  });
  if (!scanned.ok() && !(only != nullptr && !out.empty())) return scanned;
  return out;
}

}  // namespace

Result<std::vector<RelabelEntry>> Relabel::List() { return Outdated(project_, nullptr); }

Result<std::optional<RelabelEntry>> Relabel::Next() {
  TAXA_ASSIGN_OR_RETURN(std::vector<RelabelEntry> first,
                        Outdated(project_, &project_.state().user()));
  if (first.empty()) return std::optional<RelabelEntry>();
  return std::optional<RelabelEntry>(std::move(first.front()));
}

}  // namespace taxa::app
