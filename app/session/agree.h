// The agreement use case: read a ratings file and compute one coefficient,
// shared by the CLI (`taxa agree`) and any other front end.
//
//   AgreeOptions o{.metric = Metric::kAlpha, .level = Level::kInterval, .ci = 0.95};
//   TAXA_ASSIGN_OR_RETURN(AgreeReport r, AgreeOnFile("ratings.csv", o));
//   // r.value, r.ci->first, r.ci->second
//
// The file is CSV (item,annotator,value) or JSON Lines, as ratings_file.h reads
// it. Needs no project.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "taxa/core/agreement.h"
#include "taxa/core/status.h"

namespace taxa::app {

// The coefficient: percent agreement, Cohen's kappa, Scott's pi, Bennett's S,
// Fleiss' kappa or Krippendorff's alpha.
enum class Metric { kPercent, kCohen, kScott, kBennett, kFleiss, kAlpha };

// How values are read and compared: nominal, ordinal, interval, ratio (alpha
// only, except that nominal fits every metric), jaccard or masi (alpha on
// multi-label values). interval and ratio read values as numbers; jaccard
// and masi read ';'-separated label sets (lists in JSON Lines). tree (alpha
// in a project only) measures the path between categories in the taxonomy.
enum class Level { kNominal, kOrdinal, kInterval, kRatio, kJaccard, kMasi, kTree };

// Weighted Cohen's kappa (cohen only): none, linear or quadratic.
enum class Weights { kNone, kLinear, kQuadratic };

// The names every face reads and writes ("alpha", "interval", "linear"): the
// CLI's flags, the web API's fields and the JSON output. Parse* fails with
// kInvalidInput naming the field and the value, e.g. `unknown metric "kappa"
// (expected percent, cohen, scott, bennett, fleiss or alpha)`.
std::string_view MetricName(Metric metric);
std::string_view LevelName(Level level);
std::string_view WeightsName(Weights weights);
Result<Metric> ParseMetric(std::string_view text);
Result<Level> ParseLevel(std::string_view text);
Result<Weights> ParseWeights(std::string_view text);

struct AgreeOptions {
  Metric metric = Metric::kAlpha;
  Level level = Level::kNominal;
  Weights weights = Weights::kNone;
  // Categories lowest first, for ordinal alpha or weighted kappa on values
  // that are not all numbers (numbers sort numerically by themselves).
  std::vector<std::string> order;
  // Confidence level of a bootstrap interval (alpha only); 0 for none.
  double ci = 0;
  // Seed of the bootstrap (only with ci); 1 when not given.
  std::optional<uint64_t> seed;
};

struct AgreeReport {
  Metric metric = Metric::kAlpha;  // as in the options
  Level level = Level::kNominal;
  Weights weights = Weights::kNone;  // kNone unless weighted kappa
  double value = 0;     // always finite
  size_t items = 0;            // items that entered the coefficient
  size_t pairable_values = 0;  // ratings in those items
  std::optional<std::pair<double, double>> ci;  // [lo, hi] when asked
  double ci_level = 0;
  size_t resamples = 0;  // bootstrap resamples that gave a value
  uint64_t seed = 0;     // the bootstrap's seed when asked
  std::string note;      // what was skipped or assumed, "" if nothing
};

// Checks that the options fit together (before any file is read):
// kInvalidInput with one line naming the fields, e.g. `weights "linear"
// apply only to the metric "cohen"`.
taxa::Status CheckAgreeOptions(const AgreeOptions& options);

// Reads `path` and computes the coefficient. Errors: the option errors above;
// kNotFound / kIo for the file; kInvalidInput "FILE:LINE: ..." for a malformed
// record or data that do not fit the coefficient; kFailedPrecondition for
// degenerate data (no pairable values, no variation), naming why.
// Thread-safe.
taxa::Result<AgreeReport> AgreeOnFile(const std::string& path, const AgreeOptions& options);

// The same on ratings already read, whose kind must fit options.level;
// `source` names them in messages. `tree_parent` (category -> parent, "" for
// top level) is needed for Level::kTree only. Thread-safe.
taxa::Result<AgreeReport> AgreeOnRatings(
    const core::Ratings& ratings, const AgreeOptions& options, const std::string& source,
    const std::map<std::string, std::string>& tree_parent = {});

// The same on collapsed ratings (core::CollapseItems), which stand for the
// items they count: only the metric alpha reads them (another metric is
// kInvalidInput). Thread-safe.
taxa::Result<AgreeReport> AgreeOnRatings(
    const core::CollapsedRatings& collapsed, const AgreeOptions& options,
    const std::string& source, const std::map<std::string, std::string>& tree_parent = {});

}  // namespace taxa::app
