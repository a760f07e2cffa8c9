// taxa_bench: the data-action figures (issue 13): confident learning over
// 1,000,000 examples x 10 classes, beside one pass computing each row's argmax
// over the same probabilities (the least any reading of them costs).
#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "taxa/core/confident_learning.h"

namespace taxa::bench {

void BenchConfidentLearning(std::vector<Row>& rows) {
  const size_t n = 1000000, k = 10;
  // Each example's true class gets 0.5..1 and the rest share the remainder;
  // 5% of the given labels are moved to the next class.
  std::mt19937_64 rng(17);
  std::vector<uint32_t> given(n);
  std::vector<double> p(n * k);
  for (size_t e = 0; e < n; ++e) {
    const size_t c = rng() % k;
    const double top = 0.5 + static_cast<double>(rng() % 1000) / 2000.0;
    for (size_t j = 0; j < k; ++j) p[e * k + j] = j == c ? top : (1 - top) / (k - 1);
    given[e] = static_cast<uint32_t>(rng() % 20 == 0 ? (c + 1) % k : c);
  }
  auto start = Clock::now();
  size_t checksum = 0;
  for (size_t e = 0; e < n; ++e) {
    const double* row = p.data() + e * k;
    checksum += static_cast<size_t>(std::max_element(row, row + k) - row);
  }
  const double base = Seconds(start);
  start = Clock::now();
  Result<core::ConfidentLearningReport> r = core::FindLabelIssues(given, p, k);
  const double t = Seconds(start);
  if (!r.ok()) Die(r.status(), "confident learning");
  char note[160];
  std::snprintf(note, sizeof note, "(%zu off-diagonal, %zu pruned, %.0f estimated; check %zu)",
                r->off_diagonal.size(), r->pruned_by_noise_rate.size(), r->estimated_errors,
                checksum % 7);
  rows.push_back({"confident learning, 1M examples x 10 classes", t, "argmax pass", base, "< 1 s",
                  t < 1, note});
}

}  // namespace taxa::bench
