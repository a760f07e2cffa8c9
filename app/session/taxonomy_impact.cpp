// The impact of a taxonomy change on the labels, gold and calibration of main.
#include "session/taxonomy_impact.h"

#include <map>
#include <set>

#include "session/calibration.h"
#include "session/internal/project_state.h"
#include "session/internal/sensitive_changes.h"

#include "taxa/core/label_forward.h"

namespace taxa::app {

std::vector<std::string> RelabelItems(const std::vector<CategoryImpact>& impact) {
  std::set<std::string> items;
  for (const CategoryImpact& c : impact) items.insert(c.relabel.begin(), c.relabel.end());
  return {items.begin(), items.end()};
}

TaxonomyImpact::TaxonomyImpact(Project& project) : project_(project) {}

Result<std::vector<CategoryImpact>> TaxonomyImpact::Measure(const core::Taxonomy& before,
                                                            const core::Taxonomy& after) {
  ProjectState& s = project_.state();
  const std::set<std::string> changed = ChangedCategories(before, after);
  std::map<std::string, CategoryImpact> by_id;
  for (const std::string& id : changed)
    by_id[id] = {.id = id, .sensitive = SensitiveIn(before, id) || SensitiveIn(after, id)};
  // A label enters the relabel queue when it reads well now and `after`
  // leaves it outdated (a split, a retirement, or a chain that now ends in
  // one): the rule the index itself will apply (core::LabelForward).
  const core::LabelForward forward_after(after);
  core::StoredLabelForward under_after(forward_after);
  std::map<std::string, std::set<std::string>> annotators, relabel_items, labeled_items;
  std::vector<std::string> cats;
  TAXA_RETURN_IF_ERROR(s.index().ScanLabelsByItemId([&](const core::StoredLabelView& v) {
    core::ParseStoredCategories(v.categories, cats);
    bool outdated_after = false;
    if (!v.outdated) under_after.Map(v.categories, outdated_after);
    for (const std::string& c : cats) {
      auto it = by_id.find(c);
      if (it == by_id.end()) continue;
      ++it->second.labels;
      annotators[c].insert(std::string(v.annotator));
      labeled_items[c].insert(std::string(v.item));
      if (outdated_after) relabel_items[c].insert(std::string(v.item));
    }
    return Status::Ok();
  }));
  TAXA_ASSIGN_OR_RETURN(std::vector<core::GoldLabel> gold, s.index().GoldLabels());
  for (const core::GoldLabel& g : gold)
    for (const std::string& c : g.categories)
      if (auto it = by_id.find(c); it != by_id.end()) {
        ++it->second.gold;
        labeled_items[c].insert(g.item);
      }
  TAXA_ASSIGN_OR_RETURN(std::vector<core::CalibrationRound> rounds, Calibration(project_).Rounds());
  std::set<std::string> calibration_items;
  for (const core::CalibrationRound& r : rounds)
    calibration_items.insert(r.items.begin(), r.items.end());
  std::vector<CategoryImpact> out;
  for (auto& [id, impact] : by_id) {
    for (const std::string& item : labeled_items[id])
      if (calibration_items.count(item)) ++impact.calibration;
    impact.annotators.assign(annotators[id].begin(), annotators[id].end());
    impact.relabel.assign(relabel_items[id].begin(), relabel_items[id].end());
    out.push_back(std::move(impact));
  }
  return out;
}

}  // namespace taxa::app
