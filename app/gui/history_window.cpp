#include "gui/history_window.h"

#include <algorithm>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "gui/style.h"
#include "gui/time_text.h"
#include "imgui.h"

namespace taxa::gui {

namespace {

int Clamp(int i, size_t n) {
  if (n == 0) return -1;
  return std::clamp(i, 0, static_cast<int>(n) - 1);
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// A JSON value cut to what a line can hold.
std::string Short(const std::string& value) {
  constexpr size_t kMax = 200;
  return value.size() <= kMax ? value : value.substr(0, kMax) + "\u2026";
}

HistoryRow RowOf(app::TimelineEntry e, size_t index) {
  HistoryRow row;
  row.when = LocalTime(e.time);
  row.label = "#" + std::to_string(index + 1) + "  " + row.when + "  " +
              (e.version.empty() ? "" : "release " + e.version + "  ") +
              (e.action.empty() ? e.subject : e.action + ": " + e.subject);
  row.entry = std::move(e);
  return row;
}

void Heading(const char* text) {
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

void DrawTimeline(const HistoryModel& model, HistoryUi& ui, int chosen, float height) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_PadOuterX;
  if (!ImGui::BeginTable("timeline", 6, kFlags, ImVec2(0, height))) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, em * 8.5f);
  ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthFixed, em * 5);
  ImGui::TableSetupColumn("Action", ImGuiTableColumnFlags_WidthFixed, em * 8.5f);
  ImGui::TableSetupColumn("Release", ImGuiTableColumnFlags_WidthFixed, em * 4);
  ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("Why", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(model.rows.size()));
  // The chosen point is kept in view as the slider moves it.
  if (chosen >= 0 && ui.scrolled_to != chosen) clipper.ForceDisplayRangeByIndices(chosen, chosen + 1);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const HistoryRow& row = model.rows[static_cast<size_t>(i)];
      const app::TimelineEntry& e = row.entry;
      ImGui::PushID(i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Selectable(row.when.c_str(), i == chosen, ImGuiSelectableFlags_SpanAllColumns)) {
        ui.point = i;
        ui.scrolled_to = i;  // it is in view: clicked
      }
      if (i == chosen && ui.scrolled_to != chosen) {
        ImGui::SetScrollHereY(0.5f);
        ui.scrolled_to = chosen;
      }
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(e.subject.c_str());
        if (!e.rationale.empty()) ImGui::Text("why: %s", e.rationale.c_str());
        ImGui::Text("commit %s", e.commit.c_str());
        if (!e.categories.empty()) ImGui::Text("categories: %s", Joined(e.categories).c_str());
        if (!e.approved_by.empty()) ImGui::Text("approved by %s", Joined(e.approved_by).c_str());
        ImGui::EndTooltip();
      }
      ImGui::TableNextColumn();
      ImGui::TextColored(colors::kAccent, "%s", e.author.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.action.empty() ? "-" : e.action.c_str());
      ImGui::TableNextColumn();
      if (!e.version.empty()) ImGui::TextColored(colors::kGood, "%s", e.version.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.subject.c_str());
      ImGui::TableNextColumn();
      if (!e.rationale.empty()) ImGui::TextColored(colors::kDim, "%s", e.rationale.c_str());
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

// The slider and its step buttons; Left and Right step too while no text
// field has the keyboard.
void DrawSlider(const HistoryModel& model, HistoryUi& ui, int chosen) {
  const int last = static_cast<int>(model.rows.size()) - 1;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Replay at");
  ImGui::SameLine();
  ImGui::BeginDisabled(chosen <= 0);
  if (ImGui::ArrowButton("##earlier", ImGuiDir_Left)) ui.point = chosen - 1;
  ImGui::EndDisabled();
  ImGui::SameLine(0, 2);
  const char* newest = "Newest";
  const ImGuiStyle& style = ImGui::GetStyle();
  // Where the slider stands, beside it: the grab would cover a text inside.
  const std::string where = "#" + std::to_string(chosen + 1) + " of " +
                            std::to_string(model.rows.size()) + "  " +
                            model.rows[static_cast<size_t>(chosen)].when;
  const float right = 2 + ImGui::GetFrameHeight() + style.ItemSpacing.x * 2 +
                      ImGui::CalcTextSize(where.c_str()).x + ImGui::CalcTextSize(newest).x +
                      style.FramePadding.x * 2;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 6, ImGui::GetContentRegionAvail().x - right));
  int at = chosen;
  if (ImGui::SliderInt("##point", &at, 0, last, "", ImGuiSliderFlags_AlwaysClamp |
                                                        ImGuiSliderFlags_NoInput))
    ui.point = at;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", model.rows[static_cast<size_t>(chosen)].label.c_str());
  ImGui::SameLine(0, 2);
  ImGui::BeginDisabled(chosen >= last);
  if (ImGui::ArrowButton("##later", ImGuiDir_Right)) ui.point = chosen + 1;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextColored(colors::kAccent, "%s", where.c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(chosen >= last);
  if (ImGui::Button(newest)) ui.point = -1;
  ImGui::EndDisabled();
  if (!ImGui::GetIO().WantTextInput) {
    if (ImGui::IsKeyPressed(GLFW_KEY_LEFT) && chosen > 0) ui.point = chosen - 1;
    if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT) && chosen < last) ui.point = chosen + 1;
    // [ and ] pin the diff's From and To to the slider's point.
    if (ImGui::IsKeyPressed(GLFW_KEY_LEFT_BRACKET, false)) ui.from = chosen;
    if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT_BRACKET, false)) ui.to = chosen;
  }
}

