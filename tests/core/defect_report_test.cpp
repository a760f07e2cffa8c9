// The defect report (core/defect_report.h): the Wilson interval against
// statsmodels' proportion_confint(method="wilson") run by Debian's
// /usr/bin/python3, the calendar against Python's datetime.isocalendar()
// (values written down from it), and the report against a fixture whose
// figures were counted by hand (in the comments).
#include "taxa/core/defect_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/status_matchers.h"
#include "support/test_support.h"
#include "taxa/core/hlc.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

TEST(WilsonInterval, MatchesStatsmodelsProportionConfint) {
  struct Case {
    uint64_t x, n;
    double level;
  };
  std::vector<Case> cases = {{0, 1, 0.95},    {1, 1, 0.95},    {1, 3, 0.95},  {0, 50, 0.95},
                             {50, 50, 0.95},  {7, 20, 0.9},    {7, 20, 0.99}, {123, 1000, 0.95},
                             {999, 1000, 0.8}, {3, 1000000, 0.95}, {40, 41, 0.5}};
  TempDir tmp;
  std::ostringstream script;
  script << "import json\n"
            "from statsmodels.stats.proportion import proportion_confint\n"
            "cases = json.loads('''[";
  for (size_t i = 0; i < cases.size(); ++i)
    script << (i ? "," : "") << "[" << cases[i].x << "," << cases[i].n << ","
           << cases[i].level << "]";
  script << "]''')\n"
            "print(json.dumps([list(proportion_confint(x, n, alpha=1-l, method='wilson'))"
            " for x, n, l in cases]))\n";
  WriteText(tmp / "wilson.py", script.str());
  auto r = RunCommand("/usr/bin/python3 " + (tmp / "wilson.py"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json want = nlohmann::json::parse(r.out);
  ASSERT_EQ(want.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    Result<RateInterval> got = WilsonInterval(cases[i].x, cases[i].n, cases[i].level);
    ASSERT_TRUE(got.ok()) << got.status().message();
    SCOPED_TRACE(std::to_string(cases[i].x) + "/" + std::to_string(cases[i].n));
    EXPECT_NEAR(got->low, want[i][0].get<double>(), 1e-12);
    EXPECT_NEAR(got->high, want[i][1].get<double>(), 1e-12);
    EXPECT_DOUBLE_EQ(got->rate, double(cases[i].x) / double(cases[i].n));
  }
}

TEST(WilsonInterval, RefusesNoTrialsMoreSuccessesAndBadLevels) {
  EXPECT_TRUE(Fails(WilsonInterval(0, 0).status(), StatusCode::kInvalidInput, {"at least one trial"}));
  EXPECT_TRUE(Fails(WilsonInterval(4, 3).status(), StatusCode::kInvalidInput, {"more successes than trials"}));
  EXPECT_TRUE(Fails(WilsonInterval(1, 3, 1.0).status(), StatusCode::kInvalidInput, {"between 0 and 1"}));
}

TEST(DefectCalendar, DaysAndIsoWeeksAsPythonIsocalendarGivesThem) {
  // Python: datetime(...).isocalendar() for each of these UTC times.
  EXPECT_EQ(IsoWeekName(1796115600000), "2026-W49");  // 2026-12-01 09:00, a Tuesday
  EXPECT_EQ(IsoWeekName(1796637600000), "2026-W50");  // 2026-12-07 10:00, a Monday
  EXPECT_EQ(IsoWeekName(1798804800000), "2026-W53");  // 2027-01-01 12:00
  EXPECT_EQ(IsoWeekName(1735516800000), "2025-W01");  // 2024-12-30 00:00
  EXPECT_EQ(IsoWeekName(1609718340000), "2020-W53");  // 2021-01-03 23:59, a Sunday
  EXPECT_EQ(UtcDayName(1609718340000), "2021-01-03");
  EXPECT_EQ(UtcDayName(1796115600000), "2026-12-01");
  EXPECT_EQ(IsoWeekStart(1796720400000), 1796601600000);  // 2026-12-08 -> Monday 12-07 00:00
}

// UTC times of the fixture (Python's datetime(..., tzinfo=utc).timestamp()).
constexpr uint64_t kDec01 = 1796115600000;     // 2026-12-01 09:00 (W49)
constexpr uint64_t kDec02 = 1796169600000;     // 2026-12-02 00:00
constexpr uint64_t kDec07a = 1796637600000;    // 2026-12-07 10:00 (W50)
constexpr uint64_t kDec07b = 1796641200000;    // 2026-12-07 11:00
constexpr uint64_t kDec08 = 1796720400000;     // 2026-12-08 09:00
constexpr uint64_t kDec14a = 1797238800000;    // 2026-12-14 09:00 (W51)
constexpr uint64_t kDec14b = 1797249600000;    // 2026-12-14 12:00
constexpr uint64_t kDec15 = 1797325200000;     // 2026-12-15 09:00

struct Fixture {
  std::vector<ReviewEvent> reviews;
  std::vector<ReviewContext> context;

  void Add(std::string item, std::string annotator, std::string label, ReviewVerdict v,
           uint64_t ms, std::vector<std::string> errors, std::string rule,
           std::vector<std::string> label_categories, std::string vendor, std::string release,
           std::vector<std::string> correction = {}) {
    ReviewEvent e;
    e.item = std::move(item);
    e.annotator = std::move(annotator);
    e.label = std::move(label);
    e.reviewer = "rex";
    e.device = "d1";
    e.hlc = HybridClock::Make(ms, 0);
    e.verdict = v;
    e.errors = std::move(errors);
    e.rule = std::move(rule);
    e.categories = std::move(correction);
    SealReview(e);
    reviews.push_back(std::move(e));
    context.push_back({std::move(label_categories), std::move(vendor), std::move(release)});
  }
};

// Six labels reviewed (one twice), one lot decision:
//   L1 ana  accept                                 {a}   acme  1.0.0  12-07
//   L2 ana  reject  wrong-category, a/exclude/1    {a}   acme  1.0.0  12-07
//   L3 bo   correct -> {b}  wrong-category, missed-attribute, b/include/2
//                                                  {a}   -     1.1.0  12-08
//   L4 bo   accept, then reject (later) guideline-ambiguous
//                                                  {b}   -     1.1.0  12-14
//   L5 ana  accept                                 {a,b} acme  -      12-01
//   L6 cy   reject, no error type                  ?     beta  -      12-15
Fixture HandFixture() {
  Fixture f;
  f.Add("T1", "ana", "L1", ReviewVerdict::kAccept, kDec07a, {}, "", {"a"}, "acme", "1.0.0");
  f.Add("T2", "ana", "L2", ReviewVerdict::kReject, kDec07b, {"wrong-category"}, "a/exclude/1",
        {"a"}, "acme", "1.0.0");
  f.Add("T3", "bo", "L3", ReviewVerdict::kCorrect, kDec08, {"wrong-category", "missed-attribute"},
        "b/include/2", {"a"}, "", "1.1.0", {"b"});
  f.Add("T4", "bo", "L4", ReviewVerdict::kAccept, kDec14a, {}, "", {"b"}, "", "1.1.0");
  f.Add("T4", "bo", "L4", ReviewVerdict::kReject, kDec14b, {"guideline-ambiguous"}, "", {"b"}, "",
        "1.1.0");
  f.Add("T5", "ana", "L5", ReviewVerdict::kAccept, kDec01, {}, "", {"a", "b"}, "acme", "");
  f.Add("T6", "cy", "L6", ReviewVerdict::kReject, kDec15, {}, "", {}, "beta", "");
  ReviewEvent lot;
  lot.reviewer = "rex";
  lot.device = "d1";
  lot.plan = "lot-1";
  lot.hlc = HybridClock::Make(kDec15, 1);
  lot.verdict = ReviewVerdict::kLotAccept;
  lot.reviewed = 6;
  SealReview(lot);
  f.reviews.push_back(lot);
  f.context.push_back({});
  // Any order: the latest review of L4 wins by clock, not by position.
  std::swap(f.reviews[3], f.reviews[4]);
  std::swap(f.context[3], f.context[4]);
  return f;
}

struct Want {
  std::string value;
  uint64_t reviewed, defects;
};

void ExpectRows(const DefectBreakdown& b, const std::vector<Want>& want) {
  SCOPED_TRACE(std::string(DefectDimensionName(b.by)));
  ASSERT_EQ(b.rows.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(b.rows[i].value, want[i].value);
    EXPECT_EQ(b.rows[i].reviewed, want[i].reviewed) << want[i].value;
    EXPECT_EQ(b.rows[i].defects, want[i].defects) << want[i].value;
    EXPECT_DOUBLE_EQ(b.rows[i].rate.rate, double(want[i].defects) / double(want[i].reviewed));
  }
}

TEST(DefectReport, CountsTheHandFixtureByEveryDimension) {
  Fixture f = HandFixture();
  DefectReportOptions o;
  o.trend = TrendPeriod::kWeek;
  Result<DefectReport> r = BuildDefectReport(f.reviews, f.context, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->review_events, 8u);
  EXPECT_EQ(r->lot_decisions, 1u);
  EXPECT_EQ(r->superseded, 1u);
  EXPECT_EQ(r->before_since, 0u);
  EXPECT_EQ(r->overall.reviewed, 6u);
  EXPECT_EQ(r->overall.defects, 4u);  // L2, L3, L4 (its later review), L6
  // Wilson 4/6 at 95% (statsmodels: proportion_confint(4, 6, method="wilson")).
  EXPECT_NEAR(r->overall.rate.low, 0.2999933, 1e-6);
  EXPECT_NEAR(r->overall.rate.high, 0.9032286, 1e-6);
  ASSERT_EQ(r->breakdowns.size(), 5u);
  // category: a = L1 L2 L3 L5 (L2 L3 defects), b = L4 L5 (L4), "" = L6.
  ExpectRows(r->breakdowns[0], {{"", 1, 1}, {"a", 4, 2}, {"b", 2, 1}});
  ExpectRows(r->breakdowns[1], {{"ana", 3, 1}, {"bo", 2, 2}, {"cy", 1, 1}});
  ExpectRows(r->breakdowns[2], {{"", 2, 2}, {"acme", 3, 1}, {"beta", 1, 1}});
  // rule: a/exclude/1 over reviews concerning a (L1 L2 L3 L5), b/include/2
  // over those concerning b (L3 by its correction and rule, L4, L5).
  ExpectRows(r->breakdowns[3], {{"a/exclude/1", 4, 1}, {"b/include/2", 3, 1}});
  ExpectRows(r->breakdowns[4], {{"", 2, 1}, {"1.0.0", 2, 1}, {"1.1.0", 2, 2}});
  // Pareto: wrong-category 2 (L2, L3), then guideline-ambiguous 1 and
  // missed-attribute 1 by name; 4 mentions.
  ASSERT_EQ(r->pareto.size(), 3u);
  EXPECT_EQ(r->pareto[0].error, "wrong-category");
  EXPECT_EQ(r->pareto[0].count, 2u);
  EXPECT_DOUBLE_EQ(r->pareto[0].share, 0.5);
  EXPECT_DOUBLE_EQ(r->pareto[0].cumulative, 0.5);
  EXPECT_EQ(r->pareto[1].error, "guideline-ambiguous");
  EXPECT_DOUBLE_EQ(r->pareto[1].cumulative, 0.75);
  EXPECT_EQ(r->pareto[2].error, "missed-attribute");
  EXPECT_DOUBLE_EQ(r->pareto[2].share, 0.25);
  EXPECT_DOUBLE_EQ(r->pareto[2].cumulative, 1.0);
  EXPECT_EQ(r->untyped_defects, 1u);  // L6
  // Weeks: W49 L5; W50 L1 L2 L3; W51 L4 L6.
  ASSERT_EQ(r->trend.size(), 3u);
  EXPECT_EQ(r->trend[0].period, "2026-W49");
  EXPECT_EQ(r->trend[0].reviewed, 1u);
  EXPECT_EQ(r->trend[0].defects, 0u);
  EXPECT_EQ(r->trend[1].period, "2026-W50");
  EXPECT_EQ(r->trend[1].reviewed, 3u);
  EXPECT_EQ(r->trend[1].defects, 2u);
  EXPECT_EQ(r->trend[2].period, "2026-W51");
  EXPECT_EQ(r->trend[2].reviewed, 2u);
  EXPECT_EQ(r->trend[2].defects, 2u);
  EXPECT_EQ(r->trend[1].start_ms, 1796601600000);  // Monday 2026-12-07 00:00
}

TEST(DefectReport, TrendsByDayAndLeavesOutReviewsBeforeSince) {
  Fixture f = HandFixture();
  DefectReportOptions o;
  o.by = {DefectDimension::kAnnotator};
  o.trend = TrendPeriod::kDay;
  o.since_ms = kDec02;
  Result<DefectReport> r = BuildDefectReport(f.reviews, f.context, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->before_since, 1u);  // L5
  EXPECT_EQ(r->overall.reviewed, 5u);
  EXPECT_EQ(r->overall.defects, 4u);
  ASSERT_EQ(r->breakdowns.size(), 1u);
  ExpectRows(r->breakdowns[0], {{"ana", 2, 1}, {"bo", 2, 2}, {"cy", 1, 1}});
  std::vector<std::string> days;
  for (const TrendPoint& p : r->trend) days.push_back(p.period + ":" + std::to_string(p.reviewed) +
                                                      "/" + std::to_string(p.defects));
  EXPECT_THAT(days, ::testing::ElementsAre("2026-12-07:2/1", "2026-12-08:1/1", "2026-12-14:1/1",
                                           "2026-12-15:1/1"));
}

TEST(DefectReport, AnEarlierReviewLaterInTheInputDoesNotWin) {
  Fixture f;
  f.Add("T1", "ana", "L1", ReviewVerdict::kReject, kDec08, {"x"}, "", {"a"}, "", "");
  f.Add("T1", "ana", "L1", ReviewVerdict::kAccept, kDec07a, {}, "", {"a"}, "", "");
  Result<DefectReport> r = BuildDefectReport(f.reviews, f.context);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->overall.reviewed, 1u);
  EXPECT_EQ(r->overall.defects, 1u);
  EXPECT_EQ(r->superseded, 1u);
}

// The hand fixture's report, each row as "value reviewed/defects".
std::vector<std::string> RowsOf(const DefectReport& r) {
  std::vector<std::string> out;
  for (const DefectBreakdown& b : r.breakdowns)
    for (const DefectRow& row : b.rows)
      out.push_back(std::string(DefectDimensionName(b.by)) + " " + row.value + " " +
                    std::to_string(row.reviewed) + "/" + std::to_string(row.defects));
  for (const ErrorTypeCount& p : r.pareto)
    out.push_back("error " + p.error + " " + std::to_string(p.count));
  return out;
}

// Facts written by hand: L1 (a, by ana of acme) reviewed twice at one clock,
// the later row (the larger id) rejecting it; L2 (a and b, by ana) corrected
// to b; every text under two numbers somewhere, and a list naming one twice.
DefectFacts HandFacts() {
  DefectFacts f;
  //          0   1      2      3    4    5       6             7              8
  f.names = {"", "ana", "acme", "a", "b", "ana", "a/exclude/1", "wrong-cat", "a",
             //9        10
             "acme", "wrong-cat"};
  f.lists = {{}, {3}, {8, 4, 3}, {4}, {7, 10}};
  using R = DefectFacts::Review;
  const uint64_t clock = HybridClock::Make(kDec07a, 0);
  f.reviews.push_back(R{.hlc = clock, .label = 1, .verdict = ReviewVerdict::kCorrect,
                        .annotator = 5, .vendor = 9, .rule = 6, .categories = 2,
                        .corrected = 3, .errors = 4});
  f.reviews.push_back(R{.hlc = clock, .label = 0, .verdict = ReviewVerdict::kAccept,
                        .annotator = 1, .vendor = 2, .categories = 1});
  f.reviews.push_back(R{.hlc = clock, .label = 0, .verdict = ReviewVerdict::kReject,
                        .annotator = 1, .vendor = 2, .categories = 1, .errors = 4});
  f.reviews.push_back(R{.hlc = clock, .label = 7, .verdict = ReviewVerdict::kLotAccept});
  return f;
}

TEST(DefectReport, FactsCountATextUnderTwoNumbersOnceAndTheLaterOfEqualClocks) {
  Result<DefectReport> r = BuildDefectReport(HandFacts());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->review_events, 4u);
  EXPECT_EQ(r->lot_decisions, 1u);
  EXPECT_EQ(r->superseded, 1u);
  EXPECT_EQ(r->overall.reviewed, 2u);
  EXPECT_EQ(r->overall.defects, 2u);  // L1's later review rejects it
  // L2 counts once under a though its list names a twice; the rule's
  // category a concerns L1 and L2, b (the correction) none of the rules.
  EXPECT_THAT(RowsOf(*r), ::testing::ElementsAre(
                              "category a 2/2", "category b 1/1", "annotator ana 2/2",
                              "vendor acme 2/2", "rule a/exclude/1 2/1", "release  2/2",
                              "error wrong-cat 2"));
}

