// Acceptance sampling plans: how many items of a lot to inspect, and how many
// nonconforming ones the lot may show and still be accepted.
//
// Two kinds:
//  - ISO 2859-1 (the same tables as MIL-STD-105E and ANSI/ASQ Z1.4): single
//    sampling, normal inspection, general inspection levels I, II and III.
//    Table I gives the sample size code letter from the lot size and level;
//    Table II-A gives, for the code letter and the AQL, the acceptance number
//    Ac and rejection number Re, or an arrow: "use the first sampling plan
//    below (above) the arrow", whose sample size n then replaces the code
//    letter's own.
//  - Zero acceptance (c = 0): the smallest n for which a lot whose defect rate
//    is `p` shows at least one defect in the sample with probability at least
//    `confidence`, under the binomial model (items drawn independently, or a
//    lot large against n): (1 - p)^n <= 1 - confidence, so
//    n = ceil(ln(1 - confidence) / ln(1 - p)). Accept on 0 defects, reject on 1.
//
//   Result<AcceptancePlan> plan = SingleNormalPlan(5000, 1.0, InspectionLevel::kII);
//   // plan->lot_code == 'L', plan->code == 'L', n 200, Ac 5, Re 6
//   Result<uint64_t> n = ZeroAcceptanceSampleSize(0.95, 0.01);   // 299
//
// Pure functions, no I/O; safe from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::core {

enum class InspectionLevel { kI, kII, kIII };

// "I", "II" or "III" (also "1", "2", "3"); kInvalidInput naming the text
// otherwise.
Result<InspectionLevel> ParseInspectionLevel(std::string_view text);
std::string InspectionLevelName(InspectionLevel level);

// The AQLs of Table II-A, ascending: 0.010 ... 10 are percent nonconforming,
// 15 ... 1000 nonconformities per 100 items (all 26 are supported).
std::span<const double> StandardAqls();

// Table I: the sample size code letter (A..R, no I or O) of a lot of `lot`
// items at `level`. kInvalidInput when lot < 2.
Result<char> SampleSizeCodeLetter(uint64_t lot, InspectionLevel level);

// The sample size of a code letter (A 2, B 3, ... R 2000); 0 for a letter the
// table does not have.
uint64_t SampleSizeOf(char code);

struct AcceptancePlan {
  uint64_t lot = 0;
  InspectionLevel level = InspectionLevel::kII;
  double aql = 0;
  char lot_code = 'A';  // Table I's letter for the lot size and level
  // The letter whose row holds the plan used: lot_code, or where Table II-A's
  // arrows lead from it. n is this letter's sample size (the one printed).
  char code = 'A';
  uint64_t table_n = 0;  // the sample size of `code` as the table gives it
  // What to inspect: table_n, or the whole lot when table_n >= lot (the
  // standard: "if sample size equals or exceeds lot size, carry out 100
  // percent inspection"); then `hundred_percent` is true.
  uint64_t n = 0;
  bool hundred_percent = false;
  int ac = 0;  // accept the lot with at most `ac` nonconforming items in the sample
  int re = 1;  // reject it with `re` or more
  // "down" or "up" when the lot_code's cell was an arrow, "" when not.
  std::string arrow;
};

// ISO 2859-1 single sampling, normal inspection. `aql` must be one of
// StandardAqls() (compared to within one part in 10^9); kInvalidInput with
// the supported values otherwise, and when lot < 2.
//
// Arrows are followed down (or up) the AQL's column to the first cell that
// holds a plan. Two cells of the printed table hold an arrow that leads out
// of it (A at AQL 10 points up; R at AQL 0.015 has no row below): there the
// column is followed the other way to its nearest plan (A/10 -> C: n 5,
// Ac 1; R/0.015 -> P: n 800, Ac 0).
Result<AcceptancePlan> SingleNormalPlan(uint64_t lot, double aql, InspectionLevel level);

// The zero-acceptance sample size (model above). kInvalidInput unless
// 0 < confidence < 1 and 0 < defect_rate < 1 (fractions, not percent), or
// when n would exceed 10^12.
Result<uint64_t> ZeroAcceptanceSampleSize(double confidence, double defect_rate);

}  // namespace taxa::core
