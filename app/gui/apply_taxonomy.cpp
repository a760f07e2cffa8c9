#include "gui/apply_taxonomy.h"

#include "gui/apply_labels.h"
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

}  // namespace taxa::gui::detail
