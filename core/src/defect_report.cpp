#include "taxa/core/defect_report.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

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

int64_t ClockMs(uint64_t hlc) { return static_cast<int64_t>(HybridClock::Physical(hlc)); }

constexpr uint32_t kNone = UINT32_MAX;

// Reviews and their context as facts: each text and each list of texts
// numbered once. Names are views into the caller's strings, which outlive it.
class FactsWriter {
 public:
  uint32_t Name(std::string_view text) {
    auto [it, added] = names_.try_emplace(text, static_cast<uint32_t>(facts.names.size()));
    if (added) facts.names.emplace_back(text);
    return it->second;
  }
  uint32_t List(const std::vector<std::string>& texts) {
    if (texts.empty()) return 0;
    key_.clear();
    for (const std::string& t : texts) key_.push_back(Name(t));
    auto [it, added] = lists_.try_emplace(key_, static_cast<uint32_t>(facts.lists.size()));
    if (added) facts.lists.push_back(key_);
    return it->second;
  }

  DefectFacts facts;

 private:
  std::unordered_map<std::string_view, uint32_t> names_{{"", 0}};
  std::map<std::vector<uint32_t>, uint32_t> lists_;
  std::vector<uint32_t> key_;
};

// kInvalidInput unless every number of `f` is in range and names[0] is "".
Status CheckFacts(const DefectFacts& f) {
  if (f.names.empty() || !f.names[0].empty())
    return Status::InvalidInput("defect report: the first name of the facts must be \"\"");
  if (f.lists.empty()) return Status::InvalidInput("defect report: the facts have no lists");
  const size_t names = f.names.size(), lists = f.lists.size();
  for (size_t l = 0; l < lists; ++l)
    for (uint32_t n : f.lists[l])
      if (n >= names)
        return Status::InvalidInput("defect report: list " + std::to_string(l) + " names " +
                                    std::to_string(n) + " of " + std::to_string(names) +
                                    " names");
  for (size_t i = 0; i < f.reviews.size(); ++i) {
    const DefectFacts::Review& r = f.reviews[i];
    const bool lot = IsLotDecision(r.verdict);
    if (r.annotator >= names || r.vendor >= names || r.release >= names || r.rule >= names ||
        r.categories >= lists || r.corrected >= lists || r.errors >= lists ||
        (!lot && r.label >= f.reviews.size()) ||
        static_cast<int>(r.verdict) > static_cast<int>(ReviewVerdict::kLotReject))
      return Status::InvalidInput("defect report: review " + std::to_string(i) +
                                  " of the facts has a number out of range");
  }
  return Status::Ok();
}

