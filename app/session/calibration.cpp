// Calibration rounds: a fixed, seeded sample of items that chosen annotators
// all label, to measure and compare their agreement over time.
//
// A round is calibration/<name>.json, written once and never edited. The
// merge in sync/src/merge_commits.cpp has no rule for these files: it treats
// them as unknown files (the byte-wise smaller side wins and a conflict is
// recorded). Since a round is created once under a unique name, two sides
// only collide when both started a round of the same name, which that rule
// surfaces as a conflict for a lead; that is acceptable.
#include "session/calibration.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <random>
#include <set>
#include <string_view>

#include "session/internal/project_state.h"
#include "session/project_ratings.h"
#include "session/utc_stamp.h"

#include "taxa/core/aggregation.h"
#include "taxa/core/calibration_round.h"
#include "taxa/core/item.h"
#include "taxa/core/layout.h"
#include "taxa/core/sampling.h"
#include "taxa/core/segment_writer.h"

namespace taxa::app {
namespace {

constexpr std::string_view kStratifiedPrefix = "stratified:";

// Positions of the sample in project order (core/sampling.h): at random, or
// stratified by each item's value of the metadata key.
std::vector<size_t> Sample(const std::vector<core::ItemRow>& items, size_t n,
                           const SamplePlan& plan, uint64_t seed) {
  if (plan.kind == SamplePlan::Kind::kRandom) return core::SampleRandom(items.size(), n, seed);
  std::vector<std::string> strata;
  strata.reserve(items.size());
  for (const core::ItemRow& row : items)
    strata.push_back(core::MetaValueText(row.item.meta_json, plan.key));
  return core::SampleStratified(strata, n, seed);
}

// Alpha overall and per category over a round's labels.
struct RoundAgreement {
  AgreeRow overall;
  std::vector<AgreeRow> per_category;
};

RoundAgreement AgreeOnRound(const core::Ratings& sets, double ci, uint64_t seed) {
  AgreeOptions alpha{.metric = Metric::kAlpha, .ci = ci};
  if (ci != 0) alpha.seed = seed;
  RoundAgreement out;
  if (sets.RatingCount() == 0) {
    out.overall = {.kind = "overall",
                   .error = "the round's annotators have not labeled its items yet"};
    return out;
  }
  out.overall =
      MakeRow("overall", "", Derive(sets, core::ValueKind::kCategory, KeepLabels()), alpha, {});
  std::vector<std::string> categories = sets.label_names;
  std::sort(categories.begin(), categories.end());
  for (const std::string& c : categories)
    out.per_category.push_back(
        MakeRow("category", c, Derive(sets, core::ValueKind::kCategory, OneVsRest(c)), alpha, {}));
  return out;
}

}  // namespace

std::string SamplePlanName(const SamplePlan& plan) {
  if (plan.kind == SamplePlan::Kind::kRandom) return "random";
  return std::string(kStratifiedPrefix) + plan.key;
}

Result<SamplePlan> ParseSamplePlan(std::string_view text) {
  if (text == "random") return SamplePlan::Random();
  if (text.starts_with(kStratifiedPrefix) && text.size() > kStratifiedPrefix.size())
    return SamplePlan::StratifiedBy(std::string(text.substr(kStratifiedPrefix.size())));
  return Status::InvalidInput("unknown sampling plan \"" + std::string(text) +
                              "\" (expected random or stratified:<metadata key>)");
}

Calibration::Calibration(Project& project) : s_(project.state()) {}

Result<CalibrationRound> Calibration::Start(const CalibrationStart& request) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(core::CheckRoundName(request.name));
  if (request.plan.kind == SamplePlan::Kind::kStratified && request.plan.key.empty())
    return Status::InvalidInput("a stratified sampling plan needs a metadata key");
  std::set<std::string> annotators(request.annotators.begin(), request.annotators.end());
  if (annotators.size() < 2)
    return Status::InvalidInput("a calibration round needs at least two annotators (got " +
                                std::to_string(annotators.size()) + ")");
  for (const std::string& a : annotators) TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(a));
  if (request.items == 0)
    return Status::InvalidInput("a calibration round needs at least 1 item (items 0)");
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                        s_.repo().ReadFile(core::RoundPath(request.name)));
  if (existing)
    return Status::AlreadyExists("calibration round \"" + request.name + "\" already exists");
  TAXA_ASSIGN_OR_RETURN(const int64_t count, s_.index().ItemCount());
  if (static_cast<int64_t>(request.items) > count)
    return Status::InvalidInput("a calibration round of " + std::to_string(request.items) +
                                " items, but the project has " + std::to_string(count));
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ItemRow> items, s_.index().ItemsAt(0, count));
  std::vector<size_t> chosen = Sample(items, request.items, request.plan, request.seed);

  CalibrationRound round;
  round.name = request.name;
  round.created = UtcStamp(kIso8601);
  round.created_by = s_.user();
  TAXA_ASSIGN_OR_RETURN(round.commit, s_.repo().Head());
  round.taxonomy = s_.taxonomy_version();
  round.plan = SamplePlanName(request.plan);
  round.seed = request.seed;
  round.annotators.assign(annotators.begin(), annotators.end());
  for (size_t i : chosen) round.items.push_back(items[i].item.id);
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(
      {{core::RoundPath(round.name), core::EncodeRound(round)}},
      s_.Meta("Start calibration round " + round.name + " (" + std::to_string(round.items.size()) +
                  " items, " + std::to_string(round.annotators.size()) + " annotators)",
              {{"Taxa-Action", "calibrate.start"},
               {"Taxa-Calibration", round.name},
               {"Taxa-Sample", round.plan},
               {"Taxa-Seed", std::to_string(round.seed)}})));
  return round;
}

