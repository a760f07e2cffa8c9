// `taxa quality report` and `taxa vendors set|show|report` end to end, on
// label and review events written into the project's segments
// (tests/support/review_fixture.h). Figures counted by hand in the comments.
#include <filesystem>
#include <memory>
#include <optional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "session/project.h"
#include "support/cli_fixture.h"
#include "support/review_fixture.h"
#include "taxa/core/file_stamp.h"
#include "taxa/core/hlc.h"

namespace taxa {
namespace {

using testing::ReadText;

constexpr uint64_t kDec07 = 1796637600000;  // 2026-12-07 10:00 UTC
constexpr uint64_t kDay = 86'400'000;

class ReportsCli : public testing::CliFixture {
 protected:
  // t1 ann billing (60 s), t2 ann shipping (60 s), t3 bob billing (120 s),
  // t4 bob shipping; reviews: t1 accept (12-07), t2 reject wrong-category
  // (12-07), t3 correct -> shipping wrong-category (12-08), t4 reject
  // item-unusable (12-08).
  void SetUp() override {
    MakeTicketsProject("p");
    auto p = app::Project::Open(tmp_ / "p", {.user = "tester"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    std::vector<core::LabelEvent> labels;
    auto label = [&](const char* item, const char* annotator, const char* category, uint32_t ms) {
      core::LabelEvent e;
      e.item = item;
      e.annotator = annotator;
      e.device = "dev1";
      e.hlc = core::HybridClock::Make(kDec07 - kDay, labels.size());
      e.taxonomy = "1.0.0";
      e.categories = {category};
      e.duration_ms = ms;
      labels.push_back(e);
    };
    label("t1", "ann", "billing", 60000);
    label("t2", "ann", "shipping", 60000);
    label("t3", "bob", "billing", 120000);
    label("t4", "bob", "shipping", 0);
    std::vector<core::ReviewEvent> none, reviews;
    std::vector<core::LabelEvent> no_labels;
    ASSERT_TRUE(testing::CommitEvents(**p, labels, none).ok());
    auto review = [&](size_t l, core::ReviewVerdict v, uint64_t ms, const char* error) {
      core::ReviewEvent e;
      e.item = labels[l].item;
      e.annotator = labels[l].annotator;
      e.label = labels[l].id;
      e.reviewer = "rex";
      e.device = "dev1";
      e.hlc = core::HybridClock::Make(ms, 0);
      e.verdict = v;
      if (*error) e.errors = {error};
      if (v == core::ReviewVerdict::kCorrect) e.categories = {"shipping"};
      reviews.push_back(e);
    };
    review(0, core::ReviewVerdict::kAccept, kDec07, "");
    review(1, core::ReviewVerdict::kReject, kDec07 + 1000, "wrong-category");
    review(2, core::ReviewVerdict::kCorrect, kDec07 + kDay, "wrong-category");
    review(3, core::ReviewVerdict::kReject, kDec07 + kDay + 1000, "item-unusable");
    ASSERT_TRUE(testing::CommitEvents(**p, no_labels, reviews).ok());
  }
};

TEST_F(ReportsCli, QualityReportJsonGivesRatesParetoAndTrend) {
  auto j = nlohmann::json::parse(
      Ok("-C p quality report --json --by annotator,category --trend day"));
  EXPECT_EQ(j["overall"]["reviewed"], 4);
  EXPECT_EQ(j["overall"]["defects"], 3);
  ASSERT_EQ(j["by"]["annotator"].size(), 2u);
  EXPECT_EQ(j["by"]["annotator"][0]["value"], "ann");  // t1 accepted, t2 rejected
  EXPECT_EQ(j["by"]["annotator"][0]["defects"], 1);
  EXPECT_EQ(j["by"]["annotator"][1]["defects"], 2);
  EXPECT_DOUBLE_EQ(j["by"]["annotator"][1]["rate"].get<double>(), 1.0);
  // Wilson 95% of 2/2 (statsmodels proportion_confint(2, 2, method="wilson")).
  EXPECT_NEAR(j["by"]["annotator"][1]["low"].get<double>(), 0.3423802, 1e-6);
  EXPECT_EQ(j["by"]["category"][0]["value"], "billing");  // t1, t3
  EXPECT_EQ(j["by"]["category"][0]["reviewed"], 2);
  EXPECT_FALSE(j["by"].contains("vendor"));
  EXPECT_EQ(j["pareto"][0]["error"], "wrong-category");
  EXPECT_EQ(j["pareto"][0]["count"], 2);
  EXPECT_DOUBLE_EQ(j["pareto"][0]["cumulative"].get<double>(), 2.0 / 3);
  ASSERT_EQ(j["trend"].size(), 2u);
  EXPECT_EQ(j["trend"][0]["period"], "2026-12-07");
  EXPECT_EQ(j["trend"][1]["defects"], 2);

  std::string text = Ok("-C p quality report --since 2026-12-08");
  EXPECT_NE(text.find("Wilson 95% interval"), std::string::npos) << text;
  EXPECT_NE(text.find("4 review events: 0 superseded by a later review of the label, 0 lot "
                      "decisions, 2 before 2026-12-08"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("item-unusable"), std::string::npos) << text;
}

TEST_F(ReportsCli, QualityReportRefusesUnknownBreakdownsAndDates) {
  auto r = Taxa("-C p quality report --by team");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown breakdown \"team\""), std::string::npos) << r.err;
  r = Taxa("-C p quality report --since yesterday");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is not an ISO date"), std::string::npos) << r.err;
}

TEST_F(ReportsCli, VendorsSetWritesTheLongFormAndReportMarksMissedTargets) {
  Ok("-C p vendors set acme --add ann,bob --team day=ann --rate 0.5/item --currency USD "
     "--target items_per_hour=50 --target agreement=0.8");
  std::string settings = ReadText(tmp_ / "p/taxa.json");
  EXPECT_NE(settings.find("\"acme\": {\n      \"annotators\""), std::string::npos) << settings;
  EXPECT_NE(settings.find("\"per\": \"item\""), std::string::npos) << settings;
  auto shown = nlohmann::json::parse(Ok("-C p vendors show --json"));
  EXPECT_EQ(shown["acme"]["teams"]["day"][0], "ann");
  EXPECT_EQ(shown["acme"]["targets"]["items_per_hour"], 50.0);

  auto j = nlohmann::json::parse(Ok("-C p vendors report --json"));
  ASSERT_EQ(j["vendors"].size(), 1u);
  // acme: 4 labels; 3 timed in 240 s -> 45 per hour (< 50: missed);
  // cost 0.5 x 4 = 2; 1 of 4 reviews accepted -> 2 / (4 x 1/4) = 2.
  EXPECT_EQ(j["vendors"][0]["items_labeled"], 4);
  EXPECT_DOUBLE_EQ(j["vendors"][0]["items_per_hour"].get<double>(), 45.0);
  EXPECT_DOUBLE_EQ(j["vendors"][0]["cost"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(j["vendors"][0]["cost_per_accepted"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(j["vendors"][0]["rework"].get<double>(), 0.75);
  EXPECT_EQ(j["vendors"][0]["missed"], nlohmann::json::array({"items_per_hour"}));
  // No item has two labels: agreement is unmeasured.
  EXPECT_EQ(j["vendors"][0]["unmeasured"], nlohmann::json::array({"agreement"}));
  EXPECT_EQ(j["teams"][0]["name"], "day");
  EXPECT_DOUBLE_EQ(j["annotators"][0]["items_per_hour"].get<double>(), 60.0);  // ann: 2 in 120 s

  std::string text = Ok("-C p vendors report");
  EXPECT_NE(text.find("items_per_hour"), std::string::npos) << text;
  EXPECT_NE(text.find("agreement (unmeasured)"), std::string::npos) << text;
}

// Turnaround as a user gets it: the items came in with `taxa import` (their
// batch folder is named for the moment, items/<YYYYMMDDTHHMMSSZ>-<hash>/);
// a vendor's file says cy labeled t1 2 h and t2 4 h after that. Median 3 h;
// 90th percentile 2 + 0.9 x 2 = 3.8 h, above bolt's target of 3 h. ann's
// and bob's labels predate the import: not measured.
TEST_F(ReportsCli, VendorsReportGivesTurnaroundFromTheItemsImport) {
  std::vector<std::string> batches;
  for (const auto& entry : std::filesystem::directory_iterator(tmp_ / "p/items"))
    batches.push_back(entry.path().filename().string());
  ASSERT_EQ(batches.size(), 1u);
  const std::optional<int64_t> arrival =
      core::ItemBatchArrival("items/" + batches[0] + "/00000.jsonl.zst");
  ASSERT_TRUE(arrival) << batches[0];
  testing::WriteText(tmp_ / "bolt.csv", "t1,cy,billing," + std::to_string(*arrival + 7200) +
                                     "\nt2,cy,shipping," + std::to_string(*arrival + 14400) + "\n");
  Ok("-C p labels import bolt.csv");
  Ok("-C p vendors set bolt --add cy --target turnaround_hours=3");
  auto j = nlohmann::json::parse(Ok("-C p vendors report --json"));
  ASSERT_EQ(j["vendors"][0]["name"], "bolt");
  EXPECT_EQ(j["vendors"][0]["turnaround_labels"], 2);
  EXPECT_DOUBLE_EQ(j["vendors"][0]["turnaround_median_hours"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(j["vendors"][0]["turnaround_p90_hours"].get<double>(), 3.8);
  EXPECT_EQ(j["vendors"][0]["missed"], nlohmann::json::array({"turnaround_hours"}));
  EXPECT_EQ(j["vendors"][1]["name"], "");  // ann and bob
  EXPECT_EQ(j["vendors"][1]["turnaround_unmeasured"], 4);
  EXPECT_TRUE(j["vendors"][1]["turnaround_median_hours"].is_null());

  std::string text = Ok("-C p vendors report");
  EXPECT_NE(text.find("turnaround h"), std::string::npos) << text;
  EXPECT_NE(text.find("3.0/3.8"), std::string::npos) << text;
  EXPECT_NE(text.find("turnaround: 4 first labels not measured (no time, or older than the "
                      "item's import)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("turnaround_hours"), std::string::npos) << text;
}

TEST_F(ReportsCli, VendorsSetRefusesABadRateAndKeepsOldFormWithoutTerms) {
  auto r = Taxa("-C p vendors set acme --add ann --rate 5");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("expected AMOUNT/item or AMOUNT/hour"), std::string::npos) << r.err;
  Ok("-C p vendors set acme --add ann");
  std::string settings = ReadText(tmp_ / "p/taxa.json");
  EXPECT_NE(settings.find("\"vendors\": {\n    \"acme\": [\n      \"ann\"\n    ]\n  }"),
            std::string::npos)
      << settings;
}

}  // namespace
}  // namespace taxa
