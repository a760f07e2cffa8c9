// The History window: its timeline is main's taxonomy commits as git lists
// them, the slider replays the tree as it stood, the diff between two points
// names each changed field; headless through the frame (F10), and in a real
// 960 x 600 window under Xvfb moved by real Left presses, ending in
// history_window.png (TAXA_SCREENSHOT_DIR keeps it).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gui/history_window.h"
#include "gui_test_support.h"
#include "session/project.h"
#include "session/releases.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"
#include "xvfb_support.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

using ::taxa::testing::RunCommand;
using ::taxa::testing::TempDir;

// A project whose taxonomy went through two releases:
//   add billing, add billing.refund "Refund", add shipping, release 1.0.0,
//   rename billing.refund to "Refunds and credits" (why: "credit notes count too"),
//   add returns, deprecate shipping into returns, release 1.1.0.
void MakeHistoryProject(const std::string& dir) {
  Result<std::unique_ptr<app::Project>> p = app::Project::Create(dir, "Tickets", {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  app::Project& project = **p;
  app::TaxonomyEdits edits(project);
  ASSERT_TRUE(edits.Add({.id = "billing", .name = "Billing", .definition = "Money matters."}).ok());
  ASSERT_TRUE(edits.Add({.id = "billing.refund",
                         .name = "Refund",
                         .parent = "billing",
                         .definition = "Asks for money back."})
                  .ok());
  ASSERT_TRUE(edits.Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
  Result<core::ReleaseManifest> first =
      app::Releases(project).Release({.version = "1.0.0", .changelog = "First."});
  ASSERT_TRUE(first.ok()) << first.status().message();
  app::TaxonomyEdits why(project);
  ASSERT_TRUE(why.WithRationale("credit notes count too")
                  .Edit("billing.refund", {.name = "Refunds and credits"})
                  .ok());
  ASSERT_TRUE(edits.Add({.id = "returns", .name = "Returns", .definition = "Goods sent back."}).ok());
  ASSERT_TRUE(edits.Deprecate("shipping", "returns").ok());
  Result<core::ReleaseManifest> second =
      app::Releases(project).Release({.version = "1.1.0", .changelog = "Renames."});
  ASSERT_TRUE(second.ok()) << second.status().message();
}

// What git itself lists: the first-parent commits from HEAD that changed
// taxonomy/, oldest first.
std::vector<std::string> GitTaxonomyCommits(const std::string& dir) {
  ::taxa::testing::CommandResult r =
      RunCommand("git -C '" + dir + "' log --first-parent --format=%H -- taxonomy");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  std::reverse(out.begin(), out.end());
  return out;
}

const HistoryTreeRow* Find(const std::vector<HistoryTreeRow>& tree, const std::string& id) {
  for (const HistoryTreeRow& r : tree)
    if (r.id == id) return &r;
  return nullptr;
}

int IndexOfVersion(const HistoryModel& m, const std::string& version) {
  for (size_t i = 0; i < m.rows.size(); ++i)
    if (m.rows[i].entry.version == version) return static_cast<int>(i);
  return -1;
}

class HistoryWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(imgui_.fonts().ok());
    ASSERT_NO_FATAL_FAILURE(MakeHistoryProject(dir_));
    ASSERT_TRUE(gui_.host.Start("Opening", app::OpenJob(dir_), dir_).ok());
    gui_.FramesUntilIdle();
    ASSERT_NE(gui_.host.project(), nullptr);
  }

  HistoryModel& model() { return gui_.parts.history.model; }
  HistoryUi& ui() { return gui_.parts.history.ui; }

  TempDir tmp_;
  std::string dir_ = tmp_ / "p";
  testing::HeadlessImGui imgui_;
  testing::TestGui gui_;
};

TEST_F(HistoryWindowTest, F10ShowsTheTimelineGitListsWithReleasesAuthorsAndRationale) {
  gui_.Frame({GLFW_KEY_F10});
  ASSERT_TRUE(ui().visible);
  gui_.Frame();
  ASSERT_EQ(model().error, "");
  const std::vector<std::string> git = GitTaxonomyCommits(dir_);
  std::vector<std::string> shown;
  for (const HistoryRow& r : model().rows) shown.push_back(r.entry.commit);
  EXPECT_EQ(shown, git);
  ASSERT_EQ(model().rows.size(), 8u) << "three adds, a release, a rename, an add, a deprecation, "
                                        "a release";
  EXPECT_EQ(model().rows[3].entry.version, "1.0.0");
  EXPECT_EQ(model().rows[3].entry.action, "taxonomy.release");
  EXPECT_EQ(model().rows[7].entry.version, "1.1.0");
  const app::TimelineEntry& rename = model().rows[4].entry;
  EXPECT_EQ(rename.action, "category.rename");
  EXPECT_EQ(rename.author, "lead");
  EXPECT_EQ(rename.rationale, "credit notes count too");
  EXPECT_EQ(rename.categories, std::vector<std::string>{"billing.refund"});
  EXPECT_EQ(model().rows[6].entry.categories, std::vector<std::string>{"shipping"});
  // The slider starts at the newest point: the tree as it stands now.
  EXPECT_EQ(ChosenPoint(model(), ui()), 7);
  const HistoryTreeRow* refund = Find(model().tree, "billing.refund");
  ASSERT_NE(refund, nullptr);
  EXPECT_EQ(refund->name, "Refunds and credits");
  EXPECT_EQ(refund->depth, 1);
  gui_.Frame({GLFW_KEY_F8});  // another window hides it
  EXPECT_FALSE(ui().visible);
}

TEST_F(HistoryWindowTest, TheSliderReplaysTheTreeAsItStoodAndReadsEachPointOnce) {
  ui().visible = true;
  gui_.Frames(2);
  const size_t reads = model().tree_reads;
  EXPECT_EQ(reads, 1u);
  gui_.Frames(5);
  EXPECT_EQ(model().tree_reads, reads) << "no git read while the point stays";

  // Back to release 1.0.0: the old name, shipping still active, no returns.
  ui().point = IndexOfVersion(model(), "1.0.0");
  ASSERT_EQ(ui().point, 3);
  gui_.Frame();
  EXPECT_EQ(model().tree_reads, reads + 1);
  const HistoryTreeRow* refund = Find(model().tree, "billing.refund");
  ASSERT_NE(refund, nullptr);
  EXPECT_EQ(refund->name, "Refund");
  const HistoryTreeRow* shipping = Find(model().tree, "shipping");
  ASSERT_NE(shipping, nullptr);
  EXPECT_EQ(shipping->status, "active");
  EXPECT_EQ(Find(model().tree, "returns"), nullptr);

  // The Left key steps back a point each press: to the add of shipping, then
  // to the add of billing.refund, before shipping.
  gui_.Frame({GLFW_KEY_LEFT});
  gui_.Frame();
  EXPECT_EQ(ChosenPoint(model(), ui()), 2);
  EXPECT_NE(Find(model().tree, "shipping"), nullptr);
  gui_.Frame({GLFW_KEY_LEFT});
  gui_.Frame();
  EXPECT_EQ(ChosenPoint(model(), ui()), 1);
  EXPECT_EQ(Find(model().tree, "shipping"), nullptr);
  EXPECT_EQ(model().tree.size(), 2u);

  // The newest again: shipping deprecated into returns; the tree was kept.
  ui().point = -1;
  gui_.Frame();
  EXPECT_EQ(model().tree_reads, reads + 3) << "the newest tree was kept by its commit";
  shipping = Find(model().tree, "shipping");
  ASSERT_NE(shipping, nullptr);
  EXPECT_EQ(shipping->status, "deprecated");
  EXPECT_EQ(shipping->replaced_by, "returns");
}

TEST_F(HistoryWindowTest, TheDiffBetweenTwoPointsListsEachChangedField) {
  ui().visible = true;
  gui_.Frame();
  ui().from = IndexOfVersion(model(), "1.0.0");
  ui().to = IndexOfVersion(model(), "1.1.0");
  gui_.Frame();
  ASSERT_EQ(model().diff_error, "");
  std::vector<std::string> ids;
  for (const HistoryDiffCategory& c : model().diff) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"billing.refund", "returns", "shipping"}));
  const HistoryDiffCategory& refund = model().diff[0];
  EXPECT_EQ(refund.what, std::vector<std::string>{"renamed to \"Refunds and credits\""});
  ASSERT_EQ(refund.fields.size(), 1u);
  EXPECT_EQ(refund.fields[0].field, "name");
  EXPECT_EQ(refund.fields[0].before, "\"Refund\"");
  EXPECT_EQ(refund.fields[0].after, "\"Refunds and credits\"");
  EXPECT_EQ(model().diff[1].what, std::vector<std::string>{"added as \"Returns\""});
  const HistoryDiffCategory& shipping = model().diff[2];
  EXPECT_EQ(shipping.what, std::vector<std::string>{"deprecated, replaced by returns"})
      << "returns is new since 1.0.0: a deprecation, not a merge (core::DiffTaxonomies)";
  std::vector<std::string> fields;
  for (const core::CategoryFieldChange& f : shipping.fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"status", "replaced_by"}));
  const size_t reads = model().diff_reads;
  gui_.Frames(3);
  EXPECT_EQ(model().diff_reads, reads) << "the diff is read again only when a point moves";

  // Following the slider: the point before it against it.
  ui().from = ui().to = -1;
  ui().point = 4;  // the rename
  gui_.Frame();
  ASSERT_EQ(model().diff.size(), 1u);
  EXPECT_EQ(model().diff[0].id, "billing.refund");

  // At a release, what it released: since the release before.
  ui().point = -1;  // 1.1.0
  gui_.Frame();
  EXPECT_EQ(DiffFrom(model(), ui()), 3);
  EXPECT_EQ(model().diff.size(), 3u);
  ui().point = 3;  // 1.0.0, the first release: since the first point
  gui_.Frame();
  EXPECT_EQ(DiffFrom(model(), ui()), 0);

  // [ and ] pin From and To to the slider's point.
  ui().point = 1;
  gui_.Frame({GLFW_KEY_LEFT_BRACKET});
  ui().point = 2;
  gui_.Frame({GLFW_KEY_RIGHT_BRACKET});
  gui_.Frame();
  EXPECT_EQ(ui().from, 1);
  EXPECT_EQ(ui().to, 2);
  ASSERT_EQ(model().diff.size(), 1u);
  EXPECT_EQ(model().diff[0].what, std::vector<std::string>{"added as \"Shipping\""});
}

