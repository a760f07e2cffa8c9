#include "gui/label_workspace.h"

#include <algorithm>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "gui/style.h"
#include "imgui.h"

namespace taxa::gui {

namespace {

// True when `user` has a current, non-empty label on `item`.
bool LabeledBy(core::Index& index, const std::string& item, const std::string& user) {
  Result<std::vector<core::CurrentLabel>> labels = index.CurrentLabels(item);
  if (!labels.ok()) return false;
  for (const core::CurrentLabel& l : *labels)
    if (l.annotator == user && !l.categories.empty()) return true;
  return false;
}

void DrawRoundBanner(const RoundBanner& banner, const Selection& selection, Commands& out) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(colors::kWarn, "\u25c6 %s", banner.text.c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The round's annotators label the same items so their agreement can be "
                      "compared (View > Quality). Label them as usual.");
  if (banner.next_ord >= 0 && banner.next_ord != selection.ord) {
    ImGui::SameLine();
    if (ImGui::SmallButton("next round item")) out.Push(SelectItem{.ord = banner.next_ord});
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

void RefreshRoundBanner(app::Session& session, uint64_t generation, RoundBanner& banner) {
  if (banner.built && banner.generation == generation && banner.revision == session.revision())
    return;
  const std::string& commit = session.index().indexed_commit();
  if (!banner.built || banner.generation != generation || banner.rounds_commit != commit) {
    Result<std::vector<app::CalibrationRound>> rounds = session.CalibrationRounds();
    banner.rounds = rounds.ok() ? std::move(*rounds) : std::vector<app::CalibrationRound>();
    banner.rounds_commit = commit;
  }
  banner.generation = generation;
  banner.revision = session.revision();
  banner.built = true;
  banner.text.clear();
  banner.next_ord = -1;
  banner.blind.clear();
  const std::string& user = session.user();
  const app::CalibrationRound* shown = nullptr;
  size_t shown_labeled = 0, waiting = 0;
  std::string next;
  for (const app::CalibrationRound& r : banner.rounds) {
    if (std::find(r.annotators.begin(), r.annotators.end(), user) == r.annotators.end()) continue;
    size_t labeled = 0;
    std::string first_open;
    for (const std::string& item : r.items) {
      if (LabeledBy(session.index(), item, user)) {
        ++labeled;
        continue;
      }
      banner.blind.emplace(item, r.name);
      if (first_open.empty()) first_open = item;
    }
    if (labeled == r.items.size()) continue;
    if (waiting++ == 0) {
      shown = &r;
      shown_labeled = labeled;
      next = first_open;
    }
  }
  if (shown == nullptr) return;
  banner.text = RoundBannerText(*shown, shown_labeled, waiting - 1);
  Result<std::optional<core::ItemRow>> row = session.index().FindItem(next);
  if (row.ok() && *row) banner.next_ord = (*row)->ord;
}

void RefreshLabelWorkspace(app::Session& session, uint64_t generation, const Selection& selection,
                           LabelWorkspace& ws) {
  RefreshTaxonomy(session, generation, ws.taxonomy);
  RefreshItem(session, generation, selection, ws.item);
  RefreshItemList(session, generation, ws.item.item_count, ws.list_ui, ws.list);
  RefreshRoundBanner(session, generation, ws.round);
  if (ws.item.row) {
    auto blind = ws.round.blind.find(ws.item.row->item.id);
    if (blind != ws.round.blind.end() && !ws.item.others.empty()) {
      ws.item.others.clear();
      ws.item.others_hidden = "Hidden until you label this item: it is in calibration round " +
                              blind->second + ", which compares independent judgments.";
    }
  }
  SyncDraft(ws.item, ws.draft);
}

void DrawLabelWorkspace(const Layout& layout, LabelWorkspace& ws, const Selection& selection,
                        Commands& out) {
  BeginPanel("Items###items", layout.items);
  DrawItemList(ws.list, ws.list_ui, selection, out);
  ImGui::End();

  BeginPanel("Item###item", layout.item);
  if (!ws.round.text.empty()) DrawRoundBanner(ws.round, selection, out);
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
