// The Error analysis (F12), Actions (F5) and Vendors (F4) windows on a
// project built through the session: labels with their time spent, gold,
// a sampling plan, reviews with error types, a model's predictions and two
// vendors with teams, rates and targets. Every figure checked below is
// counted by hand from the fixture (the comments show the counting; the
// Wilson intervals are from the closed form in Python, see below). Also the
// Review window's queue read on the background reader, "Queue relabel" and
// "Open in editor" clicked, and each window in a real 1280 x 800 window
// under Xvfb (errors_window.png, actions_window.png, vendors_window.png;
// TAXA_SCREENSHOT_DIR keeps them).
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gui/actions_window.h"
#include "gui/errors_window.h"
#include "gui/quality_plots.h"
#include "gui/review_window.h"
#include "gui/vendors_window.h"
#include "gui_test_support.h"
#include "session/gold.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/predictions.h"
#include "session/project.h"
#include "session/review.h"
#include "session/sampling_plans.h"
#include "session/taxonomy_edits.h"
#include "session/vendors.h"
#include "support/review_fixture.h"
#include "support/test_support.h"
#include "xvfb_support.h"
#include <gtest/gtest.h>

#include "taxa/core/hlc.h"

namespace taxa::gui {
namespace {

using ::taxa::testing::RunCommand;
using ::taxa::testing::TempDir;

// The model m1's p(billing) for t1..t6: 0.9, 0.8, 0.1, 0.1, 0.3, 0.15 (as
// tests/app/actions_session_test.cpp's relabel fixture, worked by hand there
// from Northcutt et al.: t3, labeled billing, is the one flagged).
constexpr const char* kPredictions =
    "{\"item\":\"t1\",\"category\":\"billing\",\"probabilities\":{\"billing\":0.9,\"shipping\":0.1}"
    "}\n"
    "{\"item\":\"t2\",\"category\":\"billing\",\"probabilities\":{\"billing\":0.8,\"shipping\":0.2}"
    "}\n"
    "{\"item\":\"t3\",\"category\":\"shipping\",\"probabilities\":{\"billing\":0.1,\"shipping\":0."
    "9}}\n"
    "{\"item\":\"t4\",\"category\":\"shipping\",\"probabilities\":{\"billing\":0.1,\"shipping\":0."
    "9}}\n"
    "{\"item\":\"t5\",\"category\":\"shipping\",\"probabilities\":{\"billing\":0.3,\"shipping\":0."
    "7}}\n"
    "{\"item\":\"t6\",\"category\":\"shipping\",\"probabilities\":{\"billing\":0.15,\"shipping\":0."
    "85}}\n";

// Made by "lead" through the session:
//   categories billing (include and exclude rule) and shipping; items t1..t8;
//   labels (annotator, items, time spent on each):
//     ana  t1 t2 t3 t7 billing, t8 shipping          60 s
//     bo   t4 t5 t6 t8 shipping, t7 billing         120 s
//     cy   t7 t8 shipping                            30 s
//   gold: t1 billing, t3 shipping, t4 shipping, t7 billing;
//   predictions of model m1 for t1..t6 (kPredictions);
//   vendors: acme = ana, bo (teams north: ana, south: bo), 0.50 USD per
//   item, targets accuracy 0.9 and 50 items/h; beta = cy, 30 EUR per hour,
//   target agreement 0.8;
//   plan "audit" (all 8 items) and its reviews:
//     t1 ana accept, t2 ana accept,
//     t3 ana reject  wrong-category (rule billing/exclude/1),
//     t4 bo accept,
//     t5 bo correct to billing  wrong-category, guideline-ambiguous,
//     t6 bo reject   guideline-ambiguous,
//     t7 cy reject   wrong-category.
void MakeReportsProject(const std::string& dir) {
  Result<std::unique_ptr<app::Project>> p = app::Project::Create(dir, "Tickets", {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  app::Project& project = **p;
  app::TaxonomyEdits edits(project);
  ASSERT_TRUE(edits
                  .Add({.id = "billing",
                        .name = "Billing",
                        .definition = "Money matters: charges, refunds, invoices.",
                        .include = {"Asks about a charge on a card or an invoice"},
                        .exclude = {"Shipping costs alone"}})
                  .ok());
  ASSERT_TRUE(edits.Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
  std::string items;
  for (int i = 1; i <= 8; ++i)
    items +=
        "{\"id\":\"t" + std::to_string(i) + "\",\"text\":\"Ticket " + std::to_string(i) + "\"}\n";
  ASSERT_TRUE(
      app::Items(project).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines).ok());
  std::vector<app::LabelRequest> labels;
  auto label = [&](const char* who, const char* item, const char* category, uint32_t ms) {
    labels.push_back({.item = item, .categories = {category}, .duration_ms = ms, .annotator = who});
  };
  for (const char* t : {"t1", "t2", "t3", "t7"}) label("ana", t, "billing", 60000);
  label("ana", "t8", "shipping", 60000);
  for (const char* t : {"t4", "t5", "t6", "t8"}) label("bo", t, "shipping", 120000);
  label("bo", "t7", "billing", 120000);
  for (const char* t : {"t7", "t8"}) label("cy", t, "shipping", 30000);
  Result<std::vector<core::LabelEvent>> labeled =
      app::Labeling(project).LabelMany(labels, app::LabelCommit::kNow);
  ASSERT_TRUE(labeled.ok()) << labeled.status().message();
  app::Gold gold(project);
  for (auto [item, category] : std::vector<std::pair<const char*, const char*>>{
           {"t1", "billing"}, {"t3", "shipping"}, {"t4", "shipping"}, {"t7", "billing"}}) {
    Result<core::GoldLabel> g = gold.Set(item, {category}, "");
    ASSERT_TRUE(g.ok()) << g.status().message();
  }
  Result<app::PredictionsImportReport> preds =
      app::Predictions(project).ImportBytes(kPredictions, "preds.jsonl", {.model = "m1"});
  ASSERT_TRUE(preds.ok()) << preds.status().message();
  app::Vendors vendors(project);
  app::VendorChange acme{.vendor = "acme", .add = {"ana", "bo"}};
  acme.teams = {{"north", {"ana"}}, {"south", {"bo"}}};
  acme.rate = core::VendorRate{0.5, "item", "USD"};
  acme.targets["accuracy"] = 0.9;
  acme.targets["items_per_hour"] = 50;
  Status s = vendors.Change(acme);
  ASSERT_TRUE(s.ok()) << s.message();
  app::VendorChange beta{.vendor = "beta", .add = {"cy"}};
  beta.rate = core::VendorRate{30, "hour", "EUR"};
  beta.targets["agreement"] = 0.8;
  s = vendors.Change(beta);
  ASSERT_TRUE(s.ok()) << s.message();
  Result<core::SamplingPlan> plan =
      app::SamplingPlans(project).Create({.name = "audit", .seed = 1, .size = 8});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  using V = core::ReviewVerdict;
  struct Verdict {
    const char* item;
    const char* annotator;
    V verdict;
    std::vector<std::string> errors;
    std::string rule;
    std::vector<std::string> categories;
  };
  const std::vector<Verdict> verdicts = {
      {"t1", "ana", V::kAccept, {}, "", {}},
      {"t2", "ana", V::kAccept, {}, "", {}},
      {"t3", "ana", V::kReject, {"wrong-category"}, "billing/exclude/1", {}},
      {"t4", "bo", V::kAccept, {}, "", {}},
      {"t5", "bo", V::kCorrect, {"wrong-category", "guideline-ambiguous"}, "", {"billing"}},
      {"t6", "bo", V::kReject, {"guideline-ambiguous"}, "", {}},
      {"t7", "cy", V::kReject, {"wrong-category"}, "", {}}};
  app::Review review(project);
  for (const Verdict& v : verdicts) {
    Result<app::ReviewOutcome> done = review.Record({.plan = "audit",
                                                     .item = v.item,
                                                     .annotator = v.annotator,
                                                     .verdict = v.verdict,
                                                     .categories = v.categories,
                                                     .errors = v.errors,
                                                     .rule = v.rule});
    ASSERT_TRUE(done.ok()) << v.item << ": " << done.status().message();
  }
}

class ReportsWindowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(imgui_.fonts().ok());
    ASSERT_NO_FATAL_FAILURE(MakeReportsProject(dir_));
    ASSERT_TRUE(gui_.host.Start("Opening", app::OpenJob(dir_), dir_).ok());
    gui_.FramesUntilIdle();
    ASSERT_NE(gui_.host.project(), nullptr);
  }
  // A frame that asks for work, then frames until the reader (or task) ends
  // and its result is adopted.
  void Settle() {
    gui_.Frame();
    gui_.FramesUntilIdle();
  }
  // A left click at `at`: pressed for one frame, released in the next.
  void Click(ImVec2 at) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    gui_.Frame();
    io.MouseDown[0] = true;
    gui_.Frame();
    io.MouseDown[0] = false;
    gui_.Frame();
  }

