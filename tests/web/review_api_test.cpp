// The API of the Review, Error analysis, Actions and Vendors pages through a
// real HTTP client: each answer is what the session itself gives for the same
// question (a read-only project opened beside the server as the same
// person), and refusals carry the session's status and message.
#include <string>

#include "session/actions.h"
#include "session/defect_report.h"
#include "session/json.h"
#include "web/review_fixture.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

json Plain(const nlohmann::ordered_json& j) { return json::parse(j.dump()); }

class WebReview : public ReviewServed {
 protected:
  json Call(httplib::Result r, int status, const std::string& what) {
    EXPECT_TRUE(r) << what;
    if (!r) return json();
    EXPECT_EQ(r->status, status) << what << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  json GetJson(const std::string& path, const std::string& user, int status = 200) {
    return Call(Get(path, user), status, path);
  }
  json PostJson(const std::string& path, const json& body, const std::string& user, int status) {
    return Call(Post(path, body.dump(), user), status, path + " " + body.dump());
  }
  static std::string Message(const json& answer) {
    return answer.is_object() && answer.contains("error") ? answer["error"].value("message", "") : "";
  }
  static std::string Code(const json& answer) {
    return answer.is_object() && answer.contains("error") ? answer["error"].value("code", "") : "";
  }
};

TEST_F(WebReview, PlansAndTheNextCardAreTheSessionsOwn) {
  ServeForReview();
  json plans = GetJson("/api/v1/review/plans", "rita");
  auto reader = Reader("rita");
  ASSERT_TRUE(reader);
  app::Review review(*reader);
  Result<std::vector<app::ReviewStatus>> statuses = review.Statuses();
  ASSERT_TRUE(statuses.ok()) << statuses.status().message();
  EXPECT_EQ(plans["plans"], Plain(app::ToJson(*statuses)));
  ASSERT_EQ(plans["plans"].size(), 2u);
  EXPECT_EQ(plans["plans"][0]["plan"], "audit");
  EXPECT_EQ(plans["plans"][0]["queue"], 9);  // ben's six labels and cy's three
  EXPECT_EQ(plans["plans"][1]["plan"], "lot");
  EXPECT_FALSE(plans["plans"][1]["ac"].is_null());
  EXPECT_EQ(plans["error_types"], Plain(app::ToJson(review.ErrorTypes())));

  json next = GetJson("/api/v1/review/next?plan=audit", "rita");
  Result<std::optional<app::ReviewCard>> card = review.Next("audit");
  ASSERT_TRUE(card.ok() && card->has_value());
  EXPECT_EQ(next["card"], Plain(app::ToJson(**card)));
  Result<app::ReviewStatus> status = review.StatusOf("audit");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(next["status"], Plain(app::ToJson(*status)));
  // The card carries the category's definition and its rules.
  ASSERT_FALSE(next["card"]["categories"].empty());
  EXPECT_FALSE(next["card"]["categories"][0]["definition"].get<std::string>().empty());
}

TEST_F(WebReview, AcceptCorrectAndRejectAreRecordedAsTheSignedInReviewer) {
  ServeForReview();
  json first = GetJson("/api/v1/review/next?plan=audit", "rita")["card"];
  json accepted = PostJson("/api/v1/reviews",
                           {{"plan", "audit"}, {"item", first["item"]["id"]},
                            {"annotator", first["annotator"]}, {"verdict", "accept"}, {"ms", 1500}},
                           "rita", 201);
  EXPECT_EQ(accepted["review"]["verdict"], "accept");
  EXPECT_EQ(accepted["review"]["reviewer"], "rita");
  EXPECT_EQ(accepted["review"]["ms"], 1500);
  EXPECT_EQ(accepted["status"]["queue"], 8);
  // The head of the queue when no item is named.
  json corrected = PostJson("/api/v1/reviews",
                            {{"plan", "audit"}, {"verdict", "correct"}, {"categories", {"shipping"}},
                             {"errors", {"wrong-category"}}},
                            "rita", 201);
  EXPECT_EQ(corrected["review"]["categories"], json::array({"shipping"}));
  json rejected = PostJson("/api/v1/reviews",
                           {{"plan", "audit"}, {"verdict", "reject"},
                            {"errors", {"guideline-not-followed", "hostile"}},
                            {"rule", "billing.refund/include/1"}, {"note", "asks for a refund"}},
                           "rita", 201);
  EXPECT_EQ(rejected["review"]["rule"], "billing.refund/include/1");
  EXPECT_EQ(rejected["review"]["note"], "asks for a refund");
  EXPECT_EQ(rejected["review"]["errors"], json::array({"guideline-not-followed", "hostile"}));

  // The session, read beside the server, holds the three reviews.
  auto reader = Reader("rita");
  ASSERT_TRUE(reader);
  Result<app::ReviewStatus> status = app::Review(*reader).StatusOf("audit");
  ASSERT_TRUE(status.ok()) << status.status().message();
  EXPECT_EQ(status->reviewed_labels, 3u);
  EXPECT_EQ(status->queue, 6u);
  EXPECT_EQ(Plain(app::ToJson(*status)), rejected["status"]);
}

TEST_F(WebReview, RefusalsCarryTheSessionsStatusAndMessage) {
  ServeForReview();
  json unknown = GetJson("/api/v1/review/next?plan=nope", "rita", 404);
  EXPECT_EQ(Code(unknown), "not_found");
  EXPECT_NE(Message(unknown).find("nope"), std::string::npos) << unknown.dump();
  // No plan named while the project has two: the session names them.
  json which = GetJson("/api/v1/review/next", "rita", 400);
  EXPECT_NE(Message(which).find("audit"), std::string::npos) << which.dump();

  json posted = PostJson("/api/v1/reviews", {{"plan", "nope"}, {"verdict", "accept"}}, "rita", 404);
  EXPECT_NE(Message(posted).find("nope"), std::string::npos) << posted.dump();
  json bad = PostJson("/api/v1/reviews", {{"plan", "audit"}, {"verdict", "maybe"}}, "rita", 400);
  EXPECT_NE(Message(bad).find("unknown verdict \"maybe\""), std::string::npos) << bad.dump();
  json lot = PostJson("/api/v1/reviews", {{"plan", "audit"}, {"verdict", "lot-accept"}}, "rita", 400);
  EXPECT_EQ(Code(lot), "invalid_input");
  json missing = PostJson("/api/v1/reviews", {{"plan", "audit"}}, "rita", 400);
  EXPECT_NE(Message(missing).find("\"verdict\" is missing"), std::string::npos) << missing.dump();
  json no_error = PostJson("/api/v1/reviews", {{"plan", "audit"}, {"verdict", "reject"}}, "rita", 400);
  EXPECT_NE(Message(no_error).find("error type"), std::string::npos) << no_error.dump();
  json wrong_error = PostJson("/api/v1/reviews",
                              {{"plan", "audit"}, {"verdict", "reject"}, {"errors", {"typo"}}}, "rita", 400);
  EXPECT_NE(Message(wrong_error).find("typo"), std::string::npos) << wrong_error.dump();
  json bad_rule = PostJson("/api/v1/reviews",
                           {{"plan", "audit"}, {"verdict", "reject"}, {"errors", {"wrong-category"}},
                            {"rule", "billing/include/9"}},
                           "rita", 400);
  EXPECT_NE(Message(bad_rule).find("billing/include/9"), std::string::npos) << bad_rule.dump();
  json bad_ms = PostJson("/api/v1/reviews", {{"plan", "audit"}, {"verdict", "accept"}, {"ms", -1}}, "rita", 400);
  EXPECT_NE(Message(bad_ms).find("\"ms\""), std::string::npos) << bad_ms.dump();
  // More than a day: the session's own refusal, as every face gets it.
  json long_ms = PostJson("/api/v1/reviews",
                          {{"plan", "audit"}, {"verdict", "accept"}, {"ms", 86400001}}, "rita", 400);
  EXPECT_NE(Message(long_ms).find("at most one day (86400 s)"), std::string::npos)
      << long_ms.dump();

  // An annotator and an auditor may not review: the session's refusal.
  for (const char* who : {"ben", "al"}) {
    json refused = PostJson("/api/v1/reviews", {{"plan", "audit"}, {"verdict", "accept"}}, who, 403);
    EXPECT_EQ(Code(refused), "permission_denied") << who;
    EXPECT_NE(Message(refused).find(who), std::string::npos) << refused.dump();
  }
  auto reader = Reader("rita");
  ASSERT_TRUE(reader);
  Result<app::ReviewStatus> status = app::Review(*reader).StatusOf("audit");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->reviewed_labels, 0u) << "a refusal recorded something";
}

