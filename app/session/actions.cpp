// Data actions (actions.h): gathers the evidence core::RankActions reads.
#include "session/actions.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "session/internal/project_state.h"
#include "session/internal/roles.h"
#include "session/predictions.h"
#include "session/project_ratings.h"
#include "session/quality_service.h"
#include "session/sampling_plans.h"

#include "taxa/core/confident_learning.h"
#include "taxa/core/confusion.h"
#include "taxa/core/item.h"
#include "taxa/core/text.h"
#include "taxa/core/timing.h"

namespace taxa::app {
namespace {

// One labeled item as the scan leaves it.
struct LabeledItem {
  std::string id;
  std::string label;                // current label ("" when tied)
  std::vector<std::string> values;  // every current label's value ("a" or "a;b")
};

std::optional<double> AlphaOf(const AgreeRow& row) {
  if (!row.error.empty()) return std::nullopt;
  return row.report.value;
}

}  // namespace

Actions::Actions(Project& project) : project_(project), s_(project.state()) {}

Result<ActionsReport> Actions::Rank(const ActionsOptions& options) {
  ActionsReport report;
  core::ActionEvidence e;
  TAXA_ASSIGN_OR_RETURN(const int64_t count, s_.index().ItemCount());
  if (count == 0) return Status::FailedPrecondition("the project has no items (taxa import)");
  report.items = e.items = static_cast<uint64_t>(count);

  // ---- the current labels, one pass ----
  std::optional<core::ScopedTiming> phase(std::in_place, "actions: read the labels");
  std::vector<LabeledItem> labeled;
  bool repeated = false;  // some item has two or more labels
  {
    TAXA_ASSIGN_OR_RETURN(ProjectLabels loaded, LoadProjectLabels(s_.index(), {.any_order = true}));
    TAXA_ASSIGN_OR_RETURN(core::Ratings r,
                          Derive(loaded.sets, core::ValueKind::kCategory, KeepLabels()));
    labeled.resize(r.ItemCount());
    std::vector<uint32_t> votes(r.ValueCount(), 0);
    for (size_t i = 0; i < r.ItemCount(); ++i) {
      LabeledItem& item = labeled[i];
      item.id = r.item_names[i];
      uint32_t best = 0, at_best = 0, value = 0;
      for (uint32_t k = r.item_begin[i]; k < r.item_begin[i + 1]; ++k) {
        const uint32_t v = r.rating_value[k];
        item.values.push_back(r.value_names[v]);
        const uint32_t n = ++votes[v];
        if (n > best) {
          best = n;
          at_best = 1;
          value = v;
        } else if (n == best) {
          ++at_best;
        }
      }
      for (uint32_t k = r.item_begin[i]; k < r.item_begin[i + 1]; ++k) votes[r.rating_value[k]] = 0;
      repeated = repeated || item.values.size() > 1;
      if (at_best > 1) {
        ++report.tied;
      } else if (r.value_names[value].find(';') != std::string::npos) {
        ++report.multi;
      } else {
        item.label = r.value_names[value];
      }
    }
  }
  if (!std::is_sorted(labeled.begin(), labeled.end(),
                      [](const LabeledItem& a, const LabeledItem& b) { return a.id < b.id; }))
    std::sort(labeled.begin(), labeled.end(),
              [](const LabeledItem& a, const LabeledItem& b) { return a.id < b.id; });
  for (const LabeledItem& i : labeled)
    if (!i.label.empty()) ++report.labeled;
  e.labeled = report.labeled;
  std::map<std::string, uint64_t> label_counts;
  for (const LabeledItem& i : labeled)
    if (!i.label.empty()) ++label_counts[i.label];
  for (const auto& [id, c] : s_.taxonomy().categories()) {
    if (c.status == core::CategoryStatus::kDeprecated) continue;
    core::CategoryEvidence ce{.id = id, .name = c.name};
    auto it = label_counts.find(id);
    ce.items = it == label_counts.end() ? 0 : it->second;
    e.categories.push_back(std::move(ce));
  }

  // ---- agreement and confusion, from the quality engine ----
  phase.emplace("actions: agreement and confusion");
  if (repeated) {
    Quality quality(project_);
    ProjectAgreeOptions overall;
    if (Result<std::vector<AgreeRow>> rows = quality.Agree(overall); rows.ok() && !rows->empty())
      e.overall_alpha = AlphaOf(rows->front());
    ProjectAgreeOptions per{.per = Breakdown::kCategory};
    if (Result<std::vector<AgreeRow>> rows = quality.Agree(per); rows.ok()) {
      std::map<std::string, std::optional<double>> alpha;
      for (const AgreeRow& r : *rows) alpha[r.slice] = AlphaOf(r);
      for (core::CategoryEvidence& ce : e.categories)
        if (auto it = alpha.find(ce.id); it != alpha.end()) ce.alpha = it->second;
    } else {
      report.notes.push_back("agreement per category: " + rows.status().message());
    }
    std::vector<core::LabelPair> pairs;
    for (const LabeledItem& i : labeled) {
      if (i.label.empty() || i.values.size() < 2) continue;
      for (const std::string& v : i.values) pairs.push_back({i.id, i.label, v});
    }
    if (!pairs.empty()) {
      TAXA_ASSIGN_OR_RETURN(core::ConfusionReport confusion, core::BuildConfusion(pairs));
      std::map<std::pair<std::string, std::string>, size_t> at;
      for (const core::ConfusedPair& p : core::MostConfusedPairs(confusion)) {
        at[{p.a, p.b}] = e.confused.size();
        e.confused.push_back({.pair = p, .examples = {}});
      }
      for (const core::LabelPair& p : pairs) {
        if (p.truth == p.predicted) continue;
        auto key = p.truth < p.predicted ? std::pair(p.truth, p.predicted)
                                         : std::pair(p.predicted, p.truth);
        auto it = at.find(key);
        if (it == at.end()) continue;
        std::vector<std::string>& ex = e.confused[it->second].examples;
        if (ex.size() < core::kActionExamples && (ex.empty() || ex.back() != p.item))
          ex.push_back(p.item);
      }
    }
  } else {
    report.notes.push_back(
        "agreement and confusion: no item has two or more labels, so the tighten and merge "
        "rules have nothing to compare");
  }

  // ---- the model ----
  phase.emplace("actions: read the predictions");
  Result<PredictionTable> loaded = Predictions(project_).Load(options.model);
  if (!loaded.ok()) {
    if (!options.model.empty() || loaded.status().code() != StatusCode::kNotFound)
      return loaded.status();
    report.notes.push_back("relabel and low confidence: " + loaded.status().message());
  } else {
    PredictionTable& t = *loaded;
    report.model = t.model;
    report.predictions = t.items.size();
    const size_t k0 = t.classes.size();
    // Low confidence, by predicted category.
    std::vector<core::LowConfidenceEvidence> low(k0);
    for (size_t r = 0; r < t.items.size(); ++r) {
      if (!t.has_probabilities[r]) continue;
      core::LowConfidenceEvidence& l = low[t.predicted[r]];
      ++l.predicted;
      const double* row = t.probabilities.data() + r * k0;
      if (*std::max_element(row, row + k0) < core::kLowConfidence) {
        ++l.items;
        if (l.examples.size() < core::kActionExamples) l.examples.push_back(t.items[r]);
      }
    }
    for (size_t c = 0; c < k0; ++c)
      if (low[c].predicted > 0) {
        low[c].category = t.classes[c];
        e.low_confidence.push_back(std::move(low[c]));
      }
    // Confident learning over the items with a label and probabilities.
    phase.emplace("actions: confident learning");
    std::vector<std::string> classes = t.classes;
    for (const auto& [label, n] : label_counts) classes.push_back(label);
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
    const size_t k = classes.size();
    std::vector<uint32_t> remap(k0);
    for (size_t c = 0; c < k0; ++c)
      remap[c] = static_cast<uint32_t>(
          std::lower_bound(classes.begin(), classes.end(), t.classes[c]) - classes.begin());
    std::vector<uint32_t> given;
    std::vector<double> probs;
    std::vector<size_t> row_of;  // example -> row of t
    std::vector<const LabeledItem*> item_of;
    size_t r = 0;
    for (const LabeledItem& i : labeled) {  // both sorted by id
      while (r < t.items.size() && t.items[r] < i.id) ++r;
      if (r == t.items.size()) break;
      if (t.items[r] != i.id || i.label.empty() || !t.has_probabilities[r]) continue;
      const double* row = t.probabilities.data() + r * k0;
      double sum = 0;
      for (size_t c = 0; c < k0; ++c) sum += row[c];
      if (sum <= 0) continue;
      given.push_back(static_cast<uint32_t>(
          std::lower_bound(classes.begin(), classes.end(), i.label) - classes.begin()));
      const size_t at = probs.size();
      probs.resize(at + k, 0.0);
      for (size_t c = 0; c < k0; ++c) probs[at + remap[c]] = row[c] / sum;
      row_of.push_back(r);
      item_of.push_back(&i);
    }
    report.examined = given.size();
    if (given.empty()) {
      report.notes.push_back("relabel: no item has both a current label and probabilities");
    } else if (k < 2) {
      report.notes.push_back("relabel: confident learning needs two or more classes");
    } else {
      TAXA_ASSIGN_OR_RETURN(core::ConfidentLearningReport cl,
                            core::FindLabelIssues(given, probs, k));
      core::RelabelEvidence rel{.model = t.model,
                                .label_source = report.label_source,
                                .examined = given.size(),
                                .estimated_errors = cl.estimated_errors};
      for (const core::LabelIssue& issue : cl.pruned_by_noise_rate)
        rel.issues.push_back({.item = item_of[issue.example]->id,
                              .given = classes[issue.given],
                              .suggested = classes[issue.suggested],
                              .self_confidence = issue.self_confidence});
      e.relabel = std::move(rel);
    }
  }

  // ---- slices ----
  if (!options.by.empty()) {
    phase.emplace("actions: slices");
    // One pass over the items in id order, beside `labeled` (sorted by id
    // too). Each distinct metadata text is read once: items mostly share a
    // few, and reading a JSON object per item would cost more than the rest.
    std::map<std::string, core::SliceEvidence> slices;
    std::unordered_map<std::string, core::SliceEvidence*, core::TextHash, std::equal_to<>> of_meta;
    constexpr size_t kRemembered = 65536;  // distinct metadata texts kept
    size_t next = 0;
    TAXA_RETURN_IF_ERROR(s_.index().ScanItemSlices("", [&](const core::ItemSliceView& v) -> Status {
      core::SliceEvidence* s = nullptr;
      if (auto it = of_meta.find(v.meta); it != of_meta.end()) {
        s = it->second;
      } else {
        s = &slices[core::MetaValueText(v.meta, options.by)];
        if (of_meta.size() < kRemembered) of_meta.emplace(std::string(v.meta), s);
      }
      ++s->items;
      while (next < labeled.size() && labeled[next].id < v.item) ++next;
      if (next < labeled.size() && labeled[next].id == v.item && !labeled[next].label.empty())
        ++s->labeled;
      return Status::Ok();
    }));
    if (repeated) {
      ProjectAgreeOptions by{.by = options.by};
      if (Result<std::vector<AgreeRow>> agree = Quality(project_).Agree(by); agree.ok()) {
        for (const AgreeRow& a : *agree)
          if (auto it = slices.find(a.slice); it != slices.end()) it->second.alpha = AlphaOf(a);
      } else {
        report.notes.push_back("agreement by " + options.by + ": " + agree.status().message());
      }
    }
    for (auto& [value, s] : slices) {
      s.key = options.by;
      s.value = value;
      e.slices.push_back(std::move(s));
    }
  }
  phase.reset();

  std::vector<core::DataAction> ranked = core::RankActions(e);
  report.total = ranked.size();
  if (options.limit > 0 && ranked.size() > options.limit) ranked.resize(options.limit);
  report.actions = std::move(ranked);
  return report;
}

Result<core::SamplingPlan> Actions::Queue(const std::string& name, size_t rank,
                                          const ActionsOptions& options) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "queueing a data action"));
  TAXA_RETURN_IF_ERROR(core::CheckId(name, "plan"));
  ActionsOptions all = options;
  all.limit = 0;
  TAXA_ASSIGN_OR_RETURN(ActionsReport report, Rank(all));
  if (rank == 0 || rank > report.actions.size())
    return Status::InvalidInput("no action " + std::to_string(rank) + " (taxa actions lists " +
                                std::to_string(report.actions.size()) + ")");
  const core::DataAction& a = report.actions[rank - 1];
  if (a.items.empty())
    return Status::InvalidInput("action " + std::to_string(rank) + " (" + a.kind +
                                ") has no items to queue; only relabel actions do");
  return SamplingPlans(project_).CreateFromAction(name, a.title, a.items);
}

}  // namespace taxa::app
