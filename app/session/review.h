// Review: second-pass review of the labels a sampling plan drew, and the
// project's error taxonomy. A reviewer works the plan's queue (each drawn
// item x each annotator's current label of it), and for each label records
// one review (core/review_event.h) as one commit under
// reviews/<reviewer>/<device>/: accept, correct (with the right categories)
// or reject (with error types from taxa.json's "error_types", a guideline
// rule and a note). For an acceptance plan (ISO 2859-1, sampling_plans.h) the
// lot is decided by its Ac/Re numbers as reviews come in, and the decision is
// recorded once as a lot review (Taxa-Action: review.lot).
//
//   Review review(*project);
//   TAXA_ASSIGN_OR_RETURN(std::optional<ReviewCard> card, review.Next("audit-1"));
//   TAXA_ASSIGN_OR_RETURN(ReviewOutcome done,
//                         review.Reject({.plan = "audit-1", .errors = {"wrong-category"},
//                                        .note = "a refund, not a complaint"}));
//   if (done.lot) ... the lot was decided by this review ...
//
// Who may: once roles are in force (access.h), recording a review needs a
// reviewer or a lead, and changing the error types a lead. A reviewer sees
// every label of the items they review, whatever blind_labels says (judging
// them is the job); the queue never holds the reviewer's own labels.
//
// Defects (shared with the reports): a review whose verdict is correct or
// reject is a defect; the unit of an acceptance lot is the item, defective
// when the latest review (per reviewer) of any of its labels in the plan is a
// defect. An item is reviewed when every annotator's current label of it has
// a review in the plan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/index.h"
#include "taxa/core/review_event.h"
#include "taxa/core/sampling_plan.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/taxonomy_codec.h"

namespace taxa::app {

// One label waiting in a review queue.
struct ReviewTask {
  std::string plan;
  std::string item;
  int64_t ord = 0;         // the item's position in the project
  core::CurrentLabel label;  // the annotator's current label (annotator, event id, ...)
};

// What a reviewer looks at: the label, the item, its other labels, and the
// guidelines of the label's categories.
struct ReviewCard {
  ReviewTask task;
  core::ItemRow item;
  std::vector<core::CurrentLabel> others;   // the item's other current labels, by annotator
  std::vector<core::Category> categories;  // the label's categories as the taxonomy holds them
  size_t left = 0;                         // labels in the queue, this one included
};

// The longest time a review may say it took: one day. Longer is a clock or
// a face gone wrong, and would skew throughput; Review::Record refuses it.
inline constexpr uint32_t kMaxReviewMs = 86'400'000;

// One review to record. Empty `plan`: the project's only plan. Empty `item`
// and `annotator`: the head of the queue (what Next shows).
struct ReviewRequest {
  std::string plan;
  std::string item;
  std::string annotator;
  core::ReviewVerdict verdict = core::ReviewVerdict::kAccept;  // accept, correct or reject
  std::vector<std::string> categories;  // correct: the right categories
  std::vector<std::string> errors;      // error type ids (correct, reject; reject needs one)
  std::string rule;                     // "CATEGORY/include/N" or "CATEGORY/exclude/N", or ""
  std::string note;
  uint32_t duration_ms = 0;  // time the review took, as the face measured it; <= kMaxReviewMs
};

// Where a plan's review stands.
struct ReviewStatus {
  std::string plan;
  std::string method;
  uint64_t drawn = 0;            // items the plan drew
  uint64_t unlabeled = 0;        // drawn items with no current label (nothing to review yet)
  uint64_t labels = 0;           // current labels of the drawn items
  uint64_t reviewed_labels = 0;  // of those, with a review in the plan
  uint64_t reviewed = 0;         // items whose every current label has a review in the plan
  uint64_t defects = 0;          // defective items (see the header comment)
  uint64_t queue = 0;            // labels waiting for the acting user
  // Acceptance plans: the sample size and Ac/Re (ISO 2859-1), and the
  // decision: "accept", "reject", or "" while undecided.
  std::optional<uint64_t> n;
  std::optional<int> ac;
  std::optional<int> re;
  std::string decision;
  std::optional<core::ReviewEvent> decided;  // the lot review that recorded it
};

// What recording a review did.
struct ReviewOutcome {
  core::ReviewEvent review;
  std::string commit;                    // the review's commit
  std::optional<core::ReviewEvent> lot;  // the lot decision this review brought, recorded
  ReviewStatus status;                   // the plan's status after it
};

// What a reviewer's screen shows of one plan (Review::Desk).
struct ReviewDesk {
  std::vector<ReviewTask> queue;
  std::optional<ReviewCard> card;  // the head of the queue; nullopt when it is empty
  ReviewStatus status;
};

class Review {
 public:
  explicit Review(Project& project);

  // The labels of `plan` ("": the only plan) still waiting for the acting
  // user: in the plan's item order, then by annotator; a label is waiting
  // while it is someone else's current label of a drawn item and the user
  // has no review of it (that label event) in the plan. A relabel after a
  // review waits again. kNotFound for an unknown plan; kInvalidInput naming
  // the plans when `plan` is "" and there is not exactly one.
  Result<std::vector<ReviewTask>> Queue(const std::string& plan);
  // The head of the queue as a card; nullopt when the queue is empty.
  Result<std::optional<ReviewCard>> Next(const std::string& plan);
  // The queue, its head and the plan's status (Queue, Next and StatusOf) from
  // one reading of the plan, its reviews and labels: what a face shows.
  Result<ReviewDesk> Desk(const std::string& plan);

  // Records one review (one commit, Taxa-Action review.accept|review.correct|
  // review.reject, Taxa-Item, Taxa-Annotator, Taxa-Plan), then, for an
  // acceptance plan not decided yet, the lot decision when this review
  // decides it (a second commit, review.lot). Refused, before anything is
  // written: kPermissionDenied for a user who may not review; kNotFound for
  // an unknown plan or no current label of (item, annotator);
  // kInvalidInput for an item the plan did not draw, a verdict that is not
  // accept/correct/reject, a correction without categories or with an
  // unknown or retired one (as a label's), error types not in the error
  // taxonomy, a rejection without one, errors on an accept, a rule that is
  // not CATEGORY/include|exclude/N of the taxonomy; kFailedPrecondition for
  // an empty queue (no item given) or the user's own label.
  Result<ReviewOutcome> Record(ReviewRequest request);
  Result<ReviewOutcome> Accept(ReviewRequest request);
  Result<ReviewOutcome> Correct(ReviewRequest request);
  Result<ReviewOutcome> Reject(ReviewRequest request);

  // Where `plan` ("": the only plan) stands; Statuses: every plan's, by name.
  Result<ReviewStatus> StatusOf(const std::string& plan);
  Result<std::vector<ReviewStatus>> Statuses();

  // The error taxonomy: taxa.json's "error_types", or the defaults
  // (core::DefaultErrorTypes) while it names none.
  std::vector<core::ErrorType> ErrorTypes() const;
  // Adds an error type (one commit of taxa.json, Taxa-Action
  // review.errors.add; a lead's once roles are in force). kInvalidInput for a
  // bad id or an empty name; kAlreadyExists for an id in use.
  Status AddErrorType(const core::ErrorType& type);
  // Removes one (review.errors.remove). Reviews that used it keep its id.
  // kNotFound for an unknown id; kFailedPrecondition for the last one.
  Status RemoveErrorType(const std::string& id);

 private:
  Project& project_;
  ProjectState& s_;
};

}  // namespace taxa::app
