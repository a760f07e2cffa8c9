// The Actions window (F5): what to do about the project's labels, ranked
// (app::Actions::Rank, as `taxa actions`): each action with its kind, score
// and evidence (its numbers and example items); a combo picks the model when
// the project has predictions of several (app::Predictions::Models), and
// "Slices by" takes an item metadata key for the coverage-gap rules (as
// `taxa actions --by KEY`; Enter applies it). A
// relabel action has "Queue relabel", which asks for a plan name and queues
// its items as a sampling plan (app::Actions::Queue, on the worker: one
// commit) and shows the plan made or the refusal; an action naming
// categories has "Open in editor", which shows that category in the
// Taxonomy editor (F9).
//
//   ActionsKey want = ActionsKeyFor(actions.ui, host.generation(), project.revision());
//   if (!host.reader_running() && actions.read.Needs(want)) StartActionsRead(host, want, actions);
//   if (actions.ui.queue && !host.busy()) StartActionsQueue(host, actions);
//   ... host.PollReader() -> AdoptActionsRead(actions, *done);
//   ... host.PollTask()   -> AdoptActionsQueue(actions, *done);
//   DrawActionsWindow(actions, host.reader_running());
//   if (!actions.ui.open_category.empty()) ... select it in the editor, show the editor
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/background_read.h"
#include "imgui.h"
#include "session/actions.h"
#include "session/predictions.h"
#include "session/project.h"
#include "session/project_host.h"

namespace taxa::gui {

struct ActionsKey {
  uint64_t generation = 0;
  uint64_t revision = 0;
  std::string model;  // "": the first model when there are several
  std::string by;     // "": no slice rules; else an item metadata key
  bool operator==(const ActionsKey&) const = default;
};

struct ActionsData {
  std::vector<std::string> models;  // with predictions, by name
  std::string model;                // the model the ranking used ("" for none)
  std::string by;                   // the metadata key of the slices ("" for none)
  std::optional<app::ActionsReport> report;
  std::string error;  // one line
};

// A relabel queue asked for: action `rank` (1-based) into plan `name`.
struct QueueRelabel {
  std::string name;
  size_t rank = 0;
  std::string model;
  std::string by;  // the ranking's slices: a rank means what it meant on screen
};

struct ActionsUi {
  bool visible = false;  // shown instead of the label workspace
  std::string model;     // the chosen model; "" takes the first
  std::string by;        // the slices' metadata key, as applied ("": none)
  std::string by_typed;  // the "Slices by" field as typed (Enter applies it)
  ImVec2 by_field{-1, -1};  // where the field was last drawn (its centre; tests click it)
  // The "Queue relabel" popup: which action, and the name typed.
  size_t popup_rank = 0;
  bool popup_opening = false;
  std::string plan_name;
  std::optional<QueueRelabel> queue;  // confirmed, started as a task before the next frame
  std::string outcome;                // the plan made, or why not
  bool outcome_ok = true;
  // "Open in editor" clicked: frame.cpp selects it in the editor and shows it.
  std::string open_category;
  // Where the first "Queue relabel" button was last drawn (its centre, in
  // screen pixels; tests click it there). (-1, -1) when none was drawn.
  ImVec2 queue_button{-1, -1};
  ImVec2 open_button{-1, -1};  // the same for the first "Open ... in editor"
};

struct ActionsWindow {
  BackgroundRead<ActionsKey, ActionsData> read;
  ActionsUi ui;
  std::shared_ptr<Result<core::SamplingPlan>> queued;  // filled by the queue task
};

ActionsKey ActionsKeyFor(const ActionsUi& ui, uint64_t generation, uint64_t revision);
// The models, then the ranking for key.model (the first model when "" and
// there are several).
ActionsData ReadActions(app::Project& project, const ActionsKey& key);
Status StartActionsRead(app::ProjectHost& host, const ActionsKey& key, ActionsWindow& actions);
// After the reader ended: adopts the ranking; an empty ui.model takes the
// model read.
void AdoptActionsRead(ActionsWindow& actions, const Result<std::string>& outcome);
// Reads on the calling thread when the key moved (tests).
void RefreshActionsWindow(app::Project& project, uint64_t generation, ActionsWindow& actions);

// Starts ui.queue as a task on the host's worker (one commit); clears it.
Status StartActionsQueue(app::ProjectHost& host, ActionsWindow& actions);
// After a task ended: when it was the queue, its plan or refusal becomes the
// outcome line.
void AdoptActionsQueue(ActionsWindow& actions);

// "12 items, 3 flagged, estimated errors 1.5": an action's numbers as shown
// (integers without decimals, others with up to three).
std::string FormatActionNumbers(const core::DataAction& action);
// The outcome line of a queued plan.
std::string QueuedLine(const core::SamplingPlan& plan);

void DrawActionsWindow(ActionsWindow& actions, bool reading, bool busy);

}  // namespace taxa::gui
