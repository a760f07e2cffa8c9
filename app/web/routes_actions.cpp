// Routes: data actions (`taxa actions`, session/actions.h): the ranked list
// with its evidence for a model, the models with predictions, and a relabel
// queue drawn from one action (Actions::Queue, on the writer as the
// signed-in person: a lead's once roles are in force, the session says).
#include <string>
#include <vector>

#include "session/actions.h"
#include "session/json.h"
#include "session/predictions.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

// ?model= ("": the project's one model), ?by= (a metadata key for slices),
// ?limit= (0: all).
Result<app::ActionsOptions> ActionsOptionsOf(const httplib::Request& req) {
  app::ActionsOptions o;
  o.model = req.get_param_value("model");
  o.by = req.get_param_value("by");
  TAXA_ASSIGN_OR_RETURN(int64_t limit, QueryInt(req, "limit", 0));
  if (limit < 0) return Status::InvalidInput("limit: must be 0 or more");
  o.limit = static_cast<size_t>(limit);
  return o;
}

// {"models":[model summary], "report": the actions report}
void GetActions(Call& c) {
  Result<app::ActionsOptions> options = ActionsOptionsOf(c.req);
  if (!options.ok()) return ReplyError(c.res, options.status());
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<app::ModelSummary> models, app::Predictions(p).Models());
    TAXA_ASSIGN_OR_RETURN(app::ActionsReport report, app::Actions(p).Rank(*options));
    ordered_json out;
    out["models"] = ordered_json::array();
    for (const app::ModelSummary& m : models) out["models"].push_back(app::ToJson(m));
    out["report"] = app::ToJson(report);
    return out;
  }));
}

// Body {"plan": name, "rank": n, "model", "by"}; 201 with the plan (brief).
void PostQueue(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<std::string> plan = StringField(*body, "plan", /*required=*/true);
  if (!plan.ok()) return ReplyError(c.res, plan.status());
  app::ActionsOptions options;
  Result<std::string> model = StringField(*body, "model");
  if (!model.ok()) return ReplyError(c.res, model.status());
  options.model = *model;
  Result<std::string> by = StringField(*body, "by");
  if (!by.ok()) return ReplyError(c.res, by.status());
  options.by = *by;
  auto rank = body->find("rank");
  if (rank == body->end() || !rank->is_number_integer() || rank->get<int64_t>() < 1)
    return ReplyError(c.res, Status::InvalidInput(
                                 "body: field \"rank\" must be the action's rank, 1 or more"));
  const size_t n = static_cast<size_t>(rank->get<int64_t>());
  Result<ordered_json> done = OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(core::SamplingPlan queued, app::Actions(p).Queue(*plan, n, options));
    return app::ToJson(queued, app::JsonDetail::kBrief);
  });
  if (done.ok()) c.api.events.Publish(ordered_json{{"type", "plans"}, {"plan", *plan}}.dump());
  Reply(c, done, 201);
}

}  // namespace

void AddActionRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/actions", GetActions});
  routes.push_back({"POST", "/api/v1/actions/queue", PostQueue});
}

}  // namespace taxa::web
