// Routes: the people of the project. Anyone signed in sees who holds which
// role (taxa.json says so to every copy); a lead adds and revokes people while
// the server runs (the session decides who may). A new token counts from the
// next request and a revoked one, with its browser sessions, stops at once:
// the server's token book follows the tokens file.
#include "session/json.h"
#include "session/users.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

void ListUsers(Call& c) {
  Reply(c, OnWriter(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<app::UserEntry> people, app::Users(p).List());
    ordered_json out = ordered_json::array();
    for (const app::UserEntry& u : people) out.push_back(app::ToJson(u));
    return out;
  }));
}

void AddUser(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<std::string> name = StringField(*body, "name", /*required=*/true);
  if (!name.ok()) return ReplyError(c.res, name.status());
  Result<std::string> role_name = StringField(*body, "role", /*required=*/true);
  if (!role_name.ok()) return ReplyError(c.res, role_name.status());
  Result<app::Role> role = app::ParseRole(*role_name);
  if (!role.ok()) return ReplyError(c.res, role.status());
  Reply(c,
        OnWriter(c,
                 [&](app::Project& p) -> Result<ordered_json> {
                   TAXA_ASSIGN_OR_RETURN(app::NewUser added, app::Users(p).Add(*name, *role));
                   return app::ToJson(added);
                 }),
        201);
}

void RevokeUser(Call& c) {
  const std::string name = c.param(0);
  Reply(c, OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_RETURN_IF_ERROR(app::Users(p).Revoke(name));
    ordered_json j;
    j["revoked"] = name;
    return j;
  }));
}

}  // namespace

void AddUserRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/users", ListUsers});
  routes.push_back({"POST", "/api/v1/users", AddUser});
  routes.push_back({"POST", "/api/v1/users/{name}/revoke", RevokeUser});
}

}  // namespace taxa::web
