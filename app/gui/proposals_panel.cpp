// The Taxonomy editor's Proposals tab: the list, the selected proposal's
// changes, impact and decisions, and Approve / Reject / Merge
// (taxonomy_editor.h).
#include "gui/taxonomy_editor_parts.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gui/style.h"
#include "imgui.h"
#include "imgui_stdlib.h"

namespace taxa::gui {

namespace {

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

void DrawProposalBody(TaxonomyEditorUi& ui, const app::ProposalSummary& p, Commands& out);

void DrawProposalDetail(TaxonomyEditorUi& ui, Commands& out) {
  ProposalsView& v = ui.proposals;
  if (ui.proposal.empty()) {
    ImGui::TextColored(colors::kDim, "Select a proposal to see its changes and approvals.");
    return;
  }
  if (v.shown_name != ui.proposal) {  // the worker reads it and measures its impact
    ImGui::TextColored(colors::kWarn, "Reading %s and measuring its impact...",
                       ui.proposal.c_str());
    return;
  }
  // Read before the last change (a decision, a sync): shown greyed, without
  // its buttons, until the worker has read it again.
  const bool current = v.shown_epoch == v.epoch;
  if (!v.show_error.empty()) {
    ImGui::TextColored(colors::kError, "%s", v.show_error.c_str());
    return;
  }
  const app::ProposalSummary& p = v.shown;
  ImGui::Text("%s", p.name.c_str());
  ImGui::SameLine();
  ImGui::TextColored(StateColor(p.state), "%s", p.state.c_str());
  if (!current) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kWarn, "measuring again...");
  }
  ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * (current ? 1.0f : 0.4f));
  DrawProposalBody(ui, p, out);
  ImGui::PopStyleVar();
  if (!v.action_error.empty() && v.action_name == p.name) {
    // The session's refusal of what was clicked here (the status bar says it too).
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(colors::kError, "%s", v.action_error.c_str());
    ImGui::PopTextWrapPos();
  }
}

// The details and, while they are current, the buttons.
void DrawProposalBody(TaxonomyEditorUi& ui, const app::ProposalSummary& p, Commands& out) {
  ProposalsView& v = ui.proposals;
  const bool current = v.shown_epoch == v.epoch;
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
  ImGui::BeginDisabled(!current);
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
  ImGui::EndDisabled();
}

}  // namespace

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

}  // namespace taxa::gui
