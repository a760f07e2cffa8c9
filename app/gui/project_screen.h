// The project screen: open a project, create one, or create the demo. Shown at
// start when no project was given, and from File > Open / New / Demo.
//
// Also the busy screen drawn while a worker opens or creates a project.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "gui/commands.h"

namespace taxa::gui {

struct ProjectUi {
  bool visible = true;  // shown instead of the label workspace
  enum class Section { kOpen, kCreate, kDemo } section = Section::kOpen;
  bool focus_section = false;  // put the keyboard in the section's first field next frame
  std::string open_dir;
  std::string create_dir;
  std::string create_name;
  std::string demo_dir;
  std::vector<std::string> recent;  // opened this run, newest first (memory only)

  // Remembers `dir` as the newest recent project.
  void Remember(const std::string& dir);
};

// Draws into the current window. `has_project`: a project is open, so the screen
// offers to go back to it.
void DrawProjectScreen(ProjectUi& ui, bool has_project, Commands& out);

// Draws the progress of a running job into the current window. `progress` is
// {done, total}; total 0 shows an indeterminate bar.
void DrawBusy(const std::string& title, std::pair<size_t, size_t> progress, double time);

}  // namespace taxa::gui
