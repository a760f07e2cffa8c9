// Routes: remotes, a sync, open conflicts and their resolution (the session
// decides that a lead may).
#include "session/access.h"
#include "session/conflicts.h"
#include "session/json.h"
#include "session/remotes.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

void ListRemotes(Call& c) {
  Reply(c, OnWriter(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<app::RemoteStatus> remotes, app::Remotes(p).Overview());
    return app::ToJson(remotes);
  }));
}

void Sync(Call& c) {
  Result<nlohmann::json> body = c.req.body.empty() ? Result<nlohmann::json>(nlohmann::json::object())
                                                   : ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<std::string> remote = StringField(*body, "remote");
  if (!remote.ok()) return ReplyError(c.res, remote.status());
  Reply(c, OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    // Who may comes before which remote: a refusal is the answer either way.
    TAXA_RETURN_IF_ERROR(app::Access(p).Require(app::Permission::kSync));
    app::Remotes remotes(p);
    std::string name = *remote;
    if (name.empty()) {
      TAXA_ASSIGN_OR_RETURN(name, remotes.DefaultRemote());
    }
    TAXA_ASSIGN_OR_RETURN(app::SyncReport report, remotes.Sync(name));
    return app::ToJson(report);
  }));
  // Failed or not, the remote's last outcome changed: open Sync pages reload.
  if (c.res.status != 403) c.api.events.Publish(R"({"type":"sync"})");
}

void ListConflicts(Call& c) {
  Reply(c, OnWriter(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<core::MergeConflict> open, app::Conflicts(p).List());
    return app::ToJson(open, app::JsonDetail::kFull);
  }));
}

void Resolve(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<std::string> take = StringField(*body, "take", /*required=*/true);
  if (!take.ok()) return ReplyError(c.res, take.status());
  const std::string id = c.param(0);
  Reply(c, OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    app::Conflicts conflicts(p);
    TAXA_ASSIGN_OR_RETURN(core::MergeConflict conflict, conflicts.Get(id));
    const app::Resolution resolution = app::ParseResolution(*take);
    TAXA_RETURN_IF_ERROR(conflicts.Resolve(conflict.id, resolution));
    return app::ToJson(app::ResolvedConflict{conflict, resolution});
  }));
  if (c.res.status == 200) c.api.events.Publish(R"({"type":"conflicts"})");
}

}  // namespace

void AddSyncRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/remotes", ListRemotes});
  routes.push_back({"POST", "/api/v1/sync", Sync});
  routes.push_back({"GET", "/api/v1/conflicts", ListConflicts});
  routes.push_back({"POST", "/api/v1/conflicts/{id}/resolve", Resolve});
}

}  // namespace taxa::web
