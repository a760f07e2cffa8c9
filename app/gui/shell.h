// The frame around the screens: window layout, the menu bar, the status bar and
// the keys that work everywhere.
#pragma once

#include <cstddef>
#include <string>
#include <span>

#include "gui/commands.h"
#include "gui/project_screen.h"
#include "imgui.h"
#include "taxa/core/status.h"

namespace taxa::gui {

struct Rect {
  ImVec2 pos;
  ImVec2 size;
};

// Where each window goes this frame: the whole area under the menu bar and above
// the status bar (`main`), split into the item list, the item and the taxonomy.
struct Layout {
  Rect main;
  Rect items;
  Rect item;
  Rect taxonomy;
  Rect status;
};

// The widths of the side panels as the user dragged them; 0: the default
// share of the window.
struct PanelWidths {
  float items = 0;
  float taxonomy = 0;
};

// The item panel keeps at least this width; the side panels give way first.
inline constexpr float kMinItemPanel = 320.0f;
inline constexpr float kMinSidePanel = 160.0f;

Layout ComputeLayout(ImVec2 display, float menu_height, float status_height,
                     const PanelWidths& widths = {});

// Handles on the two borders of the item panel that drag the side panels
// wider or narrower (stored in `widths`, applied from the next frame).
void DrawPanelSplitters(const Layout& layout, PanelWidths& widths);

// Begins a window pinned to `rect` (no moving, resizing or saved settings); the
// caller ends it with ImGui::End() whatever this returns.
bool BeginPanel(const char* title, const Rect& rect, ImGuiWindowFlags extra = 0);

// The last outcome of a command, shown in the status bar.
struct StatusLine {
  std::string message;
  bool error = false;

  // Shows an error, or a non-empty success message. An empty success keeps the
  // last message unless it was an error, which it clears (what failed then
  // has been put right, or left behind).
  void Report(const Result<std::string>& outcome);
  void Report(const Status& status, const std::string& ok_message);
};

struct StatusBarRow {
  bool has_project = false;
  std::string project;
  std::string annotator;
  size_t pending = 0;
  bool writable = true;
  std::string busy;  // title of a running job
};

// A window shown instead of the label workspace: its View menu entry and the
// key that shows and hides it.
struct MainWindowEntry {
  const char* name;      // "Sync"
  const char* shortcut;  // "F6", as the menu shows it
  int key;               // GLFW_KEY_F6
  int ctrl_shift_key;    // a second way, with Ctrl+Shift (GLFW_KEY_Y); 0 for none
  bool* visible;
};

// Shows the window whose flag is `shown` and hides the others and the
// project screen; nullptr shows the label workspace.
void ShowOnly(ProjectUi& project, std::span<const MainWindowEntry> windows, const bool* shown);

// The main menu bar; returns its height. View lists the label workspace, the
// project screen and `windows`; picking one shows it and hides the others.
float DrawMenuBar(ProjectUi& project, bool has_project, Commands& out,
                  std::span<const MainWindowEntry> windows = {});
void DrawStatusBar(const Rect& rect, const StatusBarRow& row, const StatusLine& status);

// Ctrl+S save, Ctrl+O open, Ctrl+N new, Ctrl+Q quit.
void HandleGlobalKeys(ProjectUi& project, bool has_project, Commands& out);

// Each window's key (when a project is open) shows it, hiding the others, or
// hides it again.
void HandleMainWindowKeys(ProjectUi& project, bool has_project,
                          std::span<const MainWindowEntry> windows);

}  // namespace taxa::gui
