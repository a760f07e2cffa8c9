// core/acceptance_sampling.h against the published tables, typed here
// independently of the code's own copy:
//  - Table I (sample size code letters) as ANSI/ASQC Z1.4 / MIL-STD-105E /
//    ISO 2859 print it;
//  - Table II-A cells for AQL 0.65 ... 15 at every code letter A..Q, as the
//    rejection numbers and arrows of the US Army Corps' "Table 1-A" (general
//    level II, single normal; developed from MIL-STD-105E Tables I and II-A);
//  - the rows' sequences of plans (A ends at 30/31, B..E at 44/45, F..Q at
//    21/22, R starts at 1/2) and well-known cells (K at 2.5: 7/8; L at 2.5:
//    10/11; L at 1.0: 5/6);
//  - zero-acceptance sizes from the "success run" formula, worked out by hand
//    (ln(0.05) / ln(0.95) = 58.40 -> 59, ...).
#include "taxa/core/acceptance_sampling.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace taxa::core {
namespace {

// Table I as printed: lot size ranges and the letters at levels I, II, III.
struct PrintedRange {
  uint64_t from, to;
  const char* letters;  // I, II, III
};
const std::vector<PrintedRange> kPrintedTableI = {
    {2, 8, "AAB"},          {9, 15, "ABC"},           {16, 25, "BCD"},
    {26, 50, "CDE"},        {51, 90, "CEF"},          {91, 150, "DFG"},
    {151, 280, "EGH"},      {281, 500, "FHJ"},        {501, 1200, "GJK"},
    {1201, 3200, "HKL"},    {3201, 10000, "JLM"},     {10001, 35000, "KMN"},
    {35001, 150000, "LNP"}, {150001, 500000, "MPQ"},  {500001, 100000000, "NQR"},
};

TEST(AcceptanceSampling, CodeLettersFollowTableIAtBothEndsOfEveryRange) {
  const InspectionLevel levels[] = {InspectionLevel::kI, InspectionLevel::kII,
                                    InspectionLevel::kIII};
  for (const PrintedRange& r : kPrintedTableI)
    for (int l = 0; l < 3; ++l)
      for (uint64_t lot : {r.from, r.to}) {
        Result<char> code = SampleSizeCodeLetter(lot, levels[l]);
        ASSERT_TRUE(code.ok()) << code.status().message();
        EXPECT_EQ(*code, r.letters[l]) << "lot " << lot << ", level " << l + 1;
      }
}

TEST(AcceptanceSampling, SampleSizesOfTheCodeLetters) {
  const std::string letters = "ABCDEFGHJKLMNPQR";
  const uint64_t sizes[] = {2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000};
  for (size_t i = 0; i < letters.size(); ++i) EXPECT_EQ(SampleSizeOf(letters[i]), sizes[i]);
  EXPECT_EQ(SampleSizeOf('I'), 0u);
  EXPECT_EQ(SampleSizeOf('O'), 0u);
}

// The published level II table (AQL .65 1.0 1.5 2.5 4.0 6.5 10 15): a
// number is the rejection number Re of the row's own plan (Ac = Re - 1),
// "d" the arrow down, "u" the arrow up.
struct PrintedRow {
  char code;
  uint64_t lot;  // a lot size that gives this letter at level II
  std::vector<std::string> cells;
};
const std::vector<PrintedRow> kPrintedLevelII = {
    {'A', 8, {"d", "d", "d", "d", "d", "1", "u", "d"}},
    {'B', 15, {"d", "d", "d", "d", "1", "u", "d", "2"}},
    {'C', 25, {"d", "d", "d", "1", "u", "d", "2", "3"}},
    {'D', 50, {"d", "d", "1", "u", "d", "2", "3", "4"}},
    {'E', 90, {"d", "1", "u", "d", "2", "3", "4", "6"}},
    {'F', 150, {"1", "u", "d", "2", "3", "4", "6", "8"}},
    {'G', 280, {"u", "d", "2", "3", "4", "6", "8", "11"}},
    {'H', 500, {"d", "2", "3", "4", "6", "8", "11", "15"}},
    {'J', 1200, {"2", "3", "4", "6", "8", "11", "15", "22"}},
    {'K', 3200, {"3", "4", "6", "8", "11", "15", "22", "u"}},
    {'L', 10000, {"4", "6", "8", "11", "15", "22", "u", "u"}},
    {'M', 35000, {"6", "8", "11", "15", "22", "u", "u", "u"}},
    {'N', 150000, {"8", "11", "15", "22", "u", "u", "u", "u"}},
    {'P', 500000, {"11", "15", "22", "u", "u", "u", "u", "u"}},
    {'Q', 500001, {"15", "22", "u", "u", "u", "u", "u", "u"}},
};
const double kPrintedAqls[] = {0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10, 15};

TEST(AcceptanceSampling, LevelTwoCellsMatchThePublishedTable) {
  for (const PrintedRow& row : kPrintedLevelII)
    for (size_t c = 0; c < row.cells.size(); ++c) {
      Result<AcceptancePlan> plan = SingleNormalPlan(row.lot, kPrintedAqls[c], InspectionLevel::kII);
      ASSERT_TRUE(plan.ok()) << plan.status().message();
      SCOPED_TRACE(std::string(1, row.code) + " at AQL " + std::to_string(kPrintedAqls[c]));
      EXPECT_EQ(plan->lot_code, row.code);
      const std::string& cell = row.cells[c];
      if (cell == "d" || cell == "u") {
        EXPECT_EQ(plan->arrow, cell == "d" ? "down" : "up");
        EXPECT_NE(plan->code, row.code);
        // (A at 10 points out of the table; see the test below.)
        if (!(row.code == 'A' && kPrintedAqls[c] == 10)) {
          EXPECT_EQ(cell == "d", plan->code > row.code);
        }
      } else {
        EXPECT_EQ(plan->arrow, "");
        EXPECT_EQ(plan->code, row.code);
        EXPECT_EQ(plan->re, std::stoi(cell));
        EXPECT_EQ(plan->ac, std::stoi(cell) - 1);
        EXPECT_EQ(plan->n, SampleSizeOf(row.code));
      }
    }
}

struct Expected {
  uint64_t lot;
  double aql;
  InspectionLevel level;
  char lot_code, code;
  uint64_t n;
  int ac, re;
};

void ExpectPlan(const Expected& e) {
  Result<AcceptancePlan> plan = SingleNormalPlan(e.lot, e.aql, e.level);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  SCOPED_TRACE("lot " + std::to_string(e.lot) + " AQL " + std::to_string(e.aql));
  EXPECT_EQ(plan->lot_code, e.lot_code);
  EXPECT_EQ(plan->code, e.code);
  EXPECT_EQ(plan->n, e.n);
  EXPECT_EQ(plan->ac, e.ac);
  EXPECT_EQ(plan->re, e.re);
}

TEST(AcceptanceSampling, WellKnownCellsWithoutArrows) {
  using L = InspectionLevel;
  // The example: lot 3201..10000 at level II is L (n 200); 5/6 is
  // the cell at AQL 1.0, and AQL 2.5 gives 10/11.
  ExpectPlan({5000, 1.0, L::kII, 'L', 'L', 200, 5, 6});
  ExpectPlan({5000, 2.5, L::kII, 'L', 'L', 200, 10, 11});
  ExpectPlan({2000, 2.5, L::kII, 'K', 'K', 125, 7, 8});
  ExpectPlan({2000, 4.0, L::kII, 'K', 'K', 125, 10, 11});
  ExpectPlan({5000, 1.0, L::kI, 'J', 'J', 80, 2, 3});
  ExpectPlan({5000, 1.0, L::kIII, 'M', 'M', 315, 7, 8});
  // The far ends of the rows: A's last plan is 30/31 at 1000, B's 44/45;
  // R starts at 1/2 under 0.025; Q's 0/1 sits under 0.010.
  ExpectPlan({8, 1000, L::kII, 'A', 'A', 2, 30, 31});
  ExpectPlan({8, 1000, L::kIII, 'B', 'B', 3, 44, 45});
  ExpectPlan({600000, 0.025, L::kIII, 'R', 'R', 2000, 1, 2});
  ExpectPlan({600000, 0.65, L::kIII, 'R', 'R', 2000, 21, 22});
  ExpectPlan({600000, 0.010, L::kII, 'Q', 'Q', 1250, 0, 1});
}

TEST(AcceptanceSampling, ArrowsLeadToAnotherCodeLettersPlan) {
  using L = InspectionLevel;
  // F (91..150) at AQL 1.0 is an arrow up to E's 0/1 (n 13).
  ExpectPlan({150, 1.0, L::kII, 'F', 'E', 13, 0, 1});
  // G (151..280) at 0.65: up to F's 0/1 (n 20); H (281..500) at 0.65: down
  // to J's 1/2 (n 80).
  ExpectPlan({280, 0.65, L::kII, 'G', 'F', 20, 0, 1});
  ExpectPlan({500, 0.65, L::kII, 'H', 'J', 80, 1, 2});
  // K (1201..3200) at 15: up to J's 21/22; L at 10: up to K's 21/22.
  ExpectPlan({3200, 15, L::kII, 'K', 'J', 80, 21, 22});
  ExpectPlan({10000, 10, L::kII, 'L', 'K', 125, 21, 22});
  // F at 150 (percent-defective rows end at 21/22): up to E's 30/31.
  ExpectPlan({150, 150, L::kII, 'F', 'E', 13, 30, 31});
  // C (9..15 at level III) at 1000: up to B's 44/45.
  ExpectPlan({15, 1000, L::kIII, 'C', 'B', 3, 44, 45});
  // Down past several arrows: J (501..1200) at 0.010 down to Q's 0/1,
  // whose n 1250 exceeds the lot: all 1200 are inspected.
  ExpectPlan({1200, 0.010, L::kII, 'J', 'Q', 1200, 0, 1});
  // R at 0.010 points up to Q's 0/1.
  ExpectPlan({600000, 0.010, L::kIII, 'R', 'Q', 1250, 0, 1});
}

TEST(AcceptanceSampling, ArrowsThatLeaveTheTableAreFollowedTheOtherWay) {
  // A at 10 points up from the first row: down the column, B is an arrow
  // down, C holds 1/2 (n 5, more than a lot of 8: 100% inspection).
  Result<AcceptancePlan> a = SingleNormalPlan(8, 10, InspectionLevel::kII);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->code, 'C');
  EXPECT_EQ(a->table_n, 5u);
  EXPECT_EQ(a->ac, 1);
  EXPECT_FALSE(a->hundred_percent);
  // R at 0.015: the column's nearest plan is P's 0/1 (Q is an arrow up).
  Result<AcceptancePlan> r = SingleNormalPlan(600000, 0.015, InspectionLevel::kIII);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->code, 'P');
  EXPECT_EQ(r->n, 800u);
  EXPECT_EQ(r->ac, 0);
}

