// Agreement, confusion and consensus over the project's current labels.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "session/project_ratings.h"
#include "session/session.h"
#include "taxa/core/aggregation.h"
#include "taxa/core/timing.h"

namespace taxa::app {
namespace {

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

}  // namespace

Result<std::vector<AgreeRow>> Session::AgreeInProject(const ProjectAgreeOptions& o) {
  TAXA_RETURN_IF_ERROR(CheckAgreeOptions(o.agree));
  if (!o.per.empty() && o.per != "category" && o.per != "level" && o.per != "pair")
    return Status::InvalidInput("unknown --per \"" + o.per +
                                "\" (expected category, level or pair)");
  if (!o.per.empty() && !o.by.empty())
    return Status::InvalidInput("--per and --by do not combine: give one breakdown");
  if (o.by == "vendor" && settings_.vendors.empty())
    return Status::InvalidInput(
        "--by vendor needs \"vendors\": {vendor: [annotators]} in taxa.json; it lists none");
  const bool by_meta = !o.by.empty() && o.by != "vendor";

  LabelFilter filter{.any_order = true};  // a coefficient: the order of items does not matter
  if (by_meta) filter.meta_key = o.by;
  std::optional<core::ScopedTiming> phase(std::in_place, "agree: read the labels from the index");
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(*index_, filter));
  phase.reset();
  const core::Ratings& sets = labels.sets;
  if (sets.RatingCount() == 0)
    return Status::FailedPrecondition("the project has no labels yet: nothing to compare");
  const std::map<std::string, std::string> tree =
      o.agree.level == "tree" ? TreeParents(taxonomy_) : std::map<std::string, std::string>();
  const core::ValueKind kind = KindForLevel(o.agree.level);
  std::vector<AgreeRow> rows;

  if (o.per.empty() && o.by.empty()) {
    // Without a breakdown the one number is the answer: its error is the call's.
    phase.emplace("agree: derive the values");
    TAXA_ASSIGN_OR_RETURN(core::Ratings ratings, Derive(sets, kind, KeepLabels()));
    phase.emplace("agree: compute");
    TAXA_ASSIGN_OR_RETURN(AgreeReport report,
                          AgreeOnRatings(ratings, o.agree, kProjectLabels, tree));
    phase.reset();
    rows.push_back({.kind = "overall", .report = std::move(report)});
    return rows;
  }

  if (o.per == "category") {
    // One-vs-rest is a yes/no question: nominal whatever --level says.
    AgreeOptions nominal = o.agree;
    nominal.level = "nominal";
    nominal.order.clear();
    std::vector<std::string> categories = sets.label_names;
    std::sort(categories.begin(), categories.end());
    for (const std::string& c : categories)
      rows.push_back(MakeRow("category", c, Derive(sets, core::ValueKind::kCategory, OneVsRest(c)),
                             nominal, {}));
  } else if (o.per == "level") {
    size_t depth = 1;
    for (const std::string& c : sets.label_names) depth = std::max(depth, taxonomy_.Path(c).size());
    for (size_t d = 1; d <= depth; ++d)
      rows.push_back(MakeRow("depth", std::to_string(d), Derive(sets, kind, AtDepth(taxonomy_, d)),
                             o.agree, tree));
  } else if (o.per == "pair") {
    AgreeOptions cohen{.metric = "cohen"}, percent{.metric = "percent"};
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
      for (const auto& [v, names] : settings_.vendors)
        if (names.count(sets.annotator_names[a])) vendor = v;
      members[vendor].insert(a);
    }
    for (auto& [vendor, annotators] : members)
      rows.push_back(
          MakeRow("vendor", vendor, Derive(sets, kind, OnlyAnnotators(annotators)), o.agree, tree));
  } else {
    std::set<std::string> slices(labels.item_slice.begin(), labels.item_slice.end());
    for (const std::string& slice : slices) {
      ValueMap in_slice{.keep = [&labels, &slice](uint32_t item, uint32_t) {
        return labels.item_slice[item] == slice;
      }};
      rows.push_back(MakeRow(o.by, slice, Derive(sets, kind, in_slice), o.agree, tree));
    }
  }
  return rows;
}

Result<core::ConfusionReport> Session::Confusion(const std::string& a, const std::string& b) {
  if (a == b)
    return Status::InvalidInput("compare two different annotators (got \"" + a + "\" twice)");
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(*index_, {.annotators = {a, b}, .any_order = true}));
  TAXA_ASSIGN_OR_RETURN(core::Ratings ratings,
                        Derive(labels.sets, core::ValueKind::kCategory, KeepLabels()));
  TAXA_ASSIGN_OR_RETURN(std::vector<core::LabelPair> pairs, core::PairsBetween(ratings, a, b));
  return core::BuildConfusion(pairs);
}

Result<ConsensusReport> Session::Consensus(const std::string& method) {
  if (method != "majority" && method != "dawid-skene")
    return Status::InvalidInput("unknown --method \"" + method +
                                "\" (expected majority or dawid-skene)");
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(*index_, {}));
  TAXA_ASSIGN_OR_RETURN(core::Ratings r,
                        Derive(labels.sets, core::ValueKind::kCategory, KeepLabels()));
  ConsensusReport report;
  report.method = method;
  report.items.resize(r.ItemCount());
  for (size_t i = 0; i < r.ItemCount(); ++i) {
    report.items[i].item = r.item_names[i];
    report.items[i].ratings = r.item_begin[i + 1] - r.item_begin[i];
  }
  if (method == "majority") {
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
