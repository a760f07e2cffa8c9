// The Quality window: its model against the session's own quality functions on
// a project with known labels (QualityFixture), the standings against an
// independent count, every tab drawn headless, the worker-thread loop, F7,
// and the calibration banner of the label workspace.
#include "gui/quality_window.h"

#include <chrono>
#include <map>
#include <thread>

#include "gui_test_support.h"
#include "session/calibration.h"
#include "session/gold.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/quality_service.h"
#include "support/quality_fixture.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

using testing::HeadlessImGui;
using testing::TestGui;

class QualityWindowTest : public ::taxa::testing::QualityFixture {
 protected:
  void SetUp() override { MakeProject(); }

  std::unique_ptr<app::Project> Open(const std::string& user = "lead") {
    Result<std::unique_ptr<app::Project>> s = app::Project::Open(tmp_ / "p", {.user = user});
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? std::move(*s) : nullptr;
  }

  // Two rounds over every annotator, the second the whole project.
  void StartRounds(app::Project& s) {
    ASSERT_TRUE(app::Calibration(s)
                    .Start({.name = "r1", .items = 12, .annotators = {"ann", "bob", "cy"}})
                    .ok());
    ASSERT_TRUE(app::Calibration(s)
                    .Start({.name = "r2", .items = 40, .annotators = {"ann", "bob", "cy"}})
                    .ok());
  }

  // The lead starts the two rounds; then the project opens as `user`, whose
  // rounds come back sorted by name (r1, r2).
  std::unique_ptr<app::Project> OpenWithRoundsAs(const std::string& user,
                                                 std::vector<app::CalibrationRound>& rounds) {
    {
      std::unique_ptr<app::Project> lead = Open();
      if (lead == nullptr) return nullptr;
      StartRounds(*lead);
    }
    std::unique_ptr<app::Project> s = Open(user);
    if (s == nullptr) return nullptr;
    Result<std::vector<app::CalibrationRound>> r = app::Calibration(*s).Rounds();
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (r.ok()) rounds = std::move(*r);
    return s;
  }
};

void ExpectSameRow(const app::AgreeRow& got, const app::AgreeRow& want) {
  EXPECT_EQ(got.slice, want.slice);
  EXPECT_EQ(got.error, want.error);
  EXPECT_DOUBLE_EQ(got.report.value, want.report.value) << want.slice;
  EXPECT_EQ(got.report.items, want.report.items);
  EXPECT_EQ(got.report.pairable_values, want.report.pairable_values);
  ASSERT_EQ(got.report.ci.has_value(), want.report.ci.has_value());
  if (want.report.ci) {
    EXPECT_DOUBLE_EQ(got.report.ci->first, want.report.ci->first);
    EXPECT_DOUBLE_EQ(got.report.ci->second, want.report.ci->second);
  }
}

TEST_F(QualityWindowTest, AgreementRowsAreTheSessionsWithTheirIntervals) {
  std::unique_ptr<app::Project> s = Open();
  ASSERT_NE(s, nullptr);
  QualityWindow q;
  RefreshQualityModel(*s, 1, q);
  ASSERT_TRUE(q.model.built);
  const QualityOverview& o = q.model.overview;

  app::ProjectAgreeOptions options;
  options.agree.ci = 0.95;
  Result<std::vector<app::AgreeRow>> overall = app::Quality(*s).Agree(options);
  ASSERT_TRUE(overall.ok()) << overall.status().message();
  ASSERT_TRUE(o.overall.has_value()) << o.overall_error;
  ExpectSameRow(*o.overall, overall->front());
  ASSERT_TRUE(o.overall->report.ci.has_value());
  EXPECT_EQ(o.overall->report.resamples, 1000u) << "the default bootstrap";

  options.per = app::Breakdown::kCategory;
  Result<std::vector<app::AgreeRow>> per = app::Quality(*s).Agree(options);
  ASSERT_TRUE(per.ok());
  ASSERT_EQ(o.per_category.size(), per->size());
  ASSERT_EQ(o.per_category.size(), Categories().size()) << "every category was used";
  for (size_t i = 0; i < per->size(); ++i) ExpectSameRow(o.per_category[i], (*per)[i]);

  EXPECT_EQ(o.pairs.size(), 3u) << "ann-bob, ann-cy, bob-cy";
  EXPECT_EQ(o.annotators, (std::vector<std::string>{"ann", "bob", "cy"}));
  EXPECT_FALSE(o.has_gold);
  EXPECT_EQ(o.names.at("billing.refund"), "billing.refund");
  EXPECT_EQ(FormatAlpha(*o.overall).size(), 5u) << FormatAlpha(*o.overall);
}

