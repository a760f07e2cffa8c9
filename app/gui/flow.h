// Flow layout: items placed left to right on a line and wrapped onto the next
// when the next one would not fit, so a row of buttons or tags never runs off
// a narrow panel (a 960 x 600 window).
//
//   for (size_t i = 0; i < tags.size(); ++i) {
//     FlowNext(ButtonWidth(tags[i]), i == 0);
//     ImGui::Button(tags[i].c_str());
//   }
#pragma once

#include <string>

#include "imgui.h"

namespace taxa::gui {

// Places the next item of `width` pixels: beside the previous one when it
// fits in the window's content region, else on a new line. `first`: the first
// item of the flow, which starts where the cursor is.
inline void FlowNext(float width, bool first) {
  if (first) return;
  ImGui::SameLine();
  // GetContentRegionMax knows a table cell's edge too.
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
}

// The width of ImGui::Button(label).
inline float ButtonWidth(const std::string& label) {
  return ImGui::CalcTextSize(label.c_str(), nullptr, true).x +
         ImGui::GetStyle().FramePadding.x * 2;
}

}  // namespace taxa::gui