TEST_F(WebReview, ABrowserChangeWithoutTheCsrfHeaderIs403) {
  ServeForReview();
  httplib::Result login = Client().Get(("/?token=" + tokens_["ana"]).c_str());
  ASSERT_TRUE(login);
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  ASSERT_FALSE(cookie.empty());
  for (const char* path : {"/api/v1/reviews", "/api/v1/actions/queue"}) {
    httplib::Result r = Client().Post(path, {{"Cookie", cookie}}, R"({"plan":"audit","verdict":"accept","rank":1})",
                                      "application/json");
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 403) << path << ": " << r->body;
    EXPECT_EQ(Code(json::parse(r->body)), "csrf") << path;
    EXPECT_EQ(Client().Post(path, R"({"plan":"audit","verdict":"accept"})", "application/json")->status, 401);
  }
}

TEST_F(WebReview, TheDefectReportIsTheSessionsWithItsFilters) {
  ServeForReview();
  PostJson("/api/v1/reviews", {{"plan", "audit"}, {"verdict", "accept"}}, "rita", 201);
  PostJson("/api/v1/reviews", {{"plan", "audit"}, {"verdict", "reject"}, {"errors", {"wrong-category"}}},
           "rita", 201);
  PostJson("/api/v1/reviews",
           {{"plan", "audit"}, {"verdict", "reject"}, {"errors", {"wrong-category", "hostile"}},
            {"rule", "billing.refund/exclude/1"}},
           "rita", 201);
  // ana corrects the fourth label (rita's next), not one rita reviewed.
  json fourth = GetJson("/api/v1/review/next?plan=audit", "rita")["card"];
  PostJson("/api/v1/reviews",
           {{"plan", "audit"}, {"item", fourth["item"]["id"]}, {"annotator", fourth["annotator"]},
            {"verdict", "correct"}, {"categories", {"billing.refund"}}},
           "ana", 201);

  json all = GetJson("/api/v1/quality/report", "al");
  json some = GetJson("/api/v1/quality/report?by=category,annotator&trend=day&since=2020-01-01", "al");
  auto reader = Reader("al");
  ASSERT_TRUE(reader);
  app::DefectReports reports(*reader);
  Result<app::DefectAnalysis> want_all = reports.Report({});
  ASSERT_TRUE(want_all.ok()) << want_all.status().message();
  EXPECT_EQ(all, Plain(app::ToJson(*want_all)));
  app::DefectReportRequest request{.by = {core::DefectDimension::kCategory, core::DefectDimension::kAnnotator},
                                   .trend = core::TrendPeriod::kDay,
                                   .since = "2020-01-01"};
  Result<app::DefectAnalysis> want_some = reports.Report(request);
  ASSERT_TRUE(want_some.ok()) << want_some.status().message();
  EXPECT_EQ(some, Plain(app::ToJson(*want_some)));
  // Counted by hand: four labels reviewed, three defects (two rejections,
  // one correction); wrong-category twice, hostile once.
  EXPECT_EQ(some["overall"]["reviewed"], 4);
  EXPECT_EQ(some["overall"]["defects"], 3);
  ASSERT_EQ(some["pareto"].size(), 2u) << some["pareto"].dump();
  EXPECT_EQ(some["pareto"][0]["error"], "wrong-category");
  EXPECT_EQ(some["pareto"][0]["count"], 2);
  EXPECT_EQ(some["pareto"][1]["count"], 1);
  EXPECT_EQ(some["trend"].size(), 1u);
  EXPECT_EQ(some["by"].size(), 2u);
  // Tomorrow's date leaves every review out.
  json later = GetJson("/api/v1/quality/report?since=2999-01-01", "al");
  EXPECT_EQ(later["overall"]["reviewed"], 0);
  EXPECT_EQ(later["before_since"], 4);

  json bad_by = GetJson("/api/v1/quality/report?by=category,colour", "al", 400);
  EXPECT_NE(Message(bad_by).find("colour"), std::string::npos) << bad_by.dump();
  json bad_trend = GetJson("/api/v1/quality/report?trend=month", "al", 400);
  EXPECT_NE(Message(bad_trend).find("month"), std::string::npos) << bad_trend.dump();
  json bad_since = GetJson("/api/v1/quality/report?since=yesterday", "al", 400);
  EXPECT_NE(Message(bad_since).find("yesterday"), std::string::npos) << bad_since.dump();
}

