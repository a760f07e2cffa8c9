// The relabel queue: labels the taxonomy could not carry forward. A label
// made under a category that was since split (several choices) or retired
// without replacement is outdated (core::LabelForward): statistics count it
// apart, and its item waits here until its annotator labels it again with
// current categories, which takes it out of the queue.
//
//   Relabel relabel(*project);
//   TAXA_ASSIGN_OR_RETURN(std::vector<RelabelEntry> queue, relabel.List());
//   TAXA_ASSIGN_OR_RETURN(std::optional<RelabelEntry> next, relabel.Next());
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/status.h"

namespace taxa::app {

// One outdated label.
struct RelabelEntry {
  std::string item;
  int64_t ord = 0;        // the item's position in the project
  std::string annotator;  // whose label it is
  std::vector<std::string> recorded;  // its categories as recorded
  // The current categories a split left to choose from (every part, followed
  // forward); empty when a recorded category was retired without replacement.
  std::vector<std::string> choices;
};

class Relabel {
 public:
  explicit Relabel(Project& project);

  // Every outdated current label, in project order, then by annotator. Under
  // blind labeling (taxa.json's blind_labels) a person who may not see
  // others' labels gets only their own.
  Result<std::vector<RelabelEntry>> List();
  // The first entry of the project's user (the acting annotator); nullopt
  // when none of their labels is outdated.
  Result<std::optional<RelabelEntry>> Next();

 private:
  Project& project_;
};

}  // namespace taxa::app
