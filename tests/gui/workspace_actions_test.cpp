// The label workspace's actions beyond labeling, headless over the demo
// project: clear and undo, skipping, searching the items, the reveal toggle of
// blind labeling, a failed open, a stale error, the calibration round's next
// item and the progress figure.
#include <algorithm>
#include <memory>
#include <string>

#include "gui/item_panel.h"
#include "gui_test_support.h"
#include "session/calibration.h"
#include "session/items.h"
#include "session/labeling.h"
#include "support/settings_edit.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

using testing::HeadlessImGui;
using testing::TestGui;

class WorkspaceActions : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(imgui_.fonts().ok()) << imgui_.fonts().message(); }

  // The demo project, with `roles` in taxa.json when given, open as `user`.
  void Start(const std::string& roles = "", const std::string& user = "tester") {
    {
      Result<std::unique_ptr<app::Project>> made =
          app::Project::CreateDemo(dir_, {.user = "tester"});
      ASSERT_TRUE(made.ok()) << made.status().message();
    }
    if (!roles.empty()) {
      ASSERT_NO_FATAL_FAILURE(::taxa::testing::EditRoles(dir_, roles));
    }
    Result<std::unique_ptr<app::Project>> s = app::Project::Open(dir_, {.user = user});
    ASSERT_TRUE(s.ok()) << s.status().message();
    session_ = s->get();
    gui_.host.Adopt(std::move(*s));
    ASSERT_TRUE(SelectFirstUnlabeled(*session_, gui_.selection).ok());
    gui_.project.visible = false;
    gui_.Frames(3);
  }

  core::ItemRow ItemAt(int64_t ord) {
    Result<std::vector<core::ItemRow>> rows = app::Items(*session_).At(ord, 1);
    EXPECT_TRUE(rows.ok() && rows->size() == 1);
    return rows.ok() && !rows->empty() ? rows->front() : core::ItemRow{};
  }
  std::optional<core::CurrentLabel> Mine(const std::string& item) {
    Result<app::ItemLabels> labels = app::Labeling(*session_).LabelsOf(item);
    EXPECT_TRUE(labels.ok()) << labels.status().message();
    return labels.ok() ? labels->mine : std::nullopt;
  }
  // A key pressed for one frame and released in the next.
  void Press(int key, bool shift = false, bool ctrl = false) {
    gui_.Frame({key}, shift, ctrl);
    gui_.Frame();
  }
  void Type(const std::string& text) {
    for (char c : text) ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
    gui_.Frame();
  }

  ::taxa::testing::TempDir tmp_;
  std::string dir_ = tmp_ / "demo";
  HeadlessImGui imgui_;
  TestGui gui_;
  app::Project* session_ = nullptr;
};

TEST_F(WorkspaceActions, DeleteClearsTheLabelAndCtrlZGivesItBack) {
  ASSERT_NO_FATAL_FAILURE(Start());
  const std::string first = ItemAt(0).item.id;
  Press(GLFW_KEY_1);
  Press(GLFW_KEY_ENTER);
  ASSERT_TRUE(Mine(first));
  const std::vector<std::string> labeled = Mine(first)->categories;
  Press(GLFW_KEY_UP);
  ASSERT_EQ(gui_.selection.item, first);

  Press(GLFW_KEY_DELETE);
  EXPECT_FALSE(Mine(first)) << "Del is `taxa label --clear`";
  EXPECT_NE(gui_.status.message.find("Cleared your label of " + first), std::string::npos)
      << gui_.status.message;
  Press(GLFW_KEY_DOWN);  // elsewhere; Ctrl+Z comes back
  Press(GLFW_KEY_Z, false, /*ctrl=*/true);
  ASSERT_TRUE(Mine(first));
  EXPECT_EQ(Mine(first)->categories, labeled);
  EXPECT_EQ(gui_.selection.item, first) << "undo goes to the item it changed";
  Press(GLFW_KEY_Z, false, /*ctrl=*/true);
  EXPECT_FALSE(Mine(first)) << "and once more takes back the label itself";
  Press(GLFW_KEY_Z, false, /*ctrl=*/true);
  EXPECT_TRUE(gui_.status.error);
  EXPECT_NE(gui_.status.message.find("nothing to undo"), std::string::npos)
      << gui_.status.message;
}

