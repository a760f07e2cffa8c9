#include "gui/review_window.h"

#include <algorithm>

#include "gui/style.h"
#include "imgui.h"
#include "session/sampling_plans.h"
#include <GLFW/glfw3.h>

namespace taxa::gui {

namespace {

std::string Joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// Reads the plans, the chosen plan's queue, head card and status.
void Read(app::Project& project, const std::string& plan, ReviewModel& model) {
  model.plans.clear();
  model.queue.clear();
  model.card.reset();
  model.status.reset();
  model.error.clear();
  app::Review review(project);
  model.error_types = review.ErrorTypes();
  model.categories.clear();
  for (const auto& [id, c] : project.taxonomy().categories())
    if (c.status == core::CategoryStatus::kActive) model.categories.push_back(id);
  Result<std::vector<core::SamplingPlan>> plans = app::SamplingPlans(project).List();
  if (!plans.ok()) {
    model.error = plans.status().message();
    return;
  }
  for (const core::SamplingPlan& p : *plans) model.plans.push_back(p.name);
  model.plan = plan;
  if (std::find(model.plans.begin(), model.plans.end(), model.plan) == model.plans.end())
    model.plan = model.plans.empty() ? "" : model.plans.front();
  if (model.plan.empty()) return;
  Result<app::ReviewDesk> desk = review.Desk(model.plan);
  if (!desk.ok()) {
    model.error = desk.status().message();
    return;
  }
  model.queue = std::move(desk->queue);
  model.card = std::move(desk->card);
  model.status = std::move(desk->status);
}

std::string OutcomeLine(const app::ReviewOutcome& done) {
  const core::ReviewEvent& e = done.review;
  std::string line = "Accepted " + e.annotator + "'s label of " + e.item;
  if (e.verdict == core::ReviewVerdict::kCorrect)
    line = "Corrected " + e.annotator + "'s label of " + e.item + " to " + Joined(e.categories);
  if (e.verdict == core::ReviewVerdict::kReject)
    line = "Rejected " + e.annotator + "'s label of " + e.item + " (" + Joined(e.errors) + ")";
  if (done.lot)
    line += std::string("; lot ") +
            (done.lot->verdict == core::ReviewVerdict::kLotAccept ? "ACCEPTED" : "REJECTED") +
            ": " + std::to_string(done.lot->defects) + " defective of " +
            std::to_string(done.lot->reviewed) + " items";
  return line;
}

void DrawStatus(const ReviewModel& model) {
  if (!model.status) return;
  const app::ReviewStatus& s = *model.status;
  ImGui::Text("%llu drawn, %llu reviewed, %llu defective, %llu waiting for you",
              static_cast<unsigned long long>(s.drawn), static_cast<unsigned long long>(s.reviewed),
              static_cast<unsigned long long>(s.defects), static_cast<unsigned long long>(s.queue));
  if (s.ac) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kDim, "  n %llu, Ac %d, Re %d", static_cast<unsigned long long>(*s.n),
                       *s.ac, *s.re);
    ImGui::SameLine();
    if (s.decision.empty())
      ImGui::TextColored(colors::kDim, "  lot undecided");
    else
      ImGui::TextColored(s.decision == "accept" ? colors::kGood : colors::kError, "  lot %s",
                         s.decision == "accept" ? "ACCEPTED" : "REJECTED");
  }
}

