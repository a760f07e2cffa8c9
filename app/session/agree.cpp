#include "session/agree.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

#include "session/internal/enum_names.h"
#include "session/project_ratings.h"

#include "taxa/core/agreement.h"
#include "taxa/core/fs.h"
#include "taxa/core/ratings_file.h"

namespace taxa::app {
namespace {

constexpr std::array<Named<Metric>, 6> kMetrics = {{{Metric::kPercent, "percent"},
                                                    {Metric::kCohen, "cohen"},
                                                    {Metric::kScott, "scott"},
                                                    {Metric::kBennett, "bennett"},
                                                    {Metric::kFleiss, "fleiss"},
                                                    {Metric::kAlpha, "alpha"}}};
constexpr std::array<Named<Level>, 7> kLevels = {{{Level::kNominal, "nominal"},
                                                  {Level::kOrdinal, "ordinal"},
                                                  {Level::kInterval, "interval"},
                                                  {Level::kRatio, "ratio"},
                                                  {Level::kJaccard, "jaccard"},
                                                  {Level::kMasi, "masi"},
                                                  {Level::kTree, "tree"}}};
constexpr std::array<Named<Weights>, 3> kWeights = {
    {{Weights::kNone, "none"}, {Weights::kLinear, "linear"}, {Weights::kQuadratic, "quadratic"}}};

// `level "ordinal"`, `weights "linear"`: a field and its value, for messages.
std::string Quoted(const char* field, std::string_view value) {
  return std::string(field) + " \"" + std::string(value) + "\"";
}

core::AlphaMetric AlphaMetricFor(Level level) {
  switch (level) {
    case Level::kNominal:
      return core::AlphaMetric::kNominal;
    case Level::kOrdinal:
      return core::AlphaMetric::kOrdinal;
    case Level::kInterval:
      return core::AlphaMetric::kInterval;
    case Level::kRatio:
      return core::AlphaMetric::kRatio;
    case Level::kJaccard:
      return core::AlphaMetric::kJaccard;
    case Level::kMasi:
      return core::AlphaMetric::kMasi;
    case Level::kTree:
      return core::AlphaMetric::kTreePath;
  }
  return core::AlphaMetric::kNominal;
}

core::KappaWeights WeightsFor(Weights weights) {
  switch (weights) {
    case Weights::kNone:
      return core::KappaWeights::kNone;
    case Weights::kLinear:
      return core::KappaWeights::kLinear;
    case Weights::kQuadratic:
      return core::KappaWeights::kQuadratic;
  }
  return core::KappaWeights::kNone;
}

// The first value that is not a number, quoted, for messages.
std::string FirstNonNumber(const core::Ratings& r) {
  for (const std::string& v : r.value_names) {
    double d = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc() || end != v.data() + v.size()) return "\"" + v + "\"";
  }
  return "\"" + (r.value_names.empty() ? std::string() : r.value_names.front()) + "\"";
}

// Checks what only the data can tell, naming the option to change.
Status CheckData(const core::Ratings& r, const AgreeOptions& o, const std::string& path) {
  if (r.RatingCount() == 0)
    return Status::FailedPrecondition(path + " holds no ratings");
  if (o.level == Level::kJaccard || o.level == Level::kMasi) {
    bool multi = false;
    for (const std::vector<uint32_t>& labels : r.value_labels)
      if (labels.size() != 1) multi = true;
    if (!multi)
      return Status::InvalidInput(Quoted("level", LevelName(o.level)) +
                                  " needs multi-label values (\"a;b\" in CSV, a list in JSON "
                                  "Lines); every rating in " +
                                  path + " is a single label: use level \"nominal\"");
  }
  const bool needs_order = o.level == Level::kOrdinal || o.weights != Weights::kNone;
  if (needs_order && !r.IsNumeric() && o.order.empty())
    return Status::InvalidInput(
        (o.level == Level::kOrdinal ? Quoted("level", "ordinal")
                                    : Quoted("weights", WeightsName(o.weights))) +
        " on values that are not all numbers needs their order, lowest first (order a,b,c); " +
        path + " has " + FirstNonNumber(r));
  return Status::Ok();
}

}  // namespace

std::string_view MetricName(Metric metric) { return NameOf(kMetrics, metric); }
std::string_view LevelName(Level level) { return NameOf(kLevels, level); }
std::string_view WeightsName(Weights weights) { return NameOf(kWeights, weights); }
Result<Metric> ParseMetric(std::string_view text) { return ParseNamed(kMetrics, text, "metric"); }
Result<Level> ParseLevel(std::string_view text) { return ParseNamed(kLevels, text, "level"); }
Result<Weights> ParseWeights(std::string_view text) {
  return ParseNamed(kWeights, text, "weights");
}

core::ValueKind KindForLevel(Level level) {
  if (level == Level::kInterval || level == Level::kRatio) return core::ValueKind::kNumber;
  if (level == Level::kJaccard || level == Level::kMasi) return core::ValueKind::kLabelSet;
  return core::ValueKind::kCategory;
}

