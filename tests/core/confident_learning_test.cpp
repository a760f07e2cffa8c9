// Confident learning: a small example worked by hand from the paper's
// definitions, an independent numpy re-statement of the equations run by
// Debian's /usr/bin/python3 on random data, synthetic data whose flipped labels
// are known, input checks, and the size the issue asks for (1M x 10).
#include "taxa/core/confident_learning.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "support/ratings_checks.h"
#include "support/test_support.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa::core {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::kPython;
using taxa::testing::MissingPython;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

std::vector<size_t> Examples(const std::vector<LabelIssue>& issues) {
  std::vector<size_t> out;
  for (const LabelIssue& i : issues) out.push_back(i.example);
  return out;
}

// The hand-worked example. Three classes, ten examples, probabilities in 32nds
// (so every threshold below is exact in binary):
//
//   ex  given  32 * (p0, p1, p2)
//   e0    0    (32,  0,  0)
//   e1    0    (14, 10,  8)
//   e2    0    (14, 12,  6)
//   e3    0    ( 4, 28,  0)   looks like a 1
//   e4    1    ( 0, 28,  4)
//   e5    1    ( 4, 24,  4)
//   e6    1    (18,  0, 14)   looks like a 0 (or a 2)
//   e7    1    ( 4,  4, 24)   looks like a 2
//   e8    2    ( 4,  4, 24)
//   e9    2    (28,  4,  0)   looks like a 0
//
// Thresholds (eq. 2), the mean of p_j over the examples given j, in 32nds:
//   t0 = (32 + 14 + 14 + 4) / 4 = 16   (0.5)
//   t1 = (28 + 24 +  0 + 4) / 4 = 14   (0.4375)
//   t2 = (24 + 0) / 2           = 12   (0.375)
//
// Confident sets {j : p_j >= t_j} and where each example is counted (eq. 1):
//   e0: 32>=16                     -> {0}   C[0][0]
//   e1: 14<16, 10<14, 8<12         -> {}    not counted
//   e2: 14<16, 12<14, 6<12         -> {}    not counted
//   e3: 28>=14                     -> {1}   C[0][1]
//   e4: 28>=14 (4<12)              -> {1}   C[1][1]
//   e5: 24>=14                     -> {1}   C[1][1]
//   e6: 18>=16 and 14>=12          -> {0,2}, larger p is p0=18 -> C[1][0]
//   e7: 24>=12 (4<14)              -> {2}   C[1][2]
//   e8: 24>=12                     -> {2}   C[2][2]
//   e9: 28>=16                     -> {0}   C[2][0]
//
//   C = | 1 1 0 |  row sums 2, 4, 2; examples given each label 4, 4, 2
//       | 1 2 1 |
//       | 1 0 1 |
//
// Calibration (eq. 3): row i times count_i / rowsum_i, i.e. row 0 x 4/2,
// rows 1 and 2 x 1:  | 2 2 0 |, | 1 2 1 |, | 1 0 1 |, total 10 = n; divided by
// 10: Q = | .2 .2 0 ; .1 .2 .1 ; .1 0 .1 |.
// Estimated errors: off-diagonal calibrated counts 2 + 1 + 1 + 1 = 5.
//
// Off-diagonal of C: e3 (0->1), e6 (1->0), e7 (1->2), e9 (2->0). Their
// self-confidences p_given: e3 4/32, e6 0, e7 4/32, e9 0; ranked ascending,
// ties by index: e6, e9, e3, e7. Suggested = argmax: e6 0, e9 0, e3 1, e7 2.
//
// Prune by noise rate: m_ij = round(n Q[i][j]) = 2 for (0,1), 1 for (1,0),
// (1,2), (2,0), 0 elsewhere. Margins p_j - p_i among the examples given i:
//   (0,1): e0 -32, e1 -4, e2 -2, e3 +24  -> the largest 2: e3, e2
//   (1,0): e4 -28, e5 -20, e6 +18, e7 0  -> e6
//   (1,2): e4 -24, e5 -20, e6 +14, e7 +20 -> e7
//   (2,0): e8 -20, e9 +28                -> e9
// Flagged: e2, e3, e6, e7, e9; ranked e6 (0), e9 (0), e3 (.125), e7 (.125),
// e2 (14/32 = .4375, suggested 0, its own given label: the row of label 0
// lost two examples to no confident class, so calibration doubles its
// off-diagonal estimate).
struct HandWorked {
  std::vector<uint32_t> given = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
  std::vector<double> probabilities;
  HandWorked() {
    const int in_32nds[10][3] = {{32, 0, 0}, {14, 10, 8}, {14, 12, 6}, {4, 28, 0},
                                 {0, 28, 4}, {4, 24, 4},  {18, 0, 14}, {4, 4, 24},
                                 {4, 4, 24}, {28, 4, 0}};
    for (const auto& row : in_32nds)
      for (int v : row) probabilities.push_back(v / 32.0);
  }
};