TEST(AcceptanceSampling, ASampleAsLargeAsTheLotMeansInspectingAll) {
  // Lot 5 at level II is A; at 1.0 the arrow leads down to E (n 13 > 5).
  Result<AcceptancePlan> plan = SingleNormalPlan(5, 1.0, InspectionLevel::kII);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->code, 'E');
  EXPECT_EQ(plan->table_n, 13u);
  EXPECT_TRUE(plan->hundred_percent);
  EXPECT_EQ(plan->n, 5u);
  EXPECT_EQ(plan->ac, 0);
  // A lot of 3 at 6.5 is A's 0/1 (n 2 < 3); a lot of 2 is all inspected.
  Result<AcceptancePlan> small = SingleNormalPlan(3, 6.5, InspectionLevel::kII);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->table_n, 2u);  // A's 0/1
  EXPECT_FALSE(small->hundred_percent);
  EXPECT_EQ(SingleNormalPlan(2, 6.5, InspectionLevel::kII)->hundred_percent, true);
}

TEST(AcceptanceSampling, EveryStandardAqlIsAccepted) {
  EXPECT_EQ(StandardAqls().size(), 26u);
  for (double aql : StandardAqls()) {
    Result<AcceptancePlan> plan = SingleNormalPlan(5000, aql, InspectionLevel::kII);
    ASSERT_TRUE(plan.ok()) << aql << ": " << plan.status().message();
    EXPECT_EQ(plan->re, plan->ac + 1);
  }
  // A float that is an AQL up to rounding (0.1 + 0.2 - 0.2 etc.).
  EXPECT_TRUE(SingleNormalPlan(5000, 0.1 * 3 / 3, InspectionLevel::kII).ok());
}

