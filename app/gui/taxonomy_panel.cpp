#include "gui/taxonomy_panel.h"

#include <algorithm>

#include "gui/category_filter.h"
#include "gui/style.h"
#include "imgui.h"

namespace taxa::gui {

namespace {

constexpr const char* kPathSeparator = " \u203A ";  // single right-pointing angle quote

bool Labelable(const core::Category& c) { return c.status != core::CategoryStatus::kDeprecated; }

// True when every ancestor of `id` (and `id` itself) is open, so its children show.
bool ShowsChildren(const TaxonomyModel& model, const TaxonomyUi& ui, const std::string& id) {
  std::vector<std::string> path = model.taxonomy.Path(id);
  if (path.empty()) return false;
  return std::all_of(path.begin(), path.end(),
                     [&](const std::string& p) { return ui.open.count(p) > 0; });
}

void Section(const char* title, const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  ImGui::Spacing();
  ImGui::TextColored(colors::kAccent, "%s", title);
  ImGui::Separator();
  for (const std::string& line : lines) {
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(line.c_str());
    ImGui::PopTextWrapPos();
  }
}

void DrawGuidelines(const TaxonomyModel& model, const TaxonomyUi& ui, const LabelDraft& draft) {
  std::string id = ui.shown;
  if (id.empty() && !draft.chosen.empty()) id = draft.chosen.back();
  const core::Category* c = model.taxonomy.Find(id);
  if (c == nullptr) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Hover over a category to read its guidelines here.");
    ImGui::Spacing();
    ImGui::TextDisabled(
        "The keys 1-9 and 0 tick the categories numbered above; Shift and a "
        "number opens that category and numbers its children instead. / and part "
        "of a name finds any category; Enter ticks it.");
    ImGui::PopTextWrapPos();
    return;
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(colors::kAccent, "%s", c->name.c_str());
  ImGui::PushFont(MonoFont());
  ImGui::TextDisabled("%s", c->id.c_str());
  ImGui::PopFont();
  if (!c->parent.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("in %s", model.DisplayName(c->parent).c_str());
  }
  if (c->status == core::CategoryStatus::kDeprecated) {
    if (!c->replaced_by.empty()) {
      ImGui::TextColored(colors::kWarn, "Deprecated: use %s instead.",
                         model.DisplayName(c->replaced_by).c_str());
    } else {
      ImGui::TextColored(colors::kWarn, "Deprecated: no longer used.");
    }
  } else if (c->status == core::CategoryStatus::kDraft) {
    ImGui::TextColored(colors::kWarn, "Draft: still being defined.");
  }
  if (c->sensitive)
    ImGui::TextColored(colors::kWarn, "Sensitive: may involve personal or security matters.");
  if (!c->definition.empty()) {
    ImGui::Spacing();
    ImGui::TextUnformatted(c->definition.c_str());
  }
  ImGui::PopTextWrapPos();
  Section("Use when", c->include);
  Section("Do not", c->exclude);
  Section("Examples", c->examples);
  Section("Near misses (not this category)", c->near_misses);
}

void DrawNode(const TaxonomyModel& model, TaxonomyUi& ui, LabelDraft& draft,
              const std::vector<std::string>& in_view, const std::string& id) {
  const core::Category* c = model.taxonomy.Find(id);
  if (c == nullptr) return;
  auto kids = model.children.find(id);
  bool leaf = kids == model.children.end() || kids->second.empty();
  bool labelable = Labelable(*c);

  ImGui::PushID(id.c_str());
  float start_x = ImGui::GetCursorPosX();
  auto number = std::find(in_view.begin(), in_view.end(), id);
  const std::string key =
      number != in_view.end() ? CategoryKeyName(static_cast<size_t>(number - in_view.begin())) : "";
  ImGui::AlignTextToFramePadding();
  if (ui.scroll_to == id) {
    // Only when the row is out of sight: a tick must not make the tree jump.
    const float y = ImGui::GetCursorScreenPos().y;
    const float top = ImGui::GetWindowPos().y;
    if (y < top || y + ImGui::GetFrameHeight() > top + ImGui::GetWindowHeight())
      ImGui::SetScrollHereY(0.5f);
    ui.scroll_to.clear();
  }
  if (!key.empty()) {
    ImGui::TextColored(colors::kAccent, "%s", key.c_str());
  } else {
    ImGui::TextUnformatted(" ");
  }
  ImGui::SameLine(start_x + ImGui::CalcTextSize("0").x + ImGui::GetStyle().ItemSpacing.x);

  bool checked = draft.Has(id);
  if (!labelable) ImGui::BeginDisabled();
  if (ImGui::Checkbox("##pick", &checked)) {
    draft.Toggle(id);
    ui.shown = id;
  }
  if (!labelable) ImGui::EndDisabled();
  ImGui::SameLine();

  ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_OpenOnDoubleClick |
                             ImGuiTreeNodeFlags_FramePadding;
  if (leaf) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
  if (ui.shown == id) flags |= ImGuiTreeNodeFlags_Selected;
  if (!labelable)
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::SetNextItemOpen(ui.open.count(id) > 0, ImGuiCond_Always);
  bool open = ImGui::TreeNodeEx("node", flags, "%s", c->name.c_str());
  if (!labelable) ImGui::PopStyleColor();
  if (ImGui::IsItemToggledOpen()) {
    if (open) {
      ui.open.insert(id);
      ui.focus = id;
    } else {
      ui.open.erase(id);
      std::vector<std::string> focus_path = model.taxonomy.Path(ui.focus);
      if (std::find(focus_path.begin(), focus_path.end(), id) != focus_path.end())
        ui.focus = c->parent;
    }
  } else if (ImGui::IsItemClicked()) {
    ui.shown = id;
  }
  if (ImGui::IsItemHovered()) ui.shown = id;
  float label_x = ImGui::GetItemRectMin().x + ImGui::GetTreeNodeToLabelSpacing();

  if (c->sensitive) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kWarn, "\u26A0");
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Sensitive: personal or security matters; follow the guidelines closely.");
      ui.shown = id;
    }
  }
  if (!labelable) {
    // Under the name, so a long replacement never runs off the panel.
    ImGui::SetCursorScreenPos(ImVec2(label_x, ImGui::GetCursorScreenPos().y));
    ImGui::PushTextWrapPos(0.0f);
    if (!c->replaced_by.empty()) {
      ImGui::TextDisabled("deprecated: use %s", model.DisplayName(c->replaced_by).c_str());
    } else {
      ImGui::TextDisabled("deprecated");
    }
    ImGui::PopTextWrapPos();
  }

  if (open && !leaf) {
    for (const std::string& child : kids->second) DrawNode(model, ui, draft, in_view, child);
    ImGui::TreePop();
  }
  ImGui::PopID();
}

}  // namespace