TEST_F(WorkspaceActions, TabMarksTheItemSkippedAndLabelingPassesItOver) {
  ASSERT_NO_FATAL_FAILURE(Start());
  const std::string first = ItemAt(0).item.id;
  Press(GLFW_KEY_TAB);
  EXPECT_EQ(gui_.selection.ord, 1);
  Result<std::vector<std::string>> skipped = app::Labeling(*session_).Skipped();
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(*skipped, std::vector<std::string>{first});
  ASSERT_NE(gui_.workspace.list.Find(0), nullptr);
  EXPECT_TRUE(gui_.workspace.list.Find(0)->skipped) << "the list marks it";
  Result<std::optional<int64_t>> next = app::Labeling(*session_).NextUnlabeled(-1);
  ASSERT_TRUE(next.ok() && next->has_value());
  EXPECT_EQ(**next, 1) << "the next unlabeled item is no longer the skipped one";

  Press(GLFW_KEY_UP);
  EXPECT_TRUE(gui_.workspace.item.skipped);
  gui_.commands.Push(UnskipItem{.item = first});  // the "unskip" button
  gui_.Frame();
  gui_.Frame();
  EXPECT_FALSE(gui_.workspace.item.skipped);
  EXPECT_TRUE(app::Labeling(*session_).Skipped()->empty());
}

TEST_F(WorkspaceActions, ASearchNarrowsTheListAndUpDownFollowIt) {
  ASSERT_NO_FATAL_FAILURE(Start());
  Press(GLFW_KEY_F, false, /*ctrl=*/true);
  gui_.Frames(2);
  ASSERT_TRUE(ImGui::GetIO().WantTextInput) << "Ctrl+F gives the search field the keyboard";
  Type("refund");
  Press(GLFW_KEY_ENTER);
  gui_.Frame();
  // Every match from the session, in project order.
  Result<app::ItemPage> expected = app::Items(*session_).Find(app::ItemQuery{.text = "refund"});
  ASSERT_TRUE(expected.ok());
  ASSERT_GE(expected->rows.size(), 4u);
  ASSERT_EQ(gui_.workspace.list.count, static_cast<int64_t>(expected->rows.size()));
  for (size_t i = 0; i < expected->rows.size(); ++i)
    EXPECT_EQ(gui_.workspace.list.At(static_cast<int64_t>(i))->id,
              expected->rows[i].row.item.id);

  gui_.selection = {expected->rows[0].row.ord, expected->rows[0].row.item.id};
  Press(GLFW_KEY_DOWN);
  EXPECT_EQ(gui_.selection.item, expected->rows[1].row.item.id) << "the next match, not ord + 1";
  Press(GLFW_KEY_TAB);  // skipping moves on to the next match too
  EXPECT_EQ(gui_.selection.item, expected->rows[2].row.item.id);
  Press(GLFW_KEY_1);
  EXPECT_FALSE(ImGui::GetIO().WantTextInput) << "Tab did not take the search field";
  Press(GLFW_KEY_ENTER);  // and so does labeling
  ASSERT_TRUE(Mine(expected->rows[2].row.item.id)) << gui_.status.message;
  EXPECT_EQ(gui_.selection.item, expected->rows[3].row.item.id);
}

TEST_F(WorkspaceActions, AnExactIdTypedInTheSearchGoesToThatItem) {
  ASSERT_NO_FATAL_FAILURE(Start());
  const core::ItemRow target = ItemAt(41);
  gui_.workspace.list_ui.focus_query = true;
  gui_.Frames(2);
  Type(target.item.id);
  Press(GLFW_KEY_ENTER);
  EXPECT_EQ(gui_.selection.item, target.item.id);
  EXPECT_EQ(gui_.selection.ord, 41);
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;
}

TEST_F(WorkspaceActions, AnUnknownSearchWordSaysWhatIsExpected) {
  ASSERT_NO_FATAL_FAILURE(Start());
  gui_.workspace.list_ui.applied = "is:done";
  gui_.Frames(2);
  EXPECT_EQ(gui_.workspace.list.count, 0);
  EXPECT_NE(gui_.workspace.list.error.find("expected is:unlabeled"), std::string::npos)
      << gui_.workspace.list.error;
}

TEST_F(WorkspaceActions, ALeadMayRevealWithheldLabelsAndAnAnnotatorMayNot) {
  ASSERT_NO_FATAL_FAILURE(Start(R"({"lead":["tester"]})"));
  const std::string first = ItemAt(0).item.id;
  ASSERT_TRUE(app::Labeling(*session_)
                  .Label({.item = first, .categories = {"billing"}, .annotator = "ann"})
                  .ok());
  gui_.Frames(2);
  const ItemModel& item = gui_.workspace.item;
  EXPECT_TRUE(item.blind);
  EXPECT_TRUE(item.may_reveal);
  EXPECT_TRUE(item.others.empty());
  EXPECT_EQ(item.withheld, 1u);
  EXPECT_NE(item.others_hidden.find("once you have labeled this item"), std::string::npos);

  gui_.workspace.item_ui.reveal = true;  // the "show them" toggle
  gui_.Frames(2);
  ASSERT_EQ(item.others.size(), 1u);
  EXPECT_EQ(item.others[0].annotator, "ann");
  EXPECT_EQ(item.withheld, 0u);
}