Status CheckAgreeOptions(const AgreeOptions& o) {
  const std::string alpha = Quoted("the metric", "alpha");
  if (o.level != Level::kNominal && o.metric != Metric::kAlpha)
    return Status::InvalidInput(Quoted("level", LevelName(o.level)) + " applies only to " + alpha +
                                " (" + std::string(MetricName(o.metric)) +
                                " compares values as equal or not)");
  if (o.weights != Weights::kNone && o.metric != Metric::kCohen)
    return Status::InvalidInput(Quoted("weights", WeightsName(o.weights)) + " apply only to " +
                                Quoted("the metric", "cohen"));
  if (o.ci != 0 && o.metric != Metric::kAlpha)
    return Status::InvalidInput("a confidence interval (ci) is only for " + alpha);
  if (o.ci != 0 && !(o.ci > 0 && o.ci < 1))
    return Status::InvalidInput("ci must lie between 0 and 1, e.g. 0.95");
  if (o.seed && o.ci == 0)
    return Status::InvalidInput("a seed is only for a bootstrap interval (ci)");
  if (!o.order.empty() && o.level != Level::kOrdinal && o.weights == Weights::kNone)
    return Status::InvalidInput(
        "an order applies only to level \"ordinal\" or weights \"linear\" or \"quadratic\"");
  return Status::Ok();
}

Result<AgreeReport> AgreeOnFile(const std::string& path, const AgreeOptions& o) {
  TAXA_RETURN_IF_ERROR(CheckAgreeOptions(o));
  if (o.level == Level::kTree)
    return Status::InvalidInput(
        "level \"tree\" needs the project's taxonomy: measure it on a project's labels, not on "
        "a file");
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(path));
  TAXA_ASSIGN_OR_RETURN(
      core::Ratings ratings,
      core::ReadRatingsFile(bytes, path, core::RatingsFormat::kAuto, KindForLevel(o.level)));
  return AgreeOnRatings(ratings, o, path);
}

namespace {

// AgreeOnRatings on `ratings`, or on `collapsed` (whose ratings `ratings` is)
// when not null.
Result<AgreeReport> Agree(const core::Ratings& ratings, const core::CollapsedRatings* collapsed,
                          const AgreeOptions& o, const std::string& path,
                          const std::map<std::string, std::string>& tree_parent) {
  TAXA_RETURN_IF_ERROR(CheckData(ratings, o, path));
  if (collapsed && o.metric != Metric::kAlpha)
    return Status::InvalidInput("collapsed ratings serve only the metric \"alpha\", not \"" +
                                std::string(MetricName(o.metric)) + "\"");

  AgreeReport report;
  report.metric = o.metric;
  report.level = o.level;
  report.weights = o.weights;
  Result<core::AgreementResult> result = Status::Internal("no metric");
  core::AlphaOptions alpha{
      .metric = AlphaMetricFor(o.level), .category_order = o.order, .tree_parent = tree_parent};
  switch (o.metric) {
    case Metric::kPercent:
      result = core::PercentAgreement(ratings);
      break;
    case Metric::kCohen:
      result =
          core::CohensKappa(ratings, {.weights = WeightsFor(o.weights), .category_order = o.order});
      break;
    case Metric::kScott:
      result = core::ScottsPi(ratings);
      break;
    case Metric::kBennett:
      result = core::BennettsS(ratings);
      break;
    case Metric::kFleiss:
      result = core::FleissKappa(ratings);
      break;
    case Metric::kAlpha:
      result = collapsed ? core::KrippendorffAlpha(*collapsed, alpha)
                         : core::KrippendorffAlpha(ratings, alpha);
      break;
  }
  if (!result.ok()) return result.status();
  if (!std::isfinite(result->value))
    return Status::FailedPrecondition("the coefficient is undefined on the data of " + path);
  report.value = result->value;
  report.items = result->items;
  report.pairable_values = result->pairable_values;
  report.note = result->note;

  if (o.ci != 0) {
    core::BootstrapOptions bootstrap{.level = o.ci, .seed = o.seed.value_or(1)};
    TAXA_ASSIGN_OR_RETURN(core::ConfidenceInterval ci,
                          collapsed ? core::BootstrapAlpha(*collapsed, alpha, bootstrap)
                                    : core::BootstrapAlpha(ratings, alpha, bootstrap));
    if (!std::isfinite(ci.lo) || !std::isfinite(ci.hi))
      return Status::FailedPrecondition("the bootstrap interval is undefined on the data of " +
                                        path);
    report.ci = std::pair{ci.lo, ci.hi};
    report.ci_level = o.ci;
    report.resamples = ci.resamples;
    report.seed = bootstrap.seed;
  }
  return report;
}

}  // namespace

Result<AgreeReport> AgreeOnRatings(const core::Ratings& ratings, const AgreeOptions& o,
                                   const std::string& path,
                                   const std::map<std::string, std::string>& tree_parent) {
  return Agree(ratings, nullptr, o, path, tree_parent);
}

Result<AgreeReport> AgreeOnRatings(const core::CollapsedRatings& collapsed, const AgreeOptions& o,
                                   const std::string& path,
                                   const std::map<std::string, std::string>& tree_parent) {
  return Agree(collapsed.ratings, &collapsed, o, path, tree_parent);
}

}  // namespace taxa::app
