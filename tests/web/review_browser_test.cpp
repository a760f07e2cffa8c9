// The Review, Error analysis, Actions and Vendors pages in a real browser
// (tests/web/review_check.py, errors_check.py, actions_check.py,
// vendors_check.py: Debian's headless chromium through selenium): what a
// person reads on each, a whole review pass by keyboard, a refusal shown as
// one line, and text from the project that looks like HTML shown as text.
// Skipped, saying why, where chromium, chromedriver or python3-selenium are
// not installed.
#include <filesystem>
#include <map>

#include "session/defect_report.h"
#include "session/review.h"
#include "web/browser_run.h"
#include "web/review_fixture.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

const char* const kPayload = "<img src=x onerror=alert(1)>";

class WebReviewPages : public ReviewServed {
 protected:
  std::string Shots() {
    const std::string shots = std::string(TAXA_BINARY_DIR) + "/web-screens";
    std::filesystem::create_directories(shots);
    return shots;
  }
  // Hostile text from the project: a category's name, an item's text, a
  // label's note and an error type's name.
  void ServeHostile() {
    category_names_ = {std::string("Billing ") + kPayload, "Refund", "Shipping"};
    item_texts_ = {std::string("Charged twice ") + kPayload, "Where is my refund?", "Card declined",
                   "Parcel late", "Parcel lost", "Wrong address"};
    ben_note_ = std::string("note ") + kPayload;
    hostile_ = std::string("Hostile ") + kPayload;
    ServeForReview();
  }
  static bool Has(const json& text, const std::string& fragment) {
    return text.is_string() && text.get<std::string>().find(fragment) != std::string::npos;
  }
};

TEST_F(WebReviewPages, AReviewerWorksALotByKeyboardAndARefusalShowsAsOneLine) {
  if (std::string missing = BrowserMissing(); !missing.empty()) GTEST_SKIP() << missing;
  ServeHostile();
  const std::string shots = Shots();
  const std::string rita_url = url_.substr(0, url_.find("?token=")) + "?token=" + tokens_["rita"];
  json found = RunBrowserCheck("review_check.py", {rita_url, shots, tokens_["ben"]});
  ASSERT_TRUE(found.is_object());
  ExpectNothingRan(found);

  // The plans with their status; the first plan with work waiting is shown.
  EXPECT_EQ(found["plan"], "audit");
  ASSERT_EQ(found["plans"].size(), 2u) << found["plans"].dump();
  EXPECT_EQ(found["plans"][0][0], "audit");
  EXPECT_EQ(found["plans"][0][4], "9");  // labels waiting for rita
  EXPECT_EQ(found["plans"][1][0], "lot");
  const json& first = found["first"];
  EXPECT_TRUE(Has(first["left"], "9 labels to review")) << first.dump(1);
  EXPECT_TRUE(Has(first["plan_status"], "Plan audit (random): 6 items drawn, 0 reviewed")) << first.dump(1);
  // The guidelines: definitions and numbered rules (t1..t3 are billing,
  // t4..t6 shipping: whichever the card shows, its definition is there).
  EXPECT_TRUE(Has(first["guidelines"], "About money.") || Has(first["guidelines"], "Parcels."))
      << first["guidelines"];
  // ben's label of t1 names billing.refund: its numbered rules are shown.
  EXPECT_NE(found["rules"].dump().find("billing.refund/include/1 asks for a refund"), std::string::npos)
      << found["rules"].dump();
  EXPECT_NE(found["rules"].dump().find("billing.refund/exclude/1 asks what a refund is"), std::string::npos)
      << found["rules"].dump();
  EXPECT_TRUE(Has(first["label"], std::string("note ") + kPayload)) << first["label"];
  EXPECT_TRUE(Has(first["text"], std::string("Charged twice ") + kPayload)) << first["text"];
  // Hostile text reads as text and made no element.
  EXPECT_EQ(found["images_in_main"], 0);
  EXPECT_TRUE(Has(found["error_choices"].dump(), std::string("Hostile ") + kPayload))
      << found["error_choices"].dump();
  EXPECT_TRUE(Has(found["correct_choices"].dump(), std::string("Billing ") + kPayload))
      << found["correct_choices"].dump();

  // The pass by keyboard: accept, reject (first error type, a typed note),
  // correct; each recorded as rita, as the session reads it back.
  EXPECT_TRUE(Has(found["after_accept"]["status"], "Accepted")) << found["after_accept"].dump(1);
  EXPECT_EQ(found["chosen_errors"], json::array({"wrong-category"}));
  EXPECT_TRUE(Has(found["after_reject"]["status"], "Rejected")) << found["after_reject"].dump(1);
  EXPECT_TRUE(Has(found["after_correct"]["status"], "Corrected")) << found.dump(1);
  EXPECT_EQ(found["correct_errors"], json::array({"wrong-category"}));
  auto reader = Reader("rita");
  ASSERT_TRUE(reader);
  // The rejection and the correction each named wrong-category: the
  // Pareto counts both, and no defect is untyped.
  Result<app::DefectAnalysis> defects = app::DefectReports(*reader).Report({});
  ASSERT_TRUE(defects.ok()) << defects.status().message();
  ASSERT_FALSE(defects->report.pareto.empty());
  EXPECT_EQ(defects->report.pareto[0].error, "wrong-category");
  EXPECT_EQ(defects->report.pareto[0].count, 2u);
  EXPECT_EQ(defects->report.untyped_defects, 0u);
  app::Review review(*reader);
  Result<app::ReviewStatus> lot = review.StatusOf("lot");
  ASSERT_TRUE(lot.ok()) << lot.status().message();
  EXPECT_EQ(lot->reviewed_labels, 3u);
  ASSERT_TRUE(lot->ac.has_value());
  // The lot's decision as the session holds it, on the page.
  ASSERT_FALSE(lot->decision.empty()) << "one defect decides a lot with Ac " << *lot->ac;
  EXPECT_EQ(found["decision"], lot->decision == "accept" ? "ACCEPTED" : "REJECTED") << found["lot_after"];
  EXPECT_TRUE(Has(found["lot_after"], "Ac " + std::to_string(*lot->ac) + ", Re " + std::to_string(*lot->re)))
      << found["lot_after"];

  // ben may not review: the session's message, as one line.
  EXPECT_TRUE(Has(found["refused"], "ben")) << found["refused"];
  EXPECT_EQ(found["refused"].get<std::string>().find('\n'), std::string::npos);
  EXPECT_EQ(found["refused_status_class"], "error");
  for (const char* page :
       {"review", "review-reject-form", "review-correct-form", "review-after", "review-refused"})
    EXPECT_TRUE(std::filesystem::exists(shots + "/" + page + ".png")) << page;
}