TEST_F(WebReview, ActionsAreTheSessionsAndARelabelIsQueuedAsAPlan) {
  ServeForReview();
  json page = GetJson("/api/v1/actions?model=m1", "al");
  auto reader = Reader("al");
  ASSERT_TRUE(reader);
  Result<app::ActionsReport> want = app::Actions(*reader).Rank({.model = "m1"});
  ASSERT_TRUE(want.ok()) << want.status().message();
  EXPECT_EQ(page["report"], Plain(app::ToJson(*want)));
  ASSERT_EQ(page["models"].size(), 1u);
  EXPECT_EQ(page["models"][0]["model"], "m1");
  size_t relabel = 0;
  for (const json& a : page["report"]["actions"])
    if (a["kind"] == "relabel") relabel = a["rank"].get<size_t>();
  ASSERT_GT(relabel, 0u) << page.dump(1);

  json unknown = GetJson("/api/v1/actions?model=m9", "al", 404);
  EXPECT_NE(Message(unknown).find("m9"), std::string::npos) << unknown.dump();
  json bad_limit = GetJson("/api/v1/actions?limit=many", "al", 400);
  EXPECT_NE(Message(bad_limit).find("limit"), std::string::npos);

  // Only a lead queues; an unknown rank and a name in use are refused.
  json refused = PostJson("/api/v1/actions/queue", {{"plan", "fix-1"}, {"rank", relabel}, {"model", "m1"}}, "ben", 403);
  EXPECT_EQ(Code(refused), "permission_denied");
  json no_rank = PostJson("/api/v1/actions/queue", {{"plan", "fix-1"}, {"rank", 99}, {"model", "m1"}}, "ana", 400);
  EXPECT_NE(Message(no_rank).find("99"), std::string::npos) << no_rank.dump();
  json missing = PostJson("/api/v1/actions/queue", {{"plan", "fix-1"}}, "ana", 400);
  EXPECT_NE(Message(missing).find("\"rank\""), std::string::npos) << missing.dump();
  json made = PostJson("/api/v1/actions/queue", {{"plan", "fix-1"}, {"rank", relabel}, {"model", "m1"}}, "ana", 201);
  EXPECT_EQ(made["name"], "fix-1");
  EXPECT_EQ(made["method"], "actions");
  EXPECT_FALSE(made.contains("items"));
  json again = PostJson("/api/v1/actions/queue", {{"plan", "fix-1"}, {"rank", relabel}, {"model", "m1"}}, "ana", 409);
  EXPECT_NE(Message(again).find("fix-1"), std::string::npos) << again.dump();
  // The queue is a plan the Review page works: t3, the flagged item.
  json plans = GetJson("/api/v1/review/plans", "rita");
  bool found = false;
  for (const json& p : plans["plans"])
    if (p["plan"] == "fix-1") {
      found = true;
      EXPECT_EQ(p["method"], "actions");
      EXPECT_EQ(p["drawn"], page["report"]["actions"][relabel - 1]["items"]);
    }
  EXPECT_TRUE(found) << plans.dump();
  json next = GetJson("/api/v1/review/next?plan=fix-1", "rita");
  EXPECT_EQ(next["card"]["item"]["id"], "t3") << next.dump();
}