TEST_F(QualityWindowTest, HeatmapCountsAreTheSessionsConfusion) {
  std::unique_ptr<app::Project> s = Open();
  ASSERT_NE(s, nullptr);
  QualityWindow q;
  RefreshQualityModel(*s, 1, q);
  EXPECT_EQ(q.ui.a, "ann") << "the first two annotators by default";
  EXPECT_EQ(q.ui.b, "bob");
  ASSERT_TRUE(q.model.confusion.report.has_value()) << q.model.confusion.error;
  Result<app::AnnotatorConfusion> want = app::Quality(*s).Confusion("ann", "bob");
  ASSERT_TRUE(want.ok());
  EXPECT_EQ(q.model.confusion.report->categories, want->confusion.categories);
  EXPECT_EQ(q.model.confusion.report->counts, want->confusion.counts);

  // Another pair recomputes the matrix only.
  q.ui.a = "cy";
  std::optional<QualityWork> work = QualityWorkNeeded(q.model, q.ui, 1, s->revision());
  ASSERT_TRUE(work.has_value());
  EXPECT_FALSE(work->overview);
  EXPECT_TRUE(work->confusion);
  EXPECT_FALSE(work->calibration);
  RefreshQualityModel(*s, 1, q);
  want = app::Quality(*s).Confusion("cy", "bob");
  ASSERT_TRUE(want.ok());
  EXPECT_EQ(q.model.confusion.report->counts, want->confusion.counts);
  EXPECT_FALSE(QualityWorkNeeded(q.model, q.ui, 1, s->revision()).has_value());

  // Gold as the rows: the session's gold report of the columns' annotator.
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(app::Gold(*s).Set(ItemId(i), {truth_[ItemId(i)]}, "").ok());
  q.ui.a = kGoldChoice;
  RefreshQualityModel(*s, 1, q);
  EXPECT_TRUE(q.model.overview.has_gold) << "the revision moved: the overview was rebuilt";
  Result<app::GoldReport> gold = app::Gold(*s).Report("bob");
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  ASSERT_TRUE(q.model.confusion.report.has_value()) << q.model.confusion.error;
  EXPECT_EQ(q.model.confusion.report->counts, gold->confusion.counts);
}

TEST_F(QualityWindowTest, StandingsCountEachAnnotatorAgainstTheMajority) {
  // An independent count from the fixture's labels: the unique most frequent
  // label of each item with two or more labels.
  std::map<std::string, std::map<std::string, int>> votes;
  for (const auto& l : labels_) ++votes[l.item][l.category];
  std::map<std::string, std::string> majority;
  for (const auto& [item, counts] : votes) {
    int top = 0, n = 0, at_top = 0;
    std::string label;
    for (const auto& [c, k] : counts) {
      n += k;
      if (k > top) {
        top = k;
        label = c;
        at_top = 1;
      } else if (k == top) {
        ++at_top;
      }
    }
    if (n >= 2 && at_top == 1) majority[item] = label;
  }
  std::map<std::string, app::AnnotatorStanding> want;
  for (const auto& l : labels_) {
    app::AnnotatorStanding& w = want[l.annotator];
    ++w.labeled;
    auto m = majority.find(l.item);
    if (m == majority.end()) continue;
    ++w.compared;
    if (m->second != l.category) ++w.disagreements;
  }

  std::unique_ptr<app::Project> s = Open();
  ASSERT_NE(s, nullptr);
  StartRounds(*s);
  QualityWindow q;
  RefreshQualityModel(*s, 1, q);
  const std::vector<app::AnnotatorStanding>& got = q.model.overview.standings.annotators;
  ASSERT_EQ(got.size(), 3u) << q.model.overview.standings_error;
  for (const app::AnnotatorStanding& g : got) {
    SCOPED_TRACE(g.annotator);
    EXPECT_EQ(g.labeled, want[g.annotator].labeled);
    EXPECT_EQ(g.compared, want[g.annotator].compared);
    EXPECT_EQ(g.disagreements, want[g.annotator].disagreements);
    EXPECT_DOUBLE_EQ(g.disagreement_rate, static_cast<double>(g.disagreements) / g.compared);
  }
  // A round over every item counts the same as the whole project.
  Result<app::CalibrationReport> all = app::Calibration(*s).Report("r2");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->annotators.size(), got.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(all->annotators[i].annotator, got[i].annotator);
    EXPECT_EQ(all->annotators[i].compared, got[i].compared);
    EXPECT_EQ(all->annotators[i].disagreements, got[i].disagreements);
  }
}