TEST(DefectReport, FactsGiveTheReportOfTheReviewsTheyStandFor) {
  // The same two labels as review events with their context.
  Fixture f;
  f.Add("T1", "ana", "L1", ReviewVerdict::kAccept, kDec07a, {}, "", {"a"}, "acme", "");
  f.Add("T1", "ana", "L1", ReviewVerdict::kReject, kDec07a, {"wrong-cat"}, "", {"a"}, "acme",
        "");
  f.Add("T2", "ana", "L2", ReviewVerdict::kCorrect, kDec07a, {"wrong-cat"}, "a/exclude/1",
        {"a", "b"}, "acme", "", {"b"});
  // Equal clocks: the review with the larger id is the later one; a note
  // (which counts for nothing) gives the reject the larger id, and it comes
  // first in the input.
  for (int k = 0; f.reviews[1].id < f.reviews[0].id; ++k) {
    f.reviews[1].note = "n" + std::to_string(k);
    SealReview(f.reviews[1]);
  }
  std::swap(f.reviews[0], f.reviews[1]);
  Result<DefectReport> events = BuildDefectReport(f.reviews, f.context);
  ASSERT_TRUE(events.ok()) << events.status().message();
  EXPECT_EQ(events->superseded, 1u);
  EXPECT_EQ(events->overall.defects, 2u);
  EXPECT_THAT(RowsOf(*events), ::testing::ElementsAre(
                                   "category a 2/2", "category b 1/1", "annotator ana 2/2",
                                   "vendor acme 2/2", "rule a/exclude/1 2/1", "release  2/2",
                                   "error wrong-cat 2"));
}

