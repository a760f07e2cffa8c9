#include "gui/category_filter.h"

#include <algorithm>
#include <cctype>

#define GLFW_INCLUDE_NONE
#include "gui/style.h"
#include "imgui.h"
#include <GLFW/glfw3.h>

namespace taxa::gui {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void AppendUtf8(std::string& out, unsigned int c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Drops the last UTF-8 character of `text`.
void PopUtf8(std::string& text) {
  while (!text.empty()) {
    unsigned char last = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((last & 0xC0) != 0x80) break;
  }
}

void Pick(const TaxonomyModel& model, TaxonomyUi& ui, LabelDraft& draft, const std::string& id) {
  if (!draft.item.empty()) draft.Toggle(id);
  ui.filtering = false;
  RevealCategory(model, ui, id);
}

void CollectInTreeOrder(const TaxonomyModel& model, const std::string& parent,
                        const std::string& filter, std::vector<std::string>& out) {
  auto kids = model.children.find(parent);
  if (kids == model.children.end()) return;
  for (const std::string& id : kids->second) {
    const core::Category* c = model.taxonomy.Find(id);
    if (c == nullptr) continue;
    if (c->status != core::CategoryStatus::kDeprecated &&
        (filter.empty() || Lower(c->name).find(filter) != std::string::npos ||
         Lower(id).find(filter) != std::string::npos ||
         Lower(model.DisplayName(id)).find(filter) != std::string::npos))
      out.push_back(id);
    CollectInTreeOrder(model, id, filter, out);
  }
}

}  // namespace

std::vector<std::string> MatchCategories(const TaxonomyModel& model, std::string_view filter) {
  std::vector<std::string> out;
  CollectInTreeOrder(model, "", Lower(filter), out);
  return out;
}

bool StartsCategoryFilter() {
  if (ImGui::IsKeyPressed(GLFW_KEY_SLASH, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_DIVIDE, false))
    return true;
  const ImVector<ImWchar>& typed = ImGui::GetIO().InputQueueCharacters;
  return std::find(typed.begin(), typed.end(), static_cast<ImWchar>('/')) != typed.end();
}

void StartCategoryFilter(TaxonomyUi& ui) {
  ui.filtering = true;
  ui.filter.clear();
  ui.cursor = 0;
}

void DrawCategoryFilter(const TaxonomyModel& model, TaxonomyUi& ui, LabelDraft& draft,
                        float height) {
  ImGui::BeginChild("filter", ImVec2(0, height), false);
  // The filter as typed, in a frame that looks like a field.
  const ImGuiStyle& style = ImGui::GetStyle();
  ImVec2 at = ImGui::GetCursorScreenPos();
  ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetFrameHeight());
  ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y),
                                            ImGui::GetColorU32(ImGuiCol_FrameBg),
                                            style.FrameRounding);
  ImGui::SetCursorScreenPos(ImVec2(at.x + style.FramePadding.x, at.y + style.FramePadding.y));
  ImGui::TextColored(colors::kAccent, "/");
  ImGui::SameLine(0, 4);
  ImGui::TextUnformatted((ui.filter + "\u2502").c_str());
  ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + size.y + style.ItemSpacing.y));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("type to narrow  \u2191\u2193 move  Enter tick  Esc back to the tree");
  ImGui::PopTextWrapPos();

  std::vector<std::string> matches = MatchCategories(model, ui.filter);
  if (matches.empty())
    ImGui::TextColored(colors::kWarn, "No category matches \"%s\"", ui.filter.c_str());
  ImGui::BeginChild("matches", ImVec2(0, 0), false);
  for (size_t i = 0; i < matches.size(); ++i) {
    const std::string& id = matches[i];
    ImGui::PushID(id.c_str());
    const bool highlighted = static_cast<int>(i) == ui.cursor;
    std::string text = (draft.Has(id) ? "\u2713 " : "   ") + model.DisplayName(id);
    if (ImGui::Selectable(text.c_str(), highlighted)) {
      ImGui::PopID();
      Pick(model, ui, draft, id);
      break;
    }
    if (ImGui::IsItemHovered()) ui.shown = id;
    if (highlighted && ui.scroll_to == id) {
      ImGui::SetScrollHereY(0.5f);
      ui.scroll_to.clear();
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::EndChild();
}

void HandleCategoryFilterKeys(const TaxonomyModel& model, TaxonomyUi& ui, LabelDraft& draft) {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    ui.filtering = false;
    return;
  }
  bool changed = false;
  for (ImWchar c : io.InputQueueCharacters) {
    if (c < 0x20 || c == 0x7F) continue;
    AppendUtf8(ui.filter, c);
    changed = true;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) {
    PopUtf8(ui.filter);
    changed = true;
  }
  std::vector<std::string> matches = MatchCategories(model, ui.filter);
  if (changed) ui.cursor = 0;
  const int before = ui.cursor;
  const int last = static_cast<int>(matches.size()) - 1;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)))
    ui.cursor = std::min(ui.cursor + 1, last);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow)))
    ui.cursor = std::max(ui.cursor - 1, 0);
  ui.cursor = std::clamp(ui.cursor, 0, std::max(last, 0));
  if (matches.empty()) return;
  const std::string& highlighted = matches[static_cast<size_t>(ui.cursor)];
  if (changed || ui.cursor != before) {
    // The highlight moved: its guidelines show and its row stays in view.
    ui.shown = highlighted;
    ui.scroll_to = highlighted;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false))
    Pick(model, ui, draft, highlighted);
}

}  // namespace taxa::gui
