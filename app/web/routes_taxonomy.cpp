// Routes: the taxonomy, and a lead's changes to it: new categories, edits,
// moves and deprecations (the session decides who may, and validates with
// the same messages as `taxa taxonomy add|edit|move|deprecate`).
#include <optional>

#include "session/json.h"
#include "session/taxonomy_edits.h"
#include "session/taxonomy_history.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

// The taxonomy now; with ?as_of=POINT (a release, a date or a commit, as
// `taxa history --as-of` takes it) as it stood then, read beside the writer,
// with "as_of": the point found.
void GetTaxonomy(Call& c) {
  if (c.req.has_param("as_of")) {
    const std::string point = c.req.get_param_value("as_of");
    return Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
      app::TaxonomyHistory h(p);
      TAXA_ASSIGN_OR_RETURN(app::HistoryPoint at, h.Resolve(point));
      TAXA_ASSIGN_OR_RETURN(core::Taxonomy t, h.TaxonomyAt(at));
      ordered_json out = app::ToJson(t);
      out["as_of"] = app::ToJson(at);
      return out;
    }));
  }
  Reply(c, OnWriter(c, [](app::Project& p) -> Result<ordered_json> {
    return app::ToJson(p.taxonomy());
  }));
}

// A true/false field; nullopt when absent or null.
Result<std::optional<bool>> BoolField(const nlohmann::json& body, const std::string& name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return Status::InvalidInput("body: field \"" + name + "\" must be true or false");
  return std::optional<bool>(it->get<bool>());
}

// A category status field ("draft", "active"); nullopt when absent. The
// word is checked by core::ParseCategoryStatus, as the CLI's --status is.
Result<std::optional<core::CategoryStatus>> StatusField(const nlohmann::json& body) {
  TAXA_ASSIGN_OR_RETURN(std::string text, StringField(body, "status"));
  if (text.empty()) return std::optional<core::CategoryStatus>();
  TAXA_ASSIGN_OR_RETURN(core::CategoryStatus status, core::ParseCategoryStatus(text));
  return std::optional<core::CategoryStatus>(status);
}

// Announces a taxonomy change to open pages (the writer's own "change"
// event says only that something changed).
void Announce(Call& c, const std::string& id) {
  c.api.events.Publish(nlohmann::json{{"type", "taxonomy"}, {"category", id}}.dump());
}

// The fields of a category file: {"id","name","parent","definition","include",
// "exclude","examples","near_misses","attributes","status","sensitive"}.
Result<core::Category> ParseCategory(const nlohmann::json& body) {
  core::Category c;
  TAXA_ASSIGN_OR_RETURN(c.id, StringField(body, "id", /*required=*/true));
  TAXA_ASSIGN_OR_RETURN(c.name, StringField(body, "name", /*required=*/true));
  TAXA_ASSIGN_OR_RETURN(c.parent, StringField(body, "parent"));
  TAXA_ASSIGN_OR_RETURN(c.definition, StringField(body, "definition"));
  TAXA_ASSIGN_OR_RETURN(c.include, StringListField(body, "include"));
  TAXA_ASSIGN_OR_RETURN(c.exclude, StringListField(body, "exclude"));
  TAXA_ASSIGN_OR_RETURN(c.examples, StringListField(body, "examples"));
  TAXA_ASSIGN_OR_RETURN(c.near_misses, StringListField(body, "near_misses"));
  TAXA_ASSIGN_OR_RETURN(c.attributes, StringListField(body, "attributes"));
  TAXA_ASSIGN_OR_RETURN(std::optional<core::CategoryStatus> status, StatusField(body));
  if (status) c.status = *status;
  TAXA_ASSIGN_OR_RETURN(std::optional<bool> sensitive, BoolField(body, "sensitive"));
  c.sensitive = sensitive.value_or(false);
  return c;
}