void DrawTree(const HistoryModel& model, int chosen) {
  if (!model.tree_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kError, "%s", model.tree_error.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  const app::TimelineEntry& e = model.rows[static_cast<size_t>(chosen)].entry;
  size_t deprecated = 0;
  for (const HistoryTreeRow& r : model.tree) deprecated += r.status == "deprecated";
  ImGui::TextColored(colors::kAccent, "%zu categories, %zu deprecated",
                     model.tree.size() - deprecated, deprecated);
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(colors::kDim, "as they stood after #%d (%s by %s, commit %.10s%s%s)",
                     chosen + 1, e.action.empty() ? "a commit" : e.action.c_str(),
                     e.author.c_str(), e.commit.c_str(), e.version.empty() ? "" : ", release ",
                     e.version.c_str());
  ImGui::PopTextWrapPos();
  if (model.tree.empty()) {
    ImGui::TextDisabled("No category yet at this point.");
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_PadOuterX;
  if (!ImGui::BeginTable("tree", 3, kFlags, ImVec2(0, 0))) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("Id", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(model.tree.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const HistoryTreeRow& r = model.tree[static_cast<size_t>(i)];
      const bool gone = r.status == "deprecated";
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + em * 1.2f * static_cast<float>(r.depth));
      if (gone)
        ImGui::TextDisabled("%s", r.name.c_str());
      else
        ImGui::TextUnformatted(r.name.c_str());
      ImGui::TableNextColumn();
      ImGui::PushFont(MonoFont());
      ImGui::TextColored(gone ? colors::kDim : colors::kAccent, "%s", r.id.c_str());
      ImGui::PopFont();
      ImGui::TableNextColumn();
      if (!r.split_into.empty()) {
        ImGui::TextColored(colors::kWarn, "split into %s", Joined(r.split_into).c_str());
      } else if (!r.replaced_by.empty()) {
        ImGui::TextColored(colors::kWarn, "deprecated \u2192 %s", r.replaced_by.c_str());
      } else if (gone) {
        ImGui::TextColored(colors::kWarn, "deprecated");
      } else {
        ImGui::TextColored(colors::kDim, "%s", r.status.c_str());
      }
    }
  }
  ImGui::EndTable();
}

bool PointCombo(const char* id, const HistoryModel& model, int current, int& choice, float width) {
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo(id, model.rows[static_cast<size_t>(current)].label.c_str())) {
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(model.rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        ImGui::PushID(i);
        if (ImGui::Selectable(model.rows[static_cast<size_t>(i)].label.c_str(), i == current)) {
          choice = i;
          changed = true;
        }
        ImGui::PopID();
      }
    }
    ImGui::EndCombo();
  }
  return changed;
}

