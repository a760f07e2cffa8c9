#include "taxa/core/defect_report.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "taxa/core/hlc.h"
#include "taxa/core/parallel.h"

namespace taxa::core {

namespace {

constexpr int64_t kDayMs = 86'400'000;

constexpr std::string_view kDimensionNames[] = {"category", "annotator", "vendor", "rule",
                                                "release"};

// The category a rule "CATEGORY/include/N" concerns: the text before its
// last two '/'-separated parts, or the whole rule when it has no such form.
std::string_view RuleCategory(std::string_view rule) {
  const size_t last = rule.rfind('/');
  if (last == std::string_view::npos || last == 0) return rule;
  const size_t kind = rule.rfind('/', last - 1);
  if (kind == std::string_view::npos) return rule;
  return rule.substr(0, kind);
}

struct Tally {
  uint64_t reviewed = 0;
  uint64_t defects = 0;
};

Result<DefectRow> MakeRow(std::string value, const Tally& t, double level) {
  DefectRow row{std::move(value), t.reviewed, t.defects, {}};
  if (t.reviewed > 0) {
    TAXA_ASSIGN_OR_RETURN(row.rate, WilsonInterval(t.defects, t.reviewed, level));
  }
  return row;
}

int64_t ClockMs(const ReviewEvent& e) {
  return static_cast<int64_t>(HybridClock::Physical(e.hlc));
}

// The rule breakdown (see the header): rows for the rules counted defects
// name, over the reviews concerning each rule's category.
Status RuleBreakdown(const std::vector<ReviewEvent>& reviews,
                     const std::vector<ReviewContext>& context, const std::vector<size_t>& counted,
                     double level, DefectBreakdown& b) {
  std::map<std::string, Tally, std::less<>> by_category;
  std::map<std::string, uint64_t, std::less<>> rule_defects;
  for (size_t i : counted) {
    const ReviewEvent& e = reviews[i];
    if (!IsDefect(e.verdict) || e.rule.empty()) continue;
    ++rule_defects[e.rule];
    by_category.try_emplace(std::string(RuleCategory(e.rule)));
  }
  if (!rule_defects.empty()) {
    std::vector<std::string_view> concerned;
    for (size_t i : counted) {
      const ReviewEvent& e = reviews[i];
      concerned.clear();
      for (const std::string& c : context[i].categories) concerned.push_back(c);
      for (const std::string& c : e.categories) concerned.push_back(c);
      if (!e.rule.empty()) concerned.push_back(RuleCategory(e.rule));
      std::sort(concerned.begin(), concerned.end());
      concerned.erase(std::unique(concerned.begin(), concerned.end()), concerned.end());
      for (std::string_view c : concerned)
        if (auto it = by_category.find(c); it != by_category.end()) ++it->second.reviewed;
    }
  }
  for (const auto& [rule, defects] : rule_defects) {
    Tally t{by_category.find(RuleCategory(rule))->second.reviewed, defects};
    TAXA_ASSIGN_OR_RETURN(DefectRow row, MakeRow(rule, t, level));
    b.rows.push_back(std::move(row));
  }
  return Status::Ok();
}

}  // namespace

double NormalQuantile(double p) {
  // Bisection on Phi(x) = erfc(-x / sqrt 2) / 2, which is monotone: 200
  // halvings of [-40, 40] reach the nearest doubles.
  double lo = -40, hi = 40;
  for (int i = 0; i < 200 && lo < hi; ++i) {
    const double mid = (lo + hi) / 2;
    if (mid == lo || mid == hi) break;
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p)
      lo = mid;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}

Result<RateInterval> WilsonInterval(uint64_t x, uint64_t n, double level) {
  if (n == 0) return Status::InvalidInput("a Wilson interval needs at least one trial");
  if (x > n)
    return Status::InvalidInput("a Wilson interval of " + std::to_string(x) + " successes in " +
                                std::to_string(n) + " trials: more successes than trials");
  if (!(level > 0 && level < 1))
    return Status::InvalidInput("confidence level must be between 0 and 1 (exclusive), not " +
                                std::to_string(level));
  const double z = NormalQuantile(1 - (1 - level) / 2);
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(x) / nn;
  const double z2 = z * z;
  const double denom = 1 + z2 / nn;
  const double centre = (p + z2 / (2 * nn)) / denom;
  const double half = z / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  RateInterval r;
  r.rate = p;
  r.low = std::max(0.0, centre - half);
  r.high = std::min(1.0, centre + half);
  return r;
}

std::string_view DefectDimensionName(DefectDimension d) {
  return kDimensionNames[static_cast<int>(d)];
}

Result<DefectDimension> ParseDefectDimension(std::string_view name) {
  for (size_t i = 0; i < std::size(kDimensionNames); ++i)
    if (kDimensionNames[i] == name) return static_cast<DefectDimension>(i);
  return Status::InvalidInput("unknown breakdown \"" + std::string(name) +
                              "\" (expected category, annotator, vendor, rule or release)");
}

std::string_view TrendPeriodName(TrendPeriod p) {
  switch (p) {
    case TrendPeriod::kDay:
      return "day";
    case TrendPeriod::kWeek:
      return "week";
    case TrendPeriod::kNone:
      break;
  }
  return "none";
}

Result<TrendPeriod> ParseTrendPeriod(std::string_view name) {
  if (name == "day") return TrendPeriod::kDay;
  if (name == "week") return TrendPeriod::kWeek;
  return Status::InvalidInput("unknown trend period \"" + std::string(name) +
                              "\" (expected day or week)");
}

std::string UtcDayName(int64_t ms) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{ms / kDayMs}}};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int64_t IsoWeekStart(int64_t ms) {
  const int64_t day = ms / kDayMs;
  return (day - (day + 3) % 7) * kDayMs;  // 1970-01-01 was a Thursday
}

