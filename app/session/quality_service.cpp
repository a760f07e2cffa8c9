// Agreement, confusion and consensus over the project's current labels.
#include "session/quality_service.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>

#include "session/calibration.h"
#include "session/internal/enum_names.h"
#include "session/internal/project_state.h"
#include "session/project_ratings.h"

#include "taxa/core/aggregation.h"
#include "taxa/core/parallel.h"
#include "taxa/core/timing.h"

namespace taxa::app {
namespace {

constexpr std::array<Named<Breakdown>, 4> kBreakdowns = {{{Breakdown::kOverall, "overall"},
                                                          {Breakdown::kCategory, "category"},
                                                          {Breakdown::kLevel, "level"},
                                                          {Breakdown::kPair, "pair"}}};
constexpr std::array<Named<ConsensusMethod>, 2> kConsensusMethods = {
    {{ConsensusMethod::kMajority, "majority"}, {ConsensusMethod::kDawidSkene, "dawid-skene"}}};

std::map<std::string, std::string> TreeParents(const core::Taxonomy& t) {
  std::map<std::string, std::string> parents;
  for (const auto& [id, c] : t.categories()) parents[id] = c.parent;
  return parents;
}

// Each category replaced by its ancestor at `depth` (1 = top level); a
// shallower category stays itself, as does one the taxonomy does not know.
ValueMap AtDepth(const core::Taxonomy& taxonomy, size_t depth) {
  return {.value = [&taxonomy, depth](const std::vector<std::string>& cats,
                                      std::vector<std::string>& out) {
    for (const std::string& c : cats) {
      std::vector<std::string> path = taxonomy.Path(c);
      out.push_back(path.empty() ? c : path[std::min(depth, path.size()) - 1]);
    }
  }};
}

ValueMap OnlyAnnotators(std::set<uint32_t> keep) {
  return {.keep = [keep = std::move(keep)](uint32_t, uint32_t annotator) {
    return keep.count(annotator) > 0;
  }};
}

// The project's label sets, and the same collapsed (core::CollapseItems) the
// first time a breakdown of alpha that keeps every rating asks for them: on a
// large project such rows then run over the few distinct label combinations.
class LabelSets {
 public:
  explicit LabelSets(const ProjectLabels& labels) : labels_(labels) {}
  const ProjectLabels& labels() const { return labels_; }
  const core::CollapsedRatings& collapsed() {
    if (!collapsed_) {
      core::ScopedTiming phase("quality: collapse alike items");
      collapsed_ = core::CollapseItems(labels_.sets);
    }
    return *collapsed_;
  }