TEST_F(HistoryWindowTest, DrawsAt960By600OnEitherTab) {
  ImGui::GetIO().DisplaySize = ImVec2(960, 600);
  ui().visible = true;
  gui_.Frames(3);
  EXPECT_EQ(ui().tab, 0);
  ui().select_tab = 1;
  for (int frame = 0; frame < 3; ++frame) {
    PrepareFrame(gui_.parts);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(960, 560));
    ImGui::Begin("history");
    DrawHistoryWindow(model(), ui());
    ImGui::End();
    ImGui::Render();
  }
  EXPECT_EQ(ui().tab, 1);
  EXPECT_FALSE(model().rows.empty());
  EXPECT_FALSE(model().tree.empty());
}

TEST(HistoryWindowModel, AnEmptyTaxonomyHasNoPointAndNothingToRead) {
  TempDir tmp;
  Result<std::unique_ptr<app::Project>> p = app::Project::Create(tmp / "p", "Empty", {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  HistoryWindow w;
  RefreshHistoryModel(**p, 1, w.ui, w.model);
  EXPECT_EQ(w.model.error, "");
  EXPECT_EQ(w.model.rows.size(), GitTaxonomyCommits(tmp / "p").size());
  if (w.model.rows.empty()) {
    EXPECT_EQ(ChosenPoint(w.model, w.ui), -1);
    EXPECT_EQ(w.model.tree_reads, 0u);
  }
}

// The real taxa-gui at 960 x 600 on MakeHistoryProject's project, started
// in the History window; `keys` (xdotool key names) pressed, then the
// picture saved as `name`.
void ShootHistoryWindow(const std::string& keys, const std::string& name) {
  TempDir tmp;
  const std::string dir = tmp / "p";
  ASSERT_NO_FATAL_FAILURE(MakeHistoryProject(dir));
  const std::string shot = testing::ScreenshotPath(tmp.path(), name);
  testing::Xvfb x(tmp.path(), "960x600x24");
  ASSERT_TRUE(x.ok()) << "could not start Xvfb on any display from :99";
  testing::Child gui({testing::kGui, dir, "--as", "lead", "--window", "history", "--screenshot",
                      shot, "--frames", "1000000"},
                     {"DISPLAY=" + x.display(), "ASAN_OPTIONS=detect_leaks=0"}, tmp / "gui.log");
  auto xdo = [&](const std::string& args) {
    ::taxa::testing::CommandResult r =
        RunCommand("DISPLAY=" + x.display() + " timeout 120 xdotool " + args);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return r;
  };
  ::taxa::testing::CommandResult found = xdo("search --sync --name 'Tickets' windowfocus --sync");
  ASSERT_EQ(found.exit_code, 0) << found.err << ::taxa::testing::ReadText(tmp / "gui.log");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(xdo("key --delay 150 " + keys).exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  xdo("key --delay 80 ctrl+q");
  std::optional<int> code = gui.Wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << ::taxa::testing::ReadText(tmp / "gui.log");
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_GT(std::filesystem::file_size(shot), 20'000u);
}

// Three Left presses step the slider back to the rename: the tree as it
// stood then (shipping still active, no returns).
TEST(GuiWindowShots, TheHistoryWindowReplaysAnEarlierTree) {
  TAXA_REQUIRE_X();
  ShootHistoryWindow("Left Left Left", "history_window.png");
}

// The same point, and D for the changes since the point before: the rename,
// field by field.
TEST(GuiWindowShots, TheHistoryWindowsDiffTab) {
  TAXA_REQUIRE_X();
  ShootHistoryWindow("Left Left Left d", "history_diff.png");
}

}  // namespace
}  // namespace taxa::gui
