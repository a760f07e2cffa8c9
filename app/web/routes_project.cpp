// Routes: who am I, the project, its log, the API's description, live events.
#include "session/access.h"
#include "session/history.h"
#include "session/items.h"
#include "session/json.h"
#include "web/http.h"
#include "web/routes.h"

#include "taxa/assets/assets.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

void Me(Call& c) {
  Result<ordered_json> me = OnWriter(c, [](app::Project& p) -> Result<ordered_json> {
    ordered_json j = app::ToJson(app::Access(p).Me());
    j["project"] = p.settings().name;
    return j;
  });
  if (me.ok()) (*me)["csrf"] = c.caller.by_cookie ? ordered_json(c.caller.csrf) : ordered_json(nullptr);
  Reply(c, me);
}

void ProjectStatus(Call& c) {
  Reply(c, OnReader(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::ProjectStatus status, app::Items(p).Overview());
    return app::ToJson(status);
  }));
}

void Log(Call& c) {
  Result<int64_t> limit = QueryInt(c.req, "limit", 50);
  if (!limit.ok()) return ReplyError(c.res, limit.status());
  if (*limit < 0) return ReplyError(c.res, Status::InvalidInput("limit: must be 0 or more"));
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<sync::LogEntry> log,
                          app::History(p).Log(static_cast<size_t>(*limit)));
    return app::ToJson(log);
  }));
}

void OpenApi(Call& c) {
  std::optional<std::string_view> doc = assets::Find("web/openapi.json");
  if (!doc) return ReplyError(c.res, Status::Internal("openapi.json was not built into this binary"));
  c.res.set_content(std::string(*doc), "application/json; charset=utf-8");
}

// Server-Sent Events: one "data:" line per change, a comment every 10 s so
// proxies and the browser keep the stream open.
void Stream(Call& c) {
  Events* events = &c.api.events;
  uint64_t seen = events->last();
  c.res.set_header("Cache-Control", "no-store");
  c.res.set_chunked_content_provider(
      "text/event-stream", [events, seen, opened = false](size_t, httplib::DataSink& sink) mutable {
        std::string out;
        if (!opened) {
          out = "retry: 2000\n: open\n\n";
          opened = true;
        } else {
          std::vector<Event> next = events->Since(seen, std::chrono::seconds(10));
          if (events->closed()) {
            sink.done();
            return true;
          }
          for (const Event& e : next) {
            out += "id: " + std::to_string(e.id) + "\ndata: " + e.data + "\n\n";
            seen = e.id;
          }
          if (next.empty()) out = ": still here\n\n";
        }
        return sink.write(out.data(), out.size());
      });
}

}  // namespace

void AddProjectRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/openapi.json", OpenApi, /*open=*/true});
  routes.push_back({"GET", "/api/v1/me", Me});
  routes.push_back({"GET", "/api/v1/project", ProjectStatus});
  routes.push_back({"GET", "/api/v1/log", Log});
  routes.push_back({"GET", "/api/v1/events", Stream});
}

}  // namespace taxa::web