TEST(DefectReport, RefusesFactsWithANumberOutOfRange) {
  DefectFacts f = HandFacts();
  f.reviews[1].annotator = 11;
  EXPECT_TRUE(Fails(BuildDefectReport(f).status(), StatusCode::kInvalidInput,
                    {"review 1 of the facts"}));
  f = HandFacts();
  f.lists[2].push_back(99);
  EXPECT_TRUE(Fails(BuildDefectReport(f).status(), StatusCode::kInvalidInput, {"list 2"}));
  f = HandFacts();
  f.reviews[0].label = 4;  // not below the number of reviews
  EXPECT_TRUE(Fails(BuildDefectReport(f).status(), StatusCode::kInvalidInput, {"review 0"}));
  f = HandFacts();
  f.names[0] = "x";
  EXPECT_TRUE(Fails(BuildDefectReport(f).status(), StatusCode::kInvalidInput, {"first name"}));
}

TEST(DefectReport, RefusesMismatchedContextAndNamesUnknownWords) {
  Fixture f = HandFixture();
  f.context.pop_back();
  EXPECT_TRUE(Fails(BuildDefectReport(f.reviews, f.context).status(), StatusCode::kInvalidInput, {"8 reviews but 7 contexts"}));
  EXPECT_TRUE(Fails(ParseDefectDimension("team").status(), StatusCode::kInvalidInput, {"unknown breakdown \"team\""}));
  EXPECT_TRUE(Fails(ParseTrendPeriod("month").status(), StatusCode::kInvalidInput, {"expected day or week"}));
}

}  // namespace
}  // namespace taxa::core