TEST(ConfidentLearning, HandWorkedExampleMatchesThePaperEquations) {
  HandWorked d;
  Result<ConfidentLearningReport> r = FindLabelIssues(d.given, d.probabilities, 3);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->examples, 10u);
  EXPECT_EQ(r->given_counts, (std::vector<uint64_t>{4, 4, 2}));
  EXPECT_EQ(r->thresholds, (std::vector<double>{0.5, 0.4375, 0.375}));
  EXPECT_EQ(r->confident_joint, (std::vector<uint64_t>{1, 1, 0, 1, 2, 1, 1, 0, 1}));
  EXPECT_EQ(r->counted, 8u);
  const std::vector<double> q = {.2, .2, 0, .1, .2, .1, .1, 0, .1};
  for (size_t c = 0; c < 9; ++c) EXPECT_DOUBLE_EQ(r->calibrated_joint[c], q[c]) << c;
  EXPECT_DOUBLE_EQ(r->estimated_errors, 5);

  EXPECT_EQ(Examples(r->off_diagonal), (std::vector<size_t>{6, 9, 3, 7}));
  const std::vector<uint32_t> off_given = {1, 2, 0, 1}, off_suggested = {0, 0, 1, 2};
  const std::vector<double> off_self = {0, 0, .125, .125};
  for (size_t s = 0; s < 4; ++s) {
    EXPECT_EQ(r->off_diagonal[s].given, off_given[s]) << s;
    EXPECT_EQ(r->off_diagonal[s].suggested, off_suggested[s]) << s;
    EXPECT_EQ(r->off_diagonal[s].self_confidence, off_self[s]) << s;
  }

  EXPECT_EQ(Examples(r->pruned_by_noise_rate), (std::vector<size_t>{6, 9, 3, 7, 2}));
  const LabelIssue& e2 = r->pruned_by_noise_rate.back();
  EXPECT_EQ(e2.given, 0u);
  EXPECT_EQ(e2.suggested, 0u);
  EXPECT_EQ(e2.self_confidence, 0.4375);
}

// Eq. 1's rule when several classes pass: the largest p among those that pass,
// not the overall argmax (cleanlab's compute_confident_joint takes the latter).
//   a  given 0  (.25, .5, .25)     t0 = .25 (a alone)
//   b  given 2  (.25, .5, .25)     t2 = .25 (b alone)
//   c  given 1  (0,    1,   0)     t1 = (1 + .4) / 2 = .7
//   x  given 1  (.35, .4, .25)
// a: p0 .25 >= .25, p1 .5 < .7, p2 .25 >= .25 -> {0, 2}, equal p: the lower, 0
//    (the overall argmax, 1, is below its threshold) -> C[0][0]
// b: the same -> C[2][0];  c: {1} -> C[1][1]
// x: .35 >= .25, .4 < .7, .25 >= .25 -> {0, 2}, larger p0 -> C[1][0]
TEST(ConfidentLearning, SeveralConfidentClassesTakeTheLargestOfThemNotTheOverallArgmax) {
  std::vector<uint32_t> given = {0, 2, 1, 1};
  std::vector<double> p = {.25, .5, .25, .25, .5, .25, 0, 1, 0, .35, .4, .25};
  Result<ConfidentLearningReport> r = FindLabelIssues(given, p, 3);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->thresholds[0], .25);
  EXPECT_DOUBLE_EQ(r->thresholds[1], .7);
  EXPECT_EQ(r->thresholds[2], .25);
  EXPECT_EQ(r->confident_joint, (std::vector<uint64_t>{1, 0, 0, 1, 1, 0, 1, 0, 0}));
  // b (2 -> 0, p_given .25) and x (1 -> 0, p_given .4); both suggest their argmax, 1.
  ASSERT_EQ(Examples(r->off_diagonal), (std::vector<size_t>{1, 3}));
  EXPECT_EQ(r->off_diagonal[0].suggested, 1u);
  EXPECT_EQ(r->off_diagonal[1].suggested, 1u);
}

