// What the Taxonomy editor reads from the project (taxonomy_editor.h): the
// cheap parts on the UI thread (RefreshTaxonomyEditor), the impact of a
// change and a proposal's details on the GUI's background reader
// (StartEditorTask), with stale answers dropped.
#include <string>
#include <utility>

#include "gui/taxonomy_editor_parts.h"
#include "session/proposals.h"
#include "session/taxonomy_edits.h"

namespace taxa::gui {

ImpactChoice ChoiceOf(const TaxonomyEditorUi& ui, uint64_t generation, uint64_t revision) {
  ImpactChoice c{.dialog = ui.dialog, .generation = generation, .revision = revision};
  if (ui.dialog == EditorDialog::kMerge) c.merge = ImpactKey(ui.merge);
  if (ui.dialog == EditorDialog::kSplit) c.split = ImpactKey(ui.split);
  return c;
}

bool SameChoices(const ImpactChoice& a, const ImpactChoice& b) {
  return a.dialog == b.dialog && a.merge == b.merge && a.split == b.split;
}

bool ImpactCurrent(const TaxonomyEditorUi& ui, uint64_t generation, uint64_t revision) {
  return ui.dialog != EditorDialog::kNone &&
         ui.preview.choice == ChoiceOf(ui, generation, revision);
}

namespace {

// The dialog's part of RefreshTaxonomyEditor.
void RefreshImpact(app::Project& project, uint64_t generation, TaxonomyEditorUi& ui) {
  if (ui.dialog == EditorDialog::kNone) {
    ui.impact_queued.reset();
    return;
  }
  const ImpactChoice want = ChoiceOf(ui, generation, project.revision());
  if (ui.preview.choice == want || ui.impact_running == want) {
    ui.impact_queued.reset();  // shown, or being measured: nothing else to wait for
    return;
  }
  if (ui.impact_queued && ui.impact_queued->choice == want) return;  // waits for the worker
  ui.impact_queued.reset();  // for choices no longer current
  const bool merge = ui.dialog == EditorDialog::kMerge;
  if (!(merge ? Unfinished(ui.merge) : Unfinished(ui.split)).empty()) return;
  app::TaxonomyEdits edits(project);
  const MergeCategories m = MergeCommandOf(ui.merge);
  const SplitCategory sp = SplitCommandOf(ui.split);
  Result<core::Taxonomy> next =
      merge ? edits.PreviewMerge(m.sources, m.into) : edits.PreviewSplit(sp.id, sp.parts);
  if (!next.ok()) {
    // The refusal is known at once: nothing to measure.
    ui.preview = {.choice = want, .refusal = next.status().message()};
    return;
  }
  ui.impact_queued = ImpactRequest{.choice = want, .before = project.taxonomy(), .after = *next};
}

// The Proposals tab's part of RefreshTaxonomyEditor.
void RefreshProposals(app::Project& project, uint64_t generation, TaxonomyEditorUi& ui) {
  ProposalsView& v = ui.proposals;
  const uint64_t revision = project.revision();
  if (!v.loaded || v.stale || v.generation != generation || v.revision != revision) {
    v.loaded = true;
    v.stale = false;
    v.generation = generation;
    v.revision = revision;
    ++v.epoch;  // read the selected one again too
    v.error.clear();
    v.list.clear();
    Result<std::vector<app::ProposalSummary>> list = app::Proposals(project).List();
    if (list.ok())
      v.list = std::move(*list);
    else
      v.error = list.status().message();
  }
  if (ui.proposal != v.action_name) v.action_error.clear();
  if (ui.proposal.empty()) {
    v.show_queued.reset();
    return;
  }
  const ProposalRequest want{.name = ui.proposal, .epoch = v.epoch};
  if ((v.shown_name == want.name && v.shown_epoch == want.epoch) || v.show_running == want)
    v.show_queued.reset();
  else
    v.show_queued = want;  // replaces a request for another selection
}

}  // namespace

void RefreshTaxonomyEditor(app::Project& project, uint64_t generation, TaxonomyEditorUi& ui) {
  RefreshImpact(project, generation, ui);
  if (ui.proposals_tab) RefreshProposals(project, generation, ui);
}

std::optional<EditorWork> EditorWorkNeeded(const TaxonomyEditorUi& ui) {
  if (!ui.impact_queued && !ui.proposals.show_queued) return std::nullopt;
  return EditorWork{.impact = ui.impact_queued, .show = ui.proposals.show_queued};
}

EditorResult RunEditorWork(app::Project& project, const EditorWork& work) {
  EditorResult r;
  if (work.impact) {
    ImpactPreview p{.choice = work.impact->choice};
    Result<std::vector<app::CategoryImpact>> impact =
        app::TaxonomyImpact(project).Measure(work.impact->before, work.impact->after);
    if (impact.ok()) {
      p.relabel = app::RelabelItems(*impact).size();
      p.impact = std::move(*impact);
    } else {
      p.refusal = impact.status().message();
    }
    r.preview = std::move(p);
  }
  if (work.show) {
    r.shown_for = work.show;
    r.shown = app::Proposals(project).Show(work.show->name);
  }
  return r;
}

void AdoptEditorResult(EditorResult result, uint64_t generation, TaxonomyEditorUi& ui) {
  if (result.preview) {
    const ImpactChoice& got = result.preview->choice;
    if (ui.impact_running == got) ui.impact_running.reset();
    // Figures for what the dialog shows now (at another revision they are
    // shown greyed while measured again); others are dropped.
    if (got.generation == generation && SameChoices(got, ChoiceOf(ui, generation, 0)))
      ui.preview = std::move(*result.preview);
  }
  if (result.shown_for) {
    ProposalsView& v = ui.proposals;
    if (v.show_running == result.shown_for) v.show_running.reset();
    if (result.shown_for->name == ui.proposal && v.generation == generation) {
      v.shown_name = result.shown_for->name;
      v.shown_epoch = result.shown_for->epoch;
      v.show_error.clear();
      v.shown = {};
      if (result.shown.ok())
        v.shown = std::move(*result.shown);
      else
        v.show_error = result.shown.status().message();
    }
  }
}

Status StartEditorTask(app::ProjectHost& host, const EditorWork& work, TaxonomyEditor& editor) {
  auto result = std::make_shared<EditorResult>();
  const char* title = work.impact ? "Measuring the impact" : "Reading the proposal";
  // On a read-only project of its own: the editor stays live meanwhile.
  TAXA_RETURN_IF_ERROR(host.StartReader(
      title, [work, result](app::Project& reader, app::JobContext&) -> Result<std::string> {
        *result = RunEditorWork(reader, work);
        return std::string();
      }));
  TaxonomyEditorUi& ui = editor.ui;
  if (work.impact) {
    ui.impact_running = work.impact->choice;
    if (ui.impact_queued && ui.impact_queued->choice == work.impact->choice)
      ui.impact_queued.reset();
  }
  if (work.show) {
    ui.proposals.show_running = work.show;
    if (ui.proposals.show_queued == work.show) ui.proposals.show_queued.reset();
  }
  editor.pending = std::move(result);
  return Status::Ok();
}

void AdoptPendingEditor(TaxonomyEditor& editor, const Result<std::string>& outcome,
                        uint64_t generation) {
  if (!editor.pending) return;
  std::shared_ptr<EditorResult> done = std::move(editor.pending);
  editor.pending = nullptr;
  TaxonomyEditorUi& ui = editor.ui;
  if (!outcome.ok()) {
    // The reader never ran the work: its error answers what was asked.
    const std::string why = outcome.status().message();
    if (ui.impact_running)
      done->preview = ImpactPreview{.choice = *ui.impact_running, .refusal = why};
    if (ui.proposals.show_running) {
      done->shown_for = ui.proposals.show_running;
      done->shown = outcome.status();
    }
  }
  AdoptEditorResult(std::move(*done), generation, ui);
  // Whatever the answer, nothing runs any more.
  ui.impact_running.reset();
  ui.proposals.show_running.reset();
}

void NoteEditorOutcome(const Command& command, const Result<std::string>& outcome,
                       TaxonomyEditorUi& ui) {
  const std::string why = outcome.ok() ? std::string() : outcome.status().message();
  if (std::holds_alternative<MergeCategories>(command) ||
      std::holds_alternative<SplitCategory>(command)) {
    ui.dialog_error = why;
    if (outcome.ok()) ui.dialog = EditorDialog::kNone;  // the dialog closes on its next draw
    return;
  }
  const std::string* name = nullptr;
  if (const auto* d = std::get_if<DecideProposal>(&command)) name = &d->name;
  if (const auto* m = std::get_if<MergeProposal>(&command)) name = &m->name;
  if (name == nullptr) return;
  ui.proposals.action_name = *name;
  ui.proposals.action_error = why;
}

}  // namespace taxa::gui
