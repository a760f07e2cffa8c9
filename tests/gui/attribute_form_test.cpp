// The attribute fields of the label workspace, drawn headless over the demo
// project: the fields follow the chosen categories, keys fill them, and the
// form refuses what `taxa label --attr` refuses, in the session's words.
#include <algorithm>
#include <memory>
#include <string>

#include "gui_test_support.h"
#include "session/items.h"
#include "session/labeling.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

using testing::HeadlessImGui;
using testing::TestGui;

class AttributeFormTest : public ::testing::Test {
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

  // The number key of category `id` among those in view.
  int KeyOf(const std::string& id) {
    std::vector<std::string> in_view =
        CategoriesInView(gui_.workspace.taxonomy, gui_.workspace.taxonomy_ui);
    auto at = std::find(in_view.begin(), in_view.end(), id);
    EXPECT_NE(at, in_view.end()) << id << " is not in view";
    return GLFW_KEY_1 + static_cast<int>(at - in_view.begin());
  }

  std::vector<std::string> FieldIds() {
    std::vector<std::string> out;
    for (const core::Attribute& a : gui_.workspace.attributes.fields) out.push_back(a.id);
    return out;
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

TEST_F(AttributeFormTest, FieldsFollowTheChosenCategories) {
  EXPECT_TRUE(FieldIds().empty()) << "no category, no field";
  const int technical = KeyOf("technical");
  gui_.Frame({technical});  // severity (enum) and product_name (text)
  gui_.Frame();
  EXPECT_EQ(FieldIds(), (std::vector<std::string>{"severity", "product_name"}));
  gui_.Frame({technical});  // ticked off again
  gui_.Frame();
  EXPECT_TRUE(FieldIds().empty());
}

TEST_F(AttributeFormTest, KeysFillAnEnumAndATextFieldAndEnterInTheLastSubmits) {
  const std::string item = gui_.selection.item;
  gui_.Frame({KeyOf("technical")});
  gui_.Frame();
  gui_.Frame({GLFW_KEY_A});  // the keys go to the first field, severity
  EXPECT_EQ(gui_.workspace.draft.attribute_focus, 0);
  gui_.Frame({GLFW_KEY_3});  // its third value, and on to the next field
  EXPECT_EQ(gui_.workspace.draft.attributes["severity"], "high");
  EXPECT_EQ(gui_.workspace.draft.chosen, std::vector<std::string>{"technical"})
      << "the digit chose a value, it did not tick a category";
  EXPECT_EQ(gui_.workspace.draft.attribute_focus, 1);
  gui_.Frames(3);  // product_name, a text field, takes the keyboard
  ASSERT_TRUE(ImGui::GetIO().WantTextInput);
  Type("Pulse Watch 2");
  gui_.Frame({GLFW_KEY_ENTER});
  ASSERT_FALSE(gui_.status.error) << gui_.status.message;

  Result<app::ItemLabels> labels = app::Labeling(*session_).LabelsOf(item);
  ASSERT_TRUE(labels.ok()) << labels.status().message();
  ASSERT_TRUE(labels->mine) << "one Enter in the last field submitted the label";
  EXPECT_EQ(labels->mine->categories, std::vector<std::string>{"technical"});
  EXPECT_EQ(labels->mine->attributes,
            (std::map<std::string, std::string>{{"severity", "high"},
                                                {"product_name", "Pulse Watch 2"}}));
  EXPECT_NE(gui_.selection.item, item) << "and moved on";
}

TEST_F(AttributeFormTest, ABadNumberIsRefusedInTheSessionsWordsAndNothingIsRecorded) {
  const std::string item = gui_.selection.item;
  gui_.Frame({KeyOf("billing")}, /*shift=*/true);  // open billing
  gui_.Frame({KeyOf("billing.refund_request")});
  gui_.Frame();
  ASSERT_EQ(FieldIds(),
            (std::vector<std::string>{"refund_amount", "repeat_contact", "product_name"}));
  gui_.Frame({GLFW_KEY_A});
  gui_.Frames(3);
  ASSERT_TRUE(ImGui::GetIO().WantTextInput) << "refund_amount, a number field, has the keyboard";
  Type("12,50");
  gui_.Frame();

  // The very message `taxa label --attr refund_amount=12,50` prints.
  Status expected = app::Labeling(*session_).Check({.item = item,
                                                    .categories = {"billing.refund_request"},
                                                    .attributes = {{"refund_amount", "12,50"}}});
  ASSERT_FALSE(expected.ok());
  EXPECT_NE(expected.message().find("\"12,50\" is not a number"), std::string::npos);
  EXPECT_EQ(gui_.workspace.attributes.error, expected.message());

  gui_.Frame({GLFW_KEY_ENTER});  // on to repeat_contact, a bool: no text field
  gui_.Frames(2);
  ASSERT_FALSE(ImGui::GetIO().WantTextInput);
  EXPECT_EQ(gui_.workspace.draft.attribute_focus, 1);
  gui_.Frame({GLFW_KEY_ENTER});
  EXPECT_TRUE(gui_.status.error);
  EXPECT_EQ(gui_.status.message, expected.message());
  EXPECT_FALSE(app::Labeling(*session_).LabelsOf(item)->mine);
  EXPECT_EQ(session_->pending_labels(), 0u);
}

TEST_F(AttributeFormTest, ABoolTakesOneForYesAndTheSavedLabelFillsTheForm) {
  const std::string item = gui_.selection.item;
  ASSERT_TRUE(app::Labeling(*session_)
                  .Label({.item = item,
                          .categories = {"billing.refund_request"},
                          .attributes = {{"refund_amount", "49.99"}, {"repeat_contact", "false"}}})
                  .ok());
  gui_.Frame({GLFW_KEY_DOWN});
  gui_.Frame({GLFW_KEY_UP});  // back to the labeled item: a fresh draft from its label
  gui_.Frame();
  EXPECT_EQ(gui_.workspace.draft.attributes["refund_amount"], "49.99");
  gui_.Frame({GLFW_KEY_A});
  gui_.Frames(3);
  ASSERT_TRUE(ImGui::GetIO().WantTextInput);
  gui_.Frame({GLFW_KEY_ESCAPE});  // leave the number field as it is
  gui_.Frames(2);
  ASSERT_FALSE(ImGui::GetIO().WantTextInput);
  gui_.Frame({GLFW_KEY_DOWN});  // to repeat_contact
  EXPECT_EQ(gui_.workspace.draft.attribute_focus, 1);
  gui_.Frame({GLFW_KEY_1});  // yes
  gui_.Frame({GLFW_KEY_ENTER});
  ASSERT_FALSE(gui_.status.error) << gui_.status.message;
  Result<app::ItemLabels> labels = app::Labeling(*session_).LabelsOf(item);
  ASSERT_TRUE(labels.ok() && labels->mine);
  EXPECT_EQ(labels->mine->attributes,
            (std::map<std::string, std::string>{{"refund_amount", "49.99"},
                                                {"repeat_contact", "true"}}));
}

}  // namespace
}  // namespace taxa::gui