Result<std::vector<CalibrationRound>> Calibration::Rounds() {
  TAXA_ASSIGN_OR_RETURN(auto files,
                        s_.repo().ReadFolder(std::string(core::layout::kCalibrationDir)));
  std::vector<CalibrationRound> rounds;
  for (const auto& [path, bytes] : files) {
    if (!path.ends_with(".json")) continue;
    TAXA_ASSIGN_OR_RETURN(CalibrationRound r, core::DecodeRound(bytes, path));
    rounds.push_back(std::move(r));
  }
  std::sort(rounds.begin(), rounds.end(),
            [](const CalibrationRound& a, const CalibrationRound& b) { return a.name < b.name; });
  return rounds;
}

namespace {

// The labels the round's annotators made on its items.
Result<ProjectLabels> RoundLabels(core::Index& index, const CalibrationRound& round) {
  LabelFilter filter;
  filter.items.insert(round.items.begin(), round.items.end());
  filter.annotators.insert(round.annotators.begin(), round.annotators.end());
  filter.any_order = true;  // coefficients and counts: the order of items does not matter
  return LoadProjectLabels(index, filter);
}

Result<CalibrationRound> FindRound(const std::vector<CalibrationRound>& rounds,
                                   const std::string& name) {
  for (const CalibrationRound& r : rounds)
    if (r.name == name) return r;
  return Status::NotFound("no calibration round \"" + name + "\" (see `taxa calibrate list`)");
}

}  // namespace

Result<CalibrationReport> Calibration::Report(const std::string& name) {
  TAXA_ASSIGN_OR_RETURN(std::vector<CalibrationRound> rounds, Rounds());
  CalibrationReport report;
  TAXA_ASSIGN_OR_RETURN(report.round, FindRound(rounds, name));
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, RoundLabels(s_.index(), report.round));
  report.outdated_labels = labels.outdated;
  RoundAgreement agreement = AgreeOnRound(labels.sets, 0.95, report.round.seed);
  report.overall.push_back(std::move(agreement.overall));
  report.per_category = std::move(agreement.per_category);

  for (const std::string& a : report.round.annotators) report.annotators.push_back({a});
  if (labels.sets.RatingCount() == 0) return report;
  TAXA_ASSIGN_OR_RETURN(core::Ratings r,
                        Derive(labels.sets, core::ValueKind::kCategory, KeepLabels()));
  // Confusions between every two annotators, pooled.
  std::vector<core::LabelPair> pairs;
  for (size_t i = 0; i < r.AnnotatorCount(); ++i)
    for (size_t j = i + 1; j < r.AnnotatorCount(); ++j) {
      Result<std::vector<core::LabelPair>> p =
          core::PairsBetween(r, r.annotator_names[i], r.annotator_names[j]);
      if (p.ok()) pairs.insert(pairs.end(), p->begin(), p->end());
    }
  if (!pairs.empty()) {
    TAXA_ASSIGN_OR_RETURN(core::ConfusionReport confusion, core::BuildConfusion(pairs));
    report.confused = core::MostConfusedPairs(confusion, 10);
  }
  TAXA_RETURN_IF_ERROR(CountStandings(r, report.annotators, report.tied_items));
  return report;
}

