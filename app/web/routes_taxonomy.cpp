// Routes: the taxonomy, and a lead's new categories (the session decides who
// may, and validates as the CLI does).
#include "session/json.h"
#include "session/taxonomy_edits.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

void GetTaxonomy(Call& c) {
  Reply(c, OnWriter(c, [](app::Project& p) -> Result<ordered_json> {
    return app::ToJson(p.taxonomy());
  }));
}

// The fields of a category file: {"id","name","parent","definition","include",
// "exclude","examples","near_misses"}.
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
  return c;
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
}

}  // namespace

void AddTaxonomyRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/taxonomy", GetTaxonomy});
  routes.push_back({"POST", "/api/v1/taxonomy/categories", AddCategory});
}

}  // namespace taxa::web
