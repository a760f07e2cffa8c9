// The Review window (F11): second-pass review of the labels a sampling plan
// drew (app::Review). The plan's queue on the left; on the right the head of
// the queue: the item's text, the label under review and the item's other
// labels, and the definition and include/exclude rules of the label's
// categories; below, the error types (keys 1-9 toggle them), a note, the
// category a correction names, and the verdicts: A accepts, R rejects (with
// the chosen error types), C corrects (with the chosen category). The plan's
// status (reviewed, defects, Ac/Re, the lot's decision) heads the window.
//
//   RefreshReviewModel(project, host.generation(), review.ui, review.model);  // before drawing
//   DrawReviewWindow(review.model, review.ui);
//
// Nothing reads or writes while drawing: a verdict the frame asked for waits
// in ReviewUi::submit and is recorded by the next RefreshReviewModel (the
// session call, one commit), whose outcome line the window shows. The queue
// is read again when the project's revision or generation, or the plan, moved.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "session/project.h"
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
};

// Records ui.submit (when set) and reads the plans, the queue and the status
// when something moved. Failures land in model.error or ui.outcome.
void RefreshReviewModel(app::Project& project, uint64_t generation, ReviewUi& ui,
                        ReviewModel& model);

// The request the verdict keys make of the card shown: A (accept), R
// (reject: the chosen error types), C (correct: the chosen category and
// error types); nullopt when the card is absent or the verdict lacks what it
// needs (then `why` says what). Exposed for tests.
std::optional<app::ReviewRequest> RequestFor(const ReviewModel& model, const ReviewUi& ui,
                                             core::ReviewVerdict verdict, double now,
                                             std::string* why);

void DrawReviewWindow(const ReviewModel& model, ReviewUi& ui);

}  // namespace taxa::gui
