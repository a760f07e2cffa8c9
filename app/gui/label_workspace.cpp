#include "gui/label_workspace.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "imgui.h"

namespace taxa::gui {

void RefreshLabelWorkspace(app::Session& session, uint64_t generation, const Selection& selection,
                           LabelWorkspace& ws) {
  RefreshTaxonomy(session, generation, ws.taxonomy);
  RefreshItem(session, generation, selection, ws.item);
  RefreshItemList(session, generation, ws.item.item_count, ws.list_ui, ws.list);
  SyncDraft(ws.item, ws.draft);
}

void DrawLabelWorkspace(const Layout& layout, LabelWorkspace& ws, const Selection& selection,
                        Commands& out) {
  BeginPanel("Items###items", layout.items);
  DrawItemList(ws.list, ws.list_ui, selection, out);
  ImGui::End();

  BeginPanel("Item###item", layout.item);
  DrawItemPanel(ws.item, ws.taxonomy, ws.draft, out);
  ImGui::End();

  BeginPanel("Taxonomy###taxonomy", layout.taxonomy);
  DrawTaxonomy(ws.taxonomy, ws.taxonomy_ui, ws.draft);
  ImGui::End();
}

void HandleLabelKeys(LabelWorkspace& ws, const Selection& selection, Commands& out) {
  const ImGuiIO& io = ImGui::GetIO();
  // WantTextInput reports the previous frame; IsAnyItemActive this one (a field
  // just clicked, or a button held).
  if (io.WantTextInput || ImGui::IsAnyItemActive() || io.KeyCtrl || io.KeyAlt || io.KeySuper)
    return;

  std::vector<std::string> in_view = CategoriesInView(ws.taxonomy, ws.taxonomy_ui);
  for (int k = 0; k < 9; ++k) {
    if (!ImGui::IsKeyPressed(GLFW_KEY_1 + k, false) &&
        !ImGui::IsKeyPressed(GLFW_KEY_KP_1 + k, false))
      continue;
    if (static_cast<size_t>(k) >= in_view.size()) break;
    const std::string& id = in_view[static_cast<size_t>(k)];
    if (io.KeyShift) {
      FocusCategory(ws.taxonomy, ws.taxonomy_ui, id);
    } else if (ws.draft.item == selection.item && !selection.item.empty()) {
      ws.draft.Toggle(id);
    }
    ws.taxonomy_ui.shown = id;
    break;  // one key a frame: the numbering may just have changed
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_N, false)) ws.draft.focus_note = true;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), false))
    FocusParent(ws.taxonomy, ws.taxonomy_ui);

  if (selection.ord < 0) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false))
    PushSubmit(ws.item, ws.draft, out);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false))
    out.Push(SkipItem{.ord = selection.ord});
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)))
    out.Push(SelectItem{.ord = selection.ord + 1});
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow)) && selection.ord > 0)
    out.Push(SelectItem{.ord = selection.ord - 1});
}

}  // namespace taxa::gui
