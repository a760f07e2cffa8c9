#include "gui/label_workspace.h"

#include <algorithm>

#define GLFW_INCLUDE_NONE
#include "gui/category_filter.h"
#include "gui/style.h"
#include "imgui.h"
#include "session/calibration.h"
#include <GLFW/glfw3.h>

namespace taxa::gui {

namespace {

void DrawRoundBanner(const RoundBanner& banner, const Selection& selection, Commands& out) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(colors::kWarn, "\u25c6 %s", banner.text.c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "The round's annotators label the same items so their agreement can be "
        "compared (View > Quality). Label them as usual.");
  if (banner.next_ord >= 0 && banner.next_ord != selection.ord) {
    ImGui::SameLine();
    if (ImGui::SmallButton("next round item  (R)")) out.Push(SelectItem{.ord = banner.next_ord});
  }
  ImGui::Separator();
}

}  // namespace

std::string RoundBannerText(const app::CalibrationRound& round, size_t labeled, size_t more) {
  std::string text = "Calibration round " + round.name + ": " + std::to_string(labeled) + " of " +
                     std::to_string(round.items.size()) + " labeled";
  if (more > 0)
    text += " (and " + std::to_string(more) + (more == 1 ? " more round)" : " more rounds)");
  return text;
}

void RefreshRoundBanner(app::Project& session, uint64_t generation, RoundBanner& banner) {
  if (banner.built && banner.generation == generation && banner.revision == session.revision())
    return;
  banner = {};
  banner.generation = generation;
  banner.revision = session.revision();
  banner.built = true;
  // A failure to read the rounds leaves no banner: labeling goes on, and the
  // Quality window says what is wrong.
  Result<std::optional<app::RoundWaiting>> waiting = app::Calibration(session).Waiting();
  if (!waiting.ok() || !*waiting) return;
  const app::RoundWaiting& w = **waiting;
  banner.text = RoundBannerText(w.round, w.labeled, w.more);
  banner.next_ord = w.next_ord;
}

void RefreshLabelWorkspace(app::Project& session, uint64_t generation, const Selection& selection,
                           LabelWorkspace& ws) {
  RefreshTaxonomy(session, generation, ws.taxonomy);
  RefreshItem(session, generation, selection, ws.item_ui, ws.item);
  RefreshItemList(session, generation, ws.item.item_count, ws.list_ui, ws.list);
  RefreshRoundBanner(session, generation, ws.round);
  const std::string before = ws.draft.item;
  SyncDraft(ws.item, ws.draft);
  // Another item: the guidelines follow its label, not the last item's pick.
  if (ws.draft.item != before)
    ws.taxonomy_ui.shown = ws.draft.chosen.empty() ? std::string() : ws.draft.chosen.back();
  RefreshAttributeForm(session, generation, ws.draft, ws.attributes);
}

void DrawLabelWorkspace(const Layout& layout, LabelWorkspace& ws, const Selection& selection,
                        Commands& out) {
  BeginPanel("Items###items", layout.items);
  DrawItemList(ws.list, ws.list_ui, selection, out);
  ImGui::End();

  BeginPanel("Item###item", layout.item);
  if (!ws.round.text.empty()) DrawRoundBanner(ws.round, selection, out);
  DrawItemPanel(ws.item, ws.taxonomy, ws.attributes, ws.draft, ws.item_ui, out);
  ImGui::End();

  BeginPanel("Taxonomy###taxonomy", layout.taxonomy);
  DrawTaxonomy(ws.taxonomy, ws.taxonomy_ui, ws.draft);
  ImGui::End();

  DrawPanelSplitters(layout, ws.widths);
}

void HandleLabelKeys(LabelWorkspace& ws, const Selection& selection, Commands& out) {
  const ImGuiIO& io = ImGui::GetIO();
  // A field (or a held button) has the keys this frame.
  if (ImGui::IsAnyItemActive()) return;
  // WantTextInput reports the previous frame: a field was left this frame or
  // the last. The key that left it (Enter, Esc, Tab) was the field's; any
  // other key, typed right after, is ours.
  if (io.WantTextInput) {
    for (ImGuiKey_ key : {ImGuiKey_Enter, ImGuiKey_KeyPadEnter, ImGuiKey_Escape, ImGuiKey_Tab})
      if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), false)) return;
  }
  if (io.KeyCtrl && !io.KeyShift && !io.KeyAlt) {
    if (ImGui::IsKeyPressed(GLFW_KEY_Z, false)) out.Push(UndoLabel{});
    if (ImGui::IsKeyPressed(GLFW_KEY_F, false)) ws.list_ui.focus_query = true;
  }
  if (io.KeyCtrl || io.KeyAlt || io.KeySuper) return;

  // The typed category filter takes every key while it is open.
  if (ws.taxonomy_ui.filtering) {
    HandleCategoryFilterKeys(ws.taxonomy, ws.taxonomy_ui, ws.draft);
    return;
  }
  // The attribute fields take the digits and arrows while they have the keys.
  const bool attribute_keys = HandleAttributeKeys(ws.attributes, ws.draft);
  const bool in_form = attribute_keys || ws.draft.attribute_focus >= 0;
  if (!in_form && StartsCategoryFilter()) {
    StartCategoryFilter(ws.taxonomy_ui);
    return;
  }
  std::vector<std::string> in_view = CategoriesInView(ws.taxonomy, ws.taxonomy_ui);
  for (int k = 0; k < kCategoryKeys && !in_form; ++k) {
    const int key = k == 9 ? GLFW_KEY_0 : GLFW_KEY_1 + k;
    const int pad = k == 9 ? GLFW_KEY_KP_0 : GLFW_KEY_KP_1 + k;
    if (!ImGui::IsKeyPressed(key, false) && !ImGui::IsKeyPressed(pad, false)) continue;
    if (static_cast<size_t>(k) >= in_view.size()) break;
    const std::string& id = in_view[static_cast<size_t>(k)];
    if (io.KeyShift) {
      FocusCategory(ws.taxonomy, ws.taxonomy_ui, id);
    } else if (ws.draft.item == selection.item && !selection.item.empty()) {
      ws.draft.Toggle(id);
    }
    ws.taxonomy_ui.shown = id;
    ws.taxonomy_ui.scroll_to = id;  // a category far down the tree comes into view
    break;  // one key a frame: the numbering may just have changed
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_N, false)) ws.draft.focus_note = true;
  if (!in_form && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), false))
    FocusParent(ws.taxonomy, ws.taxonomy_ui);

  if (selection.ord < 0) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false))
    PushSubmit(ws.item, ws.draft, ws.attributes, out);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false))
    out.Push(SkipItem{.ord = selection.ord, .item = selection.item});
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete), false))
    out.Push(ClearLabel{.item = selection.item});
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false) && ws.round.next_ord >= 0 &&
      ws.round.next_ord != selection.ord)
    out.Push(SelectItem{.ord = ws.round.next_ord});
  if (in_form) return;
  // Up and Down follow the list as shown: a search's matches, or every item.
  for (auto [key, step] : {std::pair{ImGuiKey_DownArrow, 1}, std::pair{ImGuiKey_UpArrow, -1}}) {
    if (!ImGui::IsKeyPressed(ImGui::GetKeyIndex(key))) continue;
    int64_t ord = NeighbourInList(ws.list, selection, step);
    if (ord >= 0) out.Push(SelectItem{.ord = ord});
  }
}

}  // namespace taxa::gui
