#include "gui/taxonomy_editor.h"

#include <algorithm>
#include <set>

#include "gui/choice_combo.h"
#include "gui/style.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "session/taxonomy_edits.h"

#include "taxa/core/text.h"

namespace taxa::gui {

namespace {

constexpr const char* kDragType = "TAXA_CATEGORY";

std::string JoinLines(const std::vector<std::string>& entries) {
  std::string out;
  for (const std::string& e : entries) out += (out.empty() ? "" : "\n") + e;
  return out;
}

// The entries of a list as typed: one per line, trimmed, blank lines dropped.
std::vector<std::string> Entries(const std::string& text) {
  std::vector<std::string> out;
  for (std::string_view line : core::Lines(text)) {
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) continue;
    size_t e = line.find_last_not_of(" \t\r");
    out.emplace_back(line.substr(b, e - b + 1));
  }
  return out;
}

// Entries of `after` not in `before` go to `add`; entries of `before` not in
// `after` go to `remove`.
void ListDelta(const std::vector<std::string>& before, const std::string& after_text,
               std::vector<std::string>& add, std::vector<std::string>& remove) {
  std::vector<std::string> after = Entries(after_text);
  std::set<std::string> had(before.begin(), before.end());
  std::set<std::string> has(after.begin(), after.end());
  for (const std::string& e : after)
    if (!had.count(e) && std::find(add.begin(), add.end(), e) == add.end()) add.push_back(e);
  for (const std::string& e : before)
    if (!has.count(e)) remove.push_back(e);
}

// One row of the tree: selectable, a drag source and a drop target.
void DrawNode(const TaxonomyModel& model, const std::string& id, TaxonomyEditorUi& ui,
              Commands& out) {
  const core::Category& c = *model.taxonomy.Find(id);
  auto kids = model.children.find(id);
  const bool leaf = kids == model.children.end() || kids->second.empty();
  ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth |
                             ImGuiTreeNodeFlags_DefaultOpen;
  if (leaf) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
  if (ui.selected == id) flags |= ImGuiTreeNodeFlags_Selected;
  const bool deprecated = c.status == core::CategoryStatus::kDeprecated;
  if (deprecated) ImGui::PushStyleColor(ImGuiCol_Text, colors::kDim);
  std::string label = c.name + "  (" + c.id + ")";
  if (c.status == core::CategoryStatus::kDraft) label += "  [draft]";
  if (deprecated) label += c.replaced_by.empty() ? "  [deprecated]" : "  -> " + c.replaced_by;
  if (!c.split_into.empty()) label += "  [split]";
  if (c.sensitive) label += "  [sensitive]";
  const bool open = ImGui::TreeNodeEx(id.c_str(), flags, "%s", label.c_str());
  if (deprecated) ImGui::PopStyleColor();
  if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) ui.selected = id;
  if (ImGui::BeginDragDropSource()) {
    ImGui::SetDragDropPayload(kDragType, id.data(), id.size());
    ImGui::Text("Move %s", c.name.c_str());
    ImGui::EndDragDropSource();
  }
  if (ImGui::BeginDragDropTarget()) {
    if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kDragType)) {
      std::string moved(static_cast<const char*>(p->Data), static_cast<size_t>(p->DataSize));
      if (moved != id) out.Push(MoveCategory{.id = moved, .new_parent = id});
    }
    ImGui::EndDragDropTarget();
  }
  if (open && !leaf) {
    for (const std::string& child : kids->second) DrawNode(model, child, ui, out);
    ImGui::TreePop();
  }
}

void DrawTree(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out) {
  // A strip that makes a dropped category a root.
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kDim);
  ImGui::Selectable("top level (drop here to make a category a root)", false,
                    ImGuiSelectableFlags_Disabled);
  ImGui::PopStyleColor();
  if (ImGui::BeginDragDropTarget()) {
    if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kDragType)) {
      std::string moved(static_cast<const char*>(p->Data), static_cast<size_t>(p->DataSize));
      out.Push(MoveCategory{.id = moved, .new_parent = ""});
    }
    ImGui::EndDragDropTarget();
  }
  auto roots = model.children.find("");
  if (roots == model.children.end()) return;
  for (const std::string& id : roots->second) DrawNode(model, id, ui, out);
}

