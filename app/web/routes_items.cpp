// Routes: items page by page, one item with the labels its caller may see,
// the caller's next unlabeled item and progress.
#include "session/items.h"
#include "session/json.h"
#include "session/labeling.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

void ListItems(Call& c) {
  // The API's cursor is the first position to look at (next_cursor).
  Result<int64_t> cursor = QueryInt(c.req, "cursor", 0);
  if (!cursor.ok()) return ReplyError(c.res, cursor.status());
  if (*cursor < 0) return ReplyError(c.res, Status::InvalidInput("cursor: must be 0 or more"));
  Result<int64_t> limit = QueryInt(c.req, "limit", 100);
  if (!limit.ok()) return ReplyError(c.res, limit.status());
  if (*limit < 1 || *limit > 1000)
    return ReplyError(c.res, Status::InvalidInput("limit: must be from 1 to 1000"));
  Result<app::ItemState> state = app::ParseItemState(c.req.get_param_value("state"));
  if (!state.ok()) return ReplyError(c.res, state.status());
  app::ItemQuery query{.text = c.req.get_param_value("q"),
                       .state = *state,
                       .after = *cursor - 1,
                       .limit = *limit};
  auto page = [&](app::Project& p) -> Result<ordered_json> {
    app::Items items(p);
    TAXA_ASSIGN_OR_RETURN(app::ItemPage found, items.Find(query));
    TAXA_ASSIGN_OR_RETURN(int64_t total, items.Count());
    return app::ToJson(found, total);
  };
  // A filter may read every item: beside the writer, so labels never wait on
  // it. A plain page is a few rows: the writer answers it at once.
  const bool filtered = query.state != app::ItemState::kAny || !query.text.empty();
  Reply(c, filtered ? OnReader(c, page) : OnWriter(c, page));
}

// {"item": row,"labels": as LabelsOf gives them,"may_reveal"}
Result<ordered_json> ItemWithLabels(app::Project& p, const std::string& id, bool reveal) {
  TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, app::Items(p).Find(id));
  if (!row) return Status::NotFound("no item \"" + id + "\"");
  app::Labeling labeling(p);
  TAXA_ASSIGN_OR_RETURN(app::ItemLabels labels, labeling.LabelsOf(id, reveal));
  ordered_json j;
  j["item"] = app::ToJson(*row);
  j["labels"] = app::ToJson(labels);
  j["may_reveal"] = labeling.MayReveal();
  return j;
}

void GetItem(Call& c) {
  const std::string id = c.param(0);
  const bool reveal = c.req.get_param_value("reveal") == "1";
  Reply(c, OnWriter(c, [&](app::Project& p) { return ItemWithLabels(p, id, reveal); }));
}

void NextItem(Call& c) {
  Result<int64_t> after = QueryInt(c.req, "after", -1);
  if (!after.ok()) return ReplyError(c.res, after.status());
  Reply(c, OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::optional<int64_t> next, app::Labeling(p).NextUnlabeled(*after));
    if (!next) return ordered_json{{"item", nullptr}};
    TAXA_ASSIGN_OR_RETURN(std::vector<core::ItemRow> rows, app::Items(p).At(*next, 1));
    if (rows.empty()) return ordered_json{{"item", nullptr}};
    return ItemWithLabels(p, rows.front().item.id, false);
  }));
}

void Progress(Call& c) {
  Reply(c, OnWriter(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::LabelingProgress progress, app::Labeling(p).Progress());
    ordered_json j = app::ToJson(progress);
    j["undoable"] = app::Labeling(p).undoable();
    return j;
  }));
}

}  // namespace

void AddItemRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/items", ListItems});
  routes.push_back({"GET", "/api/v1/items/{id}", GetItem});
  routes.push_back({"GET", "/api/v1/next", NextItem});
  routes.push_back({"GET", "/api/v1/progress", Progress});
}

}  // namespace taxa::web