  TempDir tmp_;
  std::string dir_ = tmp_ / "p";
  testing::HeadlessImGui imgui_;
  testing::TestGui gui_;
};

// Today as the trend names it (the reviews were recorded just now, UTC).
std::string TodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}
std::string IsoWeekUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%G-W%V", &tm);
  return text;
}

void ExpectRows(const core::DefectReport& r, core::DefectDimension by,
                const std::vector<ErrorsTableRow>& want) {
  SCOPED_TRACE(std::string(core::DefectDimensionName(by)));
  std::vector<ErrorsTableRow> got = ErrorsTableRows(r, by);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].value, want[i].value);
    EXPECT_EQ(got[i].reviewed, want[i].reviewed) << want[i].value;
    EXPECT_EQ(got[i].defects, want[i].defects) << want[i].value;
    EXPECT_EQ(got[i].rate, want[i].rate) << want[i].value;
    EXPECT_EQ(got[i].interval, want[i].interval) << want[i].value;
  }
}

// Wilson 95% intervals, from the closed form in Python 3 (statistics.NormalDist
// for z = 1.959964; centre (p + z²/2n)/(1 + z²/n), half z/(1 + z²/n)·sqrt(p(1-p)/n + z²/4n²)):
//   4/7 [25.0, 84.2]  1/3 [6.1, 79.2]  3/4 [30.1, 95.4]  2/3 [20.8, 93.9]
//   1/1 [20.7, 100.0]  3/6 [18.8, 81.2]  1/4 [4.6, 69.9]
TEST_F(ReportsWindowsTest, ErrorAnalysisShowsTheDefectRateTablesParetoAndTrend) {
  gui_.Frame({GLFW_KEY_F12});
  ASSERT_TRUE(gui_.parts.errors.ui.visible);
  gui_.Frame();
  EXPECT_TRUE(gui_.host.reader_running() || gui_.parts.errors.read.read_once())
      << "the report is read on the background reader";
  gui_.FramesUntilIdle();
  const ErrorsData& d = gui_.parts.errors.read.data;
  ASSERT_EQ(d.error, "");
  ASSERT_TRUE(d.analysis.has_value());
  const core::DefectReport& r = d.analysis->report;
  // Defects: t3, t5, t6, t7 of the 7 reviewed.
  EXPECT_EQ(FormatDefectRate(r.overall), "57.1% (4 of 7 reviewed defective)");
  EXPECT_EQ(FormatRateInterval(r.overall.rate), "[25.0%, 84.2%]");
  // billing: t1 t2 t3 (ana's) -> t3; shipping: t4 t5 t6 (bo's), t7 (cy's) -> t5 t6 t7.
  ExpectRows(r, core::DefectDimension::kCategory,
             {{"billing", "3", "1", "33.3%", "[6.1%, 79.2%]"},
              {"shipping", "4", "3", "75.0%", "[30.1%, 95.4%]"}});
  ExpectRows(r, core::DefectDimension::kAnnotator,
             {{"ana", "3", "1", "33.3%", "[6.1%, 79.2%]"},
              {"bo", "3", "2", "66.7%", "[20.8%, 93.9%]"},
              {"cy", "1", "1", "100.0%", "[20.7%, 100.0%]"}});
  ExpectRows(r, core::DefectDimension::kVendor,
             {{"acme", "6", "3", "50.0%", "[18.8%, 81.2%]"},
              {"beta", "1", "1", "100.0%", "[20.7%, 100.0%]"}});
  // Concerning billing: t1 t2 t3 (labels) and t5 (its correction); t3 names the rule.
  ExpectRows(r, core::DefectDimension::kRule,
             {{"billing/exclude/1", "4", "1", "25.0%", "[4.6%, 69.9%]"}});
  // No release yet: every label under "(none)".
  ExpectRows(r, core::DefectDimension::kRelease, {{"(none)", "7", "4", "57.1%", "[25.0%, 84.2%]"}});
  // wrong-category: t3 t5 t7; guideline-ambiguous: t5 t6. 3/5 and 5/5.
  ASSERT_EQ(r.pareto.size(), 2u);
  EXPECT_EQ(r.pareto[0].error, "wrong-category");
  EXPECT_EQ(r.pareto[0].count, 3u);
  EXPECT_DOUBLE_EQ(r.pareto[0].cumulative, 0.6);
  EXPECT_EQ(r.pareto[1].error, "guideline-ambiguous");
  EXPECT_EQ(r.pareto[1].count, 2u);
  EXPECT_DOUBLE_EQ(r.pareto[1].cumulative, 1.0);
  ASSERT_EQ(r.trend.size(), 1u);
  EXPECT_EQ(r.trend_period, core::TrendPeriod::kDay);
  EXPECT_EQ(r.trend[0].period, TodayUtc());
  EXPECT_EQ(r.trend[0].reviewed, 7u);
  EXPECT_EQ(r.trend[0].defects, 4u);

  // Every dimension draws; the week reads the report again.
  for (core::DefectDimension by :
       {core::DefectDimension::kAnnotator, core::DefectDimension::kVendor,
        core::DefectDimension::kRule, core::DefectDimension::kRelease}) {
    gui_.parts.errors.ui.dimension = by;
    gui_.Frame();
  }
  gui_.parts.errors.ui.trend = core::TrendPeriod::kWeek;
  Settle();
  const core::DefectReport& week = gui_.parts.errors.read.data.analysis->report;
  EXPECT_EQ(week.trend_period, core::TrendPeriod::kWeek);
  ASSERT_EQ(week.trend.size(), 1u);
  EXPECT_EQ(week.trend[0].period, IsoWeekUtc());
  ImGui::GetIO().DisplaySize = ImVec2(960, 600);
  gui_.Frames(2);
}

