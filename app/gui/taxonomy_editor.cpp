#include "gui/taxonomy_editor.h"

#include <algorithm>
#include <set>

#include "gui/choice_combo.h"
#include "gui/style.h"
#include "gui/taxonomy_editor_parts.h"
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
    ui.dialog_error.clear();
    ui.preview = {};  // no earlier figures: another category's would mislead
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Split...")) {
    ui.split = {.id = c.id, .parts = {SplitPartDraft{}, SplitPartDraft{}}};
    ui.dialog = EditorDialog::kSplit;
    ui.dialog_opening = true;
    ui.dialog_error.clear();
    ui.preview = {};  // no earlier figures: another category's would mislead
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
