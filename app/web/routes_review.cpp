// Routes: second-pass review of the labels a sampling plan drew, as `taxa
// review status|next|accept|correct|reject` give it (session/review.h). The
// plans' statuses and the next card are read on a reader opened as the
// signed-in person beside the writer (a review is committed before its POST
// answers, so a reader sees it); a verdict is recorded on the writer as the signed-in
// person, who is the reviewer: the session decides who may (Permission::
// kReview, its message back with 403) and checks the verdict, the error
// types, the rule and the categories (400, 404, 409 with its message).
#include <cstdint>
#include <string>
#include <vector>

#include "session/json.h"
#include "session/review.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

// {"plans":[review status], every plan by name, "error_types":[error type]}
void GetPlans(Call& c) {
  Reply(c, OnReader(c, [](app::Project& p) -> Result<ordered_json> {
    app::Review review(p);
    TAXA_ASSIGN_OR_RETURN(std::vector<app::ReviewStatus> statuses, review.Statuses());
    ordered_json out;
    out["plans"] = ordered_json::array();
    for (const app::ReviewStatus& s : statuses) out["plans"].push_back(app::ToJson(s));
    out["error_types"] = ordered_json::array();
    for (const core::ErrorType& t : review.ErrorTypes()) out["error_types"].push_back(app::ToJson(t));
    return out;
  }));
}

// {"card": review card or null when nothing waits for the caller,
//  "status": the plan's review status}; ?plan= ("" or absent: the only plan).
void GetNext(Call& c) {
  const std::string plan = c.req.get_param_value("plan");
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::ReviewDesk desk, app::Review(p).Desk(plan));
    ordered_json out;
    out["card"] = desk.card ? app::ToJson(*desk.card) : ordered_json(nullptr);
    out["status"] = app::ToJson(desk.status);
    return out;
  }));
}

// Body {"plan","item","annotator","verdict","categories","errors","rule",
// "note","ms"}; 201 with the outcome (the review, its commit, the lot
// decision it brought, the plan's status after it).
void PostReview(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  app::ReviewRequest request;
  for (auto [field, target] : {std::pair{"plan", &request.plan}, {"item", &request.item},
                               {"annotator", &request.annotator}, {"rule", &request.rule},
                               {"note", &request.note}}) {
    Result<std::string> value = StringField(*body, field);
    if (!value.ok()) return ReplyError(c.res, value.status());
    *target = std::move(*value);
  }
  Result<std::string> verdict = StringField(*body, "verdict", /*required=*/true);
  if (!verdict.ok()) return ReplyError(c.res, verdict.status());
  Result<core::ReviewVerdict> parsed = core::ParseReviewVerdict(*verdict);
  if (!parsed.ok()) return ReplyError(c.res, parsed.status());
  request.verdict = *parsed;
  Result<std::vector<std::string>> categories = StringListField(*body, "categories");
  if (!categories.ok()) return ReplyError(c.res, categories.status());
  request.categories = std::move(*categories);
  Result<std::vector<std::string>> errors = StringListField(*body, "errors");
  if (!errors.ok()) return ReplyError(c.res, errors.status());
  request.errors = std::move(*errors);
  if (auto ms = body->find("ms"); ms != body->end() && !ms->is_null()) {
    // The session refuses more than a day (app::kMaxReviewMs); here only
    // what is not a time at all.
    if (!ms->is_number_integer() || ms->get<int64_t>() < 0 || ms->get<int64_t>() > UINT32_MAX)
      return ReplyError(c.res, Status::InvalidInput(
                                   "body: field \"ms\" must be a whole number of milliseconds"));
    request.duration_ms = static_cast<uint32_t>(ms->get<int64_t>());
  }
  Result<ordered_json> done = OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::ReviewOutcome outcome, app::Review(p).Record(request));
    return app::ToJson(outcome);
  });
  if (done.ok())
    c.api.events.Publish(
        ordered_json{{"type", "reviews"}, {"plan", (*done)["review"]["plan"]}}.dump());
  Reply(c, done, 201);
}

}  // namespace

void AddReviewRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/review/plans", GetPlans});
  routes.push_back({"GET", "/api/v1/review/next", GetNext});
  routes.push_back({"POST", "/api/v1/reviews", PostReview});
}

}  // namespace taxa::web
