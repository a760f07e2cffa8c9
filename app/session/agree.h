// The agreement use case: read a ratings file and compute one coefficient,
// shared by the CLI (`taxa agree`) and any other front end.
//
//   AgreeOptions o;
//   o.metric = "alpha";
//   o.level = "interval";
//   o.ci = 0.95;
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
#include <utility>
#include <vector>

#include "taxa/core/agreement.h"
#include "taxa/core/status.h"

namespace taxa::app {

struct AgreeOptions {
  // percent, cohen, scott, bennett, fleiss or alpha.
  std::string metric = "alpha";
  // How values are read and compared: nominal, ordinal, interval, ratio (alpha
  // only, except that nominal fits every metric), jaccard or masi (alpha on
  // multi-label values). interval and ratio read values as numbers; jaccard
  // and masi read ';'-separated label sets (lists in JSON Lines). tree (alpha
  // in a project only) measures the path between categories in the taxonomy.
  std::string level = "nominal";
  // none, linear or quadratic: weighted Cohen's kappa (cohen only).
  std::string weights = "none";
  // Categories lowest first, for ordinal alpha or weighted kappa on values
  // that are not all numbers (numbers sort numerically by themselves).
  std::vector<std::string> order;
  // Confidence level of a bootstrap interval (alpha only); 0 for none.
  double ci = 0;
  // Seed of the bootstrap (only with ci); 1 when not given.
  std::optional<uint64_t> seed;
};

struct AgreeReport {
  std::string metric;  // as in the options: "alpha", "cohen", ...
  std::string level;   // as in the options
  std::string weights;  // "none" unless weighted kappa
  double value = 0;     // always finite
  size_t items = 0;            // items that entered the coefficient
  size_t pairable_values = 0;  // ratings in those items
  std::optional<std::pair<double, double>> ci;  // [lo, hi] when asked
  double ci_level = 0;
  size_t resamples = 0;  // bootstrap resamples that gave a value
  uint64_t seed = 0;     // the bootstrap's seed when asked
  std::string note;      // what was skipped or assumed, "" if nothing
};

// Checks the options alone (before any file is read): kInvalidInput with one
// line naming the option, e.g. `--weights is only for --metric cohen`.
taxa::Status CheckAgreeOptions(const AgreeOptions& options);

// Reads `path` and computes the coefficient. Errors: the option errors above;
// kNotFound / kIo for the file; kInvalidInput "FILE:LINE: ..." for a malformed
// record or data that do not fit the coefficient; kFailedPrecondition for
// degenerate data (no pairable values, no variation), naming why.
// Thread-safe.
taxa::Result<AgreeReport> AgreeOnFile(const std::string& path, const AgreeOptions& options);

// The same on ratings already read, whose kind must fit options.level;
// `source` names them in messages. `tree_parent` (category -> parent, "" for
// top level) is needed for --level tree only. Thread-safe.
taxa::Result<AgreeReport> AgreeOnRatings(
    const core::Ratings& ratings, const AgreeOptions& options, const std::string& source,
    const std::map<std::string, std::string>& tree_parent = {});

}  // namespace taxa::app