void DrawQueue(const ReviewModel& model, float height) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("queue", 3, kFlags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Item");
  ImGui::TableSetupColumn("Annotator");
  ImGui::TableSetupColumn("Label");
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(model.queue.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const app::ReviewTask& t = model.queue[static_cast<size_t>(i)];
      ImGui::PushID(t.label.event_id.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (i == 0)
        ImGui::TextColored(colors::kAccent, "%s", t.item.c_str());
      else
        ImGui::TextUnformatted(t.item.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(t.label.annotator.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(Joined(t.label.categories).c_str());
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

void DrawRules(const char* what, const std::string& id, const std::vector<std::string>& rules) {
  for (size_t i = 0; i < rules.size(); ++i) {
    ImGui::TextColored(std::string(what) == "include" ? colors::kGood : colors::kWarn, "%s/%s/%zu",
                       id.c_str(), what, i + 1);
    ImGui::SameLine();
    ImGui::TextWrapped("%s", rules[i].c_str());
  }
}

void DrawCard(const ReviewModel& model, ReviewUi& ui) {
  const app::ReviewCard& c = *model.card;
  ImGui::TextColored(colors::kAccent, "Item %s", c.item.item.id.c_str());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(c.item.item.text.empty() ? c.item.item.media_path.c_str()
                                                  : c.item.item.text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  ImGui::Text("Label by %s:", c.task.label.annotator.c_str());
  ImGui::SameLine();
  ImGui::TextColored(colors::kAccent, "%s", Joined(c.task.label.categories).c_str());
  if (!c.task.label.note.empty()) ImGui::TextColored(colors::kDim, "note: %s", c.task.label.note.c_str());
  for (const core::CurrentLabel& l : c.others)
    ImGui::TextColored(colors::kDim, "also %s: %s", l.annotator.c_str(), Joined(l.categories).c_str());
  for (const core::Category& cat : c.categories) {
    ImGui::Spacing();
    ImGui::Text("%s (%s)", cat.name.c_str(), cat.id.c_str());
    if (!cat.definition.empty()) ImGui::TextWrapped("%s", cat.definition.c_str());
    DrawRules("include", cat.id, cat.include);
    DrawRules("exclude", cat.id, cat.exclude);
  }
  ImGui::Separator();
  ImGui::TextUnformatted("Error types (1-9):");
  for (size_t i = 0; i < model.error_types.size(); ++i) {
    const core::ErrorType& t = model.error_types[i];
    bool on = ui.errors.count(t.id) > 0;
    std::string label = (i < 9 ? std::to_string(i + 1) + " " : std::string()) + t.name + "##" + t.id;
    if (ImGui::Checkbox(label.c_str(), &on)) {
      if (on)
        ui.errors.insert(t.id);
      else
        ui.errors.erase(t.id);
    }
    if (ImGui::IsItemHovered() && !t.description.empty()) ImGui::SetTooltip("%s", t.description.c_str());
    if (i % 3 != 2 && i + 1 < model.error_types.size()) ImGui::SameLine();
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  if (ImGui::BeginCombo("Correct to", ui.category.empty() ? "(category)" : ui.category.c_str())) {
    for (const std::string& id : model.categories)
      if (ImGui::Selectable(id.c_str(), ui.category == id)) ui.category = id;
    ImGui::EndCombo();
  }
  char note[512];
  std::snprintf(note, sizeof note, "%s", ui.note.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##note", "Note (optional)", note, sizeof note)) ui.note = note;
}

}  // namespace

std::optional<app::ReviewRequest> RequestFor(const ReviewModel& model, const ReviewUi& ui,
                                             core::ReviewVerdict verdict, double now,
                                             std::string* why) {
  if (!model.card) {
    if (why) *why = "nothing to review";
    return std::nullopt;
  }
  app::ReviewRequest r{.plan = model.plan,
                       .item = model.card->task.item,
                       .annotator = model.card->task.label.annotator,
                       .verdict = verdict,
                       .note = ui.note};
  if (verdict != core::ReviewVerdict::kAccept) r.errors.assign(ui.errors.begin(), ui.errors.end());
  if (verdict == core::ReviewVerdict::kReject && r.errors.empty()) {
    if (why) *why = "choose an error type (1-9) to reject";
    return std::nullopt;
  }
  if (verdict == core::ReviewVerdict::kCorrect) {
    if (ui.category.empty()) {
      if (why) *why = "choose the right category to correct";
      return std::nullopt;
    }
    r.categories = {ui.category};
  }
  if (ui.shown_at >= 0 && now > ui.shown_at)
    r.duration_ms =
        static_cast<uint32_t>(std::min(app::kMaxReviewMs / 1000.0, now - ui.shown_at) * 1000);
  return r;
}

ReviewModel ReadReviewModel(app::Project& project, const std::string& plan,
                            uint64_t generation) {
  ReviewModel model;
  Read(project, plan, model);
  model.built = true;
  model.generation = generation;
  model.revision = project.revision();
  return model;
}

void RecordReviewVerdict(app::Project& project, ReviewWindow& review) {
  ReviewUi& ui = review.ui;
  if (!ui.submit) return;
  app::ReviewRequest request = std::move(*ui.submit);
  ui.submit.reset();
  Result<app::ReviewOutcome> done = app::Review(project).Record(request);
  ui.outcome_ok = done.ok();
  ui.outcome = done.ok() ? OutcomeLine(*done) : done.status().message();
  if (done.ok()) {
    ui.errors.clear();
    ui.category.clear();
    ui.note.clear();
  }
  review.model.built = false;
}

namespace {

bool ModelIs(const ReviewModel& model, const ReviewUi& ui, uint64_t generation,
             uint64_t revision) {
  return model.built && model.generation == generation && model.revision == revision &&
         (ui.plan.empty() || model.plan == ui.plan);
}

}  // namespace

bool ReviewReadNeeded(const ReviewWindow& review, uint64_t generation, uint64_t revision) {
  if (ModelIs(review.model, review.ui, generation, revision)) return false;
  return !(review.pending && review.pending_generation == generation &&
           review.pending_revision == revision && review.pending_plan == review.ui.plan);
}

bool ReviewCurrent(const ReviewWindow& review, uint64_t generation, uint64_t revision) {
  return ModelIs(review.model, review.ui, generation, revision);
}

Status StartReviewRead(app::ProjectHost& host, uint64_t generation, uint64_t revision,
                       ReviewWindow& review) {
  auto result = std::make_shared<ReviewModel>();
  const std::string plan = review.ui.plan;
  TAXA_RETURN_IF_ERROR(host.StartReader(
      "Reading the review queue",
      [plan, generation, result](app::Project& p, app::JobContext&) -> Result<std::string> {
        *result = ReadReviewModel(p, plan, generation);
        return std::string();
      }));
  review.pending = std::move(result);
  review.pending_plan = plan;
  review.pending_generation = generation;
  review.pending_revision = revision;
  return Status::Ok();
}

void AdoptPendingReview(ReviewWindow& review, const Result<std::string>& outcome) {
  if (!review.pending) return;
  std::shared_ptr<ReviewModel> done = std::move(review.pending);
  review.pending = nullptr;
  if (!outcome.ok() && done->error.empty()) {
    // The reader could not open the project: say so, keyed as asked, so it
    // is not asked again at once.
    done->error = outcome.status().message();
    done->built = true;
    done->generation = review.pending_generation;
    done->plan = review.pending_plan;
  }
  // Keyed by the revision it was asked at (the reader's own may differ only
  // by what it could not see yet: it is read again when the project moves).
  done->revision = review.pending_revision;
  review.model = std::move(*done);
}

void DrawReviewWindow(const ReviewModel& model, ReviewUi& ui, bool current) {
  ImGui::TextColored(colors::kAccent, "Review");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  if (ImGui::BeginCombo("Plan", model.plan.empty() ? "(no plan)" : model.plan.c_str())) {
    for (const std::string& p : model.plans)
      if (ImGui::Selectable(p.c_str(), p == model.plan)) ui.plan = p;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  DrawStatus(model);
  if (!current) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kWarn, "  reading...");
  }
  if (!model.built) {
    ImGui::TextColored(colors::kDim, "Reading the review queue...");
    return;
  }
  if (!model.error.empty()) {
    ImGui::TextColored(colors::kError, "%s", model.error.c_str());
    return;
  }
  if (model.plans.empty()) {
    ImGui::TextWrapped("No sampling plans yet: draw one with `taxa sample create NAME ...`.");
    return;
  }
  if (!ui.outcome.empty())
    ImGui::TextColored(ui.outcome_ok ? colors::kGood : colors::kError, "%s", ui.outcome.c_str());
  ImGui::Separator();
  const float height = ImGui::GetContentRegionAvail().y;
  const float left = ImGui::GetContentRegionAvail().x * 0.34f;
  ImGui::BeginChild("review_queue", ImVec2(left, height));
  DrawQueue(model, height);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("review_card", ImVec2(0, height));
  if (!model.card) {
    ImGui::TextWrapped("Nothing left to review in plan %s.", model.plan.c_str());
    ImGui::EndChild();
    return;
  }
  // The time a review takes counts from when its card first showed.
  if (ui.shown_label != model.card->task.label.event_id) {
    ui.shown_label = model.card->task.label.event_id;
    ui.shown_at = ImGui::GetTime();
  }
  DrawCard(model, ui);
  std::optional<core::ReviewVerdict> verdict;
  // A card read before the last change may be judged already: no verdict
  // until the queue is read again.
  ImGui::BeginDisabled(!current);
  if (ImGui::Button("Accept (A)")) verdict = core::ReviewVerdict::kAccept;
  ImGui::SameLine();
  if (ImGui::Button("Correct (C)")) verdict = core::ReviewVerdict::kCorrect;
  ImGui::SameLine();
  if (ImGui::Button("Reject (R)")) verdict = core::ReviewVerdict::kReject;
  ImGui::EndDisabled();
  if (!ImGui::GetIO().WantTextInput && current) {
    if (ImGui::IsKeyPressed(GLFW_KEY_A, false)) verdict = core::ReviewVerdict::kAccept;
    if (ImGui::IsKeyPressed(GLFW_KEY_C, false)) verdict = core::ReviewVerdict::kCorrect;
    if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) verdict = core::ReviewVerdict::kReject;
    for (size_t i = 0; i < model.error_types.size() && i < 9; ++i)
      if (ImGui::IsKeyPressed(GLFW_KEY_1 + static_cast<int>(i), false)) {
        const std::string& id = model.error_types[i].id;
        if (!ui.errors.erase(id)) ui.errors.insert(id);
      }
  }
  if (verdict && !ui.submit) {
    std::string why;
    ui.submit = RequestFor(model, ui, *verdict, ImGui::GetTime(), &why);
    if (!ui.submit) {
      ui.outcome = why;
      ui.outcome_ok = false;
    }
  }
  ImGui::EndChild();
}

}  // namespace taxa::gui
