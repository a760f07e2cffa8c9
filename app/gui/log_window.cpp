#include "gui/log_window.h"

#include <algorithm>
#include <set>

#include "gui/choice_combo.h"
#include "gui/style.h"
#include "gui/time_text.h"
#include "imgui.h"

namespace taxa::gui {

namespace {

LogRow RowOf(const sync::LogEntry& e) {
  return {.commit = e.commit,
          .short_id = e.commit.substr(0, 10),
          .when = LocalTime(e.time),
          .author = e.author,
          .action = app::ActionOf(e),
          .subject = e.subject};
}

const char* KindWord(core::FileChange::Kind kind) {
  switch (kind) {
    case core::FileChange::Kind::kAdded:
      return "added";
    case core::FileChange::Kind::kDeleted:
      return "deleted";
    case core::FileChange::Kind::kModified:
      break;
  }
  return "changed";
}

// A JSON value cut to a line a window can hold.
std::string Short(const std::optional<std::string>& value) {
  if (!value) return "(absent)";
  constexpr size_t kMax = 160;
  return value->size() <= kMax ? *value : value->substr(0, kMax) + "\u2026";
}

void DrawRows(const LogModel& model, LogUi& ui, float height) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_PadOuterX;
  if (!ImGui::BeginTable("log", 4, kFlags, ImVec2(0, height))) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, em * 8.5f);
  ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn("Action", ImGuiTableColumnFlags_WidthFixed, em * 9);
  ImGui::TableSetupColumn("Subject", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(model.rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const LogRow& row = model.rows[static_cast<size_t>(i)];
      ImGui::PushID(row.commit.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Selectable(row.when.c_str(), ui.selected == row.commit,
                            ImGuiSelectableFlags_SpanAllColumns))
        ui.selected = row.commit;
      ImGui::TableNextColumn();
      ImGui::TextColored(colors::kAccent, "%s", row.author.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.action.empty() ? "-" : row.action.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.subject.c_str());
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

void DrawChange(const LogModel& model) {
  if (!model.change_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kError, "%s", model.change_error.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  if (!model.change) {
    ImGui::TextDisabled("Select an operation above to see what it changed.");
    return;
  }
  const app::CommitChange& c = *model.change;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(colors::kAccent, "%s", c.entry.subject.c_str());
  ImGui::TextColored(colors::kDim, "by %s <%s>, %s \u00b7 commit %s", c.entry.author.c_str(),
                     c.entry.email.c_str(), LocalTime(c.entry.time).c_str(),
                     c.entry.commit.c_str());
  if (!c.body.empty()) ImGui::TextDisabled("%s", c.body.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  if (c.files.empty()) {
    ImGui::TextDisabled("No file changed (a merge that took one side, or an empty commit).");
    return;
  }
  for (const app::ChangedFile& f : c.files) {
    ImGui::PushID(f.path.c_str());
    ImGui::PushFont(MonoFont());
    ImGui::TextUnformatted(f.path.c_str());
    ImGui::PopFont();
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::TextColored(colors::kDim, "%s", DescribeChangedFile(f).c_str());
    for (const app::FieldChange& field : f.fields) {
      ImGui::Indent();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(colors::kWarn, "%s", field.field.c_str());
      ImGui::SameLine();
      ImGui::PushFont(MonoFont());
      ImGui::TextUnformatted((Short(field.before) + "  \u2192  " + Short(field.after)).c_str());
      ImGui::PopFont();
      ImGui::PopTextWrapPos();
      ImGui::Unindent();
    }
    ImGui::PopID();
  }
}

}  // namespace

std::string DescribeChangedFile(const app::ChangedFile& f) {
  std::string out = f.what + ", " + KindWord(f.kind);
  if (!f.fields.empty())
    out += ": " + std::to_string(f.fields.size()) + (f.fields.size() == 1 ? " field" : " fields");
  if (f.records >= 0) {
    if (f.what == "items") {
      out += ": " + std::to_string(f.records) + " items";
    } else {
      out += ": +" + std::to_string(f.records) + (f.records == 1 ? " event" : " events");
    }
  }
  return out;
}

void RefreshLogModel(app::Project& session, uint64_t generation, const LogUi& ui,
                     LogModel& model) {
  const bool same = model.built && model.generation == generation &&
                    model.revision == session.revision();
  if (!same || model.action != ui.action || model.author != ui.author) {
    const bool choices_valid = same;
    std::vector<std::string> actions = std::move(model.actions);
    std::vector<std::string> authors = std::move(model.authors);
    model = {};
    model.generation = generation;
    model.revision = session.revision();
    model.built = true;
    model.action = ui.action;
    model.author = ui.author;
    app::History history(session);
    if (choices_valid) {
      model.actions = std::move(actions);
      model.authors = std::move(authors);
    } else if (Result<std::vector<sync::LogEntry>> all = history.Log(kLogRows); all.ok()) {
      std::set<std::string> a, b;
      for (const sync::LogEntry& e : *all) {
        if (std::string action = app::ActionOf(e); !action.empty()) a.insert(action);
        b.insert(e.author);
      }
      model.actions.assign(a.begin(), a.end());
      model.authors.assign(b.begin(), b.end());
    }
    // The filter is the session's own (History::Log with a LogQuery).
    Result<std::vector<sync::LogEntry>> log =
        history.Log(app::LogQuery{.action = ui.action, .author = ui.author, .limit = kLogRows});
    if (!log.ok()) {
      model.error = log.status().message();
    } else {
      for (const sync::LogEntry& e : *log) model.rows.push_back(RowOf(e));
    }
  }
  if (model.shown != ui.selected) {
    model.shown = ui.selected;
    model.change.reset();
    model.change_error.clear();
    if (!ui.selected.empty()) {
      Result<app::CommitChange> change = app::History(session).Show(ui.selected);
      if (change.ok()) {
        model.change = std::move(*change);
      } else {
        model.change_error = change.status().message();
      }
    }
  }
}

void DrawLogWindow(const LogModel& model, LogUi& ui) {
  const float em = ImGui::GetFontSize();
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted("Log");
  ImGui::PopFont();
  ImGui::SameLine(0, em);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(colors::kDim, "%zu %s%s", model.rows.size(),
                     model.rows.size() == 1 ? "operation" : "operations",
                     model.rows.size() >= kLogRows ? " (the newest)" : "");
  const char* back = "Back to labeling";
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(back).x -
                  ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button(back)) ui.visible = false;

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Action");
  ImGui::SameLine();
  ChoiceCombo("##action", model.actions, ui.action, em * 10, "(any)");
  ImGui::SameLine(0, em);
  ImGui::TextUnformatted("Author");
  ImGui::SameLine();
  ChoiceCombo("##author", model.authors, ui.author, em * 8, "(anyone)");
  if (!model.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colors::kError, "%s", model.error.c_str());
    ImGui::PopTextWrapPos();
  }
  if (model.rows.empty() && model.error.empty())
    ImGui::TextDisabled("No operation matches these filters.");

  // The newest operation is shown until another is chosen.
  if (ui.selected.empty() && !model.rows.empty()) ui.selected = model.rows.front().commit;
  DrawRows(model, ui, ImGui::GetContentRegionAvail().y * 0.5f);
  ImGui::Separator();
  ImGui::BeginChild("change", ImVec2(0, 0), false);
  DrawChange(model);
  ImGui::EndChild();
}

}  // namespace taxa::gui