// The rule breakdown (see the header): rows for the rules counted defects
// name, over the reviews concerning each rule's category. `canon` gives
// each name the first number of its text; `distinct` each list's distinct
// canonical names.
Status RuleBreakdown(const DefectFacts& f, const std::vector<uint32_t>& canon,
                     const std::vector<std::vector<uint32_t>>& distinct,
                     const std::vector<uint32_t>& counted, double level, DefectBreakdown& b) {
  std::vector<uint64_t> rule_defects(f.names.size());
  std::map<std::string_view, size_t> category_key;  // a rule's category -> its tally
  bool any = false;
  for (uint32_t i : counted) {
    const DefectFacts::Review& r = f.reviews[i];
    const uint32_t rule = canon[r.rule];
    if (!IsDefect(r.verdict) || f.names[rule].empty()) continue;
    ++rule_defects[rule];
    any = true;
    category_key.try_emplace(RuleCategory(f.names[rule]), category_key.size());
  }
  if (!any) return Status::Ok();
  // Each name's tally as a category, and each rule's as a rule's category.
  std::vector<int32_t> as_category(f.names.size(), -1), as_rule(f.names.size(), -1);
  for (size_t k = 0; k < f.names.size(); ++k) {
    if (canon[k] != k) continue;
    if (auto it = category_key.find(f.names[k]); it != category_key.end())
      as_category[k] = static_cast<int32_t>(it->second);
    if (f.names[k].empty()) continue;
    if (auto it = category_key.find(RuleCategory(f.names[k])); it != category_key.end())
      as_rule[k] = static_cast<int32_t>(it->second);
  }
  std::vector<uint64_t> reviewed(category_key.size());
  std::vector<int32_t> concerned;
  for (uint32_t i : counted) {
    const DefectFacts::Review& r = f.reviews[i];
    concerned.clear();
    for (uint32_t c : distinct[r.categories])
      if (as_category[c] >= 0) concerned.push_back(as_category[c]);
    for (uint32_t c : distinct[r.corrected])
      if (as_category[c] >= 0) concerned.push_back(as_category[c]);
    if (as_rule[canon[r.rule]] >= 0) concerned.push_back(as_rule[canon[r.rule]]);
    std::sort(concerned.begin(), concerned.end());
    concerned.erase(std::unique(concerned.begin(), concerned.end()), concerned.end());
    for (int32_t c : concerned) ++reviewed[static_cast<size_t>(c)];
  }
  std::vector<uint32_t> rules;
  for (uint32_t k = 0; k < rule_defects.size(); ++k)
    if (rule_defects[k] > 0) rules.push_back(k);
  std::sort(rules.begin(), rules.end(),
            [&](uint32_t x, uint32_t y) { return f.names[x] < f.names[y]; });
  for (uint32_t k : rules) {
    Tally t{reviewed[category_key.find(RuleCategory(f.names[k]))->second], rule_defects[k]};
    TAXA_ASSIGN_OR_RETURN(DefectRow row, MakeRow(f.names[k], t, level));
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
  // The reviews of each label in the order of their ids, as the facts want
  // them: labels numbered, reviews bucketed by label number (a counting
  // sort), each bucket of several sorted by id.
  std::unordered_map<std::string_view, uint32_t> label_numbers;
  label_numbers.reserve(reviews.size());
  std::vector<uint32_t> label(reviews.size());
  for (size_t i = 0; i < reviews.size(); ++i)
    label[i] = label_numbers
                   .try_emplace(reviews[i].label, static_cast<uint32_t>(label_numbers.size()))
                   .first->second;
  std::vector<size_t> start(label_numbers.size() + 1);
  for (uint32_t l : label) ++start[l + 1];
  for (size_t l = 1; l < start.size(); ++l) start[l] += start[l - 1];
  std::vector<size_t> order(reviews.size());
  {
    std::vector<size_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < reviews.size(); ++i) order[next[label[i]]++] = i;
  }
  for (size_t l = 0; l + 1 < start.size(); ++l)
    if (start[l + 1] - start[l] > 1)
      std::stable_sort(order.begin() + static_cast<ptrdiff_t>(start[l]),
                       order.begin() + static_cast<ptrdiff_t>(start[l + 1]),
                       [&](size_t a, size_t b) { return reviews[a].id < reviews[b].id; });
  FactsWriter w;
  w.facts.reviews.reserve(reviews.size());
  for (size_t i : order) {
    const ReviewEvent& e = reviews[i];
    const ReviewContext& c = context[i];
    DefectFacts::Review& r = w.facts.reviews.emplace_back();
    r.hlc = e.hlc;
    r.label = label[i];
    r.verdict = e.verdict;
    r.annotator = w.Name(e.annotator);
    r.vendor = w.Name(c.vendor);
    r.release = w.Name(c.release);
    r.rule = w.Name(e.rule);
    r.categories = w.List(c.categories);
    r.corrected = w.List(e.categories);
    r.errors = w.List(e.errors);
  }
  return BuildDefectReport(w.facts, options);
}