 private:
  const ProjectLabels& labels_;
  std::optional<core::CollapsedRatings> collapsed_;
};

// The rows of `o` over labels already read (checked by Quality::Agree).
Result<std::vector<AgreeRow>> AgreeOnLabels(LabelSets& label_sets, const ProjectAgreeOptions& o,
                                            const core::Taxonomy& taxonomy,
                                            const core::ProjectSettings& settings) {
  std::optional<core::ScopedTiming> phase;
  const ProjectLabels& labels = label_sets.labels();
  const core::Ratings& sets = labels.sets;
  const bool alpha = o.agree.metric == Metric::kAlpha;
  if (sets.RatingCount() == 0)
    return Status::FailedPrecondition("the project has no labels yet: nothing to compare");
  const std::map<std::string, std::string> tree =
      o.agree.level == Level::kTree ? TreeParents(taxonomy) : std::map<std::string, std::string>();
  const core::ValueKind kind = KindForLevel(o.agree.level);
  std::vector<AgreeRow> rows;

  if (o.per == Breakdown::kOverall && o.by.empty()) {
    // Without a breakdown the one number is the answer: its error is the call's.
    Result<AgreeReport> report = Status::Internal("not computed");
    if (alpha) {
      const core::CollapsedRatings& collapsed = label_sets.collapsed();
      phase.emplace("agree: derive the values");
      TAXA_ASSIGN_OR_RETURN(core::CollapsedRatings ratings, Derive(collapsed, kind, KeepLabels()));
      phase.emplace("agree: compute");
      report = AgreeOnRatings(ratings, o.agree, kProjectLabels, tree);
    } else {
      phase.emplace("agree: derive the values");
      TAXA_ASSIGN_OR_RETURN(core::Ratings ratings, Derive(sets, kind, KeepLabels()));
      phase.emplace("agree: compute");
      report = AgreeOnRatings(ratings, o.agree, kProjectLabels, tree);
    }
    phase.reset();
    if (!report.ok()) return report.status();
    rows.push_back({.kind = "overall", .report = std::move(*report)});
    return rows;
  }

  if (o.per == Breakdown::kCategory) {
    // One-vs-rest is a yes/no question: nominal whatever the level says.
    AgreeOptions nominal = o.agree;
    nominal.level = Level::kNominal;
    nominal.order.clear();
    std::vector<std::string> categories = sets.label_names;
    std::sort(categories.begin(), categories.end());
    for (const std::string& c : categories) {
      if (alpha) {
        rows.push_back(MakeRow("category", c,
                               Derive(label_sets.collapsed(), core::ValueKind::kCategory,
                                      OneVsRest(c)),
                               nominal, {}));
      } else {
        rows.push_back(MakeRow("category", c,
                               Derive(sets, core::ValueKind::kCategory, OneVsRest(c)), nominal,
                               {}));
      }
    }
  } else if (o.per == Breakdown::kLevel) {
    size_t depth = 1;
    for (const std::string& c : sets.label_names) depth = std::max(depth, taxonomy.Path(c).size());
    for (size_t d = 1; d <= depth; ++d) {
      if (alpha) {
        rows.push_back(MakeRow("depth", std::to_string(d),
                               Derive(label_sets.collapsed(), kind, AtDepth(taxonomy, d)),
                               o.agree, tree));
      } else {
        rows.push_back(MakeRow("depth", std::to_string(d),
                               Derive(sets, kind, AtDepth(taxonomy, d)), o.agree, tree));
      }
    }
  } else if (o.per == Breakdown::kPair) {
    AgreeOptions cohen{.metric = Metric::kCohen}, percent{.metric = Metric::kPercent};
    std::vector<uint32_t> order(sets.AnnotatorCount());
    for (uint32_t a = 0; a < order.size(); ++a) order[a] = a;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      return sets.annotator_names[x] < sets.annotator_names[y];
    });
    for (size_t i = 0; i < order.size(); ++i) {
      for (size_t j = i + 1; j < order.size(); ++j) {
        Result<core::Ratings> pair =
            Derive(sets, core::ValueKind::kCategory, OnlyAnnotators({order[i], order[j]}));
        AgreeRow row =
            MakeRow("pair", sets.annotator_names[order[i]] + "," + sets.annotator_names[order[j]],
                    pair, cohen, {});
        if (pair.ok()) {
          Result<AgreeReport> p = AgreeOnRatings(*pair, percent, kProjectLabels);
          if (p.ok()) {
            row.percent = p->value;
            row.report.items = p->items;  // items in common, also when kappa is undefined
            row.report.pairable_values = p->pairable_values;
          }
        }
        rows.push_back(std::move(row));
      }
    }
  } else if (o.by == "vendor") {
    std::map<std::string, std::set<uint32_t>> members;  // vendor ("" for none) -> annotators
    for (uint32_t a = 0; a < sets.AnnotatorCount(); ++a) {
      std::string vendor;
      for (const auto& [v, names] : settings.vendors)
        if (names.count(sets.annotator_names[a])) vendor = v;
      members[vendor].insert(a);
    }
    for (auto& [vendor, annotators] : members)
      rows.push_back(
          MakeRow("vendor", vendor, Derive(sets, kind, OnlyAnnotators(annotators)), o.agree, tree));
  } else {
    std::vector<uint32_t> slices(labels.slice_names.size());  // codes, by name
    for (uint32_t c = 0; c < slices.size(); ++c) slices[c] = c;
    std::sort(slices.begin(), slices.end(), [&labels](uint32_t a, uint32_t b) {
      return labels.slice_names[a] < labels.slice_names[b];
    });
    for (const uint32_t slice : slices) {
      ValueMap in_slice{.keep = [&labels, slice](uint32_t item, uint32_t) {
        return labels.item_slice[item] == slice;
      }};
      rows.push_back(
          MakeRow(o.by, labels.slice_names[slice], Derive(sets, kind, in_slice), o.agree, tree));
    }
  }
  return rows;
}

}  // namespace

