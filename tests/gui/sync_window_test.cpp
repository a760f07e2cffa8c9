// The Sync window: its rows, drawn headless, and the whole loop of a sync run on
// the worker thread, the conflict it records and the buttons that close it.
#include "gui/sync_window.h"

#include <chrono>
#include <set>
#include <thread>

#include "gui_test_support.h"
#include "support/test_support.h"
#include "sync_fixture.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

using ::taxa::testing::TempDir;
using testing::HeadlessImGui;
using testing::Replicas;
using testing::TestGui;

// Runs frames until the host's job or task has ended and been taken (or 60 s pass);
// returns how many frames were drawn while it ran.
int FramesUntilIdle(TestGui& gui) {
  int busy_frames = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (gui.host.busy() && std::chrono::steady_clock::now() < deadline) {
    gui.Frame();
    ++busy_frames;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  gui.Frame();
  return busy_frames;
}

void AdoptReplica(TestGui& gui, const std::string& dir) {
  Result<std::unique_ptr<app::Project>> s = app::Project::Open(dir, {.user = "alice"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  gui.host.Adopt(std::move(*s));
}

TEST(SyncRows, AgeIsShortAndReadable) {
  const int64_t now = 1'700'000'000;
  EXPECT_EQ(DescribeAge(now, now), "just now");
  EXPECT_EQ(DescribeAge(now - 59, now), "just now");
  EXPECT_EQ(DescribeAge(now - 60, now), "1 min ago");
  EXPECT_EQ(DescribeAge(now - 3599, now), "59 min ago");
  EXPECT_EQ(DescribeAge(now - 3600, now), "1 h ago");
  EXPECT_EQ(DescribeAge(now - 86399, now), "23 h ago");
  EXPECT_EQ(DescribeAge(now - 86400, now), "1 day ago");
  EXPECT_EQ(DescribeAge(now - 3 * 86400 - 5, now), "3 days ago");
  EXPECT_EQ(DescribeAge(now + 10, now), "in the future");
}

TEST(SyncRows, RemoteRowsCarryCountsAndTheLastOutcome) {
  const int64_t now = 1'700'000'000;
  std::vector<app::RemoteStatus> remotes = {
      {.name = "backup", .url = "/media/usb/hub.git"},
      {.name = "origin",
       .url = "ssh://git@forge/tickets.git",
       .tracking = "0123456789abcdef0123456789abcdef01234567",
       .ahead = 2,
       .behind = 5,
       .last_sync = app::LastSync{.time = now - 300, .ok = false, .summary = "origin: timed out"}}};
  std::vector<SyncRemoteRow> rows = MakeRemoteRows(remotes, now);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "backup");
  EXPECT_EQ(rows[0].tracking, "");
  EXPECT_FALSE(rows[0].synced);
  EXPECT_EQ(rows[0].last_when, "");
  EXPECT_EQ(rows[1].url, "ssh://git@forge/tickets.git");
  EXPECT_EQ(rows[1].tracking, "0123456789");
  EXPECT_EQ(rows[1].ahead, 2u);
  EXPECT_EQ(rows[1].behind, 5u);
  EXPECT_TRUE(rows[1].synced);
  EXPECT_FALSE(rows[1].last_ok);
  EXPECT_EQ(rows[1].last_summary, "origin: timed out");
  ASSERT_GE(rows[1].last_when.size(), 16u);
  EXPECT_EQ(rows[1].last_when.substr(16), " (5 min ago)") << rows[1].last_when;
}

TEST(SyncRows, AConflictRowShowsEachSideAndMarksAnAbsentOne) {
  core::MergeConflict c{.id = "9f86d081884c7d659a2feaa0c55ad015",
                        .path = "taxonomy/categories/billing.json",
                        .field = "file",
                        .kind = "edit-delete",
                        .base = "{\"id\":\"billing\"}",
                        .ours = std::nullopt,
                        .theirs = "{\"id\":\"billing\",\"name\":\"Payments\"}"};
  ConflictRow row = MakeConflictRow(c);
  EXPECT_EQ(row.short_id, "9f86d081");
  EXPECT_EQ(row.base, "{\"id\":\"billing\"}");
  EXPECT_EQ(row.ours, "(absent)");
  EXPECT_EQ(row.theirs, "{\"id\":\"billing\",\"name\":\"Payments\"}");
  EXPECT_EQ(row.kind, "edit-delete");
  EXPECT_EQ(row.what, "edited on one side, deleted on the other");
}

TEST(SyncWindowDraw, ConflictsAndProgressAddToWhatIsDrawn) {
  HeadlessImGui imgui;
  ASSERT_TRUE(imgui.fonts().ok()) << imgui.fonts().message();
  SyncModel model;
  model.head = "abcdef0123";
  model.remotes = MakeRemoteRows({{.name = "origin", .url = "/srv/hub.git"}}, 0);
  SyncUi ui;
  ui.visible = true;
  auto draw = [&](const SyncProgress& progress) {
    Commands out;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 800));
    ImGui::Begin("sync");
    DrawSyncWindow(model, ui, progress, out);
    ImGui::End();
    ImGui::Render();
    EXPECT_TRUE(out.empty()) << "nothing was clicked";
    return ImGui::GetDrawData()->TotalVtxCount;
  };
  int plain = draw({});
  model.conflicts.push_back(MakeConflictRow({.id = "0011223344556677",
                                             .path = "taxa.json",
                                             .field = "name",
                                             .kind = "field",
                                             .base = "\"Tickets\"",
                                             .ours = "\"Support\"",
                                             .theirs = "\"Helpdesk\""}));
  int with_conflict = draw({});
  EXPECT_GT(with_conflict, plain + 500) << "three values, four buttons and a field";
  int running = draw({.running = true, .title = "Syncing with origin", .progress = {3, 10}});
  EXPECT_GT(running, with_conflict) << "the phase and the progress bar";
  EXPECT_TRUE(ui.visible);
}