const std::string& TaxonomyModel::DisplayName(const std::string& id) const {
  auto it = display.find(id);
  return it != display.end() ? it->second : id;
}

void RefreshTaxonomy(const app::Project& session, uint64_t generation, TaxonomyModel& model) {
  if (model.built && model.generation == generation && model.revision == session.revision()) return;
  model = {};
  model.generation = generation;
  model.revision = session.revision();
  model.built = true;
  model.taxonomy = session.taxonomy();
  model.children[""] = model.taxonomy.Children("");
  for (const auto& [id, category] : model.taxonomy.categories()) {
    std::vector<std::string> kids = model.taxonomy.Children(id);
    if (!kids.empty()) model.children[id] = std::move(kids);
    std::string name;
    for (const std::string& step : model.taxonomy.Path(id)) {
      const core::Category* c = model.taxonomy.Find(step);
      name += (name.empty() ? "" : kPathSeparator) + (c != nullptr ? c->name : step);
    }
    model.display[id] = name.empty() ? id : name;
  }
}

std::vector<std::string> CategoriesInView(const TaxonomyModel& model, const TaxonomyUi& ui) {
  std::string parent;
  if (!ui.focus.empty() && model.children.count(ui.focus) && ShowsChildren(model, ui, ui.focus))
    parent = ui.focus;
  std::vector<std::string> out;
  auto kids = model.children.find(parent);
  if (kids == model.children.end()) return out;
  for (const std::string& id : kids->second) {
    const core::Category* c = model.taxonomy.Find(id);
    if (c != nullptr && Labelable(*c)) out.push_back(id);
  }
  return out;
}

std::string CategoryKeyName(size_t index) {
  if (index >= static_cast<size_t>(kCategoryKeys)) return "";
  return std::to_string((index + 1) % 10);
}

void RevealCategory(const TaxonomyModel& model, TaxonomyUi& ui, const std::string& id) {
  const core::Category* c = model.taxonomy.Find(id);
  if (c == nullptr) return;
  for (const std::string& step : model.taxonomy.Path(c->parent)) ui.open.insert(step);
  ui.focus = c->parent;
  ui.shown = id;
  ui.scroll_to = id;
}

void FocusCategory(const TaxonomyModel& model, TaxonomyUi& ui, const std::string& id) {
  if (!model.children.count(id)) return;
  for (const std::string& step : model.taxonomy.Path(id)) ui.open.insert(step);
  ui.focus = id;
}

void FocusParent(const TaxonomyModel& model, TaxonomyUi& ui) {
  if (ui.focus.empty()) return;
  ui.open.erase(ui.focus);
  const core::Category* c = model.taxonomy.Find(ui.focus);
  ui.focus = c != nullptr ? c->parent : "";
}

void DrawTaxonomy(const TaxonomyModel& model, TaxonomyUi& ui, LabelDraft& draft) {
  std::vector<std::string> in_view = CategoriesInView(model, ui);
  float tree_height = ImGui::GetContentRegionAvail().y * 0.48f;
  if (ui.filtering) {
    DrawCategoryFilter(model, ui, draft, tree_height);
    ImGui::Separator();
    ImGui::BeginChild("guidelines", ImVec2(0, 0), false);
    DrawGuidelines(model, ui, draft);
    ImGui::EndChild();
    return;
  }
  ImGui::BeginChild("tree", ImVec2(0, tree_height), false);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x,
                                                        ImGui::GetStyle().ItemSpacing.y * 0.5f));
  if (model.taxonomy.size() == 0) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "This project has no categories yet. Add them from the project folder with "
        "`taxa taxonomy add ID --name NAME --definition TEXT` (`taxa taxonomy --help` "
        "lists the rest).");
    ImGui::PopTextWrapPos();
  }
  auto roots = model.children.find("");
  if (roots != model.children.end())
    for (const std::string& id : roots->second) DrawNode(model, ui, draft, in_view, id);
  ImGui::PopStyleVar();
  ImGui::EndChild();
  ImGui::Separator();
  ImGui::BeginChild("guidelines", ImVec2(0, 0), false);
  DrawGuidelines(model, ui, draft);
  ImGui::EndChild();
}

}  // namespace taxa::gui