Result<DefectReport> BuildDefectReport(const DefectFacts& f, const DefectReportOptions& options) {
  if (!(options.level > 0 && options.level < 1))
    return Status::InvalidInput("confidence level must be between 0 and 1 (exclusive), not " +
                                std::to_string(options.level));
  TAXA_RETURN_IF_ERROR(CheckFacts(f));
  DefectReport report;
  report.level = options.level;
  report.review_events = f.reviews.size();
  report.trend_period = options.trend;

  // One number per text (the first that holds it), and each list as its
  // distinct texts: a value counts once however it is numbered.
  std::vector<uint32_t> canon(f.names.size());
  {
    std::unordered_map<std::string_view, uint32_t> first;
    first.reserve(f.names.size());
    for (uint32_t k = 0; k < f.names.size(); ++k)
      canon[k] = first.try_emplace(f.names[k], k).first->second;
  }
  std::vector<std::vector<uint32_t>> distinct(f.lists.size());
  for (size_t l = 0; l < f.lists.size(); ++l)
    for (uint32_t n : f.lists[l])
      if (std::find(distinct[l].begin(), distinct[l].end(), canon[n]) == distinct[l].end())
        distinct[l].push_back(canon[n]);

  // The latest review of each label event: by clock, and on equal clocks
  // the later in the input (the larger id).
  std::vector<uint32_t> latest(f.reviews.size(), kNone);  // label number -> review
  for (uint32_t i = 0; i < f.reviews.size(); ++i) {
    const DefectFacts::Review& r = f.reviews[i];
    if (IsLotDecision(r.verdict)) {
      ++report.lot_decisions;
      continue;
    }
    uint32_t& l = latest[r.label];
    if (l == kNone) {
      l = i;
      continue;
    }
    ++report.superseded;
    if (r.hlc >= f.reviews[l].hlc) l = i;
  }
  std::vector<uint32_t> counted;
  counted.reserve(f.reviews.size() - report.lot_decisions - report.superseded);
  for (uint32_t i = 0; i < f.reviews.size(); ++i) {
    const DefectFacts::Review& r = f.reviews[i];
    if (IsLotDecision(r.verdict) || latest[r.label] != i) continue;
    if (options.since_ms && ClockMs(r.hlc) < *options.since_ms) {
      ++report.before_since;
      continue;
    }
    counted.push_back(i);
  }

  Tally overall;
  std::vector<uint64_t> errors(f.names.size());
  for (uint32_t i : counted) {
    const DefectFacts::Review& r = f.reviews[i];
    const bool defect = IsDefect(r.verdict);
    ++overall.reviewed;
    overall.defects += defect;
    if (!defect) continue;
    if (distinct[r.errors].empty()) ++report.untyped_defects;
    for (uint32_t e : distinct[r.errors]) ++errors[e];  // each type once per defect
  }
  TAXA_ASSIGN_OR_RETURN(report.overall, MakeRow("", overall, options.level));

  // One breakdown per dimension, each on its own core (they share only what
  // they read), tallied by canonical name number.
  report.breakdowns.resize(options.by.size());
  std::vector<Status> failed(options.by.size());
  ParallelFor(options.by.size(), [&](size_t d) {
    const DefectDimension by = options.by[d];
    DefectBreakdown& b = report.breakdowns[d];
    b.by = by;
    if (by == DefectDimension::kRule) {
      failed[d] = RuleBreakdown(f, canon, distinct, counted, options.level, b);
      return;
    }
    std::vector<Tally> tallies(f.names.size());
    auto add = [&](uint32_t name, bool defect) {
      Tally& t = tallies[name];
      ++t.reviewed;
      t.defects += defect;
    };
    for (uint32_t i : counted) {
      const DefectFacts::Review& r = f.reviews[i];
      const bool defect = IsDefect(r.verdict);
      switch (by) {
        case DefectDimension::kCategory:
          if (distinct[r.categories].empty()) add(0, defect);
          for (uint32_t c : distinct[r.categories]) add(c, defect);
          break;
        case DefectDimension::kAnnotator:
          add(canon[r.annotator], defect);
          break;
        case DefectDimension::kVendor:
          add(canon[r.vendor], defect);
          break;
        case DefectDimension::kRelease:
          add(canon[r.release], defect);
          break;
        case DefectDimension::kRule:
          break;
      }
    }
    std::vector<uint32_t> values;
    for (uint32_t k = 0; k < tallies.size(); ++k)
      if (tallies[k].reviewed > 0) values.push_back(k);
    std::sort(values.begin(), values.end(),
              [&](uint32_t x, uint32_t y) { return f.names[x] < f.names[y]; });
    for (uint32_t k : values) {
      Result<DefectRow> row = MakeRow(f.names[k], tallies[k], options.level);
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
  for (uint32_t k = 0; k < errors.size(); ++k) {
    if (errors[k] == 0) continue;
    report.pareto.push_back({f.names[k], errors[k], 0, 0});
    mentions += errors[k];
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
    for (uint32_t i : counted) {
      const int64_t ms = ClockMs(f.reviews[i].hlc);
      const int64_t start =
          options.trend == TrendPeriod::kDay ? ms / kDayMs * kDayMs : IsoWeekStart(ms);
      Tally& t = periods[start];
      ++t.reviewed;
      t.defects += IsDefect(f.reviews[i].verdict);
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
