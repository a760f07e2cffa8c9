#include "gui/project_screen.h"

#include <algorithm>
#include <cmath>

#include "gui/style.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace taxa::gui {

namespace {

// A heading with a short explanation under it.
void Heading(const char* title, const char* help) {
  ImGui::Spacing();
  ImGui::TextColored(colors::kAccent, "%s", title);
  ImGui::Separator();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", help);
  ImGui::PopTextWrapPos();
}

void FocusIf(ProjectUi& ui, ProjectUi::Section section) {
  // A focus request made while the window first appears is lost: wait a frame.
  if (ui.focus_section && ui.section == section && !ImGui::IsWindowAppearing()) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_section = false;
  }
}

// A labelled text field as wide as the column less `reserve` pixels; true when
// Enter was pressed in it.
bool Field(const char* label, const char* hint, std::string& value, float reserve) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(ImGui::GetFontSize() * 5.0f);
  ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - reserve));
  std::string id = std::string("##") + label;
  return ImGui::InputTextWithHint(id.c_str(), hint, &value, ImGuiInputTextFlags_EnterReturnsTrue);
}

}  // namespace

void ProjectUi::Remember(const std::string& dir) {
  recent.erase(std::remove(recent.begin(), recent.end(), dir), recent.end());
  recent.insert(recent.begin(), dir);
  if (recent.size() > 8) recent.resize(8);
}

void DrawProjectScreen(ProjectUi& ui, bool has_project, Commands& out) {
  // A readable column in the middle of the window.
  float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 44.0f);
  float indent = std::max(0.0f, (ImGui::GetContentRegionAvail().x - width) * 0.5f);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  ImGui::BeginChild("column", ImVec2(width, 0), false);

  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 2));
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted("Taxa");
  ImGui::PopFont();
  ImGui::TextDisabled("Label data against a taxonomy. Everything is kept in a git repository.");
  if (has_project) {
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Back to labeling").x -
                    ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetCursorStartPos().x);
    if (ImGui::Button("Back to labeling")) ui.visible = false;
  }
  ImGui::Spacing();
  const float button = ImGui::GetFontSize() * 7.0f;

  Heading("Open a project", "A folder holding a Taxa project (its taxonomy, items and labels in git).");
  ImGui::PushID("open");
  FocusIf(ui, ProjectUi::Section::kOpen);
  bool open = Field("Folder", "/path/to/project", ui.open_dir, button + 8);
  ImGui::SameLine();
  open |= ImGui::Button("Open", ImVec2(button, 0));
  if (open) out.Push(OpenProject{.dir = ui.open_dir});
  if (!ui.recent.empty()) {
    ImGui::TextDisabled("Recent:");
    for (const std::string& dir : ui.recent) {
      ImGui::PushID(dir.c_str());
      ImGui::Indent();
      if (ImGui::Selectable(dir.c_str())) {
        ui.open_dir = dir;
        out.Push(OpenProject{.dir = dir});
      }
      ImGui::Unindent();
      ImGui::PopID();
    }
  }
  ImGui::PopID();

  ImGui::Spacing();
  Heading("Create a project",
          "A new, empty project in a new or empty folder. Its workspace then offers to import "
          "items (a JSON Lines or CSV file). Categories come from the command line in that "
          "folder: taxa taxonomy add ID --name NAME --definition TEXT.");
  ImGui::PushID("create");
  FocusIf(ui, ProjectUi::Section::kCreate);
  bool create = Field("Folder", "/path/to/new/project", ui.create_dir, 0);
  create |= Field("Name", "Support tickets 2025", ui.create_name, button + 8);
  ImGui::SameLine();
  create |= ImGui::Button("Create", ImVec2(button, 0));
  if (create) out.Push(CreateProject{.dir = ui.create_dir, .name = ui.create_name});
  ImGui::PopID();

  ImGui::Spacing();
  Heading("Try the demo", "Customer-support tickets and a two-level taxonomy with guidelines, "
                          "ready to label. Opened again if it already exists in that folder.");
  ImGui::PushID("demo");
  FocusIf(ui, ProjectUi::Section::kDemo);
  bool demo = Field("Folder", "", ui.demo_dir, button + 8);
  ImGui::SameLine();
  demo |= ImGui::Button("Create demo", ImVec2(button, 0));
  if (demo) out.Push(CreateDemo{.dir = ui.demo_dir});
  ImGui::PopID();

  ImGui::EndChild();
}

void DrawBusy(const std::string& title, std::pair<size_t, size_t> progress, double time) {
  float width = std::min(ImGui::GetContentRegionAvail().x * 0.8f, ImGui::GetFontSize() * 32.0f);
  ImGui::SetCursorPos(ImVec2((ImGui::GetWindowWidth() - width) * 0.5f,
                             ImGui::GetWindowHeight() * 0.4f));
  ImGui::BeginGroup();
  ImGui::TextUnformatted(title.c_str());
  auto [done, total] = progress;
  ImGui::PushItemWidth(width);
  if (total > 0) {
    char text[64];
    std::snprintf(text, sizeof text, "%zu / %zu", done, total);
    ImGui::ProgressBar(static_cast<float>(done) / static_cast<float>(total), ImVec2(width, 0),
                       text);
  } else {
    // Indeterminate: a bar that sweeps back and forth.
    float phase = static_cast<float>(0.5 + 0.5 * std::sin(time * 3.0));
    ImGui::ProgressBar(phase, ImVec2(width, 0), "working...");
  }
  ImGui::PopItemWidth();
  ImGui::TextDisabled("The project is being prepared on a worker thread.");
  ImGui::EndGroup();
}

}  // namespace taxa::gui