TEST_F(ReportsWindowsTest, ErrorAnalysisSaysWhenThereAreNoReviews) {
  TempDir other;
  {
    Result<std::unique_ptr<app::Project>> p =
        app::Project::Create(other / "q", "Empty", {.user = "lead"});
    ASSERT_TRUE(p.ok());
    ErrorsWindow w;
    RefreshErrorsWindow(**p, 1, w);
    ASSERT_TRUE(w.read.data.analysis.has_value()) << w.read.data.error;
    EXPECT_EQ(w.read.data.analysis->report.overall.reviewed, 0u);
    // Drawn headless: the "no reviews yet" line, no plot.
    ImGui::NewFrame();
    ImGui::Begin("errors");
    DrawErrorsWindow(w, false);
    ImGui::End();
    ImGui::Render();
  }
}

// A failure is one line in the window: Actions on a project without items
// (the session's kFailedPrecondition), a model that does not exist; Vendors
// on a project without vendors shows no rows. All drawn headless.
TEST_F(ReportsWindowsTest, FailuresAreOneLineInTheWindow) {
  TempDir other;
  Result<std::unique_ptr<app::Project>> p =
      app::Project::Create(other / "q", "Empty", {.user = "lead"});
  ASSERT_TRUE(p.ok());
  ActionsWindow actions;
  RefreshActionsWindow(**p, 1, actions);
  EXPECT_FALSE(actions.read.data.report.has_value());
  EXPECT_NE(actions.read.data.error.find("no items"), std::string::npos) << actions.read.data.error;
  EXPECT_EQ(actions.read.data.error.find('\n'), std::string::npos);
  VendorsWindow vendors;
  RefreshVendorsWindow(**p, 1, vendors);
  EXPECT_EQ(vendors.read.data.error, "");
  EXPECT_TRUE(vendors.read.data.vendors.empty());
  ImGui::NewFrame();
  ImGui::Begin("w");
  DrawActionsWindow(actions, false, false);
  DrawVendorsWindow(vendors, false);
  ImGui::End();
  ImGui::Render();

  // In the real window: a model that is gone.
  gui_.Frame({GLFW_KEY_F5});
  Settle();
  gui_.parts.actions.ui.model = "m9";
  Settle();
  EXPECT_FALSE(gui_.parts.actions.read.data.report.has_value());
  EXPECT_NE(gui_.parts.actions.read.data.error.find("m9"), std::string::npos)
      << gui_.parts.actions.read.data.error;
  gui_.Frame();
}

