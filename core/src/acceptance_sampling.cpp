#include "taxa/core/acceptance_sampling.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace taxa::core {
namespace {

constexpr std::string_view kLetters = "ABCDEFGHJKLMNPQR";
constexpr std::array<uint64_t, 16> kSampleSizes = {2,   3,   5,   8,   13,  20,  32,   50,
                                                   80,  125, 200, 315, 500, 800, 1250, 2000};
constexpr std::array<double, 26> kAqls = {0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15,
                                          0.25,  0.40,  0.65,  1.0,   1.5,   2.5,  4.0,
                                          6.5,   10,    15,    25,    40,    65,   100,
                                          150,   250,   400,   650,   1000};

// Table I, general inspection levels: the upper bound of each lot size range
// (the last is open) and the letters at levels I, II, III.
struct LotRange {
  uint64_t up_to;
  char level[3];
};
constexpr std::array<LotRange, 15> kTableI = {{
    {8, {'A', 'A', 'B'}},
    {15, {'A', 'B', 'C'}},
    {25, {'B', 'C', 'D'}},
    {50, {'C', 'D', 'E'}},
    {90, {'C', 'E', 'F'}},
    {150, {'D', 'F', 'G'}},
    {280, {'E', 'G', 'H'}},
    {500, {'F', 'H', 'J'}},
    {1200, {'G', 'J', 'K'}},
    {3200, {'H', 'K', 'L'}},
    {10000, {'J', 'L', 'M'}},
    {35000, {'K', 'M', 'N'}},
    {150000, {'L', 'N', 'P'}},
    {500000, {'M', 'P', 'Q'}},
    {UINT64_MAX, {'N', 'Q', 'R'}},
}};

// Table II-A (single sampling, normal inspection), one row per code letter,
// one cell per AQL of kAqls: the acceptance number (Re is Ac + 1 in every
// cell of this table), "v" for the arrow down and "^" for the arrow up.
// The plans lie on diagonals (one letter down and one AQL left keep Ac);
// 30/31 and 44/45 appear only in rows A..E.
constexpr std::array<std::string_view, 16> kTableIIA = {
    // 0.010 ... 0.65       1.0 1.5 2.5 4.0 6.5 10 15 25 40 65 100 150 250 400 650 1000
    "v v v v v v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 30",   // A 2
    "v v v v v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 30 44",  // B 3
    "v v v v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 30 44 ^",  // C 5
    "v v v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 30 44 ^ ^",  // D 8
    "v v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 30 44 ^ ^ ^",  // E 13
    "v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^",    // F 20
    "v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^",    // G 32
    "v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^",    // H 50
    "v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^",    // J 80
    "v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // K 125
    "v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // L 200
    "v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // M 315
    "v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // N 500
    "v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // P 800
    "0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // Q 1250
    "^ ^ 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // R 2000
};

constexpr int kDown = -1;
constexpr int kUp = -2;

// The cell of Table II-A at (row, column): an acceptance number, kDown or kUp.
int Cell(size_t row, size_t column) {
  std::istringstream in{std::string(kTableIIA[row])};
  std::string token;
  for (size_t c = 0; c <= column; ++c) in >> token;
  if (token == "v") return kDown;
  if (token == "^") return kUp;
  return std::stoi(token);
}

std::string FormatAql(double aql) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", aql);
  return buf;
}

std::string SupportedAqls() {
  std::string out;
  for (double a : kAqls) out += (out.empty() ? "" : ", ") + FormatAql(a);
  return out;
}

}  // namespace

Result<InspectionLevel> ParseInspectionLevel(std::string_view text) {
  if (text == "I" || text == "1") return InspectionLevel::kI;
  if (text == "II" || text == "2") return InspectionLevel::kII;
  if (text == "III" || text == "3") return InspectionLevel::kIII;
  return Status::InvalidInput("inspection level \"" + std::string(text) +
                              "\": expected I, II or III (the general levels of ISO 2859-1)");
}

