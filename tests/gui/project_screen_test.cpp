// The project screen drawn headless, and the worker thread that opens projects.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "gui_test_support.h"
#include "support/test_support.h"

namespace taxa::gui {
namespace {

using testing::HeadlessImGui;
using testing::TestGui;

// Runs frames until the host's job has finished and been adopted (or 60 s pass).
TEST(ProjectScreen, DrawsAtStartWithoutAProject) {
  HeadlessImGui imgui;
  ASSERT_TRUE(imgui.fonts().ok()) << imgui.fonts().message();
  TestGui gui;
  gui.project.demo_dir = "/somewhere/demo";
  gui.Frames(3);
  EXPECT_TRUE(gui.project.visible);
  EXPECT_EQ(gui.host.project(), nullptr);
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 1000) << "the screen drew its fields";
  EXPECT_FALSE(gui.quit);
  EXPECT_TRUE(gui.commands.empty());
}

TEST(ProjectScreen, TypingAtStartFillsTheOpenFolderField) {
  HeadlessImGui imgui;
  TestGui gui;
  gui.project.focus_section = true;  // as main() starts
  gui.Frames(4);  // the window appears, asks for the focus, gets it, reports it
  ASSERT_TRUE(ImGui::GetIO().WantTextInput);
  for (char c : std::string("/p")) ImGui::GetIO().AddInputCharacter(c);
  gui.Frames(2);
  EXPECT_EQ(gui.project.open_dir, "/p");
  gui.Frame({GLFW_KEY_ENTER});
  ASSERT_EQ(gui.host.job_title(), "Opening /p") << "Enter in the field opens the project";
  gui.FramesUntilIdle();
  EXPECT_TRUE(gui.status.error);
}

TEST(ProjectScreen, OpeningAFolderWithoutAProjectReportsTheError) {
  HeadlessImGui imgui;
  ::taxa::testing::TempDir tmp;
  TestGui gui;
  gui.commands.Push(OpenProject{.dir = tmp.path()});
  gui.Frame();
  gui.FramesUntilIdle();
  EXPECT_EQ(gui.host.project(), nullptr);
  EXPECT_TRUE(gui.project.visible);
  EXPECT_TRUE(gui.status.error);
  EXPECT_FALSE(gui.status.message.empty());
}

TEST(ProjectScreen, CreateDemoOpensTheDemoOnAWorkerThreadThenReopensIt) {
  HeadlessImGui imgui;
  ::taxa::testing::TempDir tmp;
  std::string dir = tmp / "demo";
  {
    TestGui gui;
    gui.commands.Push(CreateDemo{.dir = dir});
    gui.Frame();
    EXPECT_TRUE(gui.host.busy() || gui.host.project() != nullptr);
    gui.FramesUntilIdle();
    ASSERT_NE(gui.host.project(), nullptr) << gui.status.message;
    EXPECT_FALSE(gui.project.visible) << "the workspace replaces the project screen";
    EXPECT_EQ(gui.selection.ord, 0);
    EXPECT_NE(WindowTitle(gui.host).find("Acme"), std::string::npos);
    EXPECT_EQ(gui.project.recent, std::vector<std::string>{dir});
    gui.Frames(2);  // draws the workspace
    EXPECT_GT(gui.workspace.list.count, 0);
  }
  TestGui again;  // the demo exists now: it is opened, not created twice
  again.commands.Push(CreateDemo{.dir = dir});
  again.Frame();
  again.FramesUntilIdle();
  ASSERT_NE(again.host.project(), nullptr) << again.status.message;
  EXPECT_FALSE(again.status.error) << again.status.message;
}

TEST(ProjectScreen, CreateNeedsAName) {
  HeadlessImGui imgui;
  ::taxa::testing::TempDir tmp;
  TestGui gui;
  gui.commands.Push(CreateProject{.dir = tmp / "p", .name = ""});
  gui.Frame();
  EXPECT_FALSE(gui.host.busy());
  EXPECT_TRUE(gui.status.error);
  EXPECT_NE(gui.status.message.find("name"), std::string::npos) << gui.status.message;
}

TEST(ProjectScreen, CtrlQAsksToQuit) {
  HeadlessImGui imgui;
  TestGui gui;
  gui.Frame({GLFW_KEY_Q}, /*shift=*/false, /*ctrl=*/true);
  EXPECT_TRUE(gui.quit);
}

}  // namespace
}  // namespace taxa::gui