// The plots with many points: trend labels thin out, Pareto labels are cut
// to their bar (no overlap), and nothing asserts in ImGui.
TEST_F(ReportsWindowsTest, PlotsDrawManyPointsAndLongLabels) {
  std::vector<TrendPlotPoint> points;
  for (int i = 0; i < 60; ++i)
    points.push_back({.label = "2026-12-" + std::to_string(10 + i % 20),
                      .rate = 0.1 + 0.005 * i,
                      .lo = 0.05,
                      .hi = 0.6,
                      .n = 10});
  std::vector<ParetoBar> bars;
  for (int i = 0; i < 9; ++i)
    bars.push_back({.label = "a-very-long-error-type-name-" + std::to_string(i),
                    .count = static_cast<uint64_t>(9 - i),
                    .cumulative = (i + 1) / 9.0});
  for (int frame = 0; frame < 2; ++frame) {  // a new window shows from its second frame
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(900, 700));
    ImGui::Begin("plots");
    DrawTrend(points, 200);
    DrawPareto(bars, 200);
    DrawTrend({}, 100);
    DrawPareto({}, 100);
    ImGui::End();
    ImGui::Render();
  }
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 0);
}

TEST_F(ReportsWindowsTest, ActionsRankTheRelabelOfTheDoubtedItemWithItsEvidence) {
  gui_.Frame({GLFW_KEY_F5});
  ASSERT_TRUE(gui_.parts.actions.ui.visible);
  Settle();
  const ActionsData& d = gui_.parts.actions.read.data;
  ASSERT_EQ(d.error, "");
  ASSERT_TRUE(d.report.has_value());
  EXPECT_EQ(d.models, std::vector<std::string>{"m1"});
  const app::ActionsReport& r = *d.report;
  EXPECT_EQ(r.model, "m1");
  EXPECT_EQ(r.items, 8u);
  EXPECT_EQ(r.labeled, 8u);   // t7: billing 2 of 3; t8: shipping 3 of 3
  EXPECT_EQ(r.examined, 6u);  // t1..t6 have probabilities
  // Only t7 has two answers: one confusion, below every rule's minimum of 3.
  ASSERT_EQ(r.actions.size(), 1u);
  const core::DataAction& a = r.actions[0];
  EXPECT_EQ(a.kind, "relabel");
  EXPECT_EQ(a.score, 1u);
  EXPECT_EQ(a.title, "Relabel 1 item whose label model m1 doubts");
  EXPECT_EQ(FormatActionNumbers(a), "flagged 1, examined 6, estimated errors 1");
  EXPECT_EQ(a.examples, std::vector<std::string>{"t3"});
  EXPECT_EQ(a.categories, std::vector<std::string>{"billing"});
  EXPECT_NE(a.evidence.find("t3 labeled billing, model says shipping"), std::string::npos)
      << a.evidence;
  EXPECT_GE(gui_.parts.actions.ui.queue_button.x, 0) << "the relabel action has Queue relabel";

  // A second model: the combo offers both, the first by name is ranked;
  // m2 has no probabilities, so nothing is examined under it.
  Result<app::PredictionsImportReport> m2 =
      app::Predictions(*gui_.host.project())
          .ImportBytes("{\"item\":\"t1\",\"category\":\"shipping\"}\n", "m2.jsonl",
                       {.model = "m2"});
  ASSERT_TRUE(m2.ok()) << m2.status().message();
  Settle();
  EXPECT_EQ(gui_.parts.actions.read.data.models, (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(gui_.parts.actions.ui.model, "m1");
  ASSERT_TRUE(gui_.parts.actions.read.data.report.has_value());
  EXPECT_EQ(gui_.parts.actions.read.data.report->model, "m1");
  gui_.parts.actions.ui.model = "m2";
  Settle();
  ASSERT_TRUE(gui_.parts.actions.read.data.report.has_value())
      << gui_.parts.actions.read.data.error;
  EXPECT_EQ(gui_.parts.actions.read.data.report->model, "m2");
  EXPECT_EQ(gui_.parts.actions.read.data.report->examined, 0u);
}

// Slices: six unlabeled items from the phone (t9..t14) beside the eight
// labeled ones without a source. Labeled share 8/14; the phone slice has
// 0/6, under half of it: a coverage gap scoring its 6 unlabeled items.
TEST_F(ReportsWindowsTest, SlicesByAMetadataKeyTypedShowTheCoverageGap) {
  std::string more;
  for (int i = 9; i <= 14; ++i)
    more += "{\"id\":\"t" + std::to_string(i) +
            "\",\"text\":\"Call\",\"meta\":{\"source\":\"phone\"}}\n";
  ASSERT_TRUE(app::Items(*gui_.host.project())
                  .ImportBytes(more, "more.jsonl", core::ImportFormat::kJsonLines)
                  .ok());
  gui_.Frame({GLFW_KEY_F5});
  Settle();
  ActionsUi& ui = gui_.parts.actions.ui;
  ASSERT_TRUE(gui_.parts.actions.read.data.report.has_value());
  for (const core::DataAction& a : gui_.parts.actions.read.data.report->actions)
    EXPECT_NE(a.kind, "coverage-gap") << "no slices until a key is given";
  ASSERT_GE(ui.by_field.x, 0);
  Click(ui.by_field);
  for (char c : std::string("source")) {
    ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
    gui_.Frame();
  }
  gui_.Frame({GLFW_KEY_ENTER});
  EXPECT_EQ(ui.by, "source");
  Settle();
  const ActionsData& d = gui_.parts.actions.read.data;
  ASSERT_TRUE(d.report.has_value()) << d.error;
  EXPECT_EQ(d.by, "source");
  const core::DataAction* gap = nullptr;
  for (const core::DataAction& a : d.report->actions)
    if (a.kind == "coverage-gap") gap = &a;
  ASSERT_NE(gap, nullptr);
  EXPECT_EQ(gap->slice, "source=phone");
  EXPECT_EQ(gap->score, 6u);
}

TEST_F(ReportsWindowsTest, QueueRelabelClickedMakesThePlanOrShowsTheRefusal) {
  gui_.Frame({GLFW_KEY_F5});
  Settle();
  gui_.Frame();
  ActionsUi& ui = gui_.parts.actions.ui;
  ASSERT_GE(ui.queue_button.x, 0);
  Click(ui.queue_button);
  EXPECT_EQ(ui.popup_rank, 1u);
  EXPECT_EQ(ui.plan_name, "relabel-1");
  // The name field has the keyboard, the name offered selected: typing
  // replaces it; Enter queues.
  gui_.Frame();
  for (char c : std::string("fix-1")) {
    ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
    gui_.Frame();
  }
  EXPECT_EQ(ui.plan_name, "fix-1");
  gui_.Frame({GLFW_KEY_ENTER});
  gui_.FramesUntilIdle();
  gui_.FramesUntilIdle();
  EXPECT_TRUE(ui.outcome_ok) << ui.outcome;
  EXPECT_EQ(ui.outcome, "Queued plan fix-1: 1 item to review (F11)");
  Result<core::SamplingPlan> plan = app::SamplingPlans(*gui_.host.project()).Show("fix-1");
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->method, "actions");
  EXPECT_EQ(plan->items, std::vector<std::string>{"t3"});
  EXPECT_EQ(plan->action, "Relabel 1 item whose label model m1 doubts");

  // The same name again: the session's refusal is the window's line.
  Settle();
  gui_.Frame();
  ASSERT_GE(ui.queue_button.x, 0);
  Click(ui.queue_button);
  gui_.Frame();
  for (char c : std::string("fix-1")) {
    ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
    gui_.Frame();
  }
  gui_.Frame({GLFW_KEY_ENTER});
  gui_.FramesUntilIdle();
  gui_.FramesUntilIdle();
  EXPECT_FALSE(ui.outcome_ok) << ui.outcome;
  EXPECT_NE(ui.outcome.find("fix-1"), std::string::npos) << ui.outcome;
}

TEST_F(ReportsWindowsTest, OpenInEditorShowsTheCategoryInTheTaxonomyEditor) {
  gui_.Frame({GLFW_KEY_F5});
  Settle();
  gui_.Frame();
  ASSERT_GE(gui_.parts.actions.ui.open_button.x, 0);
  Click(gui_.parts.actions.ui.open_button);
  gui_.Frame();
  EXPECT_FALSE(gui_.parts.actions.ui.visible);
  EXPECT_TRUE(gui_.parts.editor.ui.visible);
  EXPECT_EQ(gui_.parts.editor.ui.selected, "billing");
  EXPECT_FALSE(gui_.parts.editor.ui.proposals_tab);
  gui_.Frame();
  EXPECT_EQ(gui_.parts.editor.ui.draft.name, "Billing") << "the form shows billing";
}

struct WantRow {
  std::string name, annotators, items, per_hour, accuracy, agreement, rework, cost, per_accepted;
  bool missed_per_hour = false, missed_accuracy = false, missed_agreement = false;
};

void ExpectRow(const VendorRowText& got, const WantRow& w) {
  SCOPED_TRACE(w.name);
  EXPECT_EQ(got.name, w.name);
  EXPECT_EQ(got.annotators, w.annotators);
  EXPECT_EQ(got.items, w.items);
  EXPECT_EQ(got.items_per_hour.text, w.per_hour);
  EXPECT_EQ(got.items_per_hour.missed, w.missed_per_hour);
  EXPECT_EQ(got.accuracy.text, w.accuracy);
  EXPECT_EQ(got.accuracy.missed, w.missed_accuracy);
  EXPECT_EQ(got.agreement.text, w.agreement);
  EXPECT_EQ(got.agreement.missed, w.missed_agreement);
  EXPECT_EQ(got.rework, w.rework);
  EXPECT_EQ(got.cost, w.cost);
  EXPECT_EQ(got.cost_per_accepted, w.per_accepted);
}

// By hand from the fixture:
//   items/h = labels / hours: ana 5 / (5 x 60 s) = 60; bo 5 / (5 x 120 s) = 30;
//     cy 2 / (2 x 30 s) = 120; acme 10 / 900 s = 40.
//   accuracy against gold (t1 t3 t4 t7): ana t1 yes, t3 no, t7 yes = 2/3;
//     bo t4, t7 = 2/2; cy t7 no = 0/1; acme 4/5.
//   agreement with peers (t7: ana billing, bo billing, cy shipping; t8: all
//     shipping): ana t7 1 of 2, t8 2 of 2 = 3/4; bo 3/4; cy t7 0 of 2, t8 2
//     of 2 = 2/4; acme 6/8.
//   rework (reviews): ana 1 of 3, bo 2 of 3, cy 1 of 1; acme 3 of 6.
//   cost: per item 0.50 x 5 = 2.50 USD each of ana and bo, acme 5.00;
//     cy 30 EUR/h x 60 s = 0.50 EUR.
//   cost per accepted = cost / (labels x accepted/reviewed): ana 2.50 / (5 x
//     2/3) = 0.75; bo 2.50 / (5 x 1/3) = 1.50; acme 5.00 / (10 x 3/6) = 1.00;
//     cy accepted none: "-".
//   targets: acme accuracy 90% (acme 80% and ana 66.7% miss), 50 items/h
//     (acme 40 and bo 30 miss); beta agreement 80% (beta and cy 50% miss).
TEST_F(ReportsWindowsTest, VendorsShowTermsFiguresAndMissedTargets) {
  gui_.Frame({GLFW_KEY_F4});
  ASSERT_TRUE(gui_.parts.vendors.ui.visible);
  Settle();
  const VendorsData& d = gui_.parts.vendors.read.data;
  ASSERT_EQ(d.error, "");
  ASSERT_TRUE(d.report.has_value());
  ASSERT_EQ(d.vendors.size(), 2u);
  EXPECT_EQ(d.vendors.at("acme"), (std::set<std::string>{"ana", "bo"}));
  EXPECT_EQ(FormatRate(d.terms.at("acme").rate), "0.50 USD per item");
  EXPECT_EQ(FormatRate(d.terms.at("beta").rate), "30.00 EUR per hour");
  EXPECT_EQ(FormatTargets(d.terms.at("acme").targets), "accuracy >= 90.0%, items/h >= 50");
  EXPECT_EQ(FormatTargets(d.terms.at("beta").targets), "agreement >= 80.0%");
  const core::VendorReport& r = *d.report;
  const core::VendorTargets acme = d.terms.at("acme").targets, beta = d.terms.at("beta").targets;
  ASSERT_EQ(r.vendors.size(), 2u);
  ExpectRow(VendorRowTextOf(r.vendors[0], acme),
            {"acme", "2", "10", "40.0", "80.0%", "75.0%", "50.0%", "5.00 USD", "1.00 USD", true,
             true, false});
  ExpectRow(VendorRowTextOf(r.vendors[1], beta), {"beta", "1", "2", "120.0", "0.0%", "50.0%",
                                                  "100.0%", "0.50 EUR", "-", false, false, true});
  ASSERT_EQ(r.teams.size(), 2u);
  ExpectRow(VendorRowTextOf(r.teams[0], acme),
            {"north", "1", "5", "60.0", "66.7%", "75.0%", "33.3%", "2.50 USD", "0.75 USD", false,
             true, false});
  ExpectRow(VendorRowTextOf(r.teams[1], acme),
            {"south", "1", "5", "30.0", "100.0%", "75.0%", "66.7%", "2.50 USD", "1.50 USD", true,
             false, false});
  ASSERT_EQ(r.annotators.size(), 3u);
  ExpectRow(VendorRowTextOf(r.annotators[0], acme),
            {"ana", "1", "5", "60.0", "66.7%", "75.0%", "33.3%", "2.50 USD", "0.75 USD", false,
             true, false});
  EXPECT_EQ(r.annotators[0].team, "north");
  ExpectRow(VendorRowTextOf(r.annotators[1], acme),
            {"bo", "1", "5", "30.0", "100.0%", "75.0%", "66.7%", "2.50 USD", "1.50 USD", true,
             false, false});
  ExpectRow(
      VendorRowTextOf(r.annotators[2], beta),
      {"cy", "1", "2", "120.0", "0.0%", "50.0%", "100.0%", "0.50 EUR", "-", false, false, true});
  EXPECT_EQ(VendorRowTextOf(r.vendors[0], acme).accuracy.target, "90.0%");
  // The fixture labels its items in the seconds after their import.
  EXPECT_EQ(VendorRowTextOf(r.vendors[0], acme).turnaround.text, "0.0 / 0.0");
  ImGui::GetIO().DisplaySize = ImVec2(960, 600);
  gui_.Frames(2);
}

// Turnaround shows the median and the 90th percentile; its target is missed
// from above.
TEST(VendorRowText, TurnaroundIsMedianSlashNinetiethAndMissedFromAbove) {
  core::VendorReportRow row;
  row.name = "acme";
  row.figures.turnaround_median_hours = 5;
  row.figures.turnaround_p90_hours = 30.3;
  row.figures.missed = {"turnaround_hours"};
  core::VendorTargets targets;
  targets.turnaround_hours = 24;
  const VendorRowText t = VendorRowTextOf(row, targets);
  EXPECT_EQ(t.turnaround.text, "5.0 / 30.3");
  EXPECT_TRUE(t.turnaround.missed);
  EXPECT_TRUE(t.turnaround.above);
  EXPECT_EQ(t.turnaround.target, "24");
  EXPECT_EQ(FormatTargets(targets), "turnaround (90th pct) <= 24 h");
}

// The Review window's queue is read on the background reader: right after
// F11 the reader runs and the window says "reading"; a verdict recorded
// marks the card stale, and no second verdict is taken until the queue is
// read again.
TEST_F(ReportsWindowsTest, ReviewQueueIsReadOnTheBackgroundReader) {
  gui_.Frame({GLFW_KEY_F11});
  gui_.Frame();
  EXPECT_TRUE(gui_.host.reader_running());
  EXPECT_FALSE(gui_.parts.review.model.built) << "nothing read on the GUI thread";
  gui_.FramesUntilIdle();
  ReviewWindow& review = gui_.parts.review;
  ASSERT_TRUE(review.model.built);
  ASSERT_EQ(review.model.error, "");
  EXPECT_EQ(review.model.plan, "audit");
  // Each reviewer reviews on their own: all 12 labels of the plan's items
  // wait for "tester" (the fixture's reviews are lead's).
  EXPECT_EQ(review.model.queue.size(), 12u);
  ASSERT_TRUE(review.model.card.has_value());
  const std::string first = review.model.card->task.label.event_id;
  gui_.Frame({GLFW_KEY_A});
  gui_.Frame();  // records, starts the read
  EXPECT_FALSE(ReviewCurrent(review, gui_.host.generation(), gui_.host.project()->revision()));
  gui_.Frame({GLFW_KEY_A});  // refused: the card may be the one just judged
  EXPECT_FALSE(review.ui.submit.has_value());
  gui_.FramesUntilIdle();
  EXPECT_EQ(review.model.queue.size(), 11u);
  ASSERT_TRUE(review.model.card.has_value());
  EXPECT_NE(review.model.card->task.label.event_id, first);
}

// The real taxa-gui at 1280 x 800 started in `window`, written to `name`.
void Shoot(const std::string& window, const std::string& name,
           const std::string& screen = "1280x800x24") {
  TempDir tmp;
  const std::string dir = tmp / "p";
  ASSERT_NO_FATAL_FAILURE(MakeReportsProject(dir));
  const std::string shot = testing::ScreenshotPath(tmp.path(), name);
  testing::Xvfb x(tmp.path(), screen);
  ASSERT_TRUE(x.ok()) << "could not start Xvfb on any display from :99";
  // LeakSanitizer reports the GL driver's own small leaks: off for this child only.
  testing::Child gui({testing::kGui, dir, "--as", "lead", "--window", window, "--screenshot", shot,
                      "--frames", "60"},
                     {"DISPLAY=" + x.display(), "ASAN_OPTIONS=detect_leaks=0"}, tmp / "gui.log");
  std::optional<int> code = gui.Wait(std::chrono::seconds(120));
  ASSERT_TRUE(code.has_value()) << ::taxa::testing::ReadText(tmp / "gui.log");
  EXPECT_EQ(*code, 0) << ::taxa::testing::ReadText(tmp / "gui.log");
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_GT(std::filesystem::file_size(shot), 20'000u);
}

// Reviews over five weeks (written into the segments with their clocks,
// tests/support/review_fixture.h): four labels and their reviews a day for
// 35 days from 2026-11-01 09:00 UTC; review k (0..139, in day order) is a
// reject when k % 6 == 0, naming one of three error types in turn.
void MakeTrendProject(const std::string& dir) {
  constexpr uint64_t kNov01 = 1793523600000;  // 2026-11-01 09:00 UTC
  constexpr uint64_t kDay = 86400000;
  constexpr int kReviews = 140;
  Result<std::unique_ptr<app::Project>> p = app::Project::Create(dir, "Trend", {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  app::Project& project = **p;
  for (const char* id : {"billing", "shipping"})
    ASSERT_TRUE(app::TaxonomyEdits(project).Add({.id = id, .name = id}).ok());
  std::string items;
  for (int i = 0; i < kReviews; ++i)
    items += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"t\"}\n";
  ASSERT_TRUE(
      app::Items(project).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines).ok());
  std::vector<core::LabelEvent> labels;
  for (int i = 0; i < kReviews; ++i) {
    core::LabelEvent e;
    e.item = "d" + std::to_string(i);
    e.annotator = i % 2 ? "ana" : "bo";
    e.device = "dev1";
    e.hlc = core::HybridClock::Make(kNov01 + kDay * (i / 4) + 1000 * i - 3600000, 0);
    e.taxonomy = project.state().taxonomy_version();
    e.categories = {i % 3 ? "billing" : "shipping"};
    labels.push_back(std::move(e));
  }
  std::vector<core::ReviewEvent> none;
  ASSERT_TRUE(::taxa::testing::CommitEvents(project, labels, none).ok());
  const char* kErrors[] = {"wrong-category", "missed-category", "guideline-ambiguous"};
  std::vector<core::ReviewEvent> reviews;
  for (int i = 0; i < kReviews; ++i) {
    core::ReviewEvent e;
    e.item = labels[i].item;
    e.annotator = labels[i].annotator;
    e.label = labels[i].id;
    e.reviewer = "rex";
    e.device = "dev1";
    e.hlc = core::HybridClock::Make(kNov01 + kDay * (i / 4) + 1000 * i, 0);
    e.verdict = i % 6 == 0 ? core::ReviewVerdict::kReject : core::ReviewVerdict::kAccept;
    if (i % 6 == 0) e.errors = {kErrors[(i / 6) % 3]};
    reviews.push_back(std::move(e));
  }
  std::vector<core::LabelEvent> no_labels;
  ASSERT_TRUE(::taxa::testing::CommitEvents(project, no_labels, reviews).ok());
}

TEST(GuiWindowShots, TheErrorAnalysisWindowOverFiveWeeks) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "p";
  ASSERT_NO_FATAL_FAILURE(MakeTrendProject(dir));
  // Headless first: the 35 days, and what the window says of them.
  {
    Result<std::unique_ptr<app::Project>> p = app::Project::Open(dir, {.user = "lead"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    ErrorsWindow w;
    RefreshErrorsWindow(**p, 1, w);
    ASSERT_TRUE(w.read.data.analysis.has_value()) << w.read.data.error;
    const core::DefectReport& r = w.read.data.analysis->report;
    EXPECT_EQ(r.trend.size(), 35u);
    EXPECT_EQ(r.trend.front().period, "2026-11-01");
    EXPECT_EQ(r.trend.back().period, "2026-12-05");
    // Rejects: k = 0, 6, ..., 138: 24 of 140.
    EXPECT_EQ(FormatDefectRate(r.overall), "17.1% (24 of 140 reviewed defective)");
  }
  const std::string shot = testing::ScreenshotPath(tmp.path(), "errors_window_weeks.png");
  testing::Xvfb x(tmp.path(), "1280x800x24");
  ASSERT_TRUE(x.ok()) << "could not start Xvfb on any display from :99";
  testing::Child gui({testing::kGui, dir, "--as", "lead", "--window", "errors", "--screenshot",
                      shot, "--frames", "60"},
                     {"DISPLAY=" + x.display(), "ASAN_OPTIONS=detect_leaks=0"}, tmp / "gui.log");
  std::optional<int> code = gui.Wait(std::chrono::seconds(120));
  ASSERT_TRUE(code.has_value()) << ::taxa::testing::ReadText(tmp / "gui.log");
  EXPECT_EQ(*code, 0) << ::taxa::testing::ReadText(tmp / "gui.log");
  ASSERT_TRUE(std::filesystem::exists(shot));
}

TEST(GuiWindowShots, TheErrorAnalysisWindow) {
  TAXA_REQUIRE_X();
  Shoot("errors", "errors_window.png");
}
TEST(GuiWindowShots, TheErrorAnalysisWindowAt960By600) {
  TAXA_REQUIRE_X();
  Shoot("errors", "errors_window_960.png", "960x600x24");
}
TEST(GuiWindowShots, TheVendorsWindowAt960By600) {
  TAXA_REQUIRE_X();
  Shoot("vendors", "vendors_window_960.png", "960x600x24");
}
TEST(GuiWindowShots, TheActionsWindow) {
  TAXA_REQUIRE_X();
  Shoot("actions", "actions_window.png");
}
// Several actions at once (tests/app/actions_session_test.cpp's agreement
// fixture, no model): x1..x8 labeled a, a, b (x5..x8 b, b, a) and y1..y6 c,
// c, d (y5, y6 d, d, d) by w1, w2, w3: a merge of a and b and a tighten, each
// with its categories' "Open ... in editor".
TEST(GuiWindowShots, TheActionsWindowWithSeveralActions) {
  TAXA_REQUIRE_X();
  TempDir tmp;
  const std::string dir = tmp / "p";
  {
    Result<std::unique_ptr<app::Project>> p = app::Project::Create(dir, "Agree", {.user = "lead"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    app::Project& project = **p;
    for (const char* id : {"a", "b", "c", "d"})
      ASSERT_TRUE(app::TaxonomyEdits(project)
                      .Add({.id = id, .name = std::string("N ") + id, .definition = "D."})
                      .ok());
    std::string items;
    for (int i = 1; i <= 8; ++i)
      items += "{\"id\":\"x" + std::to_string(i) + "\",\"text\":\"t\"}\n";
    for (int i = 1; i <= 6; ++i)
      items += "{\"id\":\"y" + std::to_string(i) + "\",\"text\":\"t\"}\n";
    ASSERT_TRUE(
        app::Items(project).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines).ok());
    std::vector<app::LabelRequest> labels;
    auto label = [&](std::string item, const char* who, const char* category) {
      labels.push_back({.item = item, .categories = {category}, .annotator = who});
    };
    for (int i = 1; i <= 8; ++i) {
      const std::string item = "x" + std::to_string(i);
      label(item, "w1", i <= 4 ? "a" : "b");
      label(item, "w2", i <= 4 ? "a" : "b");
      label(item, "w3", i <= 4 ? "b" : "a");
    }
    for (int i = 1; i <= 6; ++i) {
      const std::string item = "y" + std::to_string(i);
      label(item, "w1", i <= 4 ? "c" : "d");
      label(item, "w2", i <= 4 ? "c" : "d");
      label(item, "w3", "d");
    }
    ASSERT_TRUE(app::Labeling(project).LabelMany(labels, app::LabelCommit::kNow).ok());
    ActionsWindow w;
    RefreshActionsWindow(project, 1, w);
    ASSERT_TRUE(w.read.data.report.has_value()) << w.read.data.error;
    EXPECT_GE(w.read.data.report->actions.size(), 2u);
  }
  const std::string shot = testing::ScreenshotPath(tmp.path(), "actions_window_several.png");
  testing::Xvfb x(tmp.path(), "1280x800x24");
  ASSERT_TRUE(x.ok()) << "could not start Xvfb on any display from :99";
  testing::Child gui({testing::kGui, dir, "--as", "lead", "--window", "actions", "--screenshot",
                      shot, "--frames", "60"},
                     {"DISPLAY=" + x.display(), "ASAN_OPTIONS=detect_leaks=0"}, tmp / "gui.log");
  std::optional<int> code = gui.Wait(std::chrono::seconds(120));
  ASSERT_TRUE(code.has_value()) << ::taxa::testing::ReadText(tmp / "gui.log");
  EXPECT_EQ(*code, 0) << ::taxa::testing::ReadText(tmp / "gui.log");
  ASSERT_TRUE(std::filesystem::exists(shot));
}

TEST(GuiWindowShots, TheVendorsWindow) {
  TAXA_REQUIRE_X();
  Shoot("vendors", "vendors_window.png");
}

}  // namespace
}  // namespace taxa::gui