std::string InspectionLevelName(InspectionLevel level) {
  switch (level) {
    case InspectionLevel::kI:
      return "I";
    case InspectionLevel::kII:
      return "II";
    case InspectionLevel::kIII:
      return "III";
  }
  return "II";
}

std::span<const double> StandardAqls() { return kAqls; }

Result<char> SampleSizeCodeLetter(uint64_t lot, InspectionLevel level) {
  if (lot < 2)
    return Status::InvalidInput("lot size " + std::to_string(lot) +
                                ": ISO 2859-1's lots have at least 2 items");
  for (const LotRange& r : kTableI)
    if (lot <= r.up_to) return r.level[static_cast<int>(level)];
  return 'R';  // the last range is open
}

uint64_t SampleSizeOf(char code) {
  const size_t at = kLetters.find(code);
  return at == std::string_view::npos ? 0 : kSampleSizes[at];
}

Result<AcceptancePlan> SingleNormalPlan(uint64_t lot, double aql, InspectionLevel level) {
  size_t column = kAqls.size();
  for (size_t j = 0; j < kAqls.size(); ++j)
    if (std::fabs(aql - kAqls[j]) <= 1e-9 * kAqls[j]) column = j;
  if (column == kAqls.size())
    return Status::InvalidInput("AQL " + FormatAql(aql) +
                                " is not one of ISO 2859-1's (Table II-A): " + SupportedAqls());
  TAXA_ASSIGN_OR_RETURN(const char lot_code, SampleSizeCodeLetter(lot, level));
  AcceptancePlan plan;
  plan.lot = lot;
  plan.level = level;
  plan.aql = kAqls[column];
  plan.lot_code = lot_code;
  size_t row = kLetters.find(lot_code);
  int cell = Cell(row, column);
  if (cell == kDown || cell == kUp) {
    plan.arrow = cell == kDown ? "down" : "up";
    int step = cell == kDown ? 1 : -1;
    // Follow the arrow; an arrow that leads out of the table is followed the
    // other way (see the header).
    for (size_t r = row;;) {
      if ((step > 0 && r + 1 == kLetters.size()) || (step < 0 && r == 0)) {
        step = -step;
        r = row;
      }
      r += step;
      const int c = Cell(r, column);
      if (c >= 0) {
        row = r;
        cell = c;
        break;
      }
    }
  }
  plan.code = kLetters[row];
  plan.table_n = kSampleSizes[row];
  plan.ac = cell;
  plan.re = cell + 1;
  plan.hundred_percent = plan.table_n >= lot;
  plan.n = plan.hundred_percent ? lot : plan.table_n;
  return plan;
}

Result<uint64_t> ZeroAcceptanceSampleSize(double confidence, double defect_rate) {
  if (!(confidence > 0 && confidence < 1))
    return Status::InvalidInput("confidence " + FormatAql(confidence) +
                                ": give a fraction between 0 and 1 (e.g. 0.95)");
  if (!(defect_rate > 0 && defect_rate < 1))
    return Status::InvalidInput("defect rate " + FormatAql(defect_rate) +
                                ": give a fraction between 0 and 1 (e.g. 0.01 for 1%)");
  const double miss = std::log1p(-confidence);  // ln(1 - C)
  const double per_item = std::log1p(-defect_rate);  // ln(1 - p)
  const double exact = miss / per_item;
  if (!(exact <= 1e12))
    return Status::InvalidInput("a zero-acceptance sample for confidence " +
                                FormatAql(confidence) + " and defect rate " +
                                FormatAql(defect_rate) + " would need more than 10^12 items");
  // The smallest n with n * ln(1 - p) <= ln(1 - C). Rounding in the quotient
  // may push an exact integer (C 0.75, p 0.5: 2) just above itself; accept
  // n - 1 when it meets the bound to within rounding.
  uint64_t n = static_cast<uint64_t>(std::ceil(exact));
  if (n > 1 && static_cast<double>(n - 1) * per_item <= miss * (1 - 1e-12)) --n;
  return n < 1 ? 1 : n;
}

}  // namespace taxa::core
