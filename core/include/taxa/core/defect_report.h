// Defects and root causes (issue 13, item 3): from the review events of a
// project (review_event.h) and what each review judged, the defect rate per
// category, annotator, vendor, guideline rule and taxonomy release, each
// with a confidence interval; a Pareto of error types; and the trend per
// day or ISO week. Pure: the session gathers the reviews and their context.
//
// What counts:
//   - A review judges one label event (ReviewEvent::label). Of several
//     reviews of one label event, by anyone, only the latest counts (the
//     larger clock; on equal clocks the larger id); the others are
//     `superseded`. A relabel is a new
//     label event, reviewed on its own.
//   - Lot decisions (lot-accept, lot-reject) judge no label and are left out
//     (`lot_decisions`).
//   - With `since_ms`, counted reviews whose clock time (the HLC's wall
//     milliseconds, UTC) is before it are left out (`before_since`), after
//     the latest review of each label was chosen.
//   - A defect is a counted review whose verdict is correct or reject
//     (IsDefect); its rate is defects / reviewed.
//
// The interval of every rate is the Wilson score interval at `level` (95%
// by default): with p = x/n and z the standard normal quantile of
// 1 - (1 - level)/2,
//   centre = (p + z^2/2n) / (1 + z^2/n),
//   half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2),
// which is what statsmodels' proportion_confint(x, n, alpha=1-level,
// method="wilson") gives (the test checks it against that).
//
// Rows per dimension:
//   category   every category of the judged label (a label with two
//              categories counts once in each; "" when the label event is
//              unknown to the session);
//   annotator  whose label was judged;
//   vendor     the annotator's vendor ("" for none);
//   release    the taxonomy release the judged label was made under
//              ("" when before any release or not known);
//   rule       each guideline rule ("CATEGORY/include/N") a counted defect
//              names: `reviewed` are the counted reviews concerning that
//              CATEGORY (the judged label's categories, a correction's
//              categories, or the category of a rule the review names),
//              `defects` those of them that are defects naming the rule.
// Rows are sorted by value.
//
// The Pareto counts each error type once per counted defect that names it,
// most frequent first (ties by id); `share` is of all such mentions and
// `cumulative` adds up the shares in that order. Defects that name no error
// type are counted in `untyped_defects`, outside the Pareto.
//
// The trend puts each counted review in the UTC day ("2026-12-06") or ISO
// 8601 week ("2026-W49", Monday to Sunday, the year of its Thursday) of its
// clock, oldest first; periods without reviews are left out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/review_event.h"
#include "taxa/core/status.h"