TEST_F(WebReviewPages, ErrorAnalysisDrawsTheParetoAndTrendAndFollowsItsFilters) {
  if (std::string missing = BrowserMissing(); !missing.empty()) GTEST_SKIP() << missing;
  ServeHostile();
  for (json body : {json{{"plan", "audit"}, {"verdict", "accept"}},
                    json{{"plan", "audit"}, {"verdict", "reject"}, {"errors", {"hostile"}}},
                    json{{"plan", "audit"}, {"verdict", "reject"}, {"errors", {"hostile", "wrong-category"}}},
                    json{{"plan", "audit"}, {"verdict", "reject"}, {"errors", {"hostile"}}}})
    ASSERT_EQ(Post("/api/v1/reviews", body.dump(), "rita")->status, 201);
  const std::string shots = Shots();
  json found = RunBrowserCheck("errors_check.py", {url_, shots});
  ASSERT_TRUE(found.is_object());
  ExpectNothingRan(found);
  const json& first = found["first"];
  // Four labels reviewed, three defective: 75.0%.
  EXPECT_TRUE(Has(first["overall"], "75.0%")) << first["overall"];
  EXPECT_TRUE(Has(first["overall"], "3 defects of 4 reviewed labels")) << first["overall"];
  // Wilson's interval by hand, z = 1.959964: (p + z^2/2n -+ z sqrt(p(1-p)/n +
  // z^2/4n^2)) / (1 + z^2/n) with p = 3/4, n = 4: 0.3006 and 0.9544.
  EXPECT_TRUE(Has(first["overall"], "95% interval 30.1% – 95.4%")) << first["overall"];
  // Pareto: hostile three times, wrong-category once, named as text.
  ASSERT_EQ(first["pareto"].size(), 2u) << first["pareto"].dump();
  EXPECT_TRUE(Has(first["pareto"][0][0], std::string("Hostile ") + kPayload)) << first["pareto"].dump();
  EXPECT_EQ(first["pareto"][0][1], "3");
  EXPECT_EQ(first["pareto"][0][2], "75.0%");
  EXPECT_EQ(first["pareto"][1][3], "100.0%");
  EXPECT_EQ(first["images_in_main"], 0);
  EXPECT_EQ(first["by"], json::array({"category", "annotator", "vendor", "release"}))
      << "rule: no defect names one";
  EXPECT_GT(first["pixels"].value("pareto", 0), 2000);
  EXPECT_GT(first["pixels"].value("trend-chart", 0), 500);
  EXPECT_TRUE(Has(first["trend_note"], "1 week with reviews")) << first["trend_note"];
  const json& narrowed = found["narrowed"];
  EXPECT_EQ(narrowed["by"], json::array({"category"}));
  EXPECT_TRUE(Has(narrowed["trend_note"], "1 day with reviews")) << narrowed["trend_note"];
  EXPECT_TRUE(Has(found["url"], "by=category")) << found["url"];
  EXPECT_TRUE(Has(found["later"]["counts"], "4 before 2999-01-01")) << found["later"]["counts"];
  EXPECT_EQ(found["later"]["pareto"], json::array());
  for (const char* page : {"errors", "errors-by-category-per-day"})
    EXPECT_TRUE(std::filesystem::exists(shots + "/" + page + ".png")) << page;
}

