// Taxonomy edits: each a commit with its Taxa-Action trailer.
#include "session/taxonomy_edits.h"

#include "session/internal/project_state.h"

namespace taxa::app {

TaxonomyEdits::TaxonomyEdits(Project& project) : s_(project.state()) {}

TaxonomyEdits& TaxonomyEdits::WithRationale(std::string why) {
  why_ = std::move(why);
  return *this;
}

Status TaxonomyEdits::Commit(const core::Taxonomy& next, std::string subject,
                             std::vector<std::pair<std::string, std::string>> trailers) {
  if (why_.find_first_of("\r\n") != std::string::npos)
    return Status::InvalidInput("the rationale must be one line (it is a commit trailer)");
  if (!why_.empty()) trailers.emplace_back("Taxa-Rationale", why_);
  return s_.CommitTaxonomy(next, s_.Meta(std::move(subject), std::move(trailers)));
}

Status TaxonomyEdits::Add(core::Category c) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  core::Taxonomy next = s_.taxonomy();
  std::string id = c.id, name = c.name;
  TAXA_RETURN_IF_ERROR(next.Add(std::move(c)));
  return Commit(next, "Add category " + id + " (" + name + ")",
                {{"Taxa-Action", "category.add"}, {"Taxa-Category", id}});
}

Status TaxonomyEdits::Edit(const std::string& id, const core::CategoryEdit& edit) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  const core::Category* c = s_.taxonomy().Find(id);
  if (c == nullptr) return Status::NotFound("category \"" + id + "\" does not exist");
  if (edit.empty()) return Status::InvalidInput("nothing to change: give at least one field");
  TAXA_ASSIGN_OR_RETURN(core::Category edited, core::ApplyEdit(*c, edit));
  core::Taxonomy next = s_.taxonomy();
  TAXA_RETURN_IF_ERROR(next.Update(std::move(edited)));
  std::string action = edit.name ? "category.rename" : "category.edit";
  return Commit(next, "Edit category " + id, {{"Taxa-Action", action}, {"Taxa-Category", id}});
}

Status TaxonomyEdits::Move(const std::string& id, const std::string& new_parent) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  core::Taxonomy next = s_.taxonomy();
  TAXA_RETURN_IF_ERROR(next.Move(id, new_parent));
  return Commit(next,
                "Move category " + id + " under " + (new_parent.empty() ? "the root" : new_parent),
                {{"Taxa-Action", "category.move"}, {"Taxa-Category", id}});
}

Status TaxonomyEdits::Deprecate(const std::string& id, const std::string& replaced_by) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  core::Taxonomy next = s_.taxonomy();
  TAXA_RETURN_IF_ERROR(next.Deprecate(id, replaced_by));
  std::vector<std::pair<std::string, std::string>> trailers = {
      {"Taxa-Action", "category.deprecate"}, {"Taxa-Category", id}};
  if (!replaced_by.empty()) trailers.emplace_back("Taxa-Replaced-By", replaced_by);
  return Commit(next,
                "Deprecate category " + id +
                    (replaced_by.empty() ? std::string() : " in favour of " + replaced_by),
                std::move(trailers));
}

Result<core::Taxonomy> TaxonomyEdits::PreviewMerge(const std::vector<std::string>& sources,
                                                   const core::Category& into) const {
  core::Taxonomy next = s_.taxonomy();
  TAXA_RETURN_IF_ERROR(next.Merge(sources, into));
  return next;
}

Result<core::Taxonomy> TaxonomyEdits::PreviewSplit(const std::string& id,
                                                   const std::vector<core::Category>& parts) const {
  core::Taxonomy next = s_.taxonomy();
  TAXA_RETURN_IF_ERROR(next.Split(id, parts));
  return next;
}

Status TaxonomyEdits::Merge(const std::vector<std::string>& sources, const core::Category& into) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_ASSIGN_OR_RETURN(core::Taxonomy next, PreviewMerge(sources, into));
  std::vector<std::pair<std::string, std::string>> trailers = {{"Taxa-Action", "category.merge"}};
  std::string names;
  for (const std::string& id : sources) {
    trailers.emplace_back("Taxa-Category", id);
    names += (names.empty() ? "" : ", ") + id;
  }
  trailers.emplace_back("Taxa-Into", into.id);
  return Commit(next, "Merge " + names + " into " + into.id, std::move(trailers));
}

Status TaxonomyEdits::Split(const std::string& id, const std::vector<core::Category>& parts) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_ASSIGN_OR_RETURN(core::Taxonomy next, PreviewSplit(id, parts));
  std::vector<std::pair<std::string, std::string>> trailers = {{"Taxa-Action", "category.split"},
                                                               {"Taxa-Category", id}};
  std::string names;
  for (const core::Category& part : parts) {
    trailers.emplace_back("Taxa-Into", part.id);
    names += (names.empty() ? "" : ", ") + part.id;
  }
  return Commit(next, "Split " + id + " into " + names, std::move(trailers));
}

Status TaxonomyEdits::AddAttribute(core::Attribute a) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  core::Taxonomy next = s_.taxonomy();
  std::string id = a.id;
  TAXA_RETURN_IF_ERROR(next.AddAttribute(std::move(a)));
  return Commit(next, "Add attribute " + id,
                {{"Taxa-Action", "attribute.add"}, {"Taxa-Attribute", id}});
}

TaxonomyCheck TaxonomyEdits::Check() const {
  return {.problems = s_.taxonomy().Validate(),
          .categories = s_.taxonomy().size(),
          .attributes = s_.taxonomy().attributes().size()};
}

}  // namespace taxa::app