namespace taxa::core {

// A proportion x/n with its interval; n > 0.
struct RateInterval {
  double rate = 0;
  double low = 0;
  double high = 0;
};

// The Wilson score interval of x successes in n trials at `level` (0 < level
// < 1; 0.95 by default). kInvalidInput for n == 0, x > n or a level outside
// (0, 1).
Result<RateInterval> WilsonInterval(uint64_t x, uint64_t n, double level = 0.95);

// The standard normal quantile: Phi^-1(p) for 0 < p < 1.
double NormalQuantile(double p);

enum class DefectDimension { kCategory, kAnnotator, kVendor, kRule, kRelease };
// "category", "annotator", "vendor", "rule", "release".
std::string_view DefectDimensionName(DefectDimension d);
// kInvalidInput naming the word and the choices.
Result<DefectDimension> ParseDefectDimension(std::string_view name);

enum class TrendPeriod { kNone, kDay, kWeek };
// "none", "day", "week"; Parse takes "day" or "week".
std::string_view TrendPeriodName(TrendPeriod p);
Result<TrendPeriod> ParseTrendPeriod(std::string_view name);

// The UTC day "2026-12-06" and the ISO week "2026-W49" of a time in
// milliseconds since the epoch (>= 0), and the start of each (ms).
std::string UtcDayName(int64_t ms);
std::string IsoWeekName(int64_t ms);
int64_t IsoWeekStart(int64_t ms);

// What the session knows about the label a review judged.
struct ReviewContext {
  std::vector<std::string> categories;  // of the judged label event; empty when unknown
  std::string vendor;                   // the annotator's vendor; "" for none
  std::string release;                  // "" when before any release or unknown
};

struct DefectReportOptions {
  std::vector<DefectDimension> by = {DefectDimension::kCategory, DefectDimension::kAnnotator,
                                     DefectDimension::kVendor, DefectDimension::kRule,
                                     DefectDimension::kRelease};
  TrendPeriod trend = TrendPeriod::kNone;
  std::optional<int64_t> since_ms;  // leave out reviews made before this time
  double level = 0.95;
};

struct DefectRow {
  std::string value;
  uint64_t reviewed = 0;
  uint64_t defects = 0;
  RateInterval rate;
};

struct DefectBreakdown {
  DefectDimension by = DefectDimension::kCategory;
  std::vector<DefectRow> rows;  // sorted by value
};

struct ErrorTypeCount {
  std::string error;
  uint64_t count = 0;
  double share = 0;       // of all error-type mentions
  double cumulative = 0;  // shares up to and including this one
};

struct TrendPoint {
  std::string period;  // "2026-12-06" or "2026-W49"
  int64_t start_ms = 0;
  uint64_t reviewed = 0;
  uint64_t defects = 0;
  RateInterval rate;
};

struct DefectReport {
  double level = 0.95;
  uint64_t review_events = 0;  // every event handed in
  uint64_t lot_decisions = 0;
  uint64_t superseded = 0;     // label reviews replaced by a later review of the label
  uint64_t before_since = 0;
  // The counted reviews: reviewed == 0 leaves `overall.rate` zero.
  DefectRow overall;
  std::vector<DefectBreakdown> breakdowns;  // in the order of options.by
  std::vector<ErrorTypeCount> pareto;
  uint64_t untyped_defects = 0;
  TrendPeriod trend_period = TrendPeriod::kNone;
  std::vector<TrendPoint> trend;
};

// The reviews a report counts, with their context, as numbers: each text a
// number into `names`, each list of texts a number into `lists`. What the
// index hands over (Index::ReadReviewFacts), so that a million reviews are
// counted without a string or a vector each.
//
//   DefectFacts f;
//   f.names = {"", "ana", "a", "acme"};
//   f.lists = {{}, {2}};
//   f.reviews.push_back({.hlc = clock, .label = 0, .verdict = ReviewVerdict::kAccept,
//                        .annotator = 1, .vendor = 3, .categories = 1});
//   Result<DefectReport> r = BuildDefectReport(f);
struct DefectFacts {
  struct Review {
    uint64_t hlc = 0;
    // Equal for the reviews of one label event, different otherwise; below
    // reviews.size(). Among reviews of one label with equal clocks, the one
    // later in `reviews` is the later review: they come in the order of
    // their ids (ReviewEvent::id, which breaks ties of the clock).
    uint32_t label = 0;
    ReviewVerdict verdict = ReviewVerdict::kAccept;
    uint32_t annotator = 0;   // a name: whose label was judged
    uint32_t vendor = 0;      // a name: ReviewContext::vendor
    uint32_t release = 0;     // a name: ReviewContext::release
    uint32_t rule = 0;        // a name: ReviewEvent::rule
    uint32_t categories = 0;  // a list: ReviewContext::categories (the judged label's)
    uint32_t corrected = 0;   // a list: ReviewEvent::categories (a correction's)
    uint32_t errors = 0;      // a list: ReviewEvent::errors
  };
  // Texts by number; two numbers may hold one text (they count as one value).
  std::vector<std::string> names = {""};
  std::vector<std::vector<uint32_t>> lists = {{}};  // of name numbers
  std::vector<Review> reviews;
};

// The report over `reviews` (any order), `context[i]` describing reviews[i].
// kInvalidInput when the sizes differ or the level is outside (0, 1).
Result<DefectReport> BuildDefectReport(const std::vector<ReviewEvent>& reviews,
                                       const std::vector<ReviewContext>& context,
                                       const DefectReportOptions& options = {});
// The same report over facts: `BuildDefectReport(reviews, context)` is this
// over the facts of the reviews and their context. kInvalidInput, naming
// the review, for a name, list or label number out of range, or a list
// naming a name out of range; and as above.
Result<DefectReport> BuildDefectReport(const DefectFacts& facts,
                                       const DefectReportOptions& options = {});

}  // namespace taxa::core