std::string_view BreakdownName(Breakdown per) { return NameOf(kBreakdowns, per); }
Result<Breakdown> ParseBreakdown(std::string_view text) {
  return ParseNamed(kBreakdowns, text, "breakdown");
}
std::string_view ConsensusMethodName(ConsensusMethod method) {
  return NameOf(kConsensusMethods, method);
}
Result<ConsensusMethod> ParseConsensusMethod(std::string_view text) {
  return ParseNamed(kConsensusMethods, text, "consensus method");
}

Quality::Quality(Project& project) : project_(project), s_(project.state()) {}

Result<std::vector<AgreeRow>> Quality::Agree(const ProjectAgreeOptions& o) {
  TAXA_RETURN_IF_ERROR(CheckAgreeOptions(o.agree));
  if (o.per != Breakdown::kOverall && !o.by.empty())
    return Status::InvalidInput("per \"" + std::string(BreakdownName(o.per)) + "\" and by \"" +
                                o.by + "\" do not combine: give one breakdown");
  if (o.by == "vendor" && s_.settings().vendors.empty())
    return Status::InvalidInput(
        "by \"vendor\" needs \"vendors\": {vendor: [annotators]} in taxa.json; it lists none");

  LabelFilter filter{.any_order = true};  // a coefficient: the order of items does not matter
  if (!o.by.empty() && o.by != "vendor") filter.meta_key = o.by;
  std::optional<core::ScopedTiming> phase(std::in_place, "agree: read the labels from the index");
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(s_.index(), filter));
  phase.reset();
  LabelSets sets(labels);
  TAXA_ASSIGN_OR_RETURN(std::vector<AgreeRow> rows,
                        AgreeOnLabels(sets, o, s_.taxonomy(), s_.settings()));
  for (AgreeRow& row : rows) row.outdated_labels = labels.outdated;
  return rows;
}

// The standings of every annotator in `sets` (current labels as sets).
Result<StandingsReport> StandingsOf(const core::Ratings& sets) {
  if (sets.RatingCount() == 0) return Status::FailedPrecondition("the project has no labels yet");
  TAXA_ASSIGN_OR_RETURN(core::Ratings r, Derive(sets, core::ValueKind::kCategory, KeepLabels()));
  StandingsReport report;
  report.items = r.ItemCount();
  std::vector<std::string> names = r.annotator_names;
  std::sort(names.begin(), names.end());
  for (const std::string& a : names) report.annotators.push_back({a});
  TAXA_RETURN_IF_ERROR(CountStandings(r, report.annotators, report.tied_items));
  return report;
}

Result<StandingsReport> Quality::Standings() {
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(s_.index(), {.any_order = true}));
  TAXA_ASSIGN_OR_RETURN(StandingsReport report, StandingsOf(labels.sets));
  report.outdated_labels = labels.outdated;
  return report;
}

Result<QualityOverview> Quality::Overview(double ci_level) {
  QualityOverview o;
  std::optional<core::ScopedTiming> phase("quality: read the labels");
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(s_.index(), {.any_order = true}));
  phase.reset();
  o.outdated_labels = labels.outdated;
  LabelSets sets(labels);
  auto alpha = [&](Breakdown per, double ci) {
    ProjectAgreeOptions options;
    options.agree.ci = ci;
    options.per = per;
    return AgreeOnLabels(sets, options, s_.taxonomy(), s_.settings());
  };
  o.annotators = labels.sets.annotator_names;
  std::sort(o.annotators.begin(), o.annotators.end());
  if (labels.sets.RatingCount() == 0) {
    o.overall_error = "the project has no labels yet: nothing to compare";
    o.standings_error = "the project has no labels yet";
  } else {
    // Two halves that share nothing but the labels read above, one per core:
    // alpha with its breakdown by category (whose bootstraps spread over the
    // cores too), and the pairs with the standings.
    Result<std::vector<AgreeRow>> overall = Status::Internal("not computed");
    Result<std::vector<AgreeRow>> per = Status::Internal("not computed");
    Result<std::vector<AgreeRow>> pairs = Status::Internal("not computed");
    Result<StandingsReport> standings = Status::Internal("not computed");
    core::ParallelFor(2, [&](size_t half) {
      if (half == 0) {
        core::ScopedTiming timing("quality: overall and per category");
        overall = alpha(Breakdown::kOverall, ci_level);
        per = alpha(Breakdown::kCategory, ci_level);
      } else {
        core::ScopedTiming timing("quality: pairs and standings");
        pairs = alpha(Breakdown::kPair, 0);
        standings = StandingsOf(labels.sets);
      }
    });
    if (overall.ok()) {
      o.overall = std::move(overall->front());
    } else {
      o.overall_error = overall.status().message();
    }
    if (per.ok()) {
      o.per_category = std::move(*per);
    } else {
      o.breakdown_error = per.status().message();
    }
    if (pairs.ok()) o.pairs = std::move(*pairs);
    if (standings.ok()) {
      o.standings = std::move(*standings);
    } else {
      o.standings_error = standings.status().message();
    }
  }
  phase.emplace("quality: gold and rounds");
  TAXA_ASSIGN_OR_RETURN(std::vector<core::GoldLabel> gold, s_.index().GoldLabels());
  o.has_gold = !gold.empty();
  if (Result<std::vector<CalibrationRound>> rounds = Calibration(project_).Rounds(); rounds.ok()) {
    o.rounds = std::move(*rounds);
  } else {
    o.rounds_error = rounds.status().message();
  }
  return o;
}