// A class no example is given gets threshold +infinity: nobody is counted as it.
TEST(ConfidentLearning, ClassNeverGivenIsNeverConfidentlyCounted) {
  // Class 2 is never given, though e1 puts all its mass on it.
  std::vector<uint32_t> given = {0, 0, 1, 1};
  std::vector<double> p = {0.9, 0.1, 0, 0, 0, 1, 0.2, 0.8, 0, 0.1, 0.9, 0};
  Result<ConfidentLearningReport> r = FindLabelIssues(given, p, 3);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->given_counts[2], 0u);
  EXPECT_EQ(r->thresholds[2], std::numeric_limits<double>::infinity());
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(r->Joint(i, 2), 0u) << i;
  // t0 = (0.9 + 0) / 2 = 0.45, t1 = (0.8 + 0.9) / 2 = 0.85: e1 is below all
  // thresholds; e0 -> C[0][0], e2 below t1 and t0, e3 -> C[1][1].
  EXPECT_EQ(r->confident_joint, (std::vector<uint64_t>{1, 0, 0, 0, 1, 0, 0, 0, 0}));
  EXPECT_TRUE(r->off_diagonal.empty());
  EXPECT_TRUE(r->pruned_by_noise_rate.empty());
  for (size_t j = 0; j < 3; ++j) EXPECT_EQ(r->Calibrated(2, j), 0) << j;
  EXPECT_DOUBLE_EQ(r->Calibrated(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(r->Calibrated(1, 1), 0.5);
}

// Three examples given 0, all with p0 = 0.1: their computed mean is
// 0.10000000000000002, above each of them, so row 0 of C is all 0 and is
// calibrated as all on the diagonal (the header's rule).
TEST(ConfidentLearning, RowLeftEmptyByRoundingIsCalibratedOnTheDiagonal) {
  std::vector<uint32_t> given = {0, 0, 0, 1, 2};
  std::vector<double> p = {0.1, 0.45, 0.45, 0.1, 0.45, 0.45, 0.1, 0.45, 0.45,
                           0,   1,    0,    0,   0,    1};
  Result<ConfidentLearningReport> r = FindLabelIssues(given, p, 3);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_GT(r->thresholds[0], 0.1);
  EXPECT_EQ(r->confident_joint, (std::vector<uint64_t>{0, 0, 0, 0, 1, 0, 0, 0, 1}));
  EXPECT_DOUBLE_EQ(r->Calibrated(0, 0), 0.6);
  EXPECT_DOUBLE_EQ(r->Calibrated(1, 1), 0.2);
  EXPECT_DOUBLE_EQ(r->Calibrated(2, 2), 0.2);
  EXPECT_EQ(r->estimated_errors, 0);
  EXPECT_TRUE(r->pruned_by_noise_rate.empty());
}

// Random data: true class uniform, logits with a bump on it, softmax; the given
// label is the true one with probability 1 - noise. Class `never` (if below k)
// is never given.
struct Data {
  size_t k = 0;
  std::vector<uint32_t> given;
  std::vector<double> p;
};

Data RandomData(uint32_t seed, size_t n, size_t k, double noise, size_t never = SIZE_MAX) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> unit(0, 1);
  Data d;
  d.k = k;
  std::vector<double> x(k);
  for (size_t e = 0; e < n; ++e) {
    size_t truth = rng() % k;
    double total = 0;
    for (size_t j = 0; j < k; ++j) {
      x[j] = std::exp(normal(rng) + (j == truth ? 2.0 : 0.0));
      total += x[j];
    }
    for (size_t j = 0; j < k; ++j) d.p.push_back(x[j] / total);
    size_t label = truth;
    if (unit(rng) < noise) label = (truth + 1 + rng() % (k - 1)) % k;
    if (label == never) label = (label + 1) % k;
    d.given.push_back(static_cast<uint32_t>(label));
  }
  return d;
}