// A change to a category as `taxa taxonomy edit` takes it: "name",
// "definition", "status", "sensitive", and "add_include"/"remove_include",
// ... for the lists (include, exclude, examples, near_misses, attributes).
Result<core::CategoryEdit> ParseEdit(const nlohmann::json& body) {
  core::CategoryEdit e;
  if (body.contains("name")) {
    TAXA_ASSIGN_OR_RETURN(std::string name, StringField(body, "name"));
    if (!body["name"].is_null()) e.name = name;
  }
  if (body.contains("definition")) {
    TAXA_ASSIGN_OR_RETURN(std::string definition, StringField(body, "definition"));
    if (!body["definition"].is_null()) e.definition = definition;
  }
  TAXA_ASSIGN_OR_RETURN(e.status, StatusField(body));
  TAXA_ASSIGN_OR_RETURN(e.sensitive, BoolField(body, "sensitive"));
  TAXA_ASSIGN_OR_RETURN(e.add_include, StringListField(body, "add_include"));
  TAXA_ASSIGN_OR_RETURN(e.remove_include, StringListField(body, "remove_include"));
  TAXA_ASSIGN_OR_RETURN(e.add_exclude, StringListField(body, "add_exclude"));
  TAXA_ASSIGN_OR_RETURN(e.remove_exclude, StringListField(body, "remove_exclude"));
  TAXA_ASSIGN_OR_RETURN(e.add_examples, StringListField(body, "add_examples"));
  TAXA_ASSIGN_OR_RETURN(e.remove_examples, StringListField(body, "remove_examples"));
  TAXA_ASSIGN_OR_RETURN(e.add_near_misses, StringListField(body, "add_near_misses"));
  TAXA_ASSIGN_OR_RETURN(e.remove_near_misses, StringListField(body, "remove_near_misses"));
  TAXA_ASSIGN_OR_RETURN(e.add_attributes, StringListField(body, "add_attributes"));
  TAXA_ASSIGN_OR_RETURN(e.remove_attributes, StringListField(body, "remove_attributes"));
  return e;
}

void AddCategory(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<core::Category> category = ParseCategory(*body);
  if (!category.ok()) return ReplyError(c.res, category.status());
  Reply(c,
        OnWriter(c,
                 [&](app::Project& p) -> Result<ordered_json> {
                   TAXA_RETURN_IF_ERROR(app::TaxonomyEdits(p).Add(*category));
                   return app::ToJson(p.taxonomy());
                 }),
        201);
  if (c.res.status == 201) Announce(c, category->id);
}

// Runs `change(edits)` on the writer and answers with the taxonomy after it.
template <typename Change>
void ChangeCategory(Call& c, const std::string& id, Change change) {
  Reply(c, OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    app::TaxonomyEdits edits(p);
    TAXA_RETURN_IF_ERROR(change(edits));
    return app::ToJson(p.taxonomy());
  }));
  if (c.res.status == 200) Announce(c, id);
}

void EditCategory(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<core::CategoryEdit> edit = ParseEdit(*body);
  if (!edit.ok()) return ReplyError(c.res, edit.status());
  const std::string id = c.param(0);
  ChangeCategory(c, id, [&](app::TaxonomyEdits& e) { return e.Edit(id, *edit); });
}

// {"parent": id, or "" / null for the top level}: the CLI's --parent or --root.
void MoveCategory(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  if (!body->contains("parent"))
    return ReplyError(c.res, Status::InvalidInput(
                                 "body: field \"parent\" is missing (a category id, or null for the top level)"));
  Result<std::string> parent = StringField(*body, "parent");
  if (!parent.ok()) return ReplyError(c.res, parent.status());
  const std::string id = c.param(0);
  ChangeCategory(c, id, [&](app::TaxonomyEdits& e) { return e.Move(id, *parent); });
}

// {"replaced_by": id} (optional): the CLI's --replaced-by.
void DeprecateCategory(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<std::string> replaced_by = StringField(*body, "replaced_by");
  if (!replaced_by.ok()) return ReplyError(c.res, replaced_by.status());
  const std::string id = c.param(0);
  ChangeCategory(c, id, [&](app::TaxonomyEdits& e) { return e.Deprecate(id, *replaced_by); });
}

}  // namespace

void AddTaxonomyRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/taxonomy", GetTaxonomy});
  routes.push_back({"POST", "/api/v1/taxonomy/categories", AddCategory});
  routes.push_back({"POST", "/api/v1/taxonomy/categories/{id}/edit", EditCategory});
  routes.push_back({"POST", "/api/v1/taxonomy/categories/{id}/move", MoveCategory});
  routes.push_back({"POST", "/api/v1/taxonomy/categories/{id}/deprecate", DeprecateCategory});
}

}  // namespace taxa::web
