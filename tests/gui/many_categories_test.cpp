// A project with fifteen top-level categories, driven by keys only (headless):
// the first ten in view carry 1-9 and 0, the rest are reached by the typed
// filter (`/`, letters, Enter).
#include <memory>
#include <string>
#include <vector>

#include "gui/category_filter.h"
#include "gui_test_support.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

using testing::HeadlessImGui;
using testing::TestGui;

const std::vector<std::string> kNames = {
    "Billing",  "Shipping", "Returns",   "Warranty", "Login",  "Privacy", "Pricing", "Stock",
    "Delivery", "Feedback", "Complaint", "Praise",   "Safety", "Legal",   "Weather"};

std::string IdOf(const std::string& name) {
  std::string id = name;
  for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return id;
}

class ManyCategoriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(imgui_.fonts().ok()) << imgui_.fonts().message();
    Result<std::unique_ptr<app::Project>> s =
        app::Project::Create(tmp_ / "p", "Fifteen", {.user = "tester"});
    ASSERT_TRUE(s.ok()) << s.status().message();
    for (const std::string& name : kNames)
      ASSERT_TRUE(app::TaxonomyEdits(**s)
                      .Add({.id = IdOf(name), .name = name, .definition = name + " matters."})
                      .ok());
    std::string items;
    for (int i = 1; i <= 5; ++i)
      items += "{\"id\":\"i" + std::to_string(i) + "\",\"text\":\"ticket " + std::to_string(i) +
               "\"}\n";
    ASSERT_TRUE(
        app::Items(**s).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines).ok());
    session_ = s->get();
    gui_.host.Adopt(std::move(*s));
    ASSERT_TRUE(SelectFirstUnlabeled(*session_, gui_.selection).ok());
    gui_.project.visible = false;
    gui_.Frames(3);
  }

  std::vector<std::string> InView() {
    return CategoriesInView(gui_.workspace.taxonomy, gui_.workspace.taxonomy_ui);
  }
  void Type(const std::string& text) {
    for (char c : text) ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
    gui_.Frame();
  }

  ::taxa::testing::TempDir tmp_;
  HeadlessImGui imgui_;
  TestGui gui_;
  app::Project* session_ = nullptr;
};

TEST_F(ManyCategoriesTest, EveryCategoryInViewIsListedAndTheFirstTenHaveKeys) {
  std::vector<std::string> in_view = InView();
  ASSERT_EQ(in_view.size(), kNames.size()) << "none is cut off after nine";
  EXPECT_EQ(CategoryKeyName(0), "1");
  EXPECT_EQ(CategoryKeyName(8), "9");
  EXPECT_EQ(CategoryKeyName(9), "0");
  EXPECT_EQ(CategoryKeyName(10), "");

  gui_.Frame({GLFW_KEY_0});  // the tenth
  gui_.Frame();
  EXPECT_EQ(gui_.workspace.draft.chosen, std::vector<std::string>{in_view.at(9)});
}

TEST_F(ManyCategoriesTest, TheTypedFilterFindsACategoryWithoutANumberAndEnterTicksIt) {
  const std::string item = gui_.selection.item;
  std::vector<std::string> in_view = InView();
  auto weather = std::find(in_view.begin(), in_view.end(), "weather");
  ASSERT_NE(weather, in_view.end());
  ASSERT_GE(weather - in_view.begin(), kCategoryKeys) << "the test needs it past the keys";

  gui_.Frame({GLFW_KEY_SLASH});
  ASSERT_TRUE(gui_.workspace.taxonomy_ui.filtering);
  Type("WEA");  // in the very next frame, and in capitals
  EXPECT_EQ(gui_.workspace.taxonomy_ui.filter, "WEA");
  EXPECT_EQ(MatchCategories(gui_.workspace.taxonomy, "WEA"), std::vector<std::string>{"weather"});
  gui_.Frame({GLFW_KEY_ENTER});
  EXPECT_FALSE(gui_.workspace.taxonomy_ui.filtering) << "Enter picks and closes";
  EXPECT_EQ(gui_.workspace.draft.chosen, std::vector<std::string>{"weather"});
  EXPECT_EQ(gui_.selection.item, item) << "the Enter that picked did not submit";

  gui_.Frame();
  gui_.Frame({GLFW_KEY_ENTER});  // now it submits
  Result<app::ItemLabels> labels = app::Labeling(*session_).LabelsOf(item);
  ASSERT_TRUE(labels.ok() && labels->mine) << gui_.status.message;
  EXPECT_EQ(labels->mine->categories, std::vector<std::string>{"weather"});
}

TEST_F(ManyCategoriesTest, FilterKeysMoveTheHighlightEditAndEscapeLeavesTheDraftAlone) {
  gui_.Frame({GLFW_KEY_SLASH});
  Type("i");  // Billing, Shipping, Privacy, Pricing, Delivery, Complaint, Praise
  std::vector<std::string> matches = MatchCategories(gui_.workspace.taxonomy, "i");
  ASSERT_GE(matches.size(), 3u);
  gui_.Frame({GLFW_KEY_DOWN});
  gui_.Frame();
  gui_.Frame({GLFW_KEY_DOWN});
  EXPECT_EQ(gui_.workspace.taxonomy_ui.cursor, 2);
  EXPECT_EQ(gui_.workspace.taxonomy_ui.shown, matches[2]) << "its guidelines show";
  gui_.Frame({GLFW_KEY_1});  // digits are letters of the filter now, not keys
  gui_.Frame();
  EXPECT_EQ(gui_.workspace.taxonomy_ui.filter, "i");
  Type("1");
  EXPECT_EQ(gui_.workspace.taxonomy_ui.filter, "i1");
  gui_.Frame({GLFW_KEY_BACKSPACE});
  EXPECT_EQ(gui_.workspace.taxonomy_ui.filter, "i");
  gui_.Frame({GLFW_KEY_ESCAPE});
  EXPECT_FALSE(gui_.workspace.taxonomy_ui.filtering);
  EXPECT_TRUE(gui_.workspace.draft.chosen.empty());
  gui_.Frame({GLFW_KEY_1});  // and the keys tick again
  EXPECT_EQ(gui_.workspace.draft.chosen, std::vector<std::string>{InView().front()});
}

}  // namespace
}  // namespace taxa::gui
