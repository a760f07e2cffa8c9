#include "gui/attribute_form.h"

#include <algorithm>

#define GLFW_INCLUDE_NONE
#include "gui/style.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "session/labeling.h"
#include <GLFW/glfw3.h>

namespace taxa::gui {

namespace {

bool Picks(const core::Attribute& a) {
  return a.type == core::AttributeType::kEnum || a.type == core::AttributeType::kBool;
}

// The values a field's buttons offer, and the words on them.
std::vector<std::pair<std::string, std::string>> Choices(const core::Attribute& a) {
  std::vector<std::pair<std::string, std::string>> out;
  if (a.type == core::AttributeType::kBool) return {{"true", "yes"}, {"false", "no"}};
  for (const std::string& v : a.values) out.emplace_back(v, v);
  return out;
}

// Moves the keys to the field after `from`, or out of the form after the last.
void Advance(const AttributeForm& form, LabelDraft& draft, int from) {
  int next = from + 1;
  if (next >= static_cast<int>(form.fields.size())) {
    draft.attribute_focus = -1;
    return;
  }
  draft.attribute_focus = next;
  draft.focus_attribute_field = !Picks(form.fields[static_cast<size_t>(next)]);
}

// An enum's or a bool's values as radio buttons, wrapped as needed; with the
// keys on the field, each value carries its number.
void DrawChoices(const core::Attribute& a, bool keyed, std::string& value) {
  float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  std::vector<std::pair<std::string, std::string>> choices = Choices(a);
  for (size_t k = 0; k < choices.size(); ++k) {
    const auto& [stored, shown] = choices[k];
    std::string number = keyed && k < 9 ? std::to_string(k + 1) : "";
    float width = ImGui::CalcTextSize((number + " " + shown).c_str()).x +
                  ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x * 2;
    if (k > 0) {
      ImGui::SameLine();
      if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
    }
    if (!number.empty()) {
      ImGui::TextColored(colors::kAccent, "%s", number.c_str());
      ImGui::SameLine(0, 4);
    }
    ImGui::PushID(static_cast<int>(k));
    if (ImGui::RadioButton(shown.c_str(), value == stored)) value = value == stored ? "" : stored;
    ImGui::PopID();
  }
}

}  // namespace

std::map<std::string, std::string> AttributeForm::Values(const LabelDraft& draft) const {
  std::map<std::string, std::string> out;
  for (const core::Attribute& a : fields) {
    auto it = draft.attributes.find(a.id);
    if (it != draft.attributes.end() && !it->second.empty()) out[a.id] = it->second;
  }
  return out;
}

void RefreshAttributeForm(app::Project& session, uint64_t generation, LabelDraft& draft,
                          AttributeForm& form) {
  bool same = form.built && form.generation == generation &&
              form.revision == session.revision() && form.item == draft.item &&
              form.chosen == draft.chosen && form.values == draft.attributes &&
              form.note == draft.note;
  if (!same) {
    form = {};
    form.generation = generation;
    form.revision = session.revision();
    form.built = true;
    form.item = draft.item;
    form.chosen = draft.chosen;
    form.values = draft.attributes;
    form.note = draft.note;
    app::Labeling labeling(session);
    form.fields = labeling.AttributesFor(draft.chosen);
    if (!draft.chosen.empty()) {
      Status verdict = labeling.Check({.item = draft.item,
                                       .categories = draft.chosen,
                                       .attributes = form.Values(draft),
                                       .note = draft.note});
      if (!verdict.ok()) form.error = verdict.message();
    }
  }
  if (draft.attribute_focus >= static_cast<int>(form.fields.size())) draft.attribute_focus = -1;
}

bool DrawAttributeForm(const AttributeForm& form, LabelDraft& draft) {
  if (form.fields.empty()) return false;
  bool submit = false;
  ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
  if (ImGui::BeginTable("attributes", 2, flags)) {
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    for (size_t i = 0; i < form.fields.size(); ++i) {
      const core::Attribute& a = form.fields[i];
      const bool keyed = draft.attribute_focus == static_cast<int>(i);
      std::string& value = draft.attributes[a.id];
      ImGui::PushID(a.id.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      const std::string name = (keyed ? "\u25B8 " : "  ") + (a.name.empty() ? a.id : a.name);
      ImGui::TextColored(keyed ? colors::kAccent : colors::kDim, "%s", name.c_str());
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s (%s)%s%s", a.id.c_str(),
                          std::string(core::AttributeTypeName(a.type)).c_str(),
                          a.description.empty() ? "" : ": ", a.description.c_str());
      ImGui::TableNextColumn();
      if (Picks(a)) {
        DrawChoices(a, keyed, value);
      } else {
        ImGui::SetNextItemWidth(-1);
        ImGui::PushAllowKeyboardFocus(false);  // Tab skips the item, as everywhere
        if (keyed && draft.focus_attribute_field) {
          ImGui::SetKeyboardFocusHere();
          draft.focus_attribute_field = false;
        }
        const char* hint = a.type == core::AttributeType::kNumber ? "a number" : "text";
        if (ImGui::InputTextWithHint("##value", hint, &value,
                                     ImGuiInputTextFlags_EnterReturnsTrue)) {
          if (i + 1 == form.fields.size()) submit = true;
          Advance(form, draft, static_cast<int>(i));
        }
        if (ImGui::IsItemActivated()) draft.attribute_focus = static_cast<int>(i);
        ImGui::PopAllowKeyboardFocus();
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (!form.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kError, "%s", form.error.c_str());
    ImGui::PopTextWrapPos();
  }
  return submit;
}

bool HandleAttributeKeys(const AttributeForm& form, LabelDraft& draft) {
  if (form.fields.empty()) return false;
  if (draft.attribute_focus < 0) {
    if (!ImGui::IsKeyPressed(GLFW_KEY_A, false)) return false;
    draft.attribute_focus = 0;
    draft.focus_attribute_field = !Picks(form.fields.front());
    return true;
  }
  const int at = draft.attribute_focus;
  const core::Attribute& a = form.fields[static_cast<size_t>(at)];
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    draft.attribute_focus = -1;
    return true;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), false)) {
    draft.attributes[a.id].clear();
    return true;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) {
    Advance(form, draft, at);
    if (draft.attribute_focus < 0) draft.attribute_focus = at;  // stays on the last
    return true;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) {
    draft.attribute_focus = std::max(0, at - 1);
    draft.focus_attribute_field = !Picks(form.fields[static_cast<size_t>(draft.attribute_focus)]);
    return true;
  }
  // While a field has the keys, the digits are its own, never the categories'.
  std::vector<std::pair<std::string, std::string>> choices = Choices(a);
  bool used = false;
  for (int k = 0; k < 9; ++k) {
    if (!ImGui::IsKeyPressed(GLFW_KEY_1 + k, false) && !ImGui::IsKeyPressed(GLFW_KEY_KP_1 + k, false))
      continue;
    used = true;
    if (!Picks(a) || static_cast<size_t>(k) >= choices.size()) break;
    draft.attributes[a.id] = choices[static_cast<size_t>(k)].first;
    Advance(form, draft, at);
    break;
  }
  return used;
}

}  // namespace taxa::gui
