// The quality use cases inside a project: agreement of the project's current
// labels with breakdowns, calibration rounds, gold (adjudicated) labels and
// accuracy against them, confusion between annotators, and consensus.
// The services that return these are Quality (quality_service.h),
// Calibration (calibration.h) and Gold (gold.h); the statistics themselves
// come from core (agreement.h, confusion.h, aggregation.h). Their JSON is in
// json.h.
//
//   ProjectAgreeOptions o{.per = Breakdown::kCategory};
//   TAXA_ASSIGN_OR_RETURN(std::vector<AgreeRow> rows, Quality(*project).Agree(o));
//   for (const AgreeRow& r : rows) if (r.error.empty()) use(r.slice, r.report.value);
//
// A label with several categories is one value: the set for Level::kJaccard
// or kMasi, else the categories joined by ';' in sorted order ("a;b").
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "session/agree.h"

#include "taxa/core/calibration_round.h"
#include "taxa/core/confusion.h"

namespace taxa::app {

// One row for the whole project, or one per category (one-vs-rest, nominal
// whatever the level), per taxonomy depth, or per annotator pair (Cohen's
// kappa and percent agreement).
enum class Breakdown { kOverall, kCategory, kLevel, kPair };

// "overall", "category", "level", "pair"; Parse fails with kInvalidInput
// `unknown breakdown "x" (expected overall, category, level or pair)`.
std::string_view BreakdownName(Breakdown per);
Result<Breakdown> ParseBreakdown(std::string_view text);

struct ProjectAgreeOptions {
  AgreeOptions agree;  // metric, level (also kTree), ci, seed as for files
  Breakdown per = Breakdown::kOverall;
  // "" or a slicing key, one row per value: "vendor" (taxa.json's vendors) or
  // an item metadata key. Only with per = kOverall.
  std::string by;
};

// One row of an agreement table.
struct AgreeRow {
  // What the row is about: "overall", "category", "depth", "pair", "vendor",
  // or the metadata key of --by.
  std::string kind;
  // The category id, the depth (1 for the top level), "a,b" for a pair, or the
  // slice's value ("" for items without the key / annotators of no vendor).
  std::string slice;
  AgreeReport report;  // valid when error is empty
  // For pairs: percent agreement over the items both rated.
  std::optional<double> percent;
  std::string error;  // why the coefficient is undefined for this row, "" when defined
  // Labels left out because they are outdated (made under a category since
  // split or retired; they wait in the relabel queue).
  size_t outdated_labels = 0;
};

// A calibration round as stored in calibration/<name>.json.
using CalibrationRound = core::CalibrationRound;

// How a calibration round draws its items (core/sampling.h): a simple random
// sample, or one stratified by the value of an item metadata key (each value
// gets its share of the sample).
struct SamplePlan {
  enum class Kind { kRandom, kStratified };
  Kind kind = Kind::kRandom;
  std::string key;  // kStratified: the metadata key

