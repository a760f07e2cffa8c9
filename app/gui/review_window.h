// The Review window (F11): second-pass review of the labels a sampling plan
// drew (app::Review). The plan's queue on the left; on the right the head of
// the queue: the item's text, the label under review and the item's other
// labels, and the definition and include/exclude rules of the label's
// categories; below, the error types (keys 1-9 toggle them), a note, the
// category a correction names, and the verdicts: A accepts, R rejects (with
// the chosen error types), C corrects (with the chosen category). The plan's
// status (reviewed, defects, Ac/Re, the lot's decision) heads the window.
//
//   // before drawing:
//   RecordReviewVerdict(project, review);                   // ui.submit, one commit
//   if (!host.reader_running() && ReviewReadNeeded(review, gen, project.revision()))
//     StartReviewRead(host, gen, project.revision(), review);  // on the background reader
//   ... when host.PollReader() returns `done`: AdoptPendingReview(review, *done);
//   DrawReviewWindow(review.model, review.ui, ReviewCurrent(review, gen, project.revision()));
//
// Nothing reads or writes while drawing: a verdict the frame asked for waits
// in ReviewUi::submit and is recorded before the next frame (the session
// call, one commit), whose outcome line the window shows. The plans, the
// queue and the status are read again, on the GUI's background reader (a
// read-only project of the same folder, as the Quality window reads), when
// the project's revision or generation, or the plan, moved; meanwhile the
// last card stays on screen but takes no verdict ("reading..."); after a
// verdict of this window the judged card gives way to "Reading the review
// queue..." until the queue is read again. A card is never judged twice.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "session/project.h"
#include "session/project_host.h"
#include "session/review.h"

namespace taxa::gui {

struct ReviewModel {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool built = false;
  std::vector<std::string> plans;  // every plan, by name
  std::string plan;                // the plan the rows are of ("" when none)
  std::vector<app::ReviewTask> queue;
  std::optional<app::ReviewCard> card;  // the head of the queue
  std::optional<app::ReviewStatus> status;
  std::vector<core::ErrorType> error_types;
  std::vector<std::string> categories;  // the active category ids a correction may name
  std::string error;                    // a read that failed, "" when none
};

struct ReviewUi {
  bool visible = false;  // shown instead of the label workspace
  std::string plan;      // the chosen plan; "" follows the first
  std::set<std::string> errors;  // chosen error type ids
  std::string category;          // the category a correction names
  std::string note;
  std::optional<app::ReviewRequest> submit;  // a verdict asked for, recorded before the next frame
  std::string outcome;  // the last verdict's result line (or why it was refused)
  bool outcome_ok = true;
  double shown_at = -1;      // ImGui time the current card was first drawn (for the duration)
  std::string shown_label;   // the label event that card showed
};

struct ReviewWindow {
  ReviewModel model;
  ReviewUi ui;
  // The read the background reader runs (its plan choice, generation and
  // revision) and where it hands the model back; null when none runs.
  std::shared_ptr<ReviewModel> pending;
  std::string pending_plan;
  uint64_t pending_generation = 0, pending_revision = 0;
};

// The plans, the chosen plan's queue, head card and status, and the error
// types and categories, as of `project`'s HEAD; `plan` "" takes the first
// plan. Failures land in the model's error. Any one thread that has the
// project to itself.
ReviewModel ReadReviewModel(app::Project& project, const std::string& plan, uint64_t generation);

// Records ui.submit (when set) through app::Review (one commit); its outcome
// line lands in ui.outcome, and the model is marked to be read again.
void RecordReviewVerdict(app::Project& project, ReviewWindow& review);
// True when the model is not the one of (generation, revision, ui.plan) and
// no read of that runs.
bool ReviewReadNeeded(const ReviewWindow& review, uint64_t generation, uint64_t revision);
// True when the model shown is the one of (generation, revision): verdicts
// are taken only then.
bool ReviewCurrent(const ReviewWindow& review, uint64_t generation, uint64_t revision);
// Starts ReadReviewModel on the host's background reader. Errors as StartReader.
Status StartReviewRead(app::ProjectHost& host, uint64_t generation, uint64_t revision,
                       ReviewWindow& review);
// After the host's reader ended with `outcome`: adopts the pending model, if any.
void AdoptPendingReview(ReviewWindow& review, const Result<std::string>& outcome);

// The request the verdict keys make of the card shown: A (accept), R
// (reject: the chosen error types), C (correct: the chosen category and
// error types); nullopt when the card is absent or the verdict lacks what it
// needs (then `why` says what). Exposed for tests.
std::optional<app::ReviewRequest> RequestFor(const ReviewModel& model, const ReviewUi& ui,
                                             core::ReviewVerdict verdict, double now,
                                             std::string* why);

// `current`: the model is up to date (ReviewCurrent); else the card shows
// but takes no verdict.
void DrawReviewWindow(const ReviewModel& model, ReviewUi& ui, bool current = true);

}  // namespace taxa::gui