std::string IsoWeekName(int64_t ms) {
  using namespace std::chrono;
  const int64_t monday = IsoWeekStart(ms) / kDayMs;
  // The week belongs to the year of its Thursday; it is that year's n-th Thursday.
  const sys_days thursday{days{monday + 3}};
  const year_month_day ymd{thursday};
  const int week = static_cast<int>((thursday - sys_days{ymd.year() / January / 1}).count() / 7) + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(ymd.year()), week);
  return buf;
}

Result<DefectReport> BuildDefectReport(const std::vector<ReviewEvent>& reviews,
                                       const std::vector<ReviewContext>& context,
                                       const DefectReportOptions& options) {
  if (reviews.size() != context.size())
    return Status::InvalidInput("defect report: " + std::to_string(reviews.size()) +
                                " reviews but " + std::to_string(context.size()) + " contexts");
  if (!(options.level > 0 && options.level < 1))
    return Status::InvalidInput("confidence level must be between 0 and 1 (exclusive), not " +
                                std::to_string(options.level));
  DefectReport report;
  report.level = options.level;
  report.review_events = reviews.size();
  report.trend_period = options.trend;

  // The latest review of each label event: the reviews of labels grouped by
  // label (the index hands them so; others are sorted, stably, so equal
  // labels keep their order), then one pass over each group.
  std::vector<size_t> order;
  order.reserve(reviews.size());
  for (size_t i = 0; i < reviews.size(); ++i) {
    if (IsLotDecision(reviews[i].verdict))
      ++report.lot_decisions;
    else
      order.push_back(i);
  }
  auto by_label = [&](size_t a, size_t b) { return reviews[a].label < reviews[b].label; };
  if (!std::is_sorted(order.begin(), order.end(), by_label))
    std::stable_sort(order.begin(), order.end(), by_label);
  std::vector<size_t> latest;
  latest.reserve(order.size());
  for (size_t i : order) {
    if (latest.empty() || reviews[latest.back()].label != reviews[i].label) {
      latest.push_back(i);
      continue;
    }
    ++report.superseded;
    if (IsLaterReview(reviews[i], reviews[latest.back()])) latest.back() = i;
  }
  std::sort(latest.begin(), latest.end());  // input order: the result does not hang on grouping
  std::vector<size_t> counted;
  counted.reserve(latest.size());
  for (size_t i : latest) {
    if (options.since_ms && ClockMs(reviews[i]) < *options.since_ms) {
      ++report.before_since;
      continue;
    }
    counted.push_back(i);
  }

  Tally overall;
  std::unordered_map<std::string, uint64_t> errors;
  for (size_t i : counted) {
    const ReviewEvent& e = reviews[i];
    const bool defect = IsDefect(e.verdict);
    ++overall.reviewed;
    overall.defects += defect;
    if (!defect) continue;
    if (e.errors.empty()) ++report.untyped_defects;
    // Each type once per defect, even if the review repeats it.
    for (size_t k = 0; k < e.errors.size(); ++k)
      if (std::find(e.errors.begin(), e.errors.begin() + static_cast<ptrdiff_t>(k),
                    e.errors[k]) == e.errors.begin() + static_cast<ptrdiff_t>(k))
        ++errors[e.errors[k]];
  }
  TAXA_ASSIGN_OR_RETURN(report.overall, MakeRow("", overall, options.level));

  // One breakdown per dimension, each on its own core (they share only what
  // they read). Tallies are keyed by views into the reviews and contexts.
  report.breakdowns.resize(options.by.size());
  std::vector<Status> failed(options.by.size());
  ParallelFor(options.by.size(), [&](size_t d) {
    const DefectDimension by = options.by[d];
    DefectBreakdown& b = report.breakdowns[d];
    b.by = by;
    if (by == DefectDimension::kRule) {
      failed[d] = RuleBreakdown(reviews, context, counted, options.level, b);
      return;
    }
    std::unordered_map<std::string_view, Tally> tallies;
    auto add = [&](std::string_view value, bool defect) {
      Tally& t = tallies[value];
      ++t.reviewed;
      t.defects += defect;
    };
    for (size_t i : counted) {
      const ReviewEvent& e = reviews[i];
      const ReviewContext& c = context[i];
      const bool defect = IsDefect(e.verdict);
      switch (by) {
        case DefectDimension::kCategory:
          if (c.categories.empty()) add("", defect);
          for (size_t k = 0; k < c.categories.size(); ++k)
            if (std::find(c.categories.begin(), c.categories.begin() + static_cast<ptrdiff_t>(k),
                          c.categories[k]) == c.categories.begin() + static_cast<ptrdiff_t>(k))
              add(c.categories[k], defect);
          break;
        case DefectDimension::kAnnotator:
          add(e.annotator, defect);
          break;
        case DefectDimension::kVendor:
          add(c.vendor, defect);
          break;
        case DefectDimension::kRelease:
          add(c.release, defect);
          break;
        case DefectDimension::kRule:
          break;
      }
    }
    std::vector<std::pair<std::string_view, Tally>> sorted(tallies.begin(), tallies.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [value, t] : sorted) {
      Result<DefectRow> row = MakeRow(std::string(value), t, options.level);
      if (!row.ok()) {
        failed[d] = row.status();
        return;
      }
      b.rows.push_back(std::move(*row));
    }
  });
  for (const Status& st : failed) TAXA_RETURN_IF_ERROR(st);

  // The Pareto of error types.
  uint64_t mentions = 0;
  for (const auto& [error, count] : errors) {
    report.pareto.push_back({error, count, 0, 0});
    mentions += count;
  }
  std::sort(report.pareto.begin(), report.pareto.end(),
            [](const ErrorTypeCount& a, const ErrorTypeCount& b) {
              return a.count != b.count ? a.count > b.count : a.error < b.error;
            });
  uint64_t running = 0;
  for (ErrorTypeCount& p : report.pareto) {
    running += p.count;
    p.share = static_cast<double>(p.count) / static_cast<double>(mentions);
    p.cumulative = static_cast<double>(running) / static_cast<double>(mentions);
  }

  // The trend.
  if (options.trend != TrendPeriod::kNone) {
    std::map<int64_t, Tally> periods;  // start -> tally
    for (size_t i : counted) {
      const int64_t ms = ClockMs(reviews[i]);
      const int64_t start =
          options.trend == TrendPeriod::kDay ? ms / kDayMs * kDayMs : IsoWeekStart(ms);
      Tally& t = periods[start];
      ++t.reviewed;
      t.defects += IsDefect(reviews[i].verdict);
    }
    for (const auto& [start, t] : periods) {
      TrendPoint p;
      p.period = options.trend == TrendPeriod::kDay ? UtcDayName(start) : IsoWeekName(start);
      p.start_ms = start;
      p.reviewed = t.reviewed;
      p.defects = t.defects;
      TAXA_ASSIGN_OR_RETURN(p.rate, WilsonInterval(t.defects, t.reviewed, options.level));
      report.trend.push_back(std::move(p));
    }
  }
  return report;
}

}  // namespace taxa::core
