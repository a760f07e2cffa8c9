#include "session/agree.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

#include "taxa/core/agreement.h"
#include "taxa/core/fs.h"
#include "taxa/core/ratings_file.h"

namespace taxa::app {
namespace {

constexpr std::array<std::string_view, 6> kMetrics = {"percent", "scott",  "bennett",
                                                      "fleiss",  "cohen", "alpha"};
constexpr std::array<std::string_view, 7> kLevels = {"nominal", "ordinal", "interval", "ratio",
                                                     "jaccard", "masi",    "tree"};
constexpr std::array<std::string_view, 3> kWeights = {"none", "linear", "quadratic"};

template <size_t N>
Status OneOf(const std::string& flag, const std::string& value,
             const std::array<std::string_view, N>& allowed) {
  for (std::string_view a : allowed)
    if (value == a) return Status::Ok();
  std::string list;
  for (size_t i = 0; i < N; ++i)
    list += std::string(i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(allowed[i]);
  return Status::InvalidInput("unknown " + flag + " \"" + value + "\" (expected " + list + ")");
}

core::ValueKind KindFor(const std::string& level) {
  if (level == "interval" || level == "ratio") return core::ValueKind::kNumber;
  if (level == "jaccard" || level == "masi") return core::ValueKind::kLabelSet;
  return core::ValueKind::kCategory;
}

core::AlphaMetric AlphaMetricFor(const std::string& level) {
  if (level == "ordinal") return core::AlphaMetric::kOrdinal;
  if (level == "interval") return core::AlphaMetric::kInterval;
  if (level == "ratio") return core::AlphaMetric::kRatio;
  if (level == "jaccard") return core::AlphaMetric::kJaccard;
  if (level == "masi") return core::AlphaMetric::kMasi;
  if (level == "tree") return core::AlphaMetric::kTreePath;
  return core::AlphaMetric::kNominal;
}

core::KappaWeights WeightsFor(const std::string& weights) {
  if (weights == "linear") return core::KappaWeights::kLinear;
  if (weights == "quadratic") return core::KappaWeights::kQuadratic;
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

// Checks what only the data can tell, with the flag to change in the message.
Status CheckData(const core::Ratings& r, const AgreeOptions& o, const std::string& path) {
  if (r.RatingCount() == 0)
    return Status::FailedPrecondition(path + " holds no ratings");
  if (o.level == "jaccard" || o.level == "masi") {
    bool multi = false;
    for (const std::vector<uint32_t>& labels : r.value_labels)
      if (labels.size() != 1) multi = true;
    if (!multi)
      return Status::InvalidInput("--level " + o.level +
                                  " needs multi-label values (\"a;b\" in CSV, a list in JSON "
                                  "Lines); every rating in " + path +
                                  " is a single label: use --level nominal");
  }
  const bool needs_order = o.level == "ordinal" || o.weights != "none";
  if (needs_order && !r.IsNumeric() && o.order.empty())
    return Status::InvalidInput(
        std::string(o.level == "ordinal" ? "--level ordinal" : "--weights " + o.weights) +
        " on values that are not all numbers needs --order a,b,c (lowest first); " + path +
        " has " + FirstNonNumber(r));
  return Status::Ok();
}

}  // namespace

Status CheckAgreeOptions(const AgreeOptions& o) {
  TAXA_RETURN_IF_ERROR(OneOf("--metric", o.metric, kMetrics));
  TAXA_RETURN_IF_ERROR(OneOf("--level", o.level, kLevels));
  TAXA_RETURN_IF_ERROR(OneOf("--weights", o.weights, kWeights));
  if (o.level != "nominal" && o.metric != "alpha")
    return Status::InvalidInput("--level " + o.level + " is only for --metric alpha (" + o.metric +
                                " compares values as equal or not)");
  if (o.weights != "none" && o.metric != "cohen")
    return Status::InvalidInput("--weights is only for --metric cohen");
  if (o.ci != 0 && o.metric != "alpha")
    return Status::InvalidInput("--ci is only for --metric alpha");
  if (o.ci != 0 && !(o.ci > 0 && o.ci < 1))
    return Status::InvalidInput("--ci must lie between 0 and 1, e.g. 0.95");
  if (o.seed && o.ci == 0) return Status::InvalidInput("--seed is only for --ci");
  if (!o.order.empty() && o.level != "ordinal" && o.weights == "none")
    return Status::InvalidInput(
        "--order is only for --level ordinal or --weights linear|quadratic");
  return Status::Ok();
}

Result<AgreeReport> AgreeOnFile(const std::string& path, const AgreeOptions& o) {
  TAXA_RETURN_IF_ERROR(CheckAgreeOptions(o));
  if (o.level == "tree")
    return Status::InvalidInput(
        "--level tree needs the project's taxonomy: run `taxa agree` without FILE in a project");
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(path));
  TAXA_ASSIGN_OR_RETURN(core::Ratings ratings,
                        core::ReadRatingsFile(bytes, path, core::RatingsFormat::kAuto,
                                              KindFor(o.level)));
  return AgreeOnRatings(ratings, o, path);
}

Result<AgreeReport> AgreeOnRatings(const core::Ratings& ratings, const AgreeOptions& o,
                                   const std::string& path,
                                   const std::map<std::string, std::string>& tree_parent) {
  TAXA_RETURN_IF_ERROR(CheckData(ratings, o, path));

  AgreeReport report;
  report.metric = o.metric;
  report.level = o.level;
  report.weights = o.weights;
  Result<core::AgreementResult> result = Status::Internal("no metric");
  core::AlphaOptions alpha{
      .metric = AlphaMetricFor(o.level), .category_order = o.order, .tree_parent = tree_parent};
  if (o.metric == "percent") {
    result = core::PercentAgreement(ratings);
  } else if (o.metric == "cohen") {
    result = core::CohensKappa(ratings, {.weights = WeightsFor(o.weights), .category_order = o.order});
  } else if (o.metric == "scott") {
    result = core::ScottsPi(ratings);
  } else if (o.metric == "bennett") {
    result = core::BennettsS(ratings);
  } else if (o.metric == "fleiss") {
    result = core::FleissKappa(ratings);
  } else {
    result = core::KrippendorffAlpha(ratings, alpha);
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
                          core::BootstrapAlpha(ratings, alpha, bootstrap));
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

}  // namespace taxa::app
