#include "gui/apply_taxonomy.h"

#include "gui/apply_labels.h"
#include "session/proposals.h"
#include "session/taxonomy_edits.h"

namespace taxa::gui::detail {

Result<std::string> Do(const AddCategory& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::TaxonomyEdits(*s).Add(c.category));
  return "Added category " + c.category.id;
}

Result<std::string> Do(const EditCategory& c, ApplyTarget& t) {
  if (c.edit.empty()) return std::string("Nothing to save");
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::TaxonomyEdits(*s).Edit(c.id, c.edit));
  return "Saved category " + c.id;
}

Result<std::string> Do(const MoveCategory& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::TaxonomyEdits(*s).Move(c.id, c.new_parent));
  return "Moved " + c.id + (c.new_parent.empty() ? " to the top level" : " under " + c.new_parent);
}

Result<std::string> Do(const DeprecateCategory& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::TaxonomyEdits(*s).Deprecate(c.id, c.replaced_by));
  return "Deprecated " + c.id + (c.replaced_by.empty() ? "" : ", replaced by " + c.replaced_by);
}

namespace {

std::string Joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

}  // namespace

Result<std::string> Do(const MergeCategories& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::TaxonomyEdits(*s).WithRationale(c.why).Merge(c.sources, c.into));
  return "Merged " + Joined(c.sources) + " into " + c.into.id;
}

Result<std::string> Do(const SplitCategory& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::TaxonomyEdits(*s).WithRationale(c.why).Split(c.id, c.parts));
  std::vector<std::string> ids;
  for (const core::Category& part : c.parts) ids.push_back(part.id);
  return "Split " + c.id + " into " + Joined(ids);
}

Result<std::string> Do(const DecideProposal& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_ASSIGN_OR_RETURN(app::ProposalDecision d,
                        app::Proposals(*s).Decide(c.name, c.approve, c.why));
  return std::string(c.approve ? "Approved" : "Rejected") + " proposal " + c.name + " as " + d.role;
}

Result<std::string> Do(const MergeProposal& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_ASSIGN_OR_RETURN(std::string commit, app::Proposals(*s).Merge(c.name));
  return "Merged proposal " + c.name + " into main (" + commit.substr(0, 7) + ")";
}

}  // namespace taxa::gui::detail