TEST(SyncWindow, F6AndCtrlShiftYShowAndHideIt) {
  HeadlessImGui imgui;
  TempDir tmp;
  TestGui gui;
  Result<std::unique_ptr<app::Project>> s = app::Project::Create(tmp / "p", "P", {.user = "t"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  gui.host.Adopt(std::move(*s));
  gui.project.visible = true;  // F6 also brings it over the project screen
  gui.Frames(2);
  EXPECT_FALSE(gui.parts.sync.ui.visible);
  gui.Frame({GLFW_KEY_F6});
  EXPECT_TRUE(gui.parts.sync.ui.visible);
  EXPECT_FALSE(gui.project.visible);
  gui.Frame();
  EXPECT_TRUE(gui.parts.sync.model.remotes.empty());
  EXPECT_EQ(gui.parts.sync.model.error, "");
  EXPECT_EQ(gui.parts.sync.model.head.size(), 10u) << "rows were read from the project";
  gui.Frame({GLFW_KEY_Y}, /*shift=*/true, /*ctrl=*/true);
  EXPECT_FALSE(gui.parts.sync.ui.visible);
  gui.Frame();  // release the keys, so the next press is a new one
  gui.Frame({GLFW_KEY_Y}, /*shift=*/false, /*ctrl=*/true);
  EXPECT_FALSE(gui.parts.sync.ui.visible) << "Ctrl+Y alone is not the shortcut";
}

TEST(SyncWindow, SyncRunsOnTheWorkerWhileFramesGoOnThenShowsTheConflict) {
  HeadlessImGui imgui;
  TempDir tmp;
  Replicas r;
  ASSERT_NO_FATAL_FAILURE(testing::MakeDivergedReplicas(tmp, r));
  TestGui gui;
  ASSERT_NO_FATAL_FAILURE(AdoptReplica(gui, r.a));
  gui.project.visible = false;
  gui.parts.sync.ui.visible = true;
  gui.Frame();
  const SyncModel& model = gui.parts.sync.model;
  ASSERT_EQ(model.remotes.size(), 1u) << model.error;
  EXPECT_EQ(model.remotes[0].name, "origin");
  EXPECT_EQ(model.remotes[0].ahead, 1u) << "a's edit, not synced yet";
  EXPECT_EQ(model.remotes[0].behind, 0u) << "b's push is not fetched yet";
  EXPECT_TRUE(model.remotes[0].synced) << "the first sync was recorded";
  EXPECT_TRUE(model.conflicts.empty());

  gui.commands.Push(SyncRemote{.remote = "origin"});
  gui.Frame();
  EXPECT_TRUE(gui.host.task_running()) << "the sync runs on the worker";
  EXPECT_EQ(gui.host.project(), nullptr) << "nobody touches the session meanwhile";
  EXPECT_EQ(gui.status.message, "Syncing with origin...");
  int busy_frames = FramesUntilIdle(gui);
  EXPECT_GE(busy_frames, 1) << "frames went on while it ran";
  ASSERT_NE(gui.host.project(), nullptr);
  EXPECT_FALSE(gui.status.error) << gui.status.message;
  EXPECT_EQ(
      gui.status.message.rfind("Synced: merged with origin, 2 conflicts recorded; pushed ", 0), 0u)
      << gui.status.message;

  ASSERT_EQ(model.remotes.size(), 1u);
  EXPECT_EQ(model.remotes[0].ahead, 0u);
  EXPECT_EQ(model.remotes[0].behind, 0u);
  EXPECT_TRUE(model.remotes[0].last_ok);
  EXPECT_EQ(model.remotes[0].last_summary, gui.status.message.substr(8));
  ASSERT_EQ(model.conflicts.size(), 2u);
  std::string path = "taxonomy/categories/" + r.category + ".json";
  EXPECT_EQ(model.conflicts[0].path, path);
  EXPECT_EQ(model.conflicts[0].field, "definition");
  EXPECT_EQ(model.conflicts[1].field, "name");
  EXPECT_EQ(model.conflicts[1].what, "changed two ways");
  // The record keeps the sides in the merge's canonical order, whichever replica merged.
  EXPECT_EQ((std::set<std::string>{model.conflicts[1].ours, model.conflicts[1].theirs}),
            (std::set<std::string>{"\"Billing & invoices\"", "\"Payments\""}));
  const std::string& theirs = model.conflicts[1].theirs;
  std::string theirs_name = theirs.substr(1, theirs.size() - 2);  // the JSON string's text

  // Take theirs for the name, and a literal value for the definition.
  gui.commands.Push(ResolveConflict{.id = model.conflicts[1].id,
                                    .resolution = {.take = app::Resolution::Take::kTheirs}});
  gui.Frame();
  gui.Frame();
  EXPECT_FALSE(gui.status.error) << gui.status.message;
  ASSERT_EQ(model.conflicts.size(), 1u);
  EXPECT_EQ(gui.host.project()->taxonomy().Find(r.category)->name, theirs_name);

  gui.commands.Push(
      ResolveConflict{.id = model.conflicts[0].id,
                      .resolution = {.take = app::Resolution::Take::kValue, .value = "{not json"}});
  gui.Frame();
  EXPECT_TRUE(gui.status.error) << "a malformed value is refused: " << gui.status.message;
  gui.commands.Push(ResolveConflict{
      .id = model.conflicts[0].id,
      .resolution = {.take = app::Resolution::Take::kValue, .value = "\"Paying us.\""}});
  gui.Frame();
  gui.Frame();
  EXPECT_FALSE(gui.status.error) << gui.status.message;
  EXPECT_TRUE(model.conflicts.empty());
  EXPECT_EQ(gui.host.project()->taxonomy().Find(r.category)->definition, "Paying us.");
  EXPECT_EQ(model.remotes[0].ahead, 2u) << "two resolutions, each a commit, not pushed yet";
}

TEST(SyncWindow, AddRemoteAddsARowAndAFailedSyncShowsItsError) {
  HeadlessImGui imgui;
  TempDir tmp;
  TestGui gui;
  Result<std::unique_ptr<app::Project>> s = app::Project::Create(tmp / "p", "P", {.user = "t"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  gui.host.Adopt(std::move(*s));
  gui.project.visible = false;
  gui.parts.sync.ui.visible = true;
  gui.commands.Push(AddRemote{.name = "usb", .url = tmp / "missing.git"});
  gui.Frame();
  EXPECT_EQ(gui.status.message, "Added remote usb (" + tmp / "missing.git" + ")");
  gui.Frame();
  ASSERT_EQ(gui.parts.sync.model.remotes.size(), 1u);
  EXPECT_EQ(gui.parts.sync.model.remotes[0].name, "usb");
  EXPECT_FALSE(gui.parts.sync.model.remotes[0].synced);

  gui.commands.Push(AddRemote{.name = "usb", .url = "/elsewhere"});
  gui.Frame();
  EXPECT_TRUE(gui.status.error);
  EXPECT_NE(gui.status.message.find("\"usb\""), std::string::npos) << gui.status.message;

  gui.commands.Push(SyncRemote{.remote = "usb"});
  gui.Frame();
  FramesUntilIdle(gui);
  EXPECT_TRUE(gui.status.error);
  EXPECT_NE(gui.status.message.find("usb"), std::string::npos) << gui.status.message;
  const SyncRemoteRow& row = gui.parts.sync.model.remotes.at(0);
  EXPECT_TRUE(row.synced);
  EXPECT_FALSE(row.last_ok);
  EXPECT_EQ(row.last_summary, gui.status.message);
}

}  // namespace
}  // namespace taxa::gui