Result<std::optional<RoundWaiting>> Calibration::Waiting() {
  TAXA_ASSIGN_OR_RETURN(std::vector<CalibrationRound> rounds, Rounds());
  std::optional<RoundWaiting> out;
  for (CalibrationRound& r : rounds) {
    if (!std::binary_search(r.annotators.begin(), r.annotators.end(), s_.user())) continue;
    // One query for the whole round, however many items it has.
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> done,
                          s_.index().LabeledAmong(s_.user(), r.items));
    size_t labeled = 0;
    std::string first_open;
    for (const std::string& item : r.items) {
      if (std::binary_search(done.begin(), done.end(), item)) {
        ++labeled;
      } else if (first_open.empty()) {
        first_open = item;
      }
    }
    if (labeled == r.items.size()) continue;
    if (out) {
      ++out->more;
      continue;
    }
    out = RoundWaiting{.round = std::move(r), .labeled = labeled, .next_item = first_open};
    TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, s_.index().FindItem(first_open));
    if (row) out->next_ord = row->ord;
  }
  return out;
}

Result<std::optional<RoundWaiting>> Calibration::RoundOf(const std::string& item) {
  TAXA_ASSIGN_OR_RETURN(std::vector<CalibrationRound> rounds, Rounds());
  std::optional<RoundWaiting> out;
  for (CalibrationRound& r : rounds) {
    if (!std::binary_search(r.annotators.begin(), r.annotators.end(), s_.user())) continue;
    if (std::find(r.items.begin(), r.items.end(), item) == r.items.end()) continue;
    if (out) {
      ++out->more;
      continue;
    }
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> done,
                          s_.index().LabeledAmong(s_.user(), r.items));
    out = RoundWaiting{.round = std::move(r), .labeled = done.size()};
    for (const std::string& id : out->round.items)
      if (!std::binary_search(done.begin(), done.end(), id)) {
        out->next_item = id;
        break;
      }
    if (!out->next_item.empty()) {
      TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, s_.index().FindItem(out->next_item));
      if (row) out->next_ord = row->ord;
    }
  }
  return out;
}

Result<RoundComparison> Calibration::Compare(const std::string& first, const std::string& second) {
  TAXA_ASSIGN_OR_RETURN(std::vector<CalibrationRound> rounds, Rounds());
  TAXA_ASSIGN_OR_RETURN(CalibrationRound r1, FindRound(rounds, first));
  TAXA_ASSIGN_OR_RETURN(CalibrationRound r2, FindRound(rounds, second));
  TAXA_ASSIGN_OR_RETURN(ProjectLabels l1, RoundLabels(s_.index(), r1));
  TAXA_ASSIGN_OR_RETURN(ProjectLabels l2, RoundLabels(s_.index(), r2));
  RoundAgreement a1 = AgreeOnRound(l1.sets, 0, 0), a2 = AgreeOnRound(l2.sets, 0, 0);
  auto value = [](const AgreeRow& row) {
    return row.error.empty() ? std::optional<double>(row.report.value) : std::nullopt;
  };
  RoundComparison comparison{.first = first, .second = second};
  std::vector<RoundChange>& out = comparison.changes;
  out.push_back({"overall", "", value(a1.overall), value(a2.overall)});
  std::map<std::string, RoundChange> per;
  for (const AgreeRow& row : a1.per_category)
    per[row.slice] = {"category", row.slice, value(row), std::nullopt};
  for (const AgreeRow& row : a2.per_category) {
    RoundChange& c = per[row.slice];
    c.kind = "category";
    c.slice = row.slice;
    c.second = value(row);
  }
  for (auto& [slice, change] : per) out.push_back(std::move(change));
  return comparison;
}

}  // namespace taxa::app
