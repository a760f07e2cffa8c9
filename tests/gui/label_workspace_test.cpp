// The label workspace drawn headless over the demo project: number keys, Enter,
// Tab and Shift+digit do to the session what the annotator means.
#include <algorithm>
#include <memory>

#include "gui/item_list.h"
#include "gui_test_support.h"
#include "session/items.h"
#include "session/labeling.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

#include <chrono>

namespace taxa::gui {
namespace {

using testing::HeadlessImGui;
using testing::TestGui;

class LabelWorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(imgui_.fonts().ok()) << imgui_.fonts().message();
    Result<std::unique_ptr<app::Project>> s =
        app::Project::CreateDemo(tmp_ / "demo", {.user = "tester"});
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

  std::vector<std::string> InView() {
    return CategoriesInView(gui_.workspace.taxonomy, gui_.workspace.taxonomy_ui);
  }

  ::taxa::testing::TempDir tmp_;
  HeadlessImGui imgui_;
  TestGui gui_;
  app::Project* session_ = nullptr;
};

TEST_F(LabelWorkspaceTest, NumberKeyThenEnterLabelsTheItemAndMovesToTheNextUnlabeled) {
  core::ItemRow first = ItemAt(0);
  ASSERT_EQ(gui_.selection.item, first.item.id);
  std::vector<std::string> in_view = InView();
  ASSERT_FALSE(in_view.empty());
  // At the start the roots are numbered, in the taxonomy's order.
  EXPECT_EQ(in_view.front(), session_->taxonomy().Children("").front());

  gui_.Frame({GLFW_KEY_1});
  gui_.Frame();
  EXPECT_EQ(gui_.workspace.draft.chosen, std::vector<std::string>{in_view.front()});
  EXPECT_TRUE(!app::Labeling(*session_).LabelsOf(first.item.id)->mine) << "not before Enter";

  gui_.Frame({GLFW_KEY_ENTER});
  ASSERT_FALSE(gui_.status.error) << gui_.status.message;
  Result<app::ItemLabels> labels = app::Labeling(*session_).LabelsOf(first.item.id);
  ASSERT_TRUE(labels.ok()) << labels.status().message();
  ASSERT_TRUE(labels->mine);
  EXPECT_TRUE(labels->others.empty());
  EXPECT_EQ(labels->mine->annotator, "tester");
  EXPECT_EQ(labels->mine->categories, std::vector<std::string>{in_view.front()});
  EXPECT_EQ(session_->pending_labels(), 1u);

  Result<std::optional<int64_t>> next = app::Labeling(*session_).NextUnlabeled(-1);
  ASSERT_TRUE(next.ok() && next->has_value());
  EXPECT_EQ(gui_.selection.ord, **next);
  EXPECT_EQ(gui_.selection.item, ItemAt(**next).item.id);
  EXPECT_NE(gui_.selection.item, first.item.id);

  gui_.Frame();
  EXPECT_EQ(gui_.workspace.draft.item, gui_.selection.item) << "a fresh draft for the next item";
  EXPECT_TRUE(gui_.workspace.draft.chosen.empty());
  EXPECT_EQ(gui_.workspace.item.labeled_by_me, 1);
  ASSERT_NE(gui_.workspace.list.Find(0), nullptr);
  EXPECT_TRUE(gui_.workspace.list.Find(0)->mine) << "the list marks the labeled item";
}

TEST_F(LabelWorkspaceTest, EnterWithoutACategoryLabelsNothingAndSaysWhy) {
  std::string item = gui_.selection.item;
  gui_.Frame({GLFW_KEY_ENTER});
  EXPECT_TRUE(gui_.status.error);
  EXPECT_NE(gui_.status.message.find("choose at least one category"), std::string::npos)
      << gui_.status.message;
  EXPECT_TRUE(!app::Labeling(*session_).LabelsOf(item)->mine);
  EXPECT_EQ(gui_.selection.item, item);
}

TEST_F(LabelWorkspaceTest, TabSkipsWithoutLabeling) {
  core::ItemRow first = ItemAt(0);
  gui_.Frame({GLFW_KEY_TAB});
  EXPECT_EQ(gui_.selection.ord, 1);
  EXPECT_TRUE(!app::Labeling(*session_).LabelsOf(first.item.id)->mine);
  EXPECT_EQ(session_->pending_labels(), 0u);
}

TEST_F(LabelWorkspaceTest, ShiftDigitOpensACategoryAndNumbersItsChildren) {
  std::string root = InView().front();
  gui_.Frame({GLFW_KEY_1}, /*shift=*/true);
  gui_.Frame();
  EXPECT_TRUE(gui_.workspace.draft.chosen.empty()) << "Shift opens, it does not tick";
  std::vector<std::string> children = session_->taxonomy().Children(root);
  ASSERT_FALSE(children.empty());
  EXPECT_EQ(InView().front(), children.front());

  gui_.Frame({GLFW_KEY_2});
  EXPECT_EQ(gui_.workspace.draft.chosen, std::vector<std::string>{children.at(1)});

  gui_.Frame({GLFW_KEY_BACKSPACE});
  EXPECT_EQ(InView().front(), root) << "Backspace goes back to the top level";
}

TEST_F(LabelWorkspaceTest, ArrowKeysMoveTheSelection) {
  gui_.Frame({GLFW_KEY_DOWN});
  EXPECT_EQ(gui_.selection.ord, 1);
  gui_.Frame({GLFW_KEY_UP});
  EXPECT_EQ(gui_.selection.ord, 0);
  gui_.Frame({GLFW_KEY_UP});
  EXPECT_EQ(gui_.selection.ord, 0) << "stays on the first item";
}

TEST_F(LabelWorkspaceTest, CtrlSCommitsPendingLabels) {
  gui_.Frame({GLFW_KEY_1});
  gui_.Frame({GLFW_KEY_ENTER});
  ASSERT_EQ(session_->pending_labels(), 1u);
  gui_.Frame({GLFW_KEY_S}, /*shift=*/false, /*ctrl=*/true);
  // The commit runs on the worker: the window draws on meanwhile.
  gui_.FramesUntilIdle();
  EXPECT_EQ(session_->pending_labels(), 0u);
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;
  EXPECT_NE(gui_.status.message.find("Saved 1 label"), std::string::npos) << gui_.status.message;
}

TEST_F(LabelWorkspaceTest, KeysTypeIntoTheNoteWhileItHasTheKeyboard) {
  std::string item = gui_.selection.item;
  gui_.Frame({GLFW_KEY_N});  // go to the note: the focus lands within a few frames
  gui_.Frames(3);
  ASSERT_TRUE(ImGui::GetIO().WantTextInput) << "the note field has the keyboard";

  ImGui::GetIO().AddInputCharacter('1');
  gui_.Frame({GLFW_KEY_1});
  gui_.Frame();
  EXPECT_EQ(gui_.workspace.draft.note, "1");
  EXPECT_TRUE(gui_.workspace.draft.chosen.empty()) << "1 went into the note, not the label";

  gui_.Frame({GLFW_KEY_ENTER});  // leaves the field; submits nothing
  gui_.Frames(2);                // io.WantTextInput follows a frame late
  EXPECT_FALSE(ImGui::GetIO().WantTextInput);
  EXPECT_EQ(gui_.selection.item, item);
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;

  gui_.Frame({GLFW_KEY_1});  // the keys label again
  gui_.Frame({GLFW_KEY_ENTER});
  Result<app::ItemLabels> labels = app::Labeling(*session_).LabelsOf(item);
  ASSERT_TRUE(labels.ok());
  ASSERT_TRUE(labels->mine);
  EXPECT_EQ(labels->mine->note, "1");
}

TEST(ItemList, DrawsOnlyTheVisibleRowsOfAMillionItems) {
  HeadlessImGui imgui;
  ItemListModel model;
  model.built = true;
  model.count = 1'000'000;
  model.first = 0;
  for (int64_t i = 0; i < 50; ++i)
    model.rows.push_back({.ord = i, .id = "T-" + std::to_string(i), .preview = "text"});
  ItemListUi ui;
  Selection selection{.ord = 500'000, .item = "T-500000"};
  Commands out;
  for (int frame = 0; frame < 3; ++frame) {
    ImGui::NewFrame();
    ImGui::SetNextWindowSize(ImVec2(300, 700));
    ImGui::Begin("list");
    DrawItemList(model, ui, selection, out);
    ImGui::End();
    ImGui::Render();
  }
  EXPECT_TRUE(out.empty());
  EXPECT_LT(ui.visible_count, 60) << "asks for one screenful, not the whole project";
  // The selection far down the list was scrolled into view.
  EXPECT_LE(ui.visible_first, 500'000);
  EXPECT_GT(ui.visible_first + ui.visible_count, 500'000);
  EXPECT_LT(ImGui::GetDrawData()->TotalVtxCount, 40'000);
}

TEST(ItemList, PreviewIsOneLineAndNeverCutsACharacter) {
  EXPECT_EQ(Preview("a\nb\tc", 100), "a b c");
  EXPECT_EQ(Preview("abcdef", 3), "abc\u2026");
  // "é" is two bytes: cutting after one byte of it would leave invalid UTF-8.
  std::string cut = Preview("a\u00e9b", 2);
  EXPECT_EQ(cut, "a\u00e9\u2026");
}

}  // namespace
}  // namespace taxa::gui
