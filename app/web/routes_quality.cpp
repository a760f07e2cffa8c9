// Routes: the quality overview (from a read-only project beside the writer)
// and a lead's gold labels.
#include "session/gold.h"
#include "session/json.h"
#include "session/quality_service.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

void Overview(Call& c) {
  Reply(c, OnReader(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::QualityOverview overview, app::Quality(p).Overview(0.95));
    return app::ToJson(overview);
  }));
}

void SetGold(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<std::string> item = StringField(*body, "item", /*required=*/true);
  if (!item.ok()) return ReplyError(c.res, item.status());
  Result<std::vector<std::string>> categories = StringListField(*body, "categories");
  if (!categories.ok()) return ReplyError(c.res, categories.status());
  Result<std::string> note = StringField(*body, "note");
  if (!note.ok()) return ReplyError(c.res, note.status());
  Reply(c,
        OnWriter(c,
                 [&](app::Project& p) -> Result<ordered_json> {
                   TAXA_ASSIGN_OR_RETURN(core::GoldLabel gold,
                                         app::Gold(p).Set(*item, *categories, *note));
                   return app::ToJson(gold);
                 }),
        201);
}

}  // namespace

void AddQualityRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/quality", Overview});
  routes.push_back({"POST", "/api/v1/gold", SetGold});
}

}  // namespace taxa::web