void DrawDiff(const HistoryModel& model, HistoryUi& ui) {
  const float em = ImGui::GetFontSize();
  const int from = DiffFrom(model, ui);
  const int to = DiffTo(model, ui);
  const float combo = std::max(em * 10, (ImGui::GetContentRegionAvail().x - em * 12) / 2);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("From");
  ImGui::SameLine();
  PointCombo("##from", model, from, ui.from, combo);
  ImGui::SameLine();
  ImGui::TextUnformatted("to");
  ImGui::SameLine();
  PointCombo("##to", model, to, ui.to, combo);
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.from < 0 && ui.to < 0);
  if (ImGui::Button("Follow slider")) ui.from = ui.to = -1;
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Compare the slider's point with the point before it (a release: with "
                      "the release before it). [ and ] set From and To to the slider's point.");

  if (!model.diff_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kError, "%s", model.diff_error.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  if (model.diff.empty()) {
    ImGui::TextDisabled(from == to ? "The same point on both sides: nothing to compare."
                                   : "No category changed between these two points.");
    return;
  }
  ImGui::TextColored(colors::kDim, "%zu %s changed from #%d to #%d", model.diff.size(),
                     model.diff.size() == 1 ? "category" : "categories", from + 1, to + 1);
  ImGui::BeginChild("diff", ImVec2(0, 0), false);
  for (const HistoryDiffCategory& c : model.diff) {
    ImGui::PushID(c.id.c_str());
    ImGui::PushFont(MonoFont());
    ImGui::TextColored(colors::kAccent, "%s", c.id.c_str());
    ImGui::PopFont();
    if (!c.what.empty()) {
      ImGui::SameLine(0, em);
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(colors::kWarn, "%s", Joined(c.what).c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::Indent();
    for (const core::CategoryFieldChange& f : c.fields) {
      ImGui::TextColored(colors::kDim, "%s", f.field.c_str());
      ImGui::SameLine(em * 7);
      ImGui::PushTextWrapPos(0.0f);
      ImGui::PushFont(MonoFont());
      ImGui::TextUnformatted((Short(f.before) + "  \u2192  " + Short(f.after)).c_str());
      ImGui::PopFont();
      ImGui::PopTextWrapPos();
    }
    ImGui::Unindent();
    ImGui::Spacing();
    ImGui::PopID();
  }
  ImGui::EndChild();
}

// Remembers `rows` as the tree of `commit`, forgetting the oldest kept.
void Keep(HistoryModel& model, const std::string& commit, const std::vector<HistoryTreeRow>& rows) {
  model.trees[commit] = rows;
  model.trees_order.push_back(commit);
  while (model.trees_order.size() > kHistoryTreesKept) {
    model.trees.erase(model.trees_order.front());
    model.trees_order.erase(model.trees_order.begin());
  }
}

}  // namespace

int ChosenPoint(const HistoryModel& model, const HistoryUi& ui) {
  return Clamp(ui.point < 0 ? static_cast<int>(model.rows.size()) - 1 : ui.point,
               model.rows.size());
}

int DiffTo(const HistoryModel& model, const HistoryUi& ui) {
  return ui.to < 0 ? ChosenPoint(model, ui) : Clamp(ui.to, model.rows.size());
}

int DiffFrom(const HistoryModel& model, const HistoryUi& ui) {
  if (ui.from >= 0) return Clamp(ui.from, model.rows.size());
  const int chosen = ChosenPoint(model, ui);
  if (chosen > 0 && !model.rows[static_cast<size_t>(chosen)].entry.version.empty()) {
    // A release: what it released, since the release before (or the start).
    int i = chosen - 1;
    while (i > 0 && model.rows[static_cast<size_t>(i)].entry.version.empty()) --i;
    return i;
  }
  return Clamp(chosen - 1, model.rows.size());
}

std::vector<HistoryTreeRow> TreeRowsOf(const core::Taxonomy& t) {
  std::vector<HistoryTreeRow> rows;
  for (const auto& [id, depth] : t.TreeOrder()) {
    const core::Category* c = t.Find(id);
    if (c == nullptr) continue;
    rows.push_back({.id = c->id,
                    .name = c->name,
                    .depth = depth,
                    .status = std::string(core::CategoryStatusName(c->status)),
                    .replaced_by = c->replaced_by,
                    .split_into = c->split_into});
  }
  return rows;
}

std::vector<HistoryDiffCategory> DiffByCategory(const core::TaxonomyChanges& ch) {
  std::map<std::string, HistoryDiffCategory> by_id;
  auto at = [&](const std::string& id) -> HistoryDiffCategory& {
    HistoryDiffCategory& c = by_id[id];
    c.id = id;
    return c;
  };
  for (const std::string& id : ch.added) at(id).what.push_back("added");
  for (const std::string& id : ch.removed) at(id).what.push_back("removed");
  for (const auto& [id, name] : ch.renamed) at(id).what.push_back("renamed to \"" + name + "\"");
  for (const auto& [id, parent] : ch.moved)
    at(id).what.push_back(parent.empty() ? "moved to the top level" : "moved under " + parent);
  for (const auto& [into, sources] : ch.merged)
    for (const std::string& id : sources) at(id).what.push_back("merged into " + into);
  for (const auto& [id, parts] : ch.split) at(id).what.push_back("split into " + Joined(parts));
  for (const auto& [id, by] : ch.deprecated) {
    HistoryDiffCategory& c = at(id);
    // A merge or split says more than the deprecation it made.
    const bool told = std::any_of(c.what.begin(), c.what.end(), [](const std::string& w) {
      return w.starts_with("merged") || w.starts_with("split");
    });
    if (!told) c.what.push_back(by.empty() ? "deprecated" : "deprecated, replaced by " + by);
  }
  for (const std::string& id : ch.redefined) at(id).what.push_back("redefined");
  for (const core::CategoryFieldChange& f : ch.fields) at(f.id).fields.push_back(f);
  std::vector<HistoryDiffCategory> out;
  for (auto& [id, c] : by_id) out.push_back(std::move(c));
  return out;
}

void RefreshHistoryModel(app::Project& project, uint64_t generation, const HistoryUi& ui,
                         HistoryModel& model) {
  if (!model.built || model.generation != generation || model.revision != project.revision()) {
    // A commit's tree and a diff between two commits never change, so what
    // is kept by commit stays; the timeline reads only the commits it lacks
    // (a label commit adds none).
    // Another project (generation) starts afresh.
    if (model.generation != generation) {
      const size_t tree_reads = model.tree_reads, diff_reads = model.diff_reads;
      model = {};
      model.tree_reads = tree_reads;
      model.diff_reads = diff_reads;
    }
    std::vector<app::TimelineEntry> known;
    for (HistoryRow& row : model.rows) known.push_back(std::move(row.entry));
    model.rows.clear();
    model.error.clear();
    model.generation = generation;
    model.revision = project.revision();
    model.built = true;
    Result<std::vector<app::TimelineEntry>> timeline =
        app::TaxonomyHistory(project).Timeline(std::move(known));
    if (!timeline.ok()) {
      model.error = timeline.status().message();
    } else {
      for (size_t i = 0; i < timeline->size(); ++i)
        model.rows.push_back(RowOf(std::move((*timeline)[i]), i));
    }
  }
  const int chosen = ChosenPoint(model, ui);
  const std::string commit = chosen < 0 ? "" : model.rows[static_cast<size_t>(chosen)].entry.commit;
  if (commit != model.tree_commit) {
    model.tree_commit = commit;
    model.tree.clear();
    model.tree_error.clear();
    if (auto kept = model.trees.find(commit); kept != model.trees.end()) {
      model.tree = kept->second;
    } else if (!commit.empty()) {
      ++model.tree_reads;
      const app::TimelineEntry& e = model.rows[static_cast<size_t>(chosen)].entry;
      Result<core::Taxonomy> t =
          app::TaxonomyHistory(project).TaxonomyAt({.commit = e.commit, .time = e.time});
      if (t.ok()) {
        model.tree = TreeRowsOf(*t);
        Keep(model, commit, model.tree);
      } else {
        model.tree_error = t.status().message();
      }
    }
  }
  const int from = DiffFrom(model, ui), to = DiffTo(model, ui);
  const std::string a = from < 0 ? "" : model.rows[static_cast<size_t>(from)].entry.commit;
  const std::string b = to < 0 ? "" : model.rows[static_cast<size_t>(to)].entry.commit;
  if (a != model.diff_from || b != model.diff_to) {
    model.diff_from = a;
    model.diff_to = b;
    model.diff.clear();
    model.diff_error.clear();
    if (!a.empty() && !b.empty() && a != b) {
      ++model.diff_reads;
      Result<core::TaxonomyChanges> changes = app::TaxonomyHistory(project).Diff(a, b);
      if (changes.ok()) {
        model.diff = DiffByCategory(*changes);
        // An added category's name, when its tree was read already.
        if (auto kept = model.trees.find(b); kept != model.trees.end()) {
          for (HistoryDiffCategory& c : model.diff) {
            for (std::string& what : c.what) {
              if (what != "added") continue;
              for (const HistoryTreeRow& r : kept->second)
                if (r.id == c.id) what = "added as \"" + r.name + "\"";
            }
          }
        }
      } else {
        model.diff_error = changes.status().message();
      }
    }
  }
}

void DrawHistoryWindow(const HistoryModel& model, HistoryUi& ui) {
  const float em = ImGui::GetFontSize();
  Heading("History");
  ImGui::SameLine(0, em);
  ImGui::AlignTextToFramePadding();
  size_t releases = 0;
  for (const HistoryRow& r : model.rows) releases += !r.entry.version.empty();
  ImGui::TextColored(colors::kDim, "%zu taxonomy %s on main, %zu %s", model.rows.size(),
                     model.rows.size() == 1 ? "change" : "changes", releases,
                     releases == 1 ? "release" : "releases");
  const char* back = "Back to labeling";
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(back).x -
                  ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button(back)) ui.visible = false;
  if (!model.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kError, "%s", model.error.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  if (model.rows.empty()) {
    ImGui::TextDisabled("The taxonomy has no history yet: add a category to start it.");
    return;
  }
  const int chosen = ChosenPoint(model, ui);
  // The timeline takes a third of the window, at least a few rows.
  const float rows_height =
      std::max(ImGui::GetFrameHeightWithSpacing() * 5, ImGui::GetContentRegionAvail().y * 0.34f);
  DrawTimeline(model, ui, chosen, rows_height);
  DrawSlider(model, ui, chosen);
  ImGui::Spacing();
  // T and D pick a tab while no text field has the keyboard.
  int wanted = ui.select_tab;
  ui.select_tab = -1;
  if (!ImGui::GetIO().WantTextInput) {
    if (ImGui::IsKeyPressed(GLFW_KEY_T, false)) wanted = 0;
    if (ImGui::IsKeyPressed(GLFW_KEY_D, false)) wanted = 1;
  }
  auto flags = [&](int tab) {
    return wanted == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
  };
  if (ImGui::BeginTabBar("history_tabs")) {
    if (ImGui::BeginTabItem("Tree at this point (T)", nullptr, flags(0))) {
      ui.tab = 0;
      DrawTree(model, chosen);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Changes between two points (D)", nullptr, flags(1))) {
      ui.tab = 1;
      DrawDiff(model, ui);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

}  // namespace taxa::gui