TEST_F(WebReview, TheVendorReportIsTheSessions) {
  ServeForReview();
  json page = GetJson("/api/v1/vendors/report", "al");
  auto reader = Reader("al");
  ASSERT_TRUE(reader);
  app::Vendors vendors(*reader);
  Result<core::VendorReport> want = vendors.Report();
  ASSERT_TRUE(want.ok()) << want.status().message();
  EXPECT_EQ(page["report"], Plain(app::ToJson(*want)));
  EXPECT_EQ(page["vendors"], Plain(app::VendorsJson(vendors.Settings())));
  // By hand: ben labeled six items in six minutes (60 an hour, under acme's
  // 100); cy three in six minutes (30 an hour, over bolt's 10).
  std::map<std::string, json> rows;
  for (const json& v : page["report"]["vendors"]) rows[v["name"]] = v;
  ASSERT_TRUE(rows.count("acme") && rows.count("bolt")) << page.dump(1);
  EXPECT_NEAR(rows["acme"]["items_per_hour"].get<double>(), 60.0, 1e-9);
  EXPECT_NEAR(rows["bolt"]["items_per_hour"].get<double>(), 30.0, 1e-9);
  EXPECT_EQ(rows["acme"]["missed"], json::array({"items_per_hour"}));
  EXPECT_EQ(rows["bolt"]["missed"], json::array());
}

TEST_F(WebReview, RealAnswersMatchTheirSchemasWithPlansReviewsAndPredictions) {
  if (RunCommand("/usr/bin/python3 -c 'import jsonschema'").exit_code != 0)
    GTEST_SKIP() << "python3-jsonschema is not installed";
  ServeForReview();
  PostJson("/api/v1/reviews", {{"plan", "lot"}, {"verdict", "accept"}}, "ana", 201);
  PostJson("/api/v1/reviews", {{"plan", "lot"}, {"verdict", "reject"}, {"errors", {"hostile"}}}, "ana", 201);
  CommandResult check = RunCommand("/usr/bin/python3 " TAXA_SOURCE_DIR "/tests/web/openapi_check.py "
                                   "http://127.0.0.1:" + std::to_string(port_) + " " + tokens_["ana"]);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  for (const char* line : {"ok GET /api/v1/review/plans (200)", "ok GET /api/v1/review/next?plan=lot (200)",
                           "ok POST /api/v1/reviews (400)", "ok GET /api/v1/quality/report?trend=day (200)",
                           "ok GET /api/v1/actions (200)", "ok POST /api/v1/actions/queue (400)",
                           "ok GET /api/v1/vendors/report (200)"})
    EXPECT_NE(check.out.find(line), std::string::npos) << line << "\n" << check.out;
}

}  // namespace
}  // namespace taxa::testing