Result<AnnotatorConfusion> Quality::Confusion(const std::string& a, const std::string& b) {
  if (a == b)
    return Status::InvalidInput("compare two different annotators (got \"" + a + "\" twice)");
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels,
                        LoadProjectLabels(s_.index(), {.annotators = {a, b}, .any_order = true}));
  TAXA_ASSIGN_OR_RETURN(core::Ratings ratings,
                        Derive(labels.sets, core::ValueKind::kCategory, KeepLabels()));
  TAXA_ASSIGN_OR_RETURN(std::vector<core::LabelPair> pairs, core::PairsBetween(ratings, a, b));
  AnnotatorConfusion out{.a = a, .b = b};
  TAXA_ASSIGN_OR_RETURN(out.confusion, core::BuildConfusion(pairs));
  out.most_confused = core::MostConfusedPairs(out.confusion, 10);
  return out;
}

Result<ConsensusReport> Quality::Consensus(ConsensusMethod method) {
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(s_.index(), {}));
  TAXA_ASSIGN_OR_RETURN(core::Ratings r,
                        Derive(labels.sets, core::ValueKind::kCategory, KeepLabels()));
  ConsensusReport report;
  report.method = method;
  report.outdated_labels = labels.outdated;
  report.items.resize(r.ItemCount());
  for (size_t i = 0; i < r.ItemCount(); ++i) {
    report.items[i].item = r.item_names[i];
    report.items[i].ratings = r.item_begin[i + 1] - r.item_begin[i];
  }
  if (method == ConsensusMethod::kMajority) {
    TAXA_ASSIGN_OR_RETURN(core::MajorityVoteResult mv, core::MajorityVote(r));
    for (size_t i = 0; i < r.ItemCount(); ++i) {
      const core::ItemVote& v = mv.items[i];
      ConsensusItem& out = report.items[i];
      out.label = r.value_names[v.value];
      out.votes = v.votes;
      for (uint32_t t : v.tied) out.tied.push_back(r.value_names[t]);
    }
    report.ties = mv.ties;
    return report;
  }
  TAXA_ASSIGN_OR_RETURN(core::DawidSkeneResult ds, core::DawidSkene(r));
  for (size_t i = 0; i < r.ItemCount(); ++i) {
    report.items[i].label = ds.classes[ds.label[i]];
    report.items[i].posterior = ds.Posterior(i, ds.label[i]);
  }
  for (size_t a = 0; a < r.AnnotatorCount(); ++a) {
    double accuracy = 0;
    for (size_t j = 0; j < ds.ClassCount(); ++j) accuracy += ds.priors[j] * ds.Confusion(a, j, j);
    report.annotator_accuracy.emplace_back(r.annotator_names[a], accuracy);
  }
  std::sort(report.annotator_accuracy.begin(), report.annotator_accuracy.end());
  report.iterations = ds.iterations;
  report.converged = ds.converged;
  return report;
}

}  // namespace taxa::app