// The paper's equations restated with numpy, independently of the C++ code,
// from the header's contract. Reads "n k" then "given p_0 .. p_k-1" lines and
// prints one JSON object.
constexpr const char* kNumpyReference = R"(
import json, sys
import numpy as np
lines = open(sys.argv[1]).read().split('\n')
n, k = map(int, lines[0].split())
rows = [l.split() for l in lines[1:1 + n]]
y = np.array([int(r[0]) for r in rows])
P = np.array([[float(v) for v in r[1:]] for r in rows])
counts = np.bincount(y, minlength=k)
# eq. 2
t = np.array([P[y == j, j].mean() if counts[j] else np.inf for j in range(k)])
# eq. 1: argmax of p among the classes at or above their thresholds
above = P >= t[None, :]
counted = above.any(axis=1)
guess = np.where(above, P, -np.inf).argmax(axis=1)
C = np.zeros((k, k), dtype=np.int64)
np.add.at(C, (y[counted], guess[counted]), 1)
# eq. 3
rs = C.sum(axis=1)
Cf = C.astype(float)
for i in range(k):
    if counts[i] and rs[i] == 0:
        Cf[i, i] = 1.0
cal = Cf / np.maximum(Cf.sum(axis=1), 1.0)[:, None] * counts[:, None]
Q = cal / cal.sum()
est = n * (Q.sum() - np.trace(Q))
off = np.nonzero(counted & (guess != y))[0]
pruned = set()
for i in range(k):
    if rs[i] == 0:
        continue
    members = np.nonzero(y == i)[0]
    for j in range(k):
        if j == i:
            continue
        m = (2 * int(C[i, j]) * int(counts[i]) + int(rs[i])) // (2 * int(rs[i]))
        if m == 0:
            continue
        margin = P[members, j] - P[members, i]
        order = np.lexsort((members, -margin))
        pruned.update(members[order[:m]].tolist())
def ranked(ex):
    ex = np.array(sorted(ex), dtype=np.int64)
    if len(ex) == 0:
        return []
    conf = P[ex, y[ex]]
    return ex[np.lexsort((ex, conf))].tolist()
print(json.dumps({
    "thresholds": [None if np.isinf(v) else float(v) for v in t],
    "joint": C.flatten().tolist(),
    "calibrated": Q.flatten().tolist(),
    "estimated": float(est),
    "off_diagonal": ranked(off.tolist()),
    "pruned": ranked(pruned),
    "suggested": P.argmax(axis=1).tolist(),
}))
)";

