#include "gui/sync_window.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "session/history.h"

#include "gui/flow.h"
#include "gui/style.h"
#include "gui/time_text.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace taxa::gui {

namespace {

std::string Short(const std::string& id) { return id.substr(0, 10); }

// A section title in the accent colour over a rule, with a dim note beside it.
void SectionTitle(const char* title, const std::string& note) {
  ImGui::Spacing();
  ImGui::Spacing();
  ImGui::TextColored(colors::kAccent, "%s", title);
  if (!note.empty()) {
    ImGui::SameLine(0, 12);
    ImGui::TextColored(colors::kDim, "%s", note.c_str());
  }
  ImGui::Separator();
  ImGui::Spacing();
}

void WrappedColored(const ImVec4& color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void DrawProgress(const SyncProgress& p) {
  ImGui::TextColored(colors::kWarn, "%s...", p.title.c_str());
  auto [done, total] = p.progress;
  ImVec2 size(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 36.0f), 0);
  if (total > 0) {
    char text[64];
    std::snprintf(text, sizeof text, "%zu / %zu", done, total);
    ImGui::ProgressBar(static_cast<float>(done) / static_cast<float>(total), size, text);
  } else {
    // No counts reported yet: a bar that sweeps back and forth.
    float phase = static_cast<float>(0.5 + 0.5 * std::sin(p.time * 3.0));
    ImGui::ProgressBar(phase, size, "working...");
  }
  ImGui::TextColored(colors::kDim,
                     "Fetch, merge, push: on a worker thread; labeling resumes when it ends.");
}

// The url cell: the url, or while it is being changed, a field for the new one.
void DrawRemoteUrl(const SyncRemoteRow& row, SyncUi& ui, bool running, Commands& out) {
  if (ui.editing != row.name) {
    ImGui::PushFont(MonoFont());
    ImGui::TextWrapped("%s", row.url.c_str());
    ImGui::PopFont();
    return;
  }
  ImGui::SetNextItemWidth(-1);
  if (ui.focus_edit) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_edit = false;
  }
  bool save = ImGui::InputText("##url", &ui.edited_url, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::BeginDisabled(running);
  save |= ImGui::SmallButton("Save url");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::SmallButton("Cancel")) ui.editing.clear();
  if (save && !running) {
    out.Push(SetRemoteUrl{.name = row.name, .url = ui.edited_url});
    ui.editing.clear();
  }
}

