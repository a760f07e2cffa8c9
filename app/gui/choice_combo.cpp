#include "gui/choice_combo.h"

#include "imgui.h"

namespace taxa::gui {

bool ChoiceCombo(const char* label, const std::vector<std::string>& choices, std::string& value,
                 float width, const char* empty) {
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  const char* shown = !value.empty() ? value.c_str() : empty != nullptr ? empty : "(none)";
  if (ImGui::BeginCombo(label, shown)) {
    if (empty != nullptr && ImGui::Selectable(empty, value.empty()) && !value.empty()) {
      value.clear();
      changed = true;
    }
    for (const std::string& c : choices) {
      if (ImGui::Selectable(c.c_str(), c == value) && c != value) {
        value = c;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace taxa::gui
