// Taxonomy edits: categories and attributes changed under control, each one
// commit (Taxa-Action: category.add, category.edit, category.rename,
// category.move, category.deprecate, category.merge, category.split,
// attribute.add). Each commit carries `Taxa-Rationale: <why>` when the edit
// was given one (WithRationale).
//
//   TaxonomyEdits edits(*project);
//   TAXA_RETURN_IF_ERROR(edits.WithRationale("refunds are billing").Move("billing.refund", "billing"));
#pragma once

#include <cstddef>
#include <string>
#include <utility>
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
  // Merges `sources` into `into` (core::Taxonomy::Merge: an existing active
  // category named by its id alone, or a new one with its fields). One commit:
  // Taxa-Action: category.merge, Taxa-Category per source, Taxa-Into.
  Status Merge(const std::vector<std::string>& sources, const core::Category& into);
  // Splits `id` into `parts` (core::Taxonomy::Split). One commit:
  // Taxa-Action: category.split, Taxa-Category, Taxa-Into per part.
  Status Split(const std::string& id, const std::vector<core::Category>& parts);
  // The taxonomy Merge and Split would commit, committing nothing (for a
  // face to show their impact first: TaxonomyImpact). They refuse as Merge
  // and Split do, except that a read-only project may preview.
  Result<core::Taxonomy> PreviewMerge(const std::vector<std::string>& sources,
                                      const core::Category& into) const;
  Result<core::Taxonomy> PreviewSplit(const std::string& id,
                                      const std::vector<core::Category>& parts) const;
  Status AddAttribute(core::Attribute attribute);

  // The reason recorded with every later edit of this object as its commit's
  // Taxa-Rationale trailer (one line: kInvalidInput from the edit when it
  // holds a line break). Empty: none.
  TaxonomyEdits& WithRationale(std::string why);

  // Checks the taxonomy at HEAD (works on a read-only project too).
  TaxonomyCheck Check() const;

 private:
  // Commits `next` with `trailers` and the rationale's.
  Status Commit(const core::Taxonomy& next, std::string subject,
                std::vector<std::pair<std::string, std::string>> trailers);

  ProjectState& s_;
  std::string why_;
};

}  // namespace taxa::app