nlohmann::json AskNumpy(const Data& d) {
  TempDir tmp;
  std::string text = std::to_string(d.given.size()) + " " + std::to_string(d.k) + "\n";
  char buf[32];
  for (size_t e = 0; e < d.given.size(); ++e) {
    text += std::to_string(d.given[e]);
    for (size_t j = 0; j < d.k; ++j) {
      std::snprintf(buf, sizeof buf, " %.17g", d.p[e * d.k + j]);
      text += buf;
    }
    text += "\n";
  }
  WriteText(tmp / "data.txt", text);
  WriteText(tmp / "cl.py", kNumpyReference);
  CommandResult r =
      RunCommand(std::string(kPython) + " " + (tmp / "cl.py") + " " + (tmp / "data.txt"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

void ExpectSameAsNumpy(const Data& d) {
  Result<ConfidentLearningReport> r = FindLabelIssues(d.given, d.p, d.k);
  ASSERT_TRUE(r.ok()) << r.status().message();
  nlohmann::json want = AskNumpy(d);
  for (size_t j = 0; j < d.k; ++j) {
    if (want["thresholds"][j].is_null())
      EXPECT_TRUE(std::isinf(r->thresholds[j])) << j;
    else
      EXPECT_NEAR(r->thresholds[j], want["thresholds"][j].get<double>(), 1e-12) << j;
  }
  EXPECT_EQ(r->confident_joint, want["joint"].get<std::vector<uint64_t>>());
  std::vector<double> q = want["calibrated"].get<std::vector<double>>();
  ASSERT_EQ(q.size(), r->calibrated_joint.size());
  for (size_t c = 0; c < q.size(); ++c) EXPECT_NEAR(r->calibrated_joint[c], q[c], 1e-12) << c;
  EXPECT_NEAR(r->estimated_errors, want["estimated"].get<double>(), 1e-9);
  EXPECT_EQ(Examples(r->off_diagonal), want["off_diagonal"].get<std::vector<size_t>>());
  EXPECT_EQ(Examples(r->pruned_by_noise_rate), want["pruned"].get<std::vector<size_t>>());
  std::vector<uint32_t> suggested = want["suggested"].get<std::vector<uint32_t>>();
  for (const LabelIssue& i : r->pruned_by_noise_rate) {
    EXPECT_EQ(i.suggested, suggested[i.example]) << i.example;
    EXPECT_EQ(i.given, d.given[i.example]);
    EXPECT_EQ(i.self_confidence, d.p[i.example * d.k + i.given]);
  }
  // The data must exercise what is compared.
  EXPECT_FALSE(r->off_diagonal.empty());
  EXPECT_GT(r->pruned_by_noise_rate.size(), r->off_diagonal.size() / 2);
}

TEST(ConfidentLearning, AgreesWithAnIndependentNumpyRestatement) {
  if (std::string why = MissingPython("numpy"); !why.empty()) GTEST_SKIP() << why;
  ExpectSameAsNumpy(RandomData(7, 400, 4, 0.2));
  ExpectSameAsNumpy(RandomData(11, 300, 3, 0.35));
  ExpectSameAsNumpy(RandomData(13, 500, 6, 0.1, /*never=*/5));
}

// Clean data: each label is its example's argmax, with p >= 0.7 on it and at
// most 0.3 anywhere else, so every other class's threshold (>= 0.7) is out of
// reach: nothing is off the diagonal and calibration changes nothing.
TEST(ConfidentLearning, CleanConfidentDataFlagsNothing) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(0, 1);
  const size_t n = 500, k = 4;
  std::vector<uint32_t> given;
  std::vector<double> p;
  for (size_t e = 0; e < n; ++e) {
    const size_t c = e % k;
    const double top = 0.7 + 0.3 * unit(rng);
    double w[k], total = 0;
    for (size_t j = 0; j < k; ++j) total += (w[j] = j == c ? 0 : unit(rng));
    for (size_t j = 0; j < k; ++j) p.push_back(j == c ? top : (1 - top) * w[j] / total);
    given.push_back(static_cast<uint32_t>(c));
  }
  Result<ConfidentLearningReport> r = FindLabelIssues(given, p, k);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->off_diagonal.empty());
  EXPECT_TRUE(r->pruned_by_noise_rate.empty());
  EXPECT_EQ(r->estimated_errors, 0);
  for (size_t i = 0; i < k; ++i) EXPECT_DOUBLE_EQ(r->Calibrated(i, i), 0.25) << i;
}

// Well separated: the true class gets 0.95 +- 0.005 and the rest share the
// remainder; every 37th example's label is moved to the next class. With
// about 2.7% of each label flipped in, each threshold is about
// 0.973 * 0.95 + 0.027 * 0.0125 < 0.93, below every clean example, so every
// clean example is on the diagonal, each row of C sums to its count, the
// calibrated off-diagonal counts are the flips exactly, and the flipped ones
// (margin about +0.93 against at most -0.93 for clean ones) are those pruned.
TEST(ConfidentLearning, FlippedLabelsInSeparatedDataAreExactlyThoseFlagged) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> unit(0, 1);
  const size_t n = 1000, k = 5;
  std::vector<uint32_t> given;
  std::vector<double> p;
  std::vector<size_t> flipped;
  for (size_t e = 0; e < n; ++e) {
    const size_t c = (e * 7 + e / 5) % k;
    const double top = 0.945 + 0.01 * unit(rng);
    for (size_t j = 0; j < k; ++j) p.push_back(j == c ? top : (1 - top) / (k - 1));
    size_t label = c;
    if (e % 37 == 3) {
      label = (c + 1) % k;
      flipped.push_back(e);
    }
    given.push_back(static_cast<uint32_t>(label));
  }
  Result<ConfidentLearningReport> r = FindLabelIssues(given, p, k);
  ASSERT_TRUE(r.ok()) << r.status().message();
  for (size_t j = 0; j < k; ++j) EXPECT_LT(r->thresholds[j], 0.945) << j;
  std::vector<size_t> off = Examples(r->off_diagonal), pruned = Examples(r->pruned_by_noise_rate);
  std::sort(off.begin(), off.end());
  std::sort(pruned.begin(), pruned.end());
  EXPECT_EQ(off, flipped);
  EXPECT_EQ(pruned, flipped);
  EXPECT_DOUBLE_EQ(r->estimated_errors, static_cast<double>(flipped.size()));
  for (const LabelIssue& i : r->off_diagonal) {
    EXPECT_EQ(i.suggested, (i.given + k - 1) % k) << i.example;
    EXPECT_LT(i.self_confidence, 0.02);
  }
}

