// Paths the GUI offers or accepts: the demo project's default home and "~/"
// expansion of what the user typed.
#pragma once

#include <string>

namespace taxa::gui {

// $XDG_DATA_HOME/taxa/demo, else $HOME/.local/share/taxa/demo, else ./taxa-demo.
std::string DefaultDemoDir();

// Replaces a leading "~" or "~/" with $HOME and trims surrounding blanks;
// other paths are returned trimmed.
std::string ExpandHome(const std::string& path);

}  // namespace taxa::gui