// Sync, and below it: change the url, remove the remote (after a question).
void DrawRemoteActions(const SyncRemoteRow& row, SyncUi& ui, bool running, Commands& out) {
  ImGui::BeginDisabled(running);
  if (ImGui::Button("Sync", ImVec2(-1, 0))) out.Push(SyncRemote{.remote = row.name});
  if (ImGui::SmallButton("Edit url")) {
    ui.editing = row.name;
    ui.edited_url = row.url;
    ui.focus_edit = true;
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Remove")) ImGui::OpenPopup("remove");
  ImGui::EndDisabled();
  if (ImGui::BeginPopup("remove")) {
    ImGui::Text("Forget remote %s (%s)?", row.name.c_str(), row.url.c_str());
    ImGui::TextColored(colors::kDim,
                       "The repository it names is left alone; only this project's "
                       "record of it and what was fetched from it go.");
    if (ImGui::Button("Remove")) {
      out.Push(RemoveRemote{.name = row.name});
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Keep it")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void DrawRemoteRow(const SyncRemoteRow& row, SyncUi& ui, bool running, Commands& out) {
  ImGui::PushID(row.name.c_str());
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(colors::kAccent, "%s", row.name.c_str());
  ImGui::TableNextColumn();
  DrawRemoteUrl(row, ui, running, out);
  ImGui::TableNextColumn();
  if (row.tracking.empty()) {
    ImGui::TextColored(colors::kDim, "not fetched yet");
    ImGui::TextColored(colors::kDim, "%zu ahead", row.ahead);
  } else {
    ImGui::TextColored(row.ahead > 0 ? colors::kWarn : colors::kDim, "%zu ahead", row.ahead);
    ImGui::TextColored(row.behind > 0 ? colors::kWarn : colors::kDim, "%zu behind", row.behind);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Against %s/main as last fetched (%s); Sync fetches it again.",
                        row.name.c_str(), row.tracking.c_str());
  }
  ImGui::TableNextColumn();
  if (!row.synced) {
    ImGui::TextColored(colors::kDim, "never synced from this copy");
  } else {
    ImGui::TextColored(colors::kDim, "%s", row.last_when.c_str());
    WrappedColored(row.last_ok ? colors::kGood : colors::kError, row.last_summary);
  }
  ImGui::TableNextColumn();
  DrawRemoteActions(row, ui, running, out);
  ImGui::PopID();
}

void DrawRemotes(const SyncModel& model, SyncUi& ui, bool running, Commands& out) {
  if (model.remotes.empty()) {
    ImGui::TextColored(colors::kDim,
                       "No remotes yet: add one below (a bare git repository on a share, "
                       "a forge URL, or a folder).");
    return;
  }
  const float em = ImGui::GetFontSize();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg |
                                     ImGuiTableFlags_PadOuterX | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("remotes", 5, kFlags)) return;
  ImGui::TableSetupColumn("Remote", ImGuiTableColumnFlags_WidthFixed, em * 6);
  ImGui::TableSetupColumn("URL", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("Our main", ImGuiTableColumnFlags_WidthFixed, em * 7);
  ImGui::TableSetupColumn("Last sync", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("##sync", ImGuiTableColumnFlags_WidthFixed,
                          std::max(em * 5, ButtonWidth("Edit url") + ButtonWidth("Remove")));
  ImGui::TableHeadersRow();
  for (const SyncRemoteRow& row : model.remotes) DrawRemoteRow(row, ui, running, out);
  ImGui::EndTable();
}

void DrawAddRemote(SyncUi& ui, bool running, Commands& out) {
  const float em = ImGui::GetFontSize();
  const float button = em * 7;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Name");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 8);
  bool add = ImGui::InputTextWithHint("##name", "origin", &ui.new_name,
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine(0, em);
  ImGui::TextUnformatted("URL");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(em * 10, ImGui::GetContentRegionAvail().x - button - 8));
  add |= ImGui::InputTextWithHint("##url", "/srv/hub.git, ssh://host/project.git, https://...",
                                  &ui.new_url, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  ImGui::BeginDisabled(running);
  add |= ImGui::Button("Add remote", ImVec2(button, 0));
  ImGui::EndDisabled();
  if (add && !running) out.Push(AddRemote{.name = ui.new_name, .url = ui.new_url});
}

void DrawConflict(const ConflictRow& c, SyncUi& ui, bool running, Commands& out) {
  ImGui::PushID(c.id.c_str());
  ImGui::PushFont(MonoFont());
  ImGui::TextColored(colors::kAccent, "%s", c.path.c_str());
  ImGui::PopFont();
  ImGui::SameLine(0, 12);
  ImGui::TextColored(colors::kDim, "field \"%s\" %s \u00b7 %s", c.field.c_str(), c.what.c_str(),
                     c.short_id.c_str());

  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_PadOuterX;
  ImGui::BeginDisabled(running);
  if (ImGui::BeginTable("sides", 3, kFlags)) {
    struct Side {
      const char* header;
      const char* button;
      const std::string* value;
      app::Resolution::Take take;
    };
    const Side sides[] = {{"Base", "Take base", &c.base, app::Resolution::Take::kBase},
                          {"Ours", "Take ours", &c.ours, app::Resolution::Take::kOurs},
                          {"Theirs", "Take theirs", &c.theirs, app::Resolution::Take::kTheirs}};
    for (const Side& s : sides) ImGui::TableSetupColumn(s.header);
    ImGui::TableHeadersRow();
    ImGui::TableNextRow();
    for (const Side& s : sides) {
      ImGui::TableNextColumn();
      ImGui::PushFont(MonoFont());
      ImGui::TextWrapped("%s", s.value->c_str());
      ImGui::PopFont();
    }
    ImGui::TableNextRow();
    for (const Side& s : sides) {
      ImGui::TableNextColumn();
      if (ImGui::Button(s.button))
        out.Push(ResolveConflict{.id = c.id, .resolution = {.take = s.take}});
    }
    ImGui::EndTable();
  }
  const float button = ImGui::GetFontSize() * 7;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Or a value");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - button - 8));
  std::string& value = ui.values[c.id];
  bool use = ImGui::InputTextWithHint("##value", "literal JSON, e.g. \"Billing\"", &value,
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  use |= ImGui::Button("Use value", ImVec2(button, 0));
  if (use && !running)
    out.Push(ResolveConflict{
        .id = c.id, .resolution = {.take = app::Resolution::Take::kValue, .value = value}});
  ImGui::EndDisabled();
  ImGui::Spacing();
  ImGui::Spacing();
  ImGui::PopID();
}

}  // namespace

std::string DescribeAge(int64_t then, int64_t now) {
  int64_t d = now - then;
  if (d < 0) return "in the future";
  if (d < 60) return "just now";
  if (d < 3600) return std::to_string(d / 60) + " min ago";
  if (d < 86400) return std::to_string(d / 3600) + " h ago";
  int64_t days = d / 86400;
  return std::to_string(days) + (days == 1 ? " day ago" : " days ago");
}

std::vector<SyncRemoteRow> MakeRemoteRows(const std::vector<app::RemoteStatus>& remotes,
                                          int64_t now) {
  std::vector<SyncRemoteRow> rows;
  for (const app::RemoteStatus& r : remotes) {
    SyncRemoteRow row{.name = r.name,
                      .url = r.url,
                      .tracking = Short(r.tracking),
                      .ahead = r.ahead,
                      .behind = r.behind};
    if (r.last_sync) {
      row.synced = true;
      row.last_ok = r.last_sync->ok;
      row.last_when =
          LocalTime(r.last_sync->time) + " (" + DescribeAge(r.last_sync->time, now) + ")";
      row.last_summary = r.last_sync->summary;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

ConflictRow MakeConflictRow(const core::MergeConflict& c) {
  auto text = [](const std::optional<std::string>& v) { return v ? *v : "(absent)"; };
  std::string what = c.kind == "field"          ? "changed two ways"
                     : c.kind == "edit-delete"  ? "edited on one side, deleted on the other"
                     : c.kind == "cycle"        ? "the moves make a cycle"
                     : c.kind == "sibling-name" ? "two siblings with one name"
                                                : c.kind;
  return {.id = c.id,
          .short_id = c.id.substr(0, 8),
          .path = c.path,
          .field = c.field,
          .kind = c.kind,
          .what = std::move(what),
          .base = text(c.base),
          .ours = text(c.ours),
          .theirs = text(c.theirs)};
}

void RefreshSyncModel(app::Project& session, uint64_t generation, SyncModel& model) {
  if (!model.stale && model.generation == generation && model.revision == session.revision())
    return;
  model.generation = generation;
  model.revision = session.revision();
  model.stale = false;
  model.error.clear();
  Result<std::vector<app::RemoteStatus>> remotes = app::Remotes(session).Overview();
  if (remotes.ok()) {
    model.remotes = MakeRemoteRows(*remotes, static_cast<int64_t>(std::time(nullptr)));
  } else {
    model.error = remotes.status().message();
  }
  Result<std::vector<core::MergeConflict>> conflicts = app::Conflicts(session).List();
  if (conflicts.ok()) {
    model.conflicts.clear();
    for (const core::MergeConflict& c : *conflicts) model.conflicts.push_back(MakeConflictRow(c));
  } else if (model.error.empty()) {
    model.error = conflicts.status().message();
  }
  Result<std::vector<sync::LogEntry>> head = app::History(session).Log(1);
  model.head = head.ok() && !head->empty() ? Short(head->front().commit) : std::string();
}

SyncProgress SyncProgressOf(const app::ProjectHost& host, double time) {
  return {.running = host.task_running(),
          .title = host.job_title(),
          .progress = host.progress(),
          .time = time};
}

void DrawSyncWindow(const SyncModel& model, SyncUi& ui, const SyncProgress& progress,
                    Commands& out) {
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted("Sync");
  ImGui::PopFont();
  ImGui::SameLine(0, 16);
  ImGui::AlignTextToFramePadding();
  if (!model.head.empty())
    ImGui::TextColored(colors::kDim, "our main is at %s", model.head.c_str());
  const char* back = "Back to labeling";
  float back_width = ImGui::CalcTextSize(back).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - back_width);
  if (ImGui::Button(back)) ui.visible = false;

  if (progress.running) {
    ImGui::Spacing();
    DrawProgress(progress);
  }
  if (!model.error.empty()) WrappedColored(colors::kError, model.error);

  SectionTitle("Remotes", "ahead / behind are counted against what was last fetched");
  DrawRemotes(model, ui, progress.running, out);
  ImGui::Spacing();
  DrawAddRemote(ui, progress.running, out);

  std::string count = model.conflicts.empty()
                          ? "none: every merge so far was clean"
                          : std::to_string(model.conflicts.size()) +
                                (model.conflicts.size() == 1 ? " waits" : " wait") +
                                " for a decision; a release is refused until then";
  SectionTitle("Open conflicts", count);
  for (const ConflictRow& c : model.conflicts) DrawConflict(c, ui, progress.running, out);
}

}  // namespace taxa::gui