TEST(AcceptanceSampling, BadInputIsRefusedWithAClearMessage) {
  Result<AcceptancePlan> aql = SingleNormalPlan(5000, 3.0, InspectionLevel::kII);
  ASSERT_EQ(aql.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(aql.status().message().find("AQL 3 is not one of"), std::string::npos);
  EXPECT_NE(aql.status().message().find("0.01, 0.015"), std::string::npos);
  Result<AcceptancePlan> lot = SingleNormalPlan(1, 1.0, InspectionLevel::kII);
  ASSERT_EQ(lot.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(lot.status().message().find("lot size 1"), std::string::npos);
  Result<InspectionLevel> level = ParseInspectionLevel("IV");
  ASSERT_EQ(level.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(level.status().message().find("\"IV\""), std::string::npos);
  EXPECT_EQ(*ParseInspectionLevel("III"), InspectionLevel::kIII);
}

TEST(AcceptanceSampling, ZeroAcceptanceSizesFollowTheFormula) {
  // n = ceil(ln(1 - C) / ln(1 - p)), quotients worked out by hand.
  EXPECT_EQ(*ZeroAcceptanceSampleSize(0.95, 0.05), 59u);    // 58.40
  EXPECT_EQ(*ZeroAcceptanceSampleSize(0.90, 0.10), 22u);    // 21.85
  EXPECT_EQ(*ZeroAcceptanceSampleSize(0.95, 0.01), 299u);   // 298.07
  EXPECT_EQ(*ZeroAcceptanceSampleSize(0.99, 0.01), 459u);   // 458.21
  EXPECT_EQ(*ZeroAcceptanceSampleSize(0.90, 0.01), 230u);   // 229.11
  EXPECT_EQ(*ZeroAcceptanceSampleSize(0.999, 0.001), 6905u);  // 6904.30
  // Exact quotients: 0.25 = 0.5^2, 0.5 = 0.5^1.
  EXPECT_EQ(*ZeroAcceptanceSampleSize(0.75, 0.5), 2u);
  EXPECT_EQ(*ZeroAcceptanceSampleSize(0.5, 0.5), 1u);
  // The defining inequality: (1-p)^n <= 1-C < (1-p)^(n-1).
  for (double c : {0.8, 0.9, 0.95, 0.99})
    for (double p : {0.002, 0.01, 0.03, 0.2}) {
      const uint64_t n = *ZeroAcceptanceSampleSize(c, p);
      EXPECT_LE(std::pow(1 - p, static_cast<double>(n)), (1 - c) * (1 + 1e-12)) << c << " " << p;
      EXPECT_GT(std::pow(1 - p, static_cast<double>(n - 1)), 1 - c) << c << " " << p;
    }
}

TEST(AcceptanceSampling, ZeroAcceptanceRefusesRatesOutsideZeroToOne) {
  for (auto [c, p] : {std::pair{0.0, 0.01}, {1.0, 0.01}, {95.0, 0.01}, {0.95, 0.0}, {0.95, 1.0},
                      {0.95, 5.0}, {std::nan(""), 0.1}}) {
    Result<uint64_t> n = ZeroAcceptanceSampleSize(c, p);
    ASSERT_EQ(n.status().code(), StatusCode::kInvalidInput) << c << " " << p;
    EXPECT_NE(n.status().message().find("between 0 and 1"), std::string::npos);
  }
  Result<uint64_t> huge = ZeroAcceptanceSampleSize(0.999999, 1e-15);
  ASSERT_EQ(huge.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(huge.status().message().find("10^12"), std::string::npos);
}

}  // namespace
}  // namespace taxa::core
