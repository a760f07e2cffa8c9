// A served project with something to review, analyse, act on and pay for,
// built through the session, for the Review, Error analysis, Actions and
// Vendors pages' tests. Items t1..t6 (kItems); ben labels t1..t3 billing
// (t1 also billing.refund, whose rules the card shows) and t4..t6 shipping
// (a minute each), cy labels t1..t2 billing and t5 shipping (two minutes
// each); ben's label of t1 carries a note. Rita is a reviewer. Vendors: acme
// (ben, 0.05 USD an item, target 100 items per hour: missed), bolt (cy,
// target 10: met). Model m1's predictions say t3 is shipping (its label
// billing) with confidence, so the relabel action flags t3. Plans: "audit"
// (random, seed 7, every item) and "lot" (acceptance, AQL 1.0 over the six
// items: the table asks for more items than the lot has, so it takes them
// all).
// An extra error type "hostile" whose name is `hostile_`.
//
//   class MyTest : public ReviewServed {};
//   TEST_F(MyTest, X) { ServeForReview(); auto r = Get("/api/v1/review/plans", "rita"); }
#pragma once

#include <string>
#include <vector>

#include "session/labeling.h"
#include "session/predictions.h"
#include "session/project.h"
#include "session/review.h"
#include "session/sampling_plans.h"
#include "session/users.h"
#include "session/vendors.h"
#include "web/served_project.h"

namespace taxa::testing {

class ReviewServed : public ServedProject {
 protected:
  static constexpr int kItems = 6;

  // What each annotator said: (item, category).
  static std::vector<std::pair<std::string, std::string>> BenSays() {
    return {{"t1", "billing"}, {"t2", "billing"}, {"t3", "billing"},
            {"t4", "shipping"}, {"t5", "shipping"}, {"t6", "shipping"}};
  }
  static std::vector<std::pair<std::string, std::string>> CySays() {
    return {{"t1", "billing"}, {"t2", "billing"}, {"t5", "shipping"}};
  }

  void ServeForReview() {
    prepare_ = [this](app::Project& p) {
      Result<app::NewUser> rita = app::Users(p).Add("rita", app::Role::kReviewer);
      ASSERT_TRUE(rita.ok()) << rita.status().message();
      tokens_["rita"] = rita->token;
      app::Labeling labeling(p);
      for (const auto& [item, category] : BenSays()) {
        std::vector<std::string> categories = {category};
        if (item == "t1") categories.push_back("billing.refund");  // its rules on the card
        Result<core::LabelEvent> e = labeling.Label(
            {.item = item, .categories = categories, .note = item == "t1" ? ben_note_ : "",
             .duration_ms = 60000, .annotator = "ben"});
        ASSERT_TRUE(e.ok()) << e.status().message();
      }
      for (const auto& [item, category] : CySays()) {
        Result<core::LabelEvent> e = labeling.Label(
            {.item = item, .categories = {category}, .duration_ms = 120000, .annotator = "cy"});
        ASSERT_TRUE(e.ok()) << e.status().message();
      }
      ASSERT_TRUE(p.Flush().ok());
      app::VendorChange acme{.vendor = "acme", .add = {"ben"}};
      acme.targets["items_per_hour"] = 100;
      acme.rate = core::VendorRate{0.05, "item", "USD"};
      ASSERT_TRUE(app::Vendors(p).Change(acme).ok());
      app::VendorChange bolt{.vendor = "bolt", .add = {"cy"}};
      bolt.targets["items_per_hour"] = 10;
      ASSERT_TRUE(app::Vendors(p).Change(bolt).ok());
      std::string preds;
      for (int i = 1; i <= kItems; ++i) {
        const double billing = i <= 2 ? 0.9 : i == 3 ? 0.05 : 0.1;
        preds += "{\"item\":\"t" + std::to_string(i) + "\",\"category\":\"" +
                 (billing > 0.5 ? "billing" : "shipping") + "\",\"probabilities\":{\"billing\":" +
                 std::to_string(billing) + ",\"shipping\":" + std::to_string(1 - billing) +
                 "},\"model\":\"m1\"}\n";
      }
      Result<app::PredictionsImportReport> imported =
          app::Predictions(p).ImportBytes(preds, "preds.jsonl", {});
      ASSERT_TRUE(imported.ok()) << imported.status().message();
      app::SamplingPlans plans(p);
      Result<core::SamplingPlan> audit =
          plans.Create({.name = "audit", .method = "random", .seed = 7, .size = kItems});
      ASSERT_TRUE(audit.ok()) << audit.status().message();
      Result<core::SamplingPlan> lot = plans.Create({.name = "lot", .method = "acceptance", .seed = 3, .aql = 1.0});
      ASSERT_TRUE(lot.ok()) << lot.status().message();
      ASSERT_TRUE(app::Review(p).AddErrorType({.id = "hostile", .name = hostile_, .description = "x"}).ok());
    };
    Serve(kItems);
  }

  // A read-only project beside the server, as `user`: the session's own answer.
  std::unique_ptr<app::Project> Reader(const std::string& user) {
    auto p = app::Project::Open(dir_, {.user = user, .mode = app::OpenMode::kReadOnly});
    EXPECT_TRUE(p.ok()) << p.status().message();
    return p.ok() ? std::move(*p) : nullptr;
  }

  std::string ben_note_ = "see the order";
  std::string hostile_ = "Bad guess";
};

}  // namespace taxa::testing
