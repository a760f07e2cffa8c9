// The Taxonomy editor: the form's edit is what changed and nothing else; its
// commands change the project as the CLI's taxonomy commands do (one commit
// each, as git counts them); the window draws headless and F9 shows it.
#include <memory>
#include <string>

#include "gui/taxonomy_editor.h"
#include "gui_test_support.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

core::Category Refund() {
  return {.id = "billing.refund",
          .name = "Refund",
          .parent = "billing",
          .definition = "Asks for money back",
          .include = {"asks for a refund", "disputes a charge"},
          .examples = {"I want my money back"}};
}

TEST(TaxonomyEditorForm, AnUntouchedDraftAsksForNoEdit) {
  core::Category c = Refund();
  EXPECT_TRUE(EditFrom(c, DraftOf(c)).empty());
}

TEST(TaxonomyEditorForm, TheEditHoldsOnlyWhatChangedListsByEntry) {
  core::Category c = Refund();
  CategoryDraft d = DraftOf(c);
  d.name = "Refund request";
  d.include = "  disputes a charge\n\nasks for store credit\n";  // one kept, one gone, one new
  d.sensitive = true;
  d.draft_status = true;
  core::CategoryEdit e = EditFrom(c, d);
  ASSERT_TRUE(e.name.has_value());
  EXPECT_EQ(*e.name, "Refund request");
  EXPECT_FALSE(e.definition.has_value());
  EXPECT_EQ(e.add_include, std::vector<std::string>{"asks for store credit"});
  EXPECT_EQ(e.remove_include, std::vector<std::string>{"asks for a refund"});
  EXPECT_TRUE(e.add_examples.empty());
  EXPECT_TRUE(e.remove_examples.empty());
  ASSERT_TRUE(e.sensitive.has_value());
  EXPECT_TRUE(*e.sensitive);
  ASSERT_TRUE(e.status.has_value());
  EXPECT_EQ(*e.status, core::CategoryStatus::kDraft);
  // Applied, the edit gives the category the form shows.
  Result<core::Category> after = core::ApplyEdit(c, e);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(DraftOf(*after).include, "disputes a charge\nasks for store credit");
}

class TaxonomyEditorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(imgui_.fonts().ok());
    {
      Result<std::unique_ptr<app::Project>> p = app::Project::Create(dir_, "Tickets", {.user = "tester"});
      ASSERT_TRUE(p.ok()) << p.status().message();
      app::TaxonomyEdits edits(**p);
      ASSERT_TRUE(edits.Add({.id = "billing", .name = "Billing", .definition = "Money"}).ok());
      ASSERT_TRUE(edits.Add(Refund()).ok());
      ASSERT_TRUE(edits.Add({.id = "shipping", .name = "Shipping", .definition = "Parcels"}).ok());
    }
    ASSERT_TRUE(gui_.host.Start("Opening", app::OpenJob(dir_), dir_).ok());
    gui_.FramesUntilIdle();
    ASSERT_NE(gui_.host.project(), nullptr);
  }

  const core::Category& Now(const std::string& id) {
    const core::Category* c = gui_.host.project()->taxonomy().Find(id);
    EXPECT_NE(c, nullptr) << id;
    return *c;
  }

  size_t GitCount(const std::string& action) {
    return ::taxa::testing::GitActionCount(dir_, action);
  }

  ::taxa::testing::TempDir tmp_;
  std::string dir_ = tmp_ / "p";
  testing::HeadlessImGui imgui_;
  testing::TestGui gui_;
};

TEST_F(TaxonomyEditorTest, F9ShowsTheEditorWithTheFirstCategoryInTheForm) {
  gui_.Frame({GLFW_KEY_F9});
  EXPECT_TRUE(gui_.parts.editor.ui.visible);
  gui_.Frame();
  EXPECT_EQ(gui_.parts.editor.ui.selected, "billing");
  EXPECT_EQ(gui_.parts.editor.ui.draft.name, "Billing");
  gui_.Frame({GLFW_KEY_F8});  // another window hides it
  EXPECT_FALSE(gui_.parts.editor.ui.visible);
  EXPECT_TRUE(gui_.parts.log.ui.visible);
}

TEST_F(TaxonomyEditorTest, SavingTheFormIsOneEditAndTheFormFollowsIt) {
  gui_.parts.editor.ui.visible = true;
  gui_.parts.editor.ui.selected = "billing.refund";
  gui_.Frame();
  ASSERT_EQ(gui_.parts.editor.ui.draft.name, "Refund");
  gui_.parts.editor.ui.draft.definition = "Asks for money back, in part or whole";
  gui_.parts.editor.ui.draft.near_misses = "asks where the refund is";
  const core::Category before = Now("billing.refund");
  gui_.commands.Push(EditCategory{.id = "billing.refund",
                                  .edit = EditFrom(before, gui_.parts.editor.ui.draft)});
  gui_.Frame();
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;
  EXPECT_EQ(Now("billing.refund").definition, "Asks for money back, in part or whole");
  EXPECT_EQ(Now("billing.refund").near_misses, std::vector<std::string>{"asks where the refund is"});
  EXPECT_EQ(Now("billing.refund").include, before.include);
  EXPECT_EQ(GitCount("category.edit"), 1u);
  gui_.Frame();
  // The saved value is what the form now holds, with no edit pending.
  EXPECT_EQ(gui_.parts.editor.ui.loaded, gui_.parts.editor.ui.draft);
}

TEST_F(TaxonomyEditorTest, MoveDeprecateAndAddGoThroughTheSessionsRules) {
  gui_.parts.editor.ui.visible = true;
  gui_.commands.Push(MoveCategory{.id = "shipping", .new_parent = "billing"});
  gui_.Frame();
  EXPECT_EQ(Now("shipping").parent, "billing");
  EXPECT_EQ(GitCount("category.move"), 1u);
  // A cycle is refused with the taxonomy's message, and nothing is committed.
  gui_.commands.Push(MoveCategory{.id = "billing", .new_parent = "shipping"});
  gui_.Frame();
  EXPECT_TRUE(gui_.status.error);
  EXPECT_NE(gui_.status.message.find("cycle"), std::string::npos) << gui_.status.message;
  EXPECT_EQ(GitCount("category.move"), 1u);
  gui_.commands.Push(MoveCategory{.id = "shipping", .new_parent = ""});
  gui_.commands.Push(DeprecateCategory{.id = "billing.refund", .replaced_by = "shipping"});
  gui_.commands.Push(AddCategory{.category = {.id = "shipping.late",
                                              .name = "Late",
                                              .parent = "shipping",
                                              .definition = "Arrived late"}});
  gui_.Frame();
  EXPECT_FALSE(gui_.status.error) << gui_.status.message;
  EXPECT_EQ(Now("shipping").parent, "");
  EXPECT_EQ(Now("billing.refund").status, core::CategoryStatus::kDeprecated);
  EXPECT_EQ(Now("billing.refund").replaced_by, "shipping");
  EXPECT_EQ(Now("shipping.late").parent, "shipping");
  EXPECT_EQ(GitCount("category.deprecate"), 1u);
  // The deprecated category's form says so instead of offering its fields.
  gui_.parts.editor.ui.selected = "billing.refund";
  gui_.Frames(2);
}

}  // namespace
}  // namespace taxa::gui
