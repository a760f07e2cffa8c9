// The Log window headless: its rows are the session's log, filtered by action
// and author, and a selected operation shows its change.
#include <memory>
#include <string>

#include "gui/log_window.h"
#include "gui_test_support.h"
#include "session/history.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

class LogWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(imgui_.fonts().ok());
    {
      Result<std::unique_ptr<app::Project>> lead =
          app::Project::Create(dir_, "Tickets", {.user = "lead"});
      ASSERT_TRUE(lead.ok()) << lead.status().message();
      for (const char* id : {"billing", "shipping", "returns"})
        ASSERT_TRUE(app::TaxonomyEdits(**lead)
                        .Add({.id = id, .name = id, .definition = "About " + std::string(id)})
                        .ok());
      ASSERT_TRUE(app::Items(**lead)
                      .ImportBytes("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}\n",
                                   "items.jsonl", core::ImportFormat::kJsonLines)
                      .ok());
    }
    Result<std::unique_ptr<app::Project>> ann = app::Project::Open(dir_, {.user = "ann"});
    ASSERT_TRUE(ann.ok());
    ASSERT_TRUE(app::Labeling(**ann).Label({.item = "a", .categories = {"billing"}}).ok());
    ASSERT_TRUE((*ann)->Flush().ok());
    session_ = std::move(*ann);
  }

  size_t GitCount(const std::string& action) {
    return ::taxa::testing::GitActionCount(dir_, action);
  }

  ::taxa::testing::TempDir tmp_;
  std::string dir_ = tmp_ / "p";
  testing::HeadlessImGui imgui_;
  std::unique_ptr<app::Project> session_;
};

TEST_F(LogWindowTest, RowsFollowTheFiltersAsGitCountsThem) {
  LogWindow log;
  RefreshLogModel(*session_, 1, log.ui, log.model);
  ASSERT_EQ(log.model.error, "");
  EXPECT_EQ(log.model.rows.size(), 6u) << "create, three categories, import, labels";
  EXPECT_EQ(log.model.authors, (std::vector<std::string>{"ann", "lead"}));
  ASSERT_EQ(GitCount("category.add"), 3u);

  log.ui.action = "category.add";
  RefreshLogModel(*session_, 1, log.ui, log.model);
  EXPECT_EQ(log.model.rows.size(), GitCount("category.add"));
  for (const LogRow& row : log.model.rows) EXPECT_EQ(row.action, "category.add");

  log.ui.action.clear();
  log.ui.author = "ann";
  RefreshLogModel(*session_, 1, log.ui, log.model);
  ASSERT_EQ(log.model.rows.size(), 1u);
  EXPECT_EQ(log.model.rows[0].action, "labels.commit");

  log.ui.selected = log.model.rows[0].commit;
  RefreshLogModel(*session_, 1, log.ui, log.model);
  ASSERT_TRUE(log.model.change) << log.model.change_error;
  ASSERT_EQ(log.model.change->files.size(), 1u);
  EXPECT_EQ(DescribeChangedFile(log.model.change->files[0]), "labels, added: +1 event");
}

TEST_F(LogWindowTest, DrawsTheNewestOperationsChangeWhenNoneIsChosen) {
  LogWindow log;
  log.ui.visible = true;
  for (int frame = 0; frame < 3; ++frame) {
    RefreshLogModel(*session_, 1, log.ui, log.model);
    ImGui::NewFrame();
    ImGui::SetNextWindowSize(ImVec2(1000, 700));
    ImGui::Begin("log");
    DrawLogWindow(log.model, log.ui);
    ImGui::End();
    ImGui::Render();
  }
  ASSERT_FALSE(log.model.rows.empty());
  EXPECT_EQ(log.ui.selected, log.model.rows.front().commit);
  ASSERT_TRUE(log.model.change);
  EXPECT_EQ(log.model.change->entry.commit, log.model.rows.front().commit);
}

}  // namespace
}  // namespace taxa::gui
