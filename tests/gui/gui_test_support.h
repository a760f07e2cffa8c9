// Headless Dear ImGui for the GUI tests: a context with the GUI's fonts and the
// GLFW key map but no window and no GL, and the state main() keeps for one run.
#pragma once

#include <thread>

#include <chrono>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <initializer_list>

#include "gui/frame.h"
#include "gui/style.h"
#include "imgui.h"

namespace taxa::gui::testing {

class HeadlessImGui {
 public:
  HeadlessImGui() {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    // The map the GLFW backend installs, so keys mean what they mean in the app.
    io.KeyMap[ImGuiKey_Tab] = GLFW_KEY_TAB;
    io.KeyMap[ImGuiKey_LeftArrow] = GLFW_KEY_LEFT;
    io.KeyMap[ImGuiKey_RightArrow] = GLFW_KEY_RIGHT;
    io.KeyMap[ImGuiKey_UpArrow] = GLFW_KEY_UP;
    io.KeyMap[ImGuiKey_DownArrow] = GLFW_KEY_DOWN;
    io.KeyMap[ImGuiKey_PageUp] = GLFW_KEY_PAGE_UP;
    io.KeyMap[ImGuiKey_PageDown] = GLFW_KEY_PAGE_DOWN;
    io.KeyMap[ImGuiKey_Home] = GLFW_KEY_HOME;
    io.KeyMap[ImGuiKey_End] = GLFW_KEY_END;
    io.KeyMap[ImGuiKey_Insert] = GLFW_KEY_INSERT;
    io.KeyMap[ImGuiKey_Delete] = GLFW_KEY_DELETE;
    io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
    io.KeyMap[ImGuiKey_Space] = GLFW_KEY_SPACE;
    io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
    io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
    io.KeyMap[ImGuiKey_KeyPadEnter] = GLFW_KEY_KP_ENTER;
    io.KeyMap[ImGuiKey_A] = GLFW_KEY_A;
    io.KeyMap[ImGuiKey_C] = GLFW_KEY_C;
    io.KeyMap[ImGuiKey_V] = GLFW_KEY_V;
    io.KeyMap[ImGuiKey_X] = GLFW_KEY_X;
    io.KeyMap[ImGuiKey_Y] = GLFW_KEY_Y;
    io.KeyMap[ImGuiKey_Z] = GLFW_KEY_Z;
    fonts_ = LoadFonts(1.0f);
    ApplyStyle(1.0f);
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // NewFrame needs a built atlas
  }
  ~HeadlessImGui() { ImGui::DestroyContext(context_); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  const Status& fonts() const { return fonts_; }

 private:
  ImGuiContext* context_ = nullptr;
  Status fonts_;
};

// What main() keeps between frames, and its frame loop.
struct TestGui {
  app::ProjectHost host{app::SessionOptions{.user = "tester"}};
  Selection selection;
  LabelWorkspace workspace;
  ProjectUi project;
  StatusLine status;
  GuiParts parts{host, selection, workspace, project, status};
  Commands commands;
  bool quit = false;

  // Runs one frame with exactly `keys` held down (GLFW key codes) and the
  // modifiers given; commands are applied after it, as in the app.
  void Frame(std::initializer_list<int> keys = {}, bool shift = false, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    for (bool& down : io.KeysDown) down = false;
    for (int key : keys) io.KeysDown[key] = true;
    io.KeyShift = shift;
    io.KeyCtrl = ctrl;
    PrepareFrame(parts);
    ImGui::NewFrame();
    DrawFrame(parts, commands);
    ImGui::Render();
    quit |= FinishFrame(parts, commands, ImGui::GetTime());
  }
  void Frames(int n) {
    for (int i = 0; i < n; ++i) Frame();
  }
  // Runs frames until the host's work (a job, a task or a reader) has ended
  // and been adopted, or 60 s pass.
  void FramesUntilIdle() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((host.busy() || host.reader_running()) && std::chrono::steady_clock::now() < deadline) {
      Frame();
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    Frame();
  }
};

}  // namespace taxa::gui::testing
