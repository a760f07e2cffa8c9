// Gold labels: a lead's adjudications, stored as label events under gold/
// (union-merged like labels/), and annotators' accuracy against them.
#include "session/gold.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "session/internal/project_state.h"
#include "session/project_ratings.h"
#include "taxa/core/fs.h"
#include "taxa/core/gold_file.h"

namespace taxa::app {

Gold::Gold(Project& project) : s_(project.state()) {}

Status Gold::CommitGold(const std::vector<core::LabelEvent>& events,
                        const std::vector<std::string>& lines, sync::CommitMeta meta) {
  TAXA_ASSIGN_OR_RETURN(ProjectState::SealedLabels sealed, s_.SealLabels(events, lines, "gold"));
  if (sealed.files.empty()) return Status::Ok();
  // Gold events skip the journal and the pending rows, so the index has none
  // of them yet: it reads the new segments from `written` (no `known`).
  return s_.CommitFiles(sealed.files, meta, &sealed.written, nullptr);
}

Result<core::GoldLabel> Gold::Set(const std::string& item,
                                  const std::vector<std::string>& categories,
                                  const std::string& note) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  if (categories.empty()) return Status::InvalidInput("a gold label needs at least one category");
  std::vector<core::LabelEvent> events;
  std::vector<std::string> lines;
  TAXA_RETURN_IF_ERROR(
      s_.BuildEvents({{.item = item, .categories = categories, .note = note}}, events, lines));
  TAXA_RETURN_IF_ERROR(CommitGold(
      events, lines,
      s_.Meta("Gold label for " + item, {{"Taxa-Action", "gold.set"}, {"Taxa-Item", item}})));
  const core::LabelEvent& e = events.front();
  core::GoldLabel gold{.item = e.item,
                       .lead = e.annotator,
                       .event_id = e.id,
                       .hlc = e.hlc,
                       .categories = e.categories,
                       .note = e.note};
  std::sort(gold.categories.begin(), gold.categories.end());  // as the index lists them
  gold.categories.erase(std::unique(gold.categories.begin(), gold.categories.end()),
                        gold.categories.end());
  return gold;
}

Result<ImportGoldReport> Gold::Import(const std::string& path) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(path));
  TAXA_ASSIGN_OR_RETURN(core::GoldFile records, core::ParseGoldFile(bytes, path));
  if (records.empty()) return Status::InvalidInput(path + " holds no gold labels");
  // Check everything with the file's line before writing anything.
  std::vector<std::string_view> ids;
  for (const auto& [item, r] : records) {
    std::vector<std::string> cats(r.categories.begin(), r.categories.end());
    TAXA_RETURN_IF_ERROR(
        s_.taxonomy().CheckLabel(cats, {}).WithPrefix(path + ":" + std::to_string(r.line)));
    ids.push_back(item);
  }
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> missing, s_.index().MissingItems(ids));
  if (!missing.empty()) {
    const core::GoldRecord* first = nullptr;
    std::string first_id;
    for (const std::string& id : missing)
      if (first == nullptr || records[id].line < first->line) first = &records[first_id = id];
    return Status::InvalidInput(path + ":" + std::to_string(first->line) + ": unknown item \"" +
                                first_id + "\"");
  }
  std::vector<LabelRequest> requests;
  for (const auto& [item, r] : records)
    requests.push_back({.item = item, .categories = {r.categories.begin(), r.categories.end()}});
  std::vector<core::LabelEvent> events;
  std::vector<std::string> lines;
  TAXA_RETURN_IF_ERROR(s_.BuildEvents(requests, events, lines));
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  TAXA_RETURN_IF_ERROR(
      CommitGold(events, lines,
                 s_.Meta("Import " + std::to_string(records.size()) + " gold labels from " + name,
                         {{"Taxa-Action", "gold.import"}, {"Taxa-Source", name}})));
  ImportGoldReport report;
  report.records = records.size();
  TAXA_ASSIGN_OR_RETURN(report.commit, s_.repo().Head());
  return report;
}

Result<std::vector<core::GoldLabel>> Gold::Labels() { return s_.index().GoldLabels(); }

Result<GoldReport> Gold::Report(const std::string& annotator) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::GoldLabel> gold, s_.index().GoldLabels());
  if (gold.empty())
    return Status::FailedPrecondition(
        "no gold labels yet: add them with `taxa gold set` or `taxa gold import`");
  size_t outdated_gold = 0;
  std::unordered_map<std::string, std::string> gold_by_item = GoldByItem(gold, &outdated_gold);
  if (gold_by_item.empty())
    return Status::FailedPrecondition(
        "every gold label (" + std::to_string(outdated_gold) +
        ") is outdated: made under a category since split or retired; set them again with "
        "`taxa gold set`");
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(s_.index(), {.any_order = true}));
  TAXA_ASSIGN_OR_RETURN(core::Ratings ratings,
                        Derive(labels.sets, core::ValueKind::kCategory, KeepLabels()));
  std::vector<std::string> names = ratings.annotator_names;
  std::sort(names.begin(), names.end());
  if (!annotator.empty() && !std::binary_search(names.begin(), names.end(), annotator))
    return Status::NotFound("annotator \"" + annotator + "\" has no labels");
  GoldReport report;
  report.subject = annotator;
  report.outdated_labels = labels.outdated;
  report.outdated_gold = outdated_gold;
  std::vector<core::LabelPair> pooled;
  for (const std::string& name : names) {
    Result<std::vector<core::LabelPair>> pairs = core::PairsWithGold(ratings, name, gold_by_item);
    if (!pairs.ok()) {
      if (pairs.status().code() == StatusCode::kFailedPrecondition) continue;  // no gold items
      return pairs.status();
    }
    TAXA_ASSIGN_OR_RETURN(core::ConfusionReport one, core::BuildConfusion(*pairs));
    report.annotators.push_back({name, pairs->size(), one.accuracy});
    if (annotator.empty() || annotator == name)
      pooled.insert(pooled.end(), pairs->begin(), pairs->end());
  }
  if (pooled.empty())
    return Status::FailedPrecondition(
        annotator.empty() ? std::string("no annotator has labeled an item that has gold")
                          : "annotator \"" + annotator + "\" has labeled no item that has gold");
  TAXA_ASSIGN_OR_RETURN(report.confusion, core::BuildConfusion(pooled));
  return report;
}

}  // namespace taxa::app
