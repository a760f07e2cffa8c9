// Taxonomy edits: categories and attributes changed under control, each one
// commit (Taxa-Action: category.add, category.edit, category.rename,
// category.move, category.deprecate, attribute.add).
//
//   TaxonomyEdits edits(*project);
//   TAXA_RETURN_IF_ERROR(edits.Move("billing.refund", "billing"));
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/category_edit.h"
#include "taxa/core/taxonomy.h"

namespace taxa::app {

// The taxonomy's problems (core::Taxonomy::Validate) and its size.
struct TaxonomyCheck {
  std::vector<std::string> problems;  // one line each; empty when it is valid
  size_t categories = 0;
  size_t attributes = 0;
  bool valid() const { return problems.empty(); }
};

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

  // Checks the taxonomy at HEAD (works on a read-only project too).
  TaxonomyCheck Check() const;

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
