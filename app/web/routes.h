// The JSON API under /api/v1: one table of routes, each a thin call into the
// session encoded with session/json.h. The server registers the table, the
// OpenAPI document (assets/web/openapi.json) describes it, and a test checks
// the two agree.
//
// A handler gets the request's authenticated caller; authentication, the
// CSRF check of changes, errors and headers are the server's (server.cpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "web/auth.h"
#include "web/events.h"
#include "web/gate.h"

namespace taxa::web {

// What a handler works with.
struct Api {
  Gate& gate;
  Events& events;
};

// One API request: who asks, and the request and response.
struct Call {
  Api& api;
  const Caller& caller;
  const httplib::Request& req;
  httplib::Response& res;
  // The route's {parameter}s in order of the path.
  std::string param(size_t i) const { return req.matches[static_cast<std::ptrdiff_t>(i + 1)]; }
};

struct Route {
  std::string method;  // "GET", "POST"
  std::string path;    // as OpenAPI writes it: /api/v1/items/{id}
  std::function<void(Call&)> handler;
  bool open = false;   // answers without a token (the API's own description)
};

// Runs `fn(project)` on the writer as the caller (fresh, and the caller's
// own view: their labels, undo, role). `fn` returns Result<ordered_json>.
template <typename Fn>
Result<nlohmann::ordered_json> OnWriter(Call& call, Fn fn) {
  return call.api.gate.Write(call.caller.user, std::move(fn));
}
// Runs `fn(project)` on a read-only project opened as the caller, beside the
// writer (statistics, history).
template <typename Fn>
Result<nlohmann::ordered_json> OnReader(Call& call, Fn fn) {
  Result<std::unique_ptr<app::Project>> reader = call.api.gate.OpenReader(call.caller.user);
  if (!reader.ok()) return reader.status();
  return fn(**reader);
}
// Replies with `result`'s JSON (`status`), or its error.
void Reply(Call& call, const Result<nlohmann::ordered_json>& result, int status = 200);

// Every route of the API, in the order of the OpenAPI document.
std::vector<Route> ApiRoutes();

// The routes by concern (routes_*.cpp).
void AddProjectRoutes(std::vector<Route>& routes);   // me, project, log, openapi, events
void AddItemRoutes(std::vector<Route>& routes);      // items, next, progress
void AddLabelRoutes(std::vector<Route>& routes);     // labels, undo
void AddTaxonomyRoutes(std::vector<Route>& routes);  // taxonomy, categories
void AddQualityRoutes(std::vector<Route>& routes);   // quality, gold
void AddSyncRoutes(std::vector<Route>& routes);      // remotes, sync, conflicts
void AddUserRoutes(std::vector<Route>& routes);      // users, add, revoke
void AddGovernanceRoutes(std::vector<Route>& routes);  // taxonomy history, diff, blame; proposals
void AddReviewRoutes(std::vector<Route>& routes);  // review plans, next, verdicts
void AddReportRoutes(std::vector<Route>& routes);  // defect report, vendor report
void AddActionRoutes(std::vector<Route>& routes);  // data actions, relabel queue

}  // namespace taxa::web
