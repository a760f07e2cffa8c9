// Taxonomy edits: categories and attributes changed under control, each one
// commit (Taxa-Action: category.add, category.edit, category.rename,
// category.move, category.deprecate, attribute.add).
//
//   TaxonomyEdits edits(*project);
//   TAXA_RETURN_IF_ERROR(edits.Move("billing.refund", "billing"));
#pragma once

#include <string>

#include "session/project.h"

#include "taxa/core/category_edit.h"
#include "taxa/core/taxonomy.h"

namespace taxa::app {

class TaxonomyEdits {
 public:
  explicit TaxonomyEdits(Project& project);

  // Each refuses, with the taxonomy's own message, what would leave it
  // invalid (core::Taxonomy), and needs a writable project.
  Status Add(core::Category category);
  Status Edit(const std::string& id, const core::CategoryEdit& edit);
  Status Move(const std::string& id, const std::string& new_parent);
  Status Deprecate(const std::string& id, const std::string& replaced_by);
  Status AddAttribute(core::Attribute attribute);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
