// The Actions window (actions_window.h).
#include "gui/actions_window.h"

#include <cmath>
#include <cstdio>

#include "gui/choice_combo.h"
#include "gui/style.h"
#include "imgui.h"

namespace taxa::gui {

namespace {

std::string Number(double v) {
  char text[32];
  if (std::fabs(v - std::round(v)) < 1e-9)
    std::snprintf(text, sizeof text, "%.0f", v);
  else
    std::snprintf(text, sizeof text, "%.3g", v);
  return text;
}

std::string Joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

ImVec4 KindColor(const std::string& kind) {
  if (kind == "relabel") return colors::kError;
  if (kind == "merge" || kind == "tighten") return colors::kWarn;
  return colors::kAccent;
}

ImVec2 Centre() {
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2);
}

void DrawAction(const core::DataAction& a, size_t rank, ActionsUi& ui, bool busy, bool& first_queue,
                bool& first_open) {
  ImGui::PushID(static_cast<int>(rank));  // ranks are unique within one ranking
  ImGui::TextColored(colors::kDim, "#%zu", rank);
  ImGui::SameLine();
  ImGui::TextColored(KindColor(a.kind), "%s", a.kind.c_str());
  ImGui::SameLine();
  ImGui::TextColored(colors::kDim, "score");
  ImGui::SameLine(0, 4);
  ImGui::TextColored(colors::kAccent, "%llu", static_cast<unsigned long long>(a.score));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(a.title.c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, colors::kDim);
  ImGui::TextUnformatted(a.evidence.c_str());
  if (!a.numbers.empty()) ImGui::TextUnformatted(FormatActionNumbers(a).c_str());
  if (!a.examples.empty()) ImGui::TextUnformatted(("e.g. " + Joined(a.examples)).c_str());
  if (!a.slice.empty()) ImGui::TextUnformatted(("slice " + a.slice).c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  if (!a.items.empty()) {
    ImGui::BeginDisabled(busy);
    if (ImGui::Button("Queue relabel...")) {
      ui.popup_rank = rank;
      ui.popup_opening = true;
      ui.plan_name = "relabel-" + std::to_string(rank);
    }
    ImGui::EndDisabled();
    if (first_queue) {
      ui.queue_button = Centre();
      first_queue = false;
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Make its %zu items a sampling plan the Review window (F11) works",
                        a.items.size());
    if (!a.categories.empty()) ImGui::SameLine();
  }
  for (size_t i = 0; i < a.categories.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    std::string label = "Open " + a.categories[i] + " in editor##" + a.categories[i];
    if (ImGui::Button(label.c_str())) ui.open_category = a.categories[i];
    if (first_open) {
      ui.open_button = Centre();
      first_open = false;
    }
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::PopID();
}

void DrawQueuePopup(ActionsUi& ui, const std::string& model, const std::string& by) {
  const char* kTitle = "Queue relabel###queue_relabel";
  if (ui.popup_opening) {
    ImGui::OpenPopup(kTitle);
    ui.popup_opening = false;
  }
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::Text("Queue the items of action #%zu as a sampling plan named:", ui.popup_rank);
  char name[128];
  std::snprintf(name, sizeof name, "%s", ui.plan_name.c_str());
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  // The name offered is selected: typing replaces it.
  bool confirm =
      ImGui::InputText("##plan_name", name, sizeof name,
                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll |
                           ImGuiInputTextFlags_CharsNoBlank);
  ui.plan_name = name;
  ImGui::TextColored(colors::kDim, "a-z, 0-9, '_', '.', '-'; one commit, then review it with F11");
  confirm |= ImGui::Button("Queue");
  ImGui::SameLine();
  const bool cancel =
      ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  if (confirm && !ui.plan_name.empty()) {
    ui.queue = QueueRelabel{.name = ui.plan_name, .rank = ui.popup_rank, .model = model, .by = by};
    ImGui::CloseCurrentPopup();
  } else if (cancel) {
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

ActionsKey ActionsKeyFor(const ActionsUi& ui, uint64_t generation, uint64_t revision) {
  return {.generation = generation, .revision = revision, .model = ui.model, .by = ui.by};
}

ActionsData ReadActions(app::Project& project, const ActionsKey& key) {
  ActionsData d;
  Result<std::vector<app::ModelSummary>> models = app::Predictions(project).Models();
  if (!models.ok()) {
    d.error = models.status().message();
    return d;
  }
  for (const app::ModelSummary& m : *models) d.models.push_back(m.model);
  // With several models the ranking needs one named: the first by name.
  d.model = key.model.empty() && d.models.size() > 1 ? d.models.front() : key.model;
  d.by = key.by;
  Result<app::ActionsReport> r = app::Actions(project).Rank({.model = d.model, .by = key.by});
  if (!r.ok()) {
    d.error = r.status().message();
    return d;
  }
  d.model = r->model;
  d.report = std::move(*r);
  return d;
}

Status StartActionsRead(app::ProjectHost& host, const ActionsKey& key, ActionsWindow& actions) {
  return StartBackgroundRead(host, "Ranking data actions", key, actions.read, ReadActions);
}

void AdoptActionsRead(ActionsWindow& actions, const Result<std::string>& outcome) {
  if (!actions.read.pending) return;
  AdoptBackgroundRead(actions.read, outcome);
  // The key stays as asked ("" for the first model): no second read.
  if (actions.ui.model.empty() && actions.read.data.models.size() > 1)
    actions.ui.model = actions.read.data.model, actions.read.key->model = actions.ui.model;
}

void RefreshActionsWindow(app::Project& project, uint64_t generation, ActionsWindow& actions) {
  ReadNow(project, ActionsKeyFor(actions.ui, generation, project.revision()), actions.read,
          ReadActions);
  if (actions.ui.model.empty() && actions.read.data.models.size() > 1)
    actions.ui.model = actions.read.data.model, actions.read.key->model = actions.ui.model;
}

Status StartActionsQueue(app::ProjectHost& host, ActionsWindow& actions) {
  if (!actions.ui.queue) return Status::Ok();
  QueueRelabel request = std::move(*actions.ui.queue);
  actions.ui.queue.reset();
  auto result = std::make_shared<Result<core::SamplingPlan>>(Status::Internal("not run"));
  TAXA_RETURN_IF_ERROR(host.StartTask(
      "Queueing relabel plan " + request.name,
      [request, result](app::Project& project, app::JobContext&) -> Result<std::string> {
        *result = app::Actions(project).Queue(request.name, request.rank,
                                              {.model = request.model, .by = request.by});
        if (!result->ok()) return result->status();
        return QueuedLine(**result);
      }));
  actions.queued = std::move(result);
  return Status::Ok();
}

void AdoptActionsQueue(ActionsWindow& actions) {
  if (!actions.queued) return;
  actions.ui.outcome_ok = actions.queued->ok();
  actions.ui.outcome =
      actions.ui.outcome_ok ? QueuedLine(**actions.queued) : actions.queued->status().message();
  actions.queued.reset();
}

std::string FormatActionNumbers(const core::DataAction& action) {
  std::string out;
  for (const auto& [name, value] : action.numbers) {
    std::string shown = name;
    for (char& c : shown)
      if (c == '_') c = ' ';
    out += (out.empty() ? "" : ", ") + shown + " " + Number(value);
  }
  return out;
}

std::string QueuedLine(const core::SamplingPlan& plan) {
  return "Queued plan " + plan.name + ": " + std::to_string(plan.items.size()) +
         (plan.items.size() == 1 ? " item" : " items") + " to review (F11)";
}

void DrawActionsWindow(ActionsWindow& actions, bool reading, bool busy) {
  ActionsUi& ui = actions.ui;
  const ActionsData& d = actions.read.data;
  ImGui::PushFont(HeadingFont());
  ImGui::TextUnformatted("Actions");
  ImGui::PopFont();
  ImGui::SameLine(0, 16);
  ImGui::AlignTextToFramePadding();
  if (reading)
    ImGui::TextColored(colors::kWarn, "ranking...");
  else
    ImGui::TextColored(colors::kDim, "what to do about the labels, most items first");
  if (d.models.size() > 1) {
    ImGui::SameLine(0, 16);
    std::string model = ui.model.empty() ? d.model : ui.model;
    if (ChoiceCombo("Model", d.models, model, ImGui::GetFontSize() * 9)) ui.model = model;
  }
  ImGui::SameLine(0, 16);
  ImGui::TextUnformatted("Slices by");
  ImGui::SameLine();
  char by[128];
  std::snprintf(by, sizeof by, "%s", ui.by_typed.c_str());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  const bool apply = ImGui::InputTextWithHint("##slices_by", "metadata key", by, sizeof by,
                                              ImGuiInputTextFlags_EnterReturnsTrue |
                                                  ImGuiInputTextFlags_CharsNoBlank);
  ui.by_field = Centre();
  ui.by_typed = by;
  if (apply) ui.by = ui.by_typed;
  const char* back = "Back to labeling";
  float back_width = ImGui::CalcTextSize(back).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - back_width);
  if (ImGui::Button(back)) ui.visible = false;
  ui.queue_button = ui.open_button = ImVec2(-1, -1);

  if (actions.queued) ImGui::TextColored(colors::kWarn, "queueing...");
  if (!ui.outcome.empty())
    ImGui::TextColored(ui.outcome_ok ? colors::kGood : colors::kError, "%s", ui.outcome.c_str());
  if (!actions.read.read_once()) {
    ImGui::TextColored(colors::kDim, "Reading...");
    return;
  }
  if (!d.error.empty()) {
    ImGui::TextColored(colors::kError, "%s", d.error.c_str());
    return;
  }
  if (!d.report) return;
  const app::ActionsReport& r = *d.report;
  ImGui::Text("%llu items, %llu with a current label (majority)",
              static_cast<unsigned long long>(r.items), static_cast<unsigned long long>(r.labeled));
  if (r.tied + r.multi > 0) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kDim, "\u00b7 %llu tied, %llu several categories",
                       static_cast<unsigned long long>(r.tied),
                       static_cast<unsigned long long>(r.multi));
  }
  if (!r.model.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kDim, "\u00b7 model %s predicts %llu, %llu examined",
                       r.model.c_str(), static_cast<unsigned long long>(r.predictions),
                       static_cast<unsigned long long>(r.examined));
  }
  for (const std::string& note : r.notes) ImGui::TextColored(colors::kDim, "%s", note.c_str());
  ImGui::Separator();
  ImGui::BeginChild("actions_list", ImVec2(0, 0), false);
  if (r.actions.empty())
    ImGui::TextWrapped("Nothing to do: no rule found an action in the current labels.");
  bool first_queue = true, first_open = true;
  for (size_t i = 0; i < r.actions.size(); ++i)
    DrawAction(r.actions[i], i + 1, ui, busy, first_queue, first_open);
  ImGui::EndChild();
  DrawQueuePopup(ui, d.model, d.by);
}

}  // namespace taxa::gui