TEST(ConfidentLearning, RejectsBadInputNamingTheExample) {
  const std::vector<uint32_t> two = {0, 1};
  Result<ConfidentLearningReport> r =
      FindLabelIssues(std::vector<uint32_t>{0, 3}, std::vector<double>{1, 0, 0, 0, 1, 0}, 3);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("example 1: given label 3"), std::string::npos)
      << r.status().message();

  r = FindLabelIssues(two, std::vector<double>{1, 0, std::nan(""), 1}, 2);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("example 1: probability of class 0 is nan"),
            std::string::npos)
      << r.status().message();

  r = FindLabelIssues(two, std::vector<double>{1, 0, std::numeric_limits<double>::infinity(), 0},
                      2);
  EXPECT_NE(r.status().message().find("example 1: probability of class 0 is inf"),
            std::string::npos)
      << r.status().message();

  r = FindLabelIssues(two, std::vector<double>{1.5, -0.5, 0, 1}, 2);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("example 0: probability of class 0 is 1.5"),
            std::string::npos)
      << r.status().message();

  r = FindLabelIssues(two, std::vector<double>{1, 0, 0.5, 0.4999}, 2);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("example 1: probabilities sum to 0.9999"),
            std::string::npos)
      << r.status().message();
  // Within 1e-6 is accepted.
  EXPECT_TRUE(FindLabelIssues(two, std::vector<double>{1, 0, 0.5, 0.5000005}, 2).ok());

  r = FindLabelIssues(two, std::vector<double>{1, 0, 1}, 2);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("3 probabilities for 2 examples"), std::string::npos)
      << r.status().message();

  r = FindLabelIssues(std::vector<uint32_t>{0}, std::vector<double>{1}, 1);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("at least 2 classes"), std::string::npos);

  r = FindLabelIssues({}, {}, 3);
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("no"), std::string::npos);
}

// The issue's size: 1,000,000 examples x 10 classes. Timed against one pass
// computing each row's argmax over the same matrix; the bound is loose for the
// sanitizer build (the -O2 figure is in the report: well under a second).
TEST(ConfidentLearning, MillionExamplesOfTenClassesIsLinear) {
  const size_t n = 1000000, k = 10;
  std::mt19937_64 rng(17);
  std::vector<uint32_t> given(n);
  std::vector<double> p(n * k);
  for (size_t e = 0; e < n; ++e) {
    const size_t c = rng() % k;
    const double top = 0.5 + static_cast<double>(rng() % 1000) / 2000.0;
    for (size_t j = 0; j < k; ++j) p[e * k + j] = j == c ? top : (1 - top) / (k - 1);
    given[e] = static_cast<uint32_t>(rng() % 20 == 0 ? (c + 1) % k : c);
  }
  auto t0 = std::chrono::steady_clock::now();
  size_t sum = 0;
  for (size_t e = 0; e < n; ++e) {
    const double* row = p.data() + e * k;
    sum += static_cast<size_t>(std::max_element(row, row + k) - row);
  }
  auto t1 = std::chrono::steady_clock::now();
  Result<ConfidentLearningReport> r = FindLabelIssues(given, p, k);
  auto t2 = std::chrono::steady_clock::now();
  ASSERT_TRUE(r.ok()) << r.status().message();
  const double base = std::chrono::duration<double>(t1 - t0).count();
  const double took = std::chrono::duration<double>(t2 - t1).count();
  std::printf("confident learning 1M x 10: %.3f s; argmax pass %.3f s (checksum %zu); %.1fx\n",
              took, base, sum % 7, took / base);
  EXPECT_LT(took, 20.0);
  // About 5% flipped: the off-diagonal finds most of them, not the rest.
  EXPECT_GT(r->off_diagonal.size(), n / 40);
  EXPECT_LT(r->off_diagonal.size(), n / 10);
}

}  // namespace
}  // namespace taxa::core