void ListField(const char* label, const char* id, std::string& text, float lines) {
  ImGui::TextColored(colors::kAccent, "%s", label);
  ImGui::InputTextMultiline(id, &text,
                            ImVec2(-1, ImGui::GetTextLineHeightWithSpacing() * lines + 6));
}

void DrawForm(const core::Category& c, TaxonomyEditorUi& ui, Commands& out) {
  ImGui::Text("%s", c.name.c_str());
  ImGui::SameLine();
  ImGui::TextColored(colors::kDim, "id %s%s%s", c.id.c_str(), c.parent.empty() ? "" : ", under ",
                     c.parent.c_str());
  if (c.status == core::CategoryStatus::kDeprecated) {
    std::string where = c.replaced_by.empty() ? std::string("no replacement")
                                              : "replaced by " + c.replaced_by;
    if (!c.split_into.empty()) {
      where = "split into";
      for (const std::string& part : c.split_into) where += " " + part;
    }
    ImGui::TextColored(colors::kWarn, "Deprecated (%s): its fields stay as they were.",
                       where.c_str());
    return;
  }
  // Merge and split, at the head of the form where they show at any size.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float buttons = ImGui::CalcTextSize("Merge...").x + ImGui::CalcTextSize("Split...").x +
                        4 * style.FramePadding.x + style.ItemSpacing.x;
  const float after_id = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + style.ItemSpacing.x;
  ImGui::SameLine(std::max(after_id, ImGui::GetWindowContentRegionMax().x - buttons));
  if (ImGui::SmallButton("Merge...")) {
    ui.merge = {.sources = {c.id}};
    ui.dialog = EditorDialog::kMerge;
    ui.dialog_opening = true;
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Split...")) {
    ui.split = {.id = c.id, .parts = {SplitPartDraft{}, SplitPartDraft{}}};
    ui.dialog = EditorDialog::kSplit;
    ui.dialog_opening = true;
  }
  CategoryDraft& d = ui.draft;
  ImGui::TextColored(colors::kAccent, "Name");
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##name", &d.name);
  ImGui::TextColored(colors::kAccent, "Definition");
  ImGui::InputTextMultiline("##definition", &d.definition,
                            ImVec2(-1, ImGui::GetTextLineHeightWithSpacing() * 3 + 6));
  ListField("Use it when (one rule per line)", "##include", d.include, 3);
  ListField("Do not use it when", "##exclude", d.exclude, 3);
  ListField("Examples", "##examples", d.examples, 2);
  ListField("Near misses (look like it, but are not)", "##near_misses", d.near_misses, 2);
  ImGui::Checkbox("Sensitive", &d.sensitive);
  ImGui::SameLine(0, 24);
  ImGui::Checkbox("Draft (not offered for labeling yet)", &d.draft_status);

  const bool changed = !(d == ui.loaded);
  ImGui::BeginDisabled(!changed);
  if (ImGui::Button("Save changes")) out.Push(EditCategory{.id = c.id, .edit = EditFrom(c, d)});
  ImGui::SameLine();
  if (ImGui::Button("Revert")) d = ui.loaded;
  ImGui::EndDisabled();

  ImGui::Separator();
  ImGui::TextColored(colors::kAccent, "Deprecate");
  ChoiceCombo("##replacement", ui.replacements, ui.replacement, ImGui::GetFontSize() * 14,
              "(no replacement)");
  ImGui::SameLine();
  if (ImGui::Button("Deprecate"))
    out.Push(DeprecateCategory{.id = c.id, .replaced_by = ui.replacement});

  ImGui::Separator();
  ImGui::TextColored(colors::kAccent, "Add a category under %s", c.name.c_str());
  const float third = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  ImGui::SetNextItemWidth(third);
  ImGui::InputTextWithHint("##new_id", "id (billing.refund)", &ui.new_id);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(third);
  ImGui::InputTextWithHint("##new_name", "name", &ui.new_name);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##new_definition", "definition", &ui.new_definition);
  if (ImGui::Button("Add")) {
    out.Push(AddCategory{.category = {.id = ui.new_id,
                                      .name = ui.new_name,
                                      .parent = c.id,
                                      .definition = ui.new_definition}});
    ui.new_id.clear();
    ui.new_name.clear();
    ui.new_definition.clear();
  }
}

constexpr const char* kMergeTitle = "Merge categories###merge_dialog";
constexpr const char* kSplitTitle = "Split a category###split_dialog";

