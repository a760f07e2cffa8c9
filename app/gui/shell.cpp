#include "gui/shell.h"

#include <algorithm>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "gui/text_fit.h"
#include "gui/style.h"

namespace taxa::gui {

namespace {

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse |
                                         ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

void ShowProjectSection(ProjectUi& project, ProjectUi::Section section) {
  project.visible = true;
  project.section = section;
  project.focus_section = true;
}

}  // namespace

Layout ComputeLayout(ImVec2 display, float menu_height, float status_height,
                     const PanelWidths& widths) {
  Layout l;
  float top = menu_height;
  float height = std::max(1.0f, display.y - menu_height - status_height);
  l.main = {ImVec2(0, top), ImVec2(display.x, height)};
  l.status = {ImVec2(0, display.y - status_height), ImVec2(display.x, status_height)};
  float items = widths.items > 0 ? widths.items : std::clamp(display.x * 0.22f, 220.0f, 400.0f);
  float taxonomy =
      widths.taxonomy > 0 ? widths.taxonomy : std::clamp(display.x * 0.33f, 300.0f, 600.0f);
  items = std::max(kMinSidePanel, items);
  taxonomy = std::max(kMinSidePanel, taxonomy);
  // The item panel keeps its minimum: the wider side panel gives way first.
  float excess = items + taxonomy + kMinItemPanel - display.x;
  if (excess > 0) {
    float& wider = taxonomy >= items ? taxonomy : items;
    float& other = taxonomy >= items ? items : taxonomy;
    float take = std::min(excess, wider - kMinSidePanel);
    wider -= take;
    excess -= take;
    other -= std::min(excess, other - kMinSidePanel);
  }
  float item = std::max(1.0f, display.x - items - taxonomy);
  l.items = {ImVec2(0, top), ImVec2(items, height)};
  l.item = {ImVec2(items, top), ImVec2(item, height)};
  l.taxonomy = {ImVec2(items + item, top), ImVec2(taxonomy, height)};
  return l;
}

void DrawPanelSplitters(const Layout& layout, PanelWidths& widths) {
  const float grip = 6.0f;
  struct Split {
    const char* id;
    float x;
    float* width;
    float sign;  // dragging right widens the items panel, narrows the taxonomy
    float now;
  };
  Split splits[] = {
      {"##split_items", layout.item.pos.x, &widths.items, 1.0f, layout.items.size.x},
      {"##split_taxonomy", layout.taxonomy.pos.x, &widths.taxonomy, -1.0f, layout.taxonomy.size.x},
  };
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  for (const Split& s : splits) {
    ImGui::SetNextWindowPos(ImVec2(s.x - grip * 0.5f, layout.item.pos.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(grip, layout.item.size.y), ImGuiCond_Always);
    ImGui::Begin(s.id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::InvisibleButton("grip", ImVec2(grip, layout.item.size.y));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive())
      ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (ImGui::IsItemActive() && ImGui::GetIO().MouseDelta.x != 0)
      *s.width = s.now + ImGui::GetIO().MouseDelta.x * s.sign;
    ImGui::End();
  }
  ImGui::PopStyleVar(2);
}

bool BeginPanel(const char* title, const Rect& rect, ImGuiWindowFlags extra) {
  ImGui::SetNextWindowPos(rect.pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(rect.size, ImGuiCond_Always);
  return ImGui::Begin(title, nullptr, kPanelFlags | extra);
}

void StatusLine::Report(const Result<std::string>& outcome) {
  if (!outcome.ok()) {
    message = outcome.status().message();
    error = true;
  } else if (!outcome->empty()) {
    message = *outcome;
    error = false;
  } else if (error) {
    // Something worked since: the old error no longer describes the state.
    message.clear();
    error = false;
  }
}

void StatusLine::Report(const Status& status, const std::string& ok_message) {
  if (status.ok()) {
    Report(Result<std::string>(ok_message));
  } else {
    Report(Result<std::string>(status));
  }
}

void ShowOnly(ProjectUi& project, std::span<const MainWindowEntry> windows, const bool* shown) {
  project.visible = false;
  for (const MainWindowEntry& w : windows) *w.visible = w.visible == shown;
}

float DrawMenuBar(ProjectUi& project, bool has_project, Commands& out,
                  std::span<const MainWindowEntry> windows) {
  float height = 0;
  if (!ImGui::BeginMainMenuBar()) return height;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open project...", "Ctrl+O"))
      ShowProjectSection(project, ProjectUi::Section::kOpen);
    if (ImGui::MenuItem("New project...", "Ctrl+N"))
      ShowProjectSection(project, ProjectUi::Section::kCreate);
    if (ImGui::MenuItem("Demo project..."))
      ShowProjectSection(project, ProjectUi::Section::kDemo);
    ImGui::Separator();
    if (ImGui::MenuItem("Save labels", "Ctrl+S", false, has_project)) out.Push(FlushLabels{});
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) out.Push(Quit{});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    bool any_window = false;
    for (const MainWindowEntry& w : windows) any_window = any_window || *w.visible;
    if (ImGui::MenuItem("Label workspace", nullptr, has_project && !project.visible && !any_window,
                        has_project))
      ShowOnly(project, windows, nullptr);
    if (ImGui::MenuItem("Project screen", nullptr, project.visible)) project.visible = true;
    for (const MainWindowEntry& w : windows)
      if (ImGui::MenuItem(w.name, w.shortcut, has_project && !project.visible && *w.visible,
                          has_project))
        ShowOnly(project, windows, w.visible);
    ImGui::EndMenu();
  }
  height = ImGui::GetWindowSize().y;
  ImGui::EndMainMenuBar();
  return height;
}

void DrawStatusBar(const Rect& rect, const StatusBarRow& row, const StatusLine& status) {
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                      ImVec2(ImGui::GetStyle().WindowPadding.x, ImGui::GetStyle().FramePadding.y));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, colors::kBackground);
  BeginPanel("##status", rect,
             ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                 ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::AlignTextToFramePadding();
  if (!row.busy.empty()) {
    ImGui::TextColored(colors::kDim, "%s...", row.busy.c_str());
  } else if (row.has_project) {
    ImGui::TextUnformatted(row.project.c_str());
    ImGui::SameLine(0, 20);
    ImGui::TextColored(colors::kDim, "annotator");
    ImGui::SameLine();
    ImGui::TextColored(colors::kAccent, "%s", row.annotator.c_str());
    ImGui::SameLine(0, 20);
    if (row.pending > 0) {
      ImGui::TextColored(colors::kWarn, "%zu unsaved", row.pending);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Safe on disk in the journal; committed every 30 s, on Ctrl+S and "
                          "on exit.");
    } else {
      ImGui::TextColored(colors::kDim, "all labels saved");
    }
    if (!row.writable) {
      ImGui::SameLine(0, 20);
      ImGui::TextColored(colors::kWarn, "read-only");
    }
  } else {
    ImGui::TextColored(colors::kDim, "no project open");
  }
  // While a job runs its title is the message already: say it once.
  if (!status.message.empty() && status.message != row.busy + "...") {
    ImGui::SameLine(0, 28);
    // Cut to the bar with an ellipsis; the whole line shows on hover.
    const std::string shown = FitText(status.message, ImGui::GetContentRegionAvail().x);
    ImGui::TextColored(status.error ? colors::kError : colors::kDim, "%s", shown.c_str());
    if (shown != status.message && ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", status.message.c_str());
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
}

void HandleGlobalKeys(ProjectUi& project, bool has_project, Commands& out) {
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.KeyCtrl) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_S, false) && has_project) out.Push(FlushLabels{});
  if (ImGui::IsKeyPressed(GLFW_KEY_Q, false)) out.Push(Quit{});
  if (ImGui::IsKeyPressed(GLFW_KEY_O, false)) ShowProjectSection(project, ProjectUi::Section::kOpen);
  if (ImGui::IsKeyPressed(GLFW_KEY_N, false))
    ShowProjectSection(project, ProjectUi::Section::kCreate);
}

void HandleMainWindowKeys(ProjectUi& project, bool has_project,
                          std::span<const MainWindowEntry> windows) {
  if (!has_project) return;
  const ImGuiIO& io = ImGui::GetIO();
  for (const MainWindowEntry& w : windows) {
    bool pressed = ImGui::IsKeyPressed(w.key, false) ||
                   (w.ctrl_shift_key != 0 && io.KeyCtrl && io.KeyShift &&
                    ImGui::IsKeyPressed(w.ctrl_shift_key, false));
    if (!pressed) continue;
    if (*w.visible) {
      *w.visible = false;
    } else {
      ShowOnly(project, windows, w.visible);
    }
  }
}

}  // namespace taxa::gui
