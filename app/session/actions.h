// Data actions (issue 13, item 4): what to do about the project's labels,
// ranked, each with its evidence, from the current labels, the quality
// engine's agreement and a model's predictions (predictions.h). The rules,
// their thresholds and the score are core/data_actions.h's contract.
//
//   Actions actions(*project);
//   TAXA_ASSIGN_OR_RETURN(ActionsReport r, actions.Rank({.model = "m1", .by = "source"}));
//   for (const core::DataAction& a : r.actions) ...
//   // the relabel action (rank 1) as a sampling plan the review queue works:
//   TAXA_ASSIGN_OR_RETURN(core::SamplingPlan p, actions.Queue("fix-1", 1, {.model = "m1"}));
//
// How the evidence is gathered (one read of the current labels, plus the
// quality engine's own reads when some item has two or more labels):
//  - An item's current label is the majority of its current labels (a label
//    with several categories is one value, "a;b", as the quality engine
//    counts it); an item whose top count is tied, or whose majority names
//    several categories, has none (counted in `tied` and `multi`). Outdated
//    labels are left out.
//  - Per-category agreement: Quality::Agree per category (one-vs-rest
//    Krippendorff's alpha, nominal); overall alpha: Quality::Agree. Slices:
//    Quality::Agree by the metadata key `by`.
//  - Confused pairs: core::BuildConfusion over (current label, label) for
//    every label of the items with two or more labels and a current label,
//    then core::MostConfusedPairs; example items are those items where the
//    current label is one of the pair and a label the other.
//  - Relabel: core::FindLabelIssues over the items with a current label and
//    the model's probabilities (each row divided by its sum); the classes are
//    the categories the model or the labels name, by id.
//  - Low confidence: the model's rows with probabilities, grouped by the
//    predicted category.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/data_actions.h"
#include "taxa/core/sampling_plan.h"

namespace taxa::app {

struct ActionsOptions {
  std::string model;  // "": the project's one model (no predictions: no model rules)
  std::string by;     // "": no slice rules; else an item metadata key
  size_t limit = 0;   // at most this many actions (0: all)
};

struct ActionsReport {
  std::string model;  // the model read, "" when the project has none
  std::string label_source = "majority";
  uint64_t items = 0;        // the project's items
  uint64_t labeled = 0;      // items with a current label
  uint64_t tied = 0;         // items with labels whose majority is tied
  uint64_t multi = 0;        // items whose majority names several categories
  uint64_t predictions = 0;  // items the model predicts
  uint64_t examined = 0;     // items with a current label and probabilities
  size_t total = 0;          // actions found, before `limit`
  std::vector<core::DataAction> actions;  // ranked
  std::vector<std::string> notes;         // rules that could not run, and why
};

class Actions {
 public:
  explicit Actions(Project& project);

  // The ranked actions. kNotFound / kInvalidInput from Predictions::Load
  // when `model` is given and has no predictions; with no model given and no
  // predictions the model rules are skipped (a note says so).
  // kFailedPrecondition when the project has no items.
  Result<ActionsReport> Rank(const ActionsOptions& options);

  // Draws the items of action `rank` (1 = the first of Rank(options)) into
  // the sampling plan `name` (method "actions", plans/<name>.json; items in
  // the action's order, most doubtful first; `action` holds its title), one
  // commit (Taxa-Action: plan.create), a lead's once roles are in force.
  // kInvalidInput when there is no such rank or the action has no items (only
  // relabel actions do); kAlreadyExists for a plan name in use.
  Result<core::SamplingPlan> Queue(const std::string& name, size_t rank,
                                   const ActionsOptions& options);

 private:
  Project& project_;
  ProjectState& s_;
};

}  // namespace taxa::app