std::string Join(const std::vector<std::string>& parts, const char* sep = ", ") {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// The categories a merge or split may name: active or draft ones.
std::vector<std::string> LiveCategories(const core::Taxonomy& t) {
  std::vector<std::string> out;
  for (const auto& [id, c] : t.categories())
    if (c.status != core::CategoryStatus::kDeprecated) out.push_back(id);
  return out;
}

// What the dialog's choices still lack before the session can judge them
// ("" when complete): an unfinished form, not a rule of the taxonomy's.
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

// One row per changed category, then the totals.
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

// The confirm and cancel buttons; true when confirmed.
bool DialogButtons(const char* confirm, bool ready, TaxonomyEditorUi& ui) {
  ImGui::BeginDisabled(!ready);
  const bool go = ImGui::Button(confirm);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || (ImGui::IsKeyPressed(ImGuiKey_Escape) && !go)) {
    ui.dialog = EditorDialog::kNone;
    ImGui::CloseCurrentPopup();
  }
  if (go) {
    ui.dialog = EditorDialog::kNone;
    ImGui::CloseCurrentPopup();
  }
  return go;
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

bool PreviewCurrent(const TaxonomyEditorUi& ui) {
  const ImpactPreview& p = ui.preview;
  if (p.dialog != ui.dialog) return false;
  return ui.dialog == EditorDialog::kMerge ? p.merge == ImpactKey(ui.merge)
                                           : p.split == ImpactKey(ui.split);
}

// A dialog's rationale line and the impact of its change (`missing`: what
// the dialog still lacks, or ""); true when the change may be confirmed.
bool DrawWhyAndImpact(const char* why_id, std::string& why, const std::string& missing,
                      bool split, const TaxonomyEditorUi& ui) {
  ImGui::TextColored(colors::kAccent, "Why");
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint(why_id, "one line, recorded with the commit", &why);
  ImGui::Separator();
  ImGui::TextColored(colors::kAccent, "Impact");
  const bool current = PreviewCurrent(ui);
  if (!missing.empty())
    ImGui::TextColored(colors::kDim, "%s", missing.c_str());
  else if (current)
    DrawImpact(ui.preview, split);
  else
    ImGui::TextColored(colors::kDim, "Counting...");
  return missing.empty() && current && ui.preview.refusal.empty();
}

void DrawMergeDialog(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out) {
  PlaceDialog(820, 560);
  bool open = true;
  if (!ImGui::BeginPopupModal(kMergeTitle, &open, ImGuiWindowFlags_NoSavedSettings)) {
    if (ui.dialog == EditorDialog::kMerge && !ui.dialog_opening) ui.dialog = EditorDialog::kNone;
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
  const bool ready = DrawWhyAndImpact("##merge_why", d.why, Unfinished(d), false, ui);
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
  const bool ready = DrawWhyAndImpact("##split_why", d.why, Unfinished(d), true, ui);
  const SplitCategory command = SplitCommandOf(d);
  if (DialogButtons("Split", ready, ui)) out.Push(command);
  ImGui::EndPopup();
}

// The lines of a proposal's changes, as `taxa proposal show` words them.
std::vector<std::string> ChangeLines(const core::TaxonomyChanges& c) {
  std::vector<std::string> out;
  for (const std::string& id : c.added) out.push_back("added " + id);
  for (const std::string& id : c.removed) out.push_back("removed " + id);
  for (const auto& [id, name] : c.renamed) out.push_back("renamed " + id + " to \"" + name + "\"");
  for (const auto& [id, parent] : c.moved)
    out.push_back("moved " + id + (parent.empty() ? " to the top level" : " under " + parent));
  for (const std::string& id : c.redefined) out.push_back("redefined " + id);
  for (const auto& [id, by] : c.deprecated)
    out.push_back("deprecated " + id + (by.empty() ? "" : " in favour of " + by));
  for (const auto& [into, ids] : c.merged) out.push_back("merged " + Join(ids) + " into " + into);
  for (const auto& [id, parts] : c.split) out.push_back("split " + id + " into " + Join(parts));
  return out;
}

ImVec4 StateColor(const std::string& state) {
  if (state == "approved") return colors::kGood;
  if (state == "rejected") return colors::kError;
  if (state == "merged") return colors::kDim;
  return colors::kWarn;
}

void DrawProposalList(TaxonomyEditorUi& ui) {
  const ProposalsView& v = ui.proposals;
  if (!v.error.empty()) {
    ImGui::TextColored(colors::kError, "%s", v.error.c_str());
    return;
  }
  if (v.list.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(colors::kDim,
                       "No proposals. Start one with `taxa propose NAME -m WHY`, then make its "
                       "changes with --proposal NAME.");
    ImGui::PopTextWrapPos();
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH;
  if (!ImGui::BeginTable("proposals", 4, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Proposal", ImGuiTableColumnFlags_WidthStretch, 1.4f);
  ImGui::TableSetupColumn("Opened by", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("Approvals", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableHeadersRow();
  for (const app::ProposalSummary& p : v.list) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(p.name.c_str(), ui.proposal == p.name,
                          ImGuiSelectableFlags_SpanAllColumns))
      ui.proposal = p.name;
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(p.author.c_str());
    ImGui::TableNextColumn();
    ImGui::TextColored(StateColor(p.state), "%s", p.state.c_str());
    ImGui::TableNextColumn();
    // The approvals in force, else what is still needed.
    if (!p.approved_by.empty())
      ImGui::TextUnformatted(Join(p.approved_by).c_str());
    else if (!p.missing.empty() && p.state != "merged")
      ImGui::TextColored(colors::kDim, "needs %s", Join(p.missing, "; ").c_str());
  }
  ImGui::EndTable();
}

void DrawProposalDetail(TaxonomyEditorUi& ui, Commands& out) {
  ProposalsView& v = ui.proposals;
  if (ui.proposal.empty() || v.shown_name != ui.proposal) {
    ImGui::TextColored(colors::kDim, "Select a proposal to see its changes and approvals.");
    return;
  }
  if (!v.show_error.empty()) {
    ImGui::TextColored(colors::kError, "%s", v.show_error.c_str());
    return;
  }
  const app::ProposalSummary& p = v.shown;
  ImGui::Text("%s", p.name.c_str());
  ImGui::SameLine();
  ImGui::TextColored(StateColor(p.state), "%s", p.state.c_str());
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(colors::kDim, "opened by %s%s%s", p.author.c_str(),
                     p.rationale.empty() ? "" : ": ", p.rationale.c_str());
  ImGui::TextColored(colors::kAccent, "Approvals in force:");
  ImGui::SameLine();
  ImGui::TextUnformatted(p.approved_by.empty() ? "none" : Join(p.approved_by).c_str());
  if (p.state != "merged") {
    ImGui::TextColored(colors::kAccent, "Still needed:");
    ImGui::SameLine();
    ImGui::TextUnformatted(p.missing.empty() ? "nothing: it may be merged"
                                             : Join(p.missing, "; ").c_str());
  }
  for (const app::ProposalDecision& d : p.decisions)
    ImGui::TextColored(d.in_force ? (d.approved ? colors::kGood : colors::kError) : colors::kDim,
                       "%s %s as %s%s%s%s", d.person.c_str(), d.approved ? "approved" : "rejected",
                       d.role.c_str(), d.rationale.empty() ? "" : ": ", d.rationale.c_str(),
                       d.in_force ? "" : " (no longer in force)");
  ImGui::PopTextWrapPos();
  ImGui::TextColored(colors::kAccent, "Changes");
  std::vector<std::string> lines = ChangeLines(p.changes);
  if (lines.empty()) ImGui::TextColored(colors::kDim, "none yet");
  for (const std::string& l : lines) ImGui::BulletText("%s", l.c_str());
  ImGui::TextColored(colors::kAccent, "Impact");
  DrawImpactRows(p.impact, RelabelItems(p.impact).size(), true);
  ImGui::Separator();
  if (p.state == "merged") return;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##decision_why", "why (one line, recorded with the decision)",
                           &ui.decision_why);
  if (ImGui::Button("Approve")) {
    out.Push(DecideProposal{.name = p.name, .approve = true, .why = ui.decision_why});
    v.stale = true;
    ui.decision_why.clear();
  }
  ImGui::SameLine();
  if (ImGui::Button("Reject")) {
    out.Push(DecideProposal{.name = p.name, .approve = false, .why = ui.decision_why});
    v.stale = true;
    ui.decision_why.clear();
  }
  ImGui::SameLine(0, 24);
  ImGui::BeginDisabled(p.state != "approved");
  if (ImGui::Button("Merge into main")) {
    out.Push(MergeProposal{.name = p.name});
    v.stale = true;
  }
  ImGui::EndDisabled();
}

void DrawProposals(TaxonomyEditorUi& ui, Commands& out) {
  const float list_width = std::max(280.0f, ImGui::GetContentRegionAvail().x * 0.46f);
  ImGui::BeginChild("##proposal_list", ImVec2(list_width, 0), true);
  DrawProposalList(ui);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##proposal", ImVec2(0, 0), true);
  DrawProposalDetail(ui, out);
  ImGui::EndChild();
}

// A tab-like switch: `label` drawn as the current choice when `on`.
bool TabButton(const char* label, bool on) {
  if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const bool pressed = ImGui::Button(label);
  if (on) ImGui::PopStyleColor();
  return pressed;
}

}  // namespace

CategoryDraft DraftOf(const core::Category& c) {
  return {.name = c.name,
          .definition = c.definition,
          .include = JoinLines(c.include),
          .exclude = JoinLines(c.exclude),
          .examples = JoinLines(c.examples),
          .near_misses = JoinLines(c.near_misses),
          .sensitive = c.sensitive,
          .draft_status = c.status == core::CategoryStatus::kDraft};
}

core::CategoryEdit EditFrom(const core::Category& c, const CategoryDraft& draft) {
  core::CategoryEdit e;
  if (draft.name != c.name) e.name = draft.name;
  if (draft.definition != c.definition) e.definition = draft.definition;
  if (draft.sensitive != c.sensitive) e.sensitive = draft.sensitive;
  const bool was_draft = c.status == core::CategoryStatus::kDraft;
  if (draft.draft_status != was_draft)
    e.status = draft.draft_status ? core::CategoryStatus::kDraft : core::CategoryStatus::kActive;
  ListDelta(c.include, draft.include, e.add_include, e.remove_include);
  ListDelta(c.exclude, draft.exclude, e.add_exclude, e.remove_exclude);
  ListDelta(c.examples, draft.examples, e.add_examples, e.remove_examples);
  ListDelta(c.near_misses, draft.near_misses, e.add_near_misses, e.remove_near_misses);
  return e;
}

void SyncTaxonomyEditorForm(const TaxonomyModel& model, TaxonomyEditorUi& ui) {
  // Opened with nothing chosen: the first category, so the form is never
  // an empty half of the window.
  if (ui.selected.empty()) {
    auto roots = model.children.find("");
    if (roots != model.children.end() && !roots->second.empty()) ui.selected = roots->second[0];
  }
  if (ui.selected == ui.loaded_id && model.generation == ui.loaded_generation &&
      model.revision == ui.loaded_revision)
    return;
  ui.loaded_generation = model.generation;
  ui.loaded_revision = model.revision;
  const core::Category* c = ui.selected.empty() ? nullptr : model.taxonomy.Find(ui.selected);
  if (c == nullptr) {
    ui.loaded_id.clear();
    ui.draft = ui.loaded = {};
    ui.replacements.clear();
    return;
  }
  ui.replacements.clear();
  for (const auto& [id, other] : model.taxonomy.categories())
    if (id != c->id && other.status == core::CategoryStatus::kActive) ui.replacements.push_back(id);
  CategoryDraft now = DraftOf(*c);
  const bool untouched = ui.draft == ui.loaded;
  if (ui.loaded_id != c->id || (untouched && !(now == ui.loaded))) {
    ui.loaded_id = c->id;
    ui.draft = ui.loaded = now;
    ui.replacement.clear();
  } else if (!(now == ui.loaded) && ui.draft == now) {
    ui.loaded = now;  // the user's edit landed: the form holds no edit any more
  }
}

MergeCategories MergeCommandOf(const MergeDraft& d) {
  MergeCategories c{.sources = d.sources, .why = d.why};
  if (d.new_target)
    c.into = {.id = d.new_id, .name = d.new_name, .definition = d.new_definition};
  else
    c.into = {.id = d.target};
  return c;
}

SplitCategory SplitCommandOf(const SplitDraft& d) {
  SplitCategory c{.id = d.id, .why = d.why};
  for (const SplitPartDraft& p : d.parts) {
    if (p.existing) {
      c.parts.push_back({.id = p.id});
      continue;
    }
    core::Category part{.id = p.id, .name = p.name, .definition = p.definition};
    if (std::vector<std::string> rules = Entries(p.rule); !rules.empty()) part.include = rules;
    c.parts.push_back(std::move(part));
  }
  return c;
}

void RefreshTaxonomyEditor(app::Project& project, uint64_t generation, TaxonomyEditorUi& ui) {
  const uint64_t revision = project.revision();
  if (ui.dialog != EditorDialog::kNone) {
    ImpactPreview& p = ui.preview;
    const bool merge = ui.dialog == EditorDialog::kMerge;
    const bool same = p.generation == generation && p.revision == revision && PreviewCurrent(ui);
    if (!same) {
      p = {.dialog = ui.dialog,
           .merge = ImpactKey(ui.merge),
           .split = ImpactKey(ui.split),
           .generation = generation,
           .revision = revision};
      if (merge ? Unfinished(ui.merge).empty() : Unfinished(ui.split).empty()) {
        app::TaxonomyEdits edits(project);
        const MergeCategories m = MergeCommandOf(ui.merge);
        const SplitCategory sp = SplitCommandOf(ui.split);
        Result<core::Taxonomy> next =
            merge ? edits.PreviewMerge(m.sources, m.into) : edits.PreviewSplit(sp.id, sp.parts);
        Result<std::vector<app::CategoryImpact>> impact =
            next.ok() ? app::TaxonomyImpact(project).Measure(project.taxonomy(), *next)
                      : Result<std::vector<app::CategoryImpact>>(next.status());
        if (!impact.ok()) {
          p.refusal = impact.status().message();
        } else {
          p.impact = std::move(*impact);
          p.relabel = app::RelabelItems(p.impact).size();
        }
      }
    }
  }
  if (ui.proposals_tab) {
    ProposalsView& v = ui.proposals;
    if (!v.loaded || v.stale || v.generation != generation || v.revision != revision) {
      v.loaded = true;
      v.stale = false;
      v.generation = generation;
      v.revision = revision;
      v.error.clear();
      v.list.clear();
      v.shown_name.clear();  // read the selected one again too
      Result<std::vector<app::ProposalSummary>> list = app::Proposals(project).List();
      if (list.ok())
        v.list = std::move(*list);
      else
        v.error = list.status().message();
    }
    if (!ui.proposal.empty() && ui.proposal != v.shown_name) {
      v.shown_name = ui.proposal;
      v.shown = {};
      v.show_error.clear();
      Result<app::ProposalSummary> shown = app::Proposals(project).Show(ui.proposal);
      if (shown.ok())
        v.shown = std::move(*shown);
      else
        v.show_error = shown.status().message();
    }
  }
}

void DrawTaxonomyEditor(const TaxonomyModel& model, TaxonomyEditorUi& ui, Commands& out) {
  SyncTaxonomyEditorForm(model, ui);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(colors::kAccent, "Taxonomy");
  ImGui::SameLine();
  if (TabButton("Categories", !ui.proposals_tab)) ui.proposals_tab = false;
  ImGui::SameLine();
  const std::string proposals =
      ui.proposals.loaded ? "Proposals (" + std::to_string(ui.proposals.list.size()) + ")###props"
                          : std::string("Proposals###props");
  if (TabButton(proposals.c_str(), ui.proposals_tab)) ui.proposals_tab = true;
  ImGui::SameLine();
  if (ui.proposals_tab) {
    ImGui::TextColored(colors::kDim, "Approve, reject or merge the selected proposal.");
    DrawProposals(ui, out);
  } else {
    ImGui::TextColored(colors::kDim,
                       "%zu categories. Drag one onto another to move it; F9 goes back to "
                       "labeling.",
                       model.taxonomy.size());
    const float tree_width = std::max(260.0f, ImGui::GetContentRegionAvail().x * 0.42f);
    ImGui::BeginChild("##tree", ImVec2(tree_width, 0), true);
    DrawTree(model, ui, out);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##form", ImVec2(0, 0), true);
    if (const core::Category* c = model.taxonomy.Find(ui.selected)) {
      DrawForm(*c, ui, out);
    } else {
      ImGui::TextColored(colors::kDim, "Select a category to see and change its fields.");
    }
    ImGui::EndChild();
  }
  if (ui.dialog_opening) {
    ImGui::OpenPopup(ui.dialog == EditorDialog::kMerge ? kMergeTitle : kSplitTitle);
    ui.dialog_opening = false;
  }
  DrawMergeDialog(model, ui, out);
  DrawSplitDialog(model, ui, out);
}

}  // namespace taxa::gui