TEST_F(QualityWindowTest, CalibrationShowsTheLastTwoRoundsSideBySide) {
  std::unique_ptr<app::Project> s = Open();
  ASSERT_NE(s, nullptr);
  StartRounds(*s);
  QualityWindow q;
  RefreshQualityModel(*s, 1, q);
  const QualityCalibration& c = q.model.calibration;
  ASSERT_EQ(q.model.overview.rounds.size(), 2u) << q.model.overview.rounds_error;
  EXPECT_EQ(c.first, "r1");
  EXPECT_EQ(c.second, "r2");
  EXPECT_EQ(q.ui.first, "r1");
  ASSERT_TRUE(c.first_report.has_value()) << c.error;
  ASSERT_TRUE(c.second_report.has_value()) << c.error;
  Result<app::CalibrationReport> r1 = app::Calibration(*s).Report("r1");
  ASSERT_TRUE(r1.ok());
  ExpectSameRow(c.first_report->overall.front(), r1->overall.front());
  ASSERT_EQ(c.first_report->per_category.size(), r1->per_category.size());
  for (size_t i = 0; i < r1->per_category.size(); ++i)
    ExpectSameRow(c.first_report->per_category[i], r1->per_category[i]);
  Result<app::RoundComparison> comparison = app::Calibration(*s).Compare("r1", "r2");
  ASSERT_TRUE(comparison.ok());
  const std::vector<app::RoundChange>& changes = comparison->changes;
  ASSERT_EQ(c.changes.size(), changes.size());
  for (size_t i = 0; i < changes.size(); ++i) {
    EXPECT_EQ(c.changes[i].slice, changes[i].slice);
    EXPECT_EQ(c.changes[i].first, changes[i].first);
    EXPECT_EQ(c.changes[i].second, changes[i].second);
  }
}

TEST_F(QualityWindowTest, EveryTabDrawsAndPushesNoCommand) {
  HeadlessImGui imgui;
  ASSERT_TRUE(imgui.fonts().ok()) << imgui.fonts().message();
  std::unique_ptr<app::Project> s = Open();
  ASSERT_NE(s, nullptr);
  StartRounds(*s);
  QualityWindow q;
  RefreshQualityModel(*s, 1, q);
  // An undefined row shows its reason, never a number.
  q.model.overview.per_category.push_back(
      {.kind = "category", .slice = "rare", .error = "no variation: every value is the same"});
  EXPECT_EQ(FormatAlpha(q.model.overview.per_category.back()), "-");
  EXPECT_EQ(FormatInterval(q.model.overview.per_category.back()), "");

  std::map<QualityTab, int> vertices;
  for (QualityTab tab : {QualityTab::kAgreement, QualityTab::kConfusion, QualityTab::kAnnotators,
                         QualityTab::kCalibration}) {
    q.ui.open_tab = tab;
    for (int frame = 0; frame < 3; ++frame) {
      Commands out;
      ImGui::NewFrame();
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(ImVec2(1280, 800));
      ImGui::Begin("quality");
      DrawQualityWindow(q.model, q.ui, /*computing=*/frame == 0, out);
      ImGui::End();
      ImGui::Render();
      EXPECT_TRUE(out.empty()) << "the window only reads";
      vertices[tab] = ImGui::GetDrawData()->TotalVtxCount;
    }
    EXPECT_EQ(q.ui.tab, tab);
  }
  EXPECT_TRUE(q.ui.visible == false) << "nothing was clicked";
  // A 5 x 5 heatmap, with a number in each cell, is no small drawing.
  EXPECT_GT(vertices[QualityTab::kConfusion], vertices[QualityTab::kAnnotators]);
  EXPECT_EQ(q.ui.a, "ann") << "no combo was touched";
}

TEST_F(QualityWindowTest, F7ShowsItAndTheNumbersArriveFromTheWorker) {
  HeadlessImGui imgui;
  TestGui gui;
  gui.host.Adopt(Open());
  gui.Frames(2);
  EXPECT_FALSE(gui.parts.quality.ui.visible);
  gui.Frame({GLFW_KEY_F7});
  EXPECT_TRUE(gui.parts.quality.ui.visible);
  gui.Frame();  // starts the reader: the project stays the window's meanwhile
  EXPECT_TRUE(gui.host.reader_running() || gui.parts.quality.model.built);
  EXPECT_NE(gui.host.project(), nullptr) << "labeling goes on while the numbers are computed";
  gui.FramesUntilIdle();
  ASSERT_TRUE(gui.parts.quality.model.built);
  EXPECT_FALSE(gui.status.error) << gui.status.message;
  ASSERT_TRUE(gui.parts.quality.model.overview.overall.has_value());
  EXPECT_TRUE(gui.parts.quality.model.confusion.report.has_value());
  gui.Frame();
  EXPECT_FALSE(gui.host.reader_running()) << "nothing changed: no second computation";

  // A new pair is computed on the worker too.
  gui.parts.quality.ui.b = "cy";
  gui.Frame();
  gui.FramesUntilIdle();
  EXPECT_EQ(gui.parts.quality.model.confusion.b, "cy");
  gui.Frame({GLFW_KEY_F7});
  EXPECT_FALSE(gui.parts.quality.ui.visible);
  EXPECT_FALSE(gui.host.busy());
}

