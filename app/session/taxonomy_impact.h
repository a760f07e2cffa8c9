// The impact of a taxonomy change: for each category whose file differs
// between two taxonomies, the labels, gold labels, calibration items and
// annotators on main that hold it now, and the items that would enter the
// relabel queue. What Proposals::Show reports for a proposal, and what a
// face shows before it confirms a merge or a split:
//
//   TAXA_ASSIGN_OR_RETURN(core::Taxonomy next, TaxonomyEdits(*project).PreviewSplit("pets",
//   parts)); TAXA_ASSIGN_OR_RETURN(std::vector<CategoryImpact> impact,
//                         TaxonomyImpact(*project).Measure(project->taxonomy(), next));
//
// Reads the index and the calibration rounds; changes nothing.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/taxonomy.h"

namespace taxa::app {

// What one changed category touches on main now.
struct CategoryImpact {
  std::string id;
  bool sensitive = false;  // flagged sensitive before or after the change
  size_t labels = 0;       // current labels holding it
  size_t gold = 0;         // gold labels holding it
  size_t calibration = 0;  // calibration round items with a label or gold label holding it
  std::vector<std::string> annotators;  // whose current labels hold it, sorted
  // Items that would enter the relabel queue: labels holding it that read
  // well now and that the change leaves outdated (it splits the category,
  // retires it with no replacement, or replaces it by one that is split).
  // Sorted.
  std::vector<std::string> relabel;
};

// The items of all of `impact`'s relabel lists, each once, sorted: how many
// items the change puts in the relabel queue.
std::vector<std::string> RelabelItems(const std::vector<CategoryImpact>& impact);

class TaxonomyImpact {
 public:
  explicit TaxonomyImpact(Project& project);

  // One entry per category whose file differs between `before` and `after`
  // (added, changed or removed), by id. Labels are read as main reads them
  // now (carried forward through the current taxonomy, which `before`
  // normally is); one counts for relabeling when it is not outdated now and
  // core::LabelForward(after) finds it outdated.
  Result<std::vector<CategoryImpact>> Measure(const core::Taxonomy& before,
                                              const core::Taxonomy& after);

 private:
  Project& project_;
};

}  // namespace taxa::app