  static SamplePlan Random() { return {}; }
  static SamplePlan StratifiedBy(std::string key) { return {Kind::kStratified, std::move(key)}; }
  bool operator==(const SamplePlan&) const = default;
};

// "random" or "stratified:<key>", as calibration/<name>.json records it.
// Parse fails with kInvalidInput `unknown sampling plan "x" (expected random
// or stratified:<metadata key>)`.
std::string SamplePlanName(const SamplePlan& plan);
Result<SamplePlan> ParseSamplePlan(std::string_view text);

struct CalibrationStart {
  std::string name;
  size_t items = 0;                     // how many to draw (>= 1)
  SamplePlan plan;
  std::vector<std::string> annotators;  // at least two
  uint64_t seed = 1;
};

struct AnnotatorStanding {
  std::string annotator;
  size_t labeled = 0;            // the round's items this annotator has labeled
  size_t compared = 0;           // of those, items with an untied majority
  size_t disagreements = 0;      // of those, where the annotator differs from it
  double disagreement_rate = 0;  // disagreements / compared (0 when none compared)
  // Pairwise agreement with peers: over the items this annotator labeled,
  // one comparison per other label of the item, agreeing when that label
  // is the same as this annotator's (ties and lone labels included).
  size_t peer_pairs = 0;
  size_t peer_agreements = 0;
};

// Every annotator against the majority label, over the whole project.
struct StandingsReport {
  std::vector<AnnotatorStanding> annotators;  // sorted by name
  size_t items = 0;                           // labeled items
  size_t tied_items = 0;  // items whose majority is a tie (left out of the rates)
  size_t outdated_labels = 0;  // as AgreeRow::outdated_labels
};

struct CalibrationReport {
  CalibrationRound round;
  std::vector<AgreeRow> overall;             // one row (alpha, nominal, with interval)
  std::vector<AgreeRow> per_category;        // one-vs-rest alpha with intervals
  std::vector<core::ConfusedPair> confused;  // most confused category pairs, at most 10
  std::vector<AnnotatorStanding> annotators;
  size_t tied_items = 0;  // items whose majority is a tie (left out of the rates)
  size_t outdated_labels = 0;  // as AgreeRow::outdated_labels
};

// One row of `calibrate compare`: the same slice in both rounds.
struct RoundChange {
  std::string kind;              // "overall" or "category"
  std::string slice;             // "" or the category
  std::optional<double> first;   // alpha in the first round, if defined
  std::optional<double> second;  // alpha in the second round, if defined
  // second - first when both are defined.
  std::optional<double> change() const {
    if (first && second) return *second - *first;
    return std::nullopt;
  }
};

// Two rounds side by side: alpha overall, then per category (by id).
struct RoundComparison {
  std::string first;  // the rounds' names
  std::string second;
  std::vector<RoundChange> changes;
};

// One annotator's labels against gold.
struct GoldScore {
  std::string annotator;
  size_t items = 0;  // items the annotator labeled that have gold
  double accuracy = 0;
};

// Annotator `a` (as truth, the rows) against `b` (Quality::Confusion).
struct AnnotatorConfusion {
  std::string a;
  std::string b;
  core::ConfusionReport confusion;
  std::vector<core::ConfusedPair> most_confused;  // at most 10
};

struct GoldReport {
  std::vector<GoldScore> annotators;  // sorted by name
  // The pooled comparison: of the one annotator asked for, else of every
  // annotator's labels against gold together.
  std::string subject;  // the annotator, or "" for all
  core::ConfusionReport confusion;
  size_t outdated_labels = 0;  // annotators' labels left out, as AgreeRow::outdated_labels
  size_t outdated_gold = 0;    // gold labels left out for the same reason
};

struct ImportGoldReport {
  size_t records = 0;  // gold labels in the file
  std::string commit;
};

// How Quality::Consensus aggregates each item's labels: majority vote (ties
// broken by name), or Dawid & Skene's (1979) EM, which weighs annotators by
// their estimated confusion.
enum class ConsensusMethod { kMajority, kDawidSkene };

// "majority" or "dawid-skene"; Parse fails with kInvalidInput `unknown
// consensus method "x" (expected majority or dawid-skene)`.
std::string_view ConsensusMethodName(ConsensusMethod method);
Result<ConsensusMethod> ParseConsensusMethod(std::string_view text);

// Each item's aggregated label.
struct ConsensusItem {
  std::string item;
  std::string label;
  size_t ratings = 0;
  size_t votes = 0;                 // majority: ratings for the label
  std::vector<std::string> tied;    // majority: every value with the top count when tied
  std::optional<double> posterior;  // dawid-skene: P(label | data)
};

struct ConsensusReport {
  ConsensusMethod method = ConsensusMethod::kMajority;
  std::vector<ConsensusItem> items;  // in project order
  size_t ties = 0;
  // dawid-skene: each annotator's estimated accuracy, sum_j prior_j P(j | j).
  std::vector<std::pair<std::string, double>> annotator_accuracy;
  size_t iterations = 0;
  bool converged = true;
  size_t outdated_labels = 0;  // as AgreeRow::outdated_labels
};

// Everything the Quality window (or page) shows that depends only on the
// project's labels, from one read of them: overall alpha (nominal) with its
// interval, one-vs-rest alpha per category with intervals, Cohen's kappa and
// percent agreement per annotator pair, each annotator against the majority,
// whether there is gold, and the calibration rounds. A part that cannot be
// computed carries its one-line reason instead.
struct QualityOverview {
  std::optional<AgreeRow> overall;  // nullopt: see overall_error
  std::string overall_error;        // e.g. "the project has no labels yet ..."
  std::vector<AgreeRow> per_category;
  std::vector<AgreeRow> pairs;
  std::string breakdown_error;
  std::vector<std::string> annotators;  // everyone with a current label, sorted
  bool has_gold = false;
  StandingsReport standings;
  std::string standings_error;
  std::vector<CalibrationRound> rounds;  // by name
  std::string rounds_error;
  size_t outdated_labels = 0;  // as AgreeRow::outdated_labels
};

// One period of Quality::OverTime: the current labels whose current version
// was made in it, how far they agree, and how many match gold.
struct QualityPeriod {
  std::string kind;   // "week" or "release"
  // An ISO 8601 week ("2026-W49", by ISO week-year), or a release's version;
  // "" for the labels made before the first release.
  std::string name;
  std::string start;  // ISO 8601 UTC (2026-11-30T00:00:00Z), inclusive; "" before the first release
  std::string end;    // exclusive; "" for the latest release (still open)
  size_t labels = 0;  // current labels made in the period
  size_t items = 0;   // items with two or more of them: the items alpha compares
  std::optional<double> alpha;  // nullopt: see alpha_error
  std::string alpha_error;      // why alpha is undefined, "" when it is defined
  size_t gold_labels = 0;       // of the labels, those on an item with gold
  std::optional<double> gold_accuracy;  // share of those equal to gold; nullopt when none
  size_t outdated_labels = 0;  // labels of the period left out, as AgreeRow::outdated_labels
};

}  // namespace taxa::app
