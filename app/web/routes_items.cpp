// Routes: items page by page, one item with the labels its caller may see,
// the caller's next unlabeled item and progress, an item's media file.
#include "session/calibration.h"
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
                       .meta_key = c.req.get_param_value("meta_key"),
                       .meta_value = c.req.get_param_value("meta_value"),
                       .state = *state,
                       .after = *cursor - 1,
                       .limit = *limit};
  if (query.meta_key.empty() && !query.meta_value.empty())
    return ReplyError(c.res, Status::InvalidInput("meta_value: give meta_key with it"));
  auto page = [&](app::Project& p) -> Result<ordered_json> {
    app::Items items(p);
    TAXA_ASSIGN_OR_RETURN(app::ItemPage found, items.Find(query));
    TAXA_ASSIGN_OR_RETURN(int64_t total, items.Count());
    return app::ToJson(found, total);
  };
  // A filter may read every item: beside the writer, so labels never wait on
  // it. A plain page is a few rows: the writer answers it at once.
  const bool filtered =
      query.state != app::ItemState::kAny || !query.text.empty() || !query.meta_key.empty();
  Reply(c, filtered ? OnReader(c, page) : OnWriter(c, page));
}

// {"item": row,"labels": as LabelsOf gives them,"may_reveal","round": the
// calibration round holding it that lists the caller, or null}
Result<ordered_json> ItemWithLabels(app::Project& p, const std::string& id, bool reveal) {
  TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, app::Items(p).Find(id));
  if (!row) return Status::NotFound("no item \"" + id + "\"");
  app::Labeling labeling(p);
  TAXA_ASSIGN_OR_RETURN(app::ItemLabels labels, labeling.LabelsOf(id, reveal));
  ordered_json j;
  j["item"] = app::ToJson(*row);
  j["labels"] = app::ToJson(labels);
  j["may_reveal"] = labeling.MayReveal();
  TAXA_ASSIGN_OR_RETURN(std::optional<app::RoundWaiting> round, app::Calibration(p).RoundOf(id));
  j["round"] = round ? app::ToJson(*round) : ordered_json(nullptr);
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

// The item's media file, from the project's media folder only, only when
// its SHA-256 is the item's (Items::ReadMedia): 404 otherwise, 409 for a
// changed file. The file is read and hashed beside the writer.
void Media(Call& c) {
  const std::string id = c.param(0);
  std::string folder;
  core::Item item;
  Result<ordered_json> found = OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, app::Items(p).Find(id));
    if (!row) return Status::NotFound("no item \"" + id + "\"");
    folder = app::MediaFolder(p.dir());
    item = std::move(row->item);
    return ordered_json();
  });
  if (!found.ok()) return ReplyError(c.res, found.status());
  Result<app::MediaFile> file = app::Items::ReadMedia(folder, item);
  if (!file.ok()) return ReplyError(c.res, file.status());
  if (file->type == "application/octet-stream")
    c.res.set_header("Content-Disposition", "attachment");
  c.res.set_content(file->bytes, file->type);
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
  routes.push_back({"GET", "/api/v1/media/{id}", Media});
}

}  // namespace taxa::web
