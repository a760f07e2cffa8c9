// The Taxonomy editor's Merge and Split dialogs and the impact they show
// before the user confirms (taxonomy_editor.h).
#include "gui/taxonomy_editor_parts.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "gui/choice_combo.h"
#include "gui/style.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace taxa::gui {

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string Unfinished(const MergeDraft& d) {
  if (d.sources.empty()) return "Pick the categories to merge.";
  if (!d.new_target && d.target.empty()) return "Pick the category to merge into.";
  if (d.new_target && d.new_id.empty()) return "Give the new category an id.";
  return "";
}

std::string Unfinished(const SplitDraft& d) {
  for (const SplitPartDraft& p : d.parts)
    if (p.id.empty()) return "Give every part an id (or pick an existing category).";
  return "";
}

// The choices the impact depends on: all but the rationale, so typing one
// reads nothing again.
MergeDraft ImpactKey(MergeDraft d) {
  d.why.clear();
  return d;
}

SplitDraft ImpactKey(SplitDraft d) {
  d.why.clear();
  return d;
}

void DrawImpactRows(const std::vector<app::CategoryImpact>& impact, size_t relabel, bool split) {
  if (impact.empty()) {
    ImGui::TextColored(colors::kDim, "No category changes.");
    return;
  }
  size_t labels = 0, gold = 0, calibration = 0;
  std::set<std::string> annotators;
  for (const app::CategoryImpact& c : impact) {
    labels += c.labels;
    gold += c.gold;
    calibration += c.calibration;
    annotators.insert(c.annotators.begin(), c.annotators.end());
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                                     ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float height = line * static_cast<float>(std::min<size_t>(impact.size(), 5) + 1) +
                       2 * ImGui::GetStyle().CellPadding.y + 2;
  if (ImGui::BeginTable("impact", 6, kFlags, ImVec2(0, height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Category", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("Labels", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableSetupColumn("Gold", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableSetupColumn("Calibration", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Annotators", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("To relabel", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableHeadersRow();
    for (const app::CategoryImpact& c : impact) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (c.sensitive)
        ImGui::TextColored(colors::kWarn, "%s [sensitive]", c.id.c_str());
      else
        ImGui::TextUnformatted(c.id.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%zu", c.labels);
      ImGui::TableNextColumn();
      ImGui::Text("%zu", c.gold);
      ImGui::TableNextColumn();
      ImGui::Text("%zu", c.calibration);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.annotators.empty() ? "-" : Join(c.annotators).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%zu", c.relabel.size());
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(0);
  ImGui::Text("Touches %zu label%s, %zu gold label%s, %zu calibration item%s and %zu annotator%s.",
              labels, labels == 1 ? "" : "s", gold, gold == 1 ? "" : "s", calibration,
              calibration == 1 ? "" : "s", annotators.size(), annotators.size() == 1 ? "" : "s");
  ImGui::TextColored(relabel > 0 ? colors::kWarn : colors::kGood,
                     "%zu item%s would enter the relabel queue%s", relabel, relabel == 1 ? "" : "s",
                     relabel > 0 || !split ? "." : ": nothing was labeled with it.");
  ImGui::PopTextWrapPos();
}

namespace {

// The categories a merge or split may name: active or draft ones.
std::vector<std::string> LiveCategories(const core::Taxonomy& t) {
  std::vector<std::string> out;
  for (const auto& [id, c] : t.categories())
    if (c.status != core::CategoryStatus::kDeprecated) out.push_back(id);
  return out;
}

// The impact table and its totals.
void DrawImpact(const ImpactPreview& p, bool split) {
  if (!p.refusal.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(colors::kError, "%s", p.refusal.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  DrawImpactRows(p.impact, p.relabel, split);
}

void SourcesList(const core::Taxonomy& t, MergeDraft& d, float width, float height) {
  ImGui::BeginChild("##sources", ImVec2(width, height), true);
  for (const std::string& id : LiveCategories(t)) {
    const core::Category& c = *t.Find(id);
    auto at = std::find(d.sources.begin(), d.sources.end(), id);
    bool on = at != d.sources.end();
    std::string label = c.name + "  (" + id + ")";
    if (ImGui::Checkbox(label.c_str(), &on)) {
      if (on)
        d.sources.push_back(id);
      else
        d.sources.erase(at);
    }
  }
  ImGui::EndChild();
}

// Centres the next popup and sizes it to the window, within reason.
void PlaceDialog(float width, float height) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize(
      ImVec2(std::min(width, display.x - 24), std::min(height, display.y - 24)),
      ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
}

// The session's refusal of the last confirm, the confirm and cancel
// buttons; true when confirmed. The dialog stays open on confirm: it closes
// when the session has made the change (NoteEditorOutcome).
bool DialogButtons(const char* confirm, bool ready, TaxonomyEditorUi& ui) {
  if (!ui.dialog_error.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(colors::kError, "%s", ui.dialog_error.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::BeginDisabled(!ready);
  const bool go = ImGui::Button(confirm);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || (ImGui::IsKeyPressed(ImGuiKey_Escape) && !go)) {
    ui.dialog = EditorDialog::kNone;
    ui.dialog_error.clear();
    ImGui::CloseCurrentPopup();
    return false;
  }
  if (go) ui.dialog_error.clear();
  return go;
}

// A dialog's rationale line and the impact of its change (`missing`: what
// the dialog still lacks, or ""); true when the change may be confirmed:
// complete, not refused, and the figures shown are those of the choices as
// they stand (not while the worker measures them).
bool DrawWhyAndImpact(const char* why_id, std::string& why, const std::string& missing, bool split,
                      const TaxonomyModel& model, const TaxonomyEditorUi& ui) {
  ImGui::TextColored(colors::kAccent, "Why");
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint(why_id, "one line, recorded with the commit", &why);
  ImGui::Separator();
  ImGui::TextColored(colors::kAccent, "Impact");
  const bool current = ImpactCurrent(ui, model.generation, model.revision);
  if (!missing.empty()) {
    ImGui::TextColored(colors::kDim, "%s", missing.c_str());
  } else if (current) {
    DrawImpact(ui.preview, split);
  } else {
    // The worker measures these choices; earlier figures of this dialog
    // stay on screen, greyed, until the new ones come.
    const bool earlier = ui.preview.choice.dialog == ui.dialog &&
                         ui.preview.choice.generation == model.generation &&
                         ui.preview.refusal.empty();
    ImGui::SameLine();
    ImGui::TextColored(colors::kWarn, "measuring...%s",
                       earlier ? " (greyed: the figures of the previous choices)" : "");
    if (earlier) {
      ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.4f);
      DrawImpactRows(ui.preview.impact, ui.preview.relabel, split);
      ImGui::PopStyleVar();
    }
  }
  return missing.empty() && current && ui.preview.refusal.empty();
}

}  // namespace

void DrawMergeDialog(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out) {
  PlaceDialog(820, 560);
  bool open = true;
  if (!ImGui::BeginPopupModal(kMergeTitle, &open, ImGuiWindowFlags_NoSavedSettings)) {
    if (ui.dialog == EditorDialog::kMerge && !ui.dialog_opening) ui.dialog = EditorDialog::kNone;
    return;
  }
  if (ui.dialog != EditorDialog::kMerge) {  // merged, or another dialog asked for
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  MergeDraft& d = ui.merge;
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(colors::kDim,
                     "Each category picked is deprecated in favour of the target; labels made "
                     "under it read as the target's from then on.");
  ImGui::PopTextWrapPos();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginGroup();
  ImGui::TextColored(colors::kAccent, "Merge these");
  SourcesList(model.taxonomy, d, half, line * 6 + 8);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextColored(colors::kAccent, "Into");
  if (ImGui::RadioButton("an existing category", !d.new_target)) d.new_target = false;
  ImGui::SameLine();
  if (ImGui::RadioButton("a new one", d.new_target)) d.new_target = true;
  if (!d.new_target) {
    std::vector<std::string> targets;
    for (const std::string& id : LiveCategories(model.taxonomy))
      if (std::find(d.sources.begin(), d.sources.end(), id) == d.sources.end())
        targets.push_back(id);
    ChoiceCombo("##target", targets, d.target, half, "(pick one)");
  } else {
    ImGui::SetNextItemWidth(half);
    ImGui::InputTextWithHint("##merge_new_id", "id (pets)", &d.new_id);
    ImGui::SetNextItemWidth(half);
    ImGui::InputTextWithHint("##merge_new_name", "name", &d.new_name);
    ImGui::SetNextItemWidth(half);
    ImGui::InputTextWithHint("##merge_new_definition", "definition", &d.new_definition);
  }
  ImGui::EndGroup();
  const bool ready = DrawWhyAndImpact("##merge_why", d.why, Unfinished(d), false, model, ui);
  const MergeCategories command = MergeCommandOf(d);
  if (DialogButtons("Merge", ready, ui)) out.Push(command);
  ImGui::EndPopup();
}

void DrawSplitDialog(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out) {
  PlaceDialog(900, 560);
  bool open = true;
  if (!ImGui::BeginPopupModal(kSplitTitle, &open, ImGuiWindowFlags_NoSavedSettings)) {
    if (ui.dialog == EditorDialog::kSplit && !ui.dialog_opening) ui.dialog = EditorDialog::kNone;
    return;
  }
  if (ui.dialog != EditorDialog::kSplit) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  SplitDraft& d = ui.split;
  const core::Category* c = model.taxonomy.Find(d.id);
  ImGui::Text("Split %s (%s)", c != nullptr ? c->name.c_str() : "?", d.id.c_str());
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(colors::kDim,
                     "It is deprecated; each item labeled with it waits in the relabel queue "
                     "for one of the parts. A part is an existing category or a new one.");
  ImGui::PopTextWrapPos();
  std::vector<std::string> existing;
  for (const std::string& id : LiveCategories(model.taxonomy))
    if (id != d.id) existing.push_back(id);
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg;
  size_t remove = d.parts.size();
  if (ImGui::BeginTable("parts", 6, kFlags)) {
    ImGui::TableSetupColumn("existing", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("definition", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("use it when (optional)", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < d.parts.size(); ++i) {
      SplitPartDraft& part = d.parts[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Checkbox("##existing", &part.existing);
      ImGui::TableNextColumn();
      if (part.existing) {
        ChoiceCombo("##part", existing, part.id, ImGui::GetContentRegionAvail().x, "(pick one)");
      } else {
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##id", "id", &part.id);
      }
      ImGui::BeginDisabled(part.existing);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      ImGui::InputTextWithHint("##name", "name", &part.name);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      ImGui::InputTextWithHint("##definition", "definition", &part.definition);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-1);
      ImGui::InputTextWithHint("##rule", "a rule", &part.rule);
      ImGui::EndDisabled();
      ImGui::TableNextColumn();
      ImGui::BeginDisabled(d.parts.size() <= 2);
      if (ImGui::SmallButton("x")) remove = i;
      ImGui::EndDisabled();
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove < d.parts.size()) d.parts.erase(d.parts.begin() + static_cast<long>(remove));
  if (ImGui::SmallButton("Add a part")) d.parts.emplace_back();
  const bool ready = DrawWhyAndImpact("##split_why", d.why, Unfinished(d), true, model, ui);
  const SplitCategory command = SplitCommandOf(d);
  if (DialogButtons("Split", ready, ui)) out.Push(command);
  ImGui::EndPopup();
}

}  // namespace taxa::gui