TEST_F(QualityWindowTest, TheLabelWorkspaceShowsTheRoundWhileItsItemsWait) {
  std::vector<app::CalibrationRound> rounds;
  std::unique_ptr<app::Project> s = OpenWithRoundsAs("ann", rounds);
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(rounds.size(), 2u);
  const app::CalibrationRound& r1 = rounds.front();
  size_t labeled = 0;
  for (const std::string& item : r1.items)
    for (const auto& l : labels_)
      if (l.item == item && l.annotator == "ann") ++labeled;
  ASSERT_LT(labeled, r1.items.size()) << "the fixture left some of them for ann";

  HeadlessImGui imgui;
  TestGui gui;
  gui.host.Adopt(std::move(s));
  gui.Frames(2);
  EXPECT_EQ(gui.workspace.round.text, "Calibration round r1: " + std::to_string(labeled) +
                                          " of 12 labeled (and 1 more round)");
  ASSERT_GE(gui.workspace.round.next_ord, 0);
  EXPECT_EQ(RoundBannerText(r1, 3, 0), "Calibration round r1: 3 of 12 labeled");

  // Labeling the items the banner points at moves the count; a finished round
  // gives way to the next (r2 holds all 40 items).
  size_t labeled_all = 0;
  for (const auto& l : labels_) labeled_all += l.annotator == "ann";
  app::Project& session = *gui.host.project();
  for (size_t k = labeled; k < r1.items.size(); ++k) {
    Result<std::vector<core::ItemRow>> next =
        app::Items(session).At(gui.workspace.round.next_ord, 1);
    ASSERT_TRUE(next.ok() && next->size() == 1);
    ASSERT_TRUE(app::Labeling(session)
                    .Label({.item = next->front().item.id, .categories = {"billing"}})
                    .ok());
    ++labeled_all;
    gui.Frame();
    if (k + 1 < r1.items.size()) {
      EXPECT_EQ(gui.workspace.round.text, "Calibration round r1: " + std::to_string(k + 1) +
                                              " of 12 labeled (and 1 more round)");
    }
  }
  EXPECT_EQ(gui.workspace.round.text,
            "Calibration round r2: " + std::to_string(labeled_all) + " of 40 labeled");

  // Someone in no round sees no banner.
  ASSERT_TRUE(gui.host.Close().ok());
  gui.host.Adopt(Open("dora"));
  gui.Frames(2);
  EXPECT_EQ(gui.workspace.round.text, "");
}

// A round measures independent judgments: while ann has not labeled a round
// item, the other annotators' labels of it stay hidden; once she has, they show.
TEST_F(QualityWindowTest, OthersLabelsOfARoundItemStayHiddenUntilTheAnnotatorLabelsIt) {
  std::vector<app::CalibrationRound> rounds;
  std::unique_ptr<app::Project> s = OpenWithRoundsAs("ann", rounds);
  ASSERT_NE(s, nullptr);
  ASSERT_FALSE(rounds.empty());
  // A round item ann has not labeled and someone else has.
  std::string target;
  for (const std::string& item : rounds.front().items) {
    bool mine = false, theirs = false;
    for (const auto& l : labels_) {
      if (l.item != item) continue;
      (l.annotator == "ann" ? mine : theirs) = true;
    }
    if (!mine && theirs) {
      target = item;
      break;
    }
  }
  ASSERT_FALSE(target.empty()) << "the fixture leaves ann such an item";
  Result<std::optional<core::ItemRow>> row = app::Items(*s).Find(target);
  ASSERT_TRUE(row.ok() && row->has_value());

  HeadlessImGui imgui;
  TestGui gui;
  gui.host.Adopt(std::move(s));
  gui.Frames(2);
  gui.commands.Push(SelectItem{.ord = (*row)->ord});
  gui.Frames(2);
  ASSERT_TRUE(gui.workspace.item.row.has_value());
  ASSERT_EQ(gui.workspace.item.row->item.id, target);
  EXPECT_TRUE(gui.workspace.item.others.empty());
  EXPECT_EQ(gui.workspace.item.others_hidden,
            "calibration round r1: the others' labels show once you have labeled this item");

  ASSERT_TRUE(
      app::Labeling(*gui.host.project()).Label({.item = target, .categories = {"billing"}}).ok());
  gui.Frames(2);
  EXPECT_EQ(gui.workspace.item.others_hidden, "");
  EXPECT_FALSE(gui.workspace.item.others.empty());
}

}  // namespace
}  // namespace taxa::gui