TEST_F(WorkspaceActions, AnAnnotatorsRevealToggleChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(Start(R"({"lead":["lena"],"annotator":["tester","ann"]})"));
  const std::string first = ItemAt(0).item.id;
  // Only a lead labels in another's name: ann labels as herself.
  ASSERT_TRUE(session_->ActAs("ann").ok());
  ASSERT_TRUE(app::Labeling(*session_).Label({.item = first, .categories = {"billing"}}).ok());
  ASSERT_TRUE(session_->ActAs("tester").ok());
  gui_.workspace.item_ui.reveal = true;  // even if the flag were set, the session refuses
  gui_.Frames(2);
  EXPECT_FALSE(gui_.workspace.item.may_reveal);
  EXPECT_TRUE(gui_.workspace.item.others.empty());
  EXPECT_EQ(gui_.workspace.item.withheld, 1u);
}

TEST_F(WorkspaceActions, AFailedOpenKeepsTheProjectAndTheItem) {
  ASSERT_NO_FATAL_FAILURE(Start());
  Press(GLFW_KEY_DOWN);
  Press(GLFW_KEY_DOWN);
  const Selection before = gui_.selection;
  ASSERT_EQ(before.ord, 2);
  gui_.commands.Push(OpenProject{.dir = tmp_ / "no-project-here"});
  gui_.Frame();
  gui_.FramesUntilIdle();
  EXPECT_TRUE(gui_.status.error);
  ASSERT_NE(gui_.host.project(), nullptr) << "the open project stays open";
  EXPECT_EQ(gui_.host.project()->dir(), dir_);
  EXPECT_EQ(gui_.selection, before) << "on the item the annotator was at";
  gui_.project.visible = false;
  Press(GLFW_KEY_1);
  Press(GLFW_KEY_ENTER);
  EXPECT_TRUE(Mine(before.item)) << "and labeling goes on: " << gui_.status.message;
}

TEST_F(WorkspaceActions, AnErrorLeavesTheStatusLineOnceSomethingWorks) {
  ASSERT_NO_FATAL_FAILURE(Start());
  Press(GLFW_KEY_ENTER);  // no category chosen
  ASSERT_TRUE(gui_.status.error);
  Press(GLFW_KEY_DOWN);  // a command that works and says nothing
  EXPECT_FALSE(gui_.status.error);
  EXPECT_EQ(gui_.status.message, "");
}

TEST_F(WorkspaceActions, EnterOnARoundItemGoesToTheRoundsNextItem) {
  ASSERT_NO_FATAL_FAILURE(Start(R"({"lead":["tester"]})"));
  Result<app::CalibrationRound> round =
      app::Calibration(*session_).Start({.name = "r1", .items = 6, .annotators = {"ann", "tester"},
                                         .seed = 7});
  ASSERT_TRUE(round.ok()) << round.status().message();
  gui_.Frames(2);
  ASSERT_GE(gui_.workspace.round.next_ord, 0) << gui_.workspace.round.text;
  Press(GLFW_KEY_R);  // the round's first item
  Result<std::optional<app::RoundWaiting>> waiting = app::Calibration(*session_).Waiting();
  ASSERT_TRUE(waiting.ok() && waiting->has_value());
  EXPECT_EQ(gui_.selection.ord, (*waiting)->next_ord);
  const std::string item = gui_.selection.item;

  Press(GLFW_KEY_1);
  Press(GLFW_KEY_ENTER);
  ASSERT_TRUE(Mine(item));
  waiting = app::Calibration(*session_).Waiting();
  ASSERT_TRUE(waiting.ok() && waiting->has_value());
  EXPECT_EQ(gui_.selection.ord, (*waiting)->next_ord) << "the round's next item";
  const std::vector<std::string>& items = (*waiting)->round.items;
  EXPECT_NE(std::find(items.begin(), items.end(), gui_.selection.item), items.end());
}

TEST(ProgressPercent, ShowsAStartedTaskAboveZeroAndAnUnfinishedOneBelowAHundred) {
  EXPECT_EQ(ProgressPercent(0, 50'000), "0%");
  EXPECT_EQ(ProgressPercent(10, 50'000), "0.02%");
  EXPECT_EQ(ProgressPercent(1, 1'000'000), "0.0001%");
  EXPECT_EQ(ProgressPercent(1, 3), "33%");
  EXPECT_EQ(ProgressPercent(1, 20), "5.0%");
  EXPECT_EQ(ProgressPercent(49'999, 50'000), "99%");
  EXPECT_EQ(ProgressPercent(50'000, 50'000), "100%");
  EXPECT_EQ(ProgressPercent(3, 0), "0%");
}

}  // namespace
}  // namespace taxa::gui
