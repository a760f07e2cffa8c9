// The current item of the label workspace: UI state shared by its three windows
// and moved by the commands that label, skip or select.
#pragma once

#include <cstdint>
#include <string>

namespace taxa::gui {

struct Selection {
  int64_t ord = -1;  // position in the project's item order; -1: no item
  std::string item;  // its id
  bool operator==(const Selection&) const = default;
};

}  // namespace taxa::gui