TEST_F(WebReviewPages, ActionsShowTheirEvidenceAndQueueARelabel) {
  if (std::string missing = BrowserMissing(); !missing.empty()) GTEST_SKIP() << missing;
  ServeHostile();
  const std::string shots = Shots();
  json found = RunBrowserCheck("actions_check.py", {url_, shots});
  ASSERT_TRUE(found.is_object());
  ExpectNothingRan(found);
  ASSERT_EQ(found["models"].size(), 1u);
  EXPECT_TRUE(Has(found["models"][0], "m1")) << found["models"];
  EXPECT_TRUE(Has(found["summary"], "6 items")) << found["summary"];
  bool relabel = false;
  for (const json& a : found["actions"])
    if (a["kind"] == "relabel") {
      relabel = true;
      EXPECT_TRUE(Has(a["text"], "Examples: t3")) << a["text"];  // the flagged item, as a link
      EXPECT_TRUE(Has(a["text"], "Queue relabel")) << a["text"];
    }
  EXPECT_TRUE(relabel) << found["actions"].dump(1);
  EXPECT_TRUE(Has(found["queued"], "Queued fix-web")) << found["queued"];
  EXPECT_TRUE(Has(found["queued_link"], "/review#plan=fix-web")) << found["queued_link"];
  EXPECT_TRUE(Has(found["refused"], "fix-web")) << found["refused"];
  // The plan is in the project, drawn from the action.
  auto reader = Reader("ana");
  ASSERT_TRUE(reader);
  Result<core::SamplingPlan> plan = app::SamplingPlans(*reader).Show("fix-web");
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->method, "actions");
  for (const char* page : {"actions", "actions-queued"})
    EXPECT_TRUE(std::filesystem::exists(shots + "/" + page + ".png")) << page;
}

TEST_F(WebReviewPages, VendorsShowAnnotatorsOnAClickAndMarkMissedTargets) {
  if (std::string missing = BrowserMissing(); !missing.empty()) GTEST_SKIP() << missing;
  ServeHostile();
  // Two reviews: one accepted label, one rejected (rework).
  ASSERT_EQ(Post("/api/v1/reviews", R"({"plan":"audit","verdict":"accept"})", "rita")->status, 201);
  ASSERT_EQ(Post("/api/v1/reviews", R"({"plan":"audit","verdict":"reject","errors":["wrong-category"]})", "rita")
                ->status,
            201);
  const std::string shots = Shots();
  json found = RunBrowserCheck("vendors_check.py", {url_, shots});
  ASSERT_TRUE(found.is_object());
  ExpectNothingRan(found);
  ASSERT_EQ(found["closed"].size(), 2u) << found["closed"].dump(1);
  std::map<std::string, json> vendors;
  for (const json& row : found["closed"]) vendors[row["vendor"]] = row;
  // Items per hour is the 4th column: acme 60 (target 100, missed), bolt 30.
  EXPECT_EQ(vendors["acme"]["cells"][3], "60.0");
  EXPECT_EQ(vendors["acme"]["missed"], json::array({3}));
  EXPECT_EQ(vendors["acme"]["cells"][11], "items/hour below 100");
  EXPECT_EQ(vendors["acme"]["cells"][9], "0.30 USD");  // six labels at 0.05
  // Turnaround, the 9th column: labeled in the seconds after the import.
  EXPECT_EQ(vendors["acme"]["cells"][8], "0.0 / 0.0");
  EXPECT_EQ(vendors["bolt"]["cells"][3], "30.0");
  EXPECT_EQ(vendors["bolt"]["missed"], json::array());
  EXPECT_EQ(std::stoi(vendors["acme"]["cells"][6].get<std::string>()) +
                std::stoi(vendors["bolt"]["cells"][6].get<std::string>()),
            2);  // reviewed
  // A click opens acme's annotator, ben, under it.
  ASSERT_EQ(found["open"].size(), 3u) << found["open"].dump(1);
  EXPECT_EQ(found["open"][1]["kind"], "annotator-row");
  EXPECT_EQ(found["open"][1]["cells"][0], "ben");
  EXPECT_EQ(found["open"][1]["cells"][1], "6");
  EXPECT_TRUE(std::filesystem::exists(shots + "/vendors.png"));
}

}  // namespace
}  // namespace taxa::testing
