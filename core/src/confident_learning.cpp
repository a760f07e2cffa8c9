// Confident learning (Northcutt, Jiang & Chuang 2021): thresholds, the
// confident joint, its calibration, and the examples it flags.
#include "taxa/core/confident_learning.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

namespace taxa::core {

namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string Example(size_t e) { return "example " + std::to_string(e) + ": "; }

// The first problem of the input, or Ok. Also counts the examples given each
// label and sums p_given over them (the numerators of eq. 2) in the same pass.
Status Validate(std::span<const uint32_t> given, std::span<const double> probabilities,
                size_t k, std::vector<uint64_t>& counts, std::vector<double>& sums) {
  const size_t n = given.size();
  for (size_t e = 0; e < n; ++e) {
    const double* row = probabilities.data() + e * k;
    if (given[e] >= k)
      return Status::InvalidInput(Example(e) + "given label " + std::to_string(given[e]) +
                                  " is not below the class count " + std::to_string(k));
    double sum = 0;
    for (size_t j = 0; j < k; ++j) {
      const double p = row[j];
      // Written so that NaN fails too.
      if (!(p >= 0 && p <= 1))
        return Status::InvalidInput(Example(e) + "probability of class " + std::to_string(j) +
                                    " is " + Number(p) + " (must be a number in [0, 1])");
      sum += p;
    }
    if (std::fabs(sum - 1) > 1e-6)
      return Status::InvalidInput(Example(e) + "probabilities sum to " + Number(sum) +
                                  " (must be 1 within 1e-6)");
    ++counts[given[e]];
    sums[given[e]] += row[given[e]];
  }
  return Status::Ok();
}

// The lowest index of the largest value of row[0..k).
uint32_t Argmax(const double* row, size_t k) {
  size_t best = 0;
  for (size_t j = 1; j < k; ++j)
    if (row[j] > row[best]) best = j;
  return static_cast<uint32_t>(best);
}

// Ranks by self-confidence ascending, then example index.
void Rank(std::vector<LabelIssue>& issues) {
  std::sort(issues.begin(), issues.end(), [](const LabelIssue& a, const LabelIssue& b) {
    if (a.self_confidence != b.self_confidence) return a.self_confidence < b.self_confidence;
    return a.example < b.example;
  });
}

LabelIssue IssueOf(size_t e, uint32_t given, const double* row, size_t k) {
  return LabelIssue{e, given, Argmax(row, k), row[given]};
}

}  // namespace

Result<ConfidentLearningReport> FindLabelIssues(std::span<const uint32_t> given,
                                                std::span<const double> probabilities,
                                                size_t classes) {
  const size_t k = classes;
  if (k < 2)
    return Status::InvalidInput("confident learning needs at least 2 classes, got " +
                                std::to_string(k));
  const size_t n = given.size();
  if (probabilities.size() / k != n || probabilities.size() % k != 0)
    return Status::InvalidInput("there are " + std::to_string(probabilities.size()) +
                                " probabilities for " + std::to_string(n) + " examples of " +
                                std::to_string(k) + " classes (need " +
                                std::to_string(n * k) + ")");
  if (n >= (size_t{1} << 31))
    return Status::InvalidInput("confident learning takes fewer than 2^31 examples, got " +
                                std::to_string(n));
  if (n == 0) return Status::FailedPrecondition("confident learning needs examples, got none");

  ConfidentLearningReport r;
  r.examples = n;
  r.classes = k;
  r.given_counts.assign(k, 0);
  std::vector<double> sums(k, 0.0);
  TAXA_RETURN_IF_ERROR(Validate(given, probabilities, k, r.given_counts, sums));
  const double* p = probabilities.data();

  // Eq. 2; +infinity keeps a class never given out of every confident set.
  r.thresholds.resize(k);
  for (size_t j = 0; j < k; ++j)
    r.thresholds[j] = r.given_counts[j] == 0
                          ? std::numeric_limits<double>::infinity()
                          : sums[j] / static_cast<double>(r.given_counts[j]);

  // Eq. 1. `confident[e]` is the class example e is counted as, or k when none.
  r.confident_joint.assign(k * k, 0);
  std::vector<uint32_t> confident(n);
  const double* t = r.thresholds.data();
  for (size_t e = 0; e < n; ++e) {
    const double* row = p + e * k;
    size_t best = k;
    for (size_t j = 0; j < k; ++j)
      if (row[j] >= t[j] && (best == k || row[j] > row[best])) best = j;
    confident[e] = static_cast<uint32_t>(best);
    if (best != k) {
      ++r.confident_joint[given[e] * k + best];
      ++r.counted;
    }
  }

  // Eq. 3, kept as calibrated counts (n * Q) until the end.
  std::vector<uint64_t> row_sums(k, 0);
  for (size_t i = 0; i < k; ++i)
    for (size_t j = 0; j < k; ++j) row_sums[i] += r.confident_joint[i * k + j];
  r.calibrated_joint.assign(k * k, 0.0);
  for (size_t i = 0; i < k; ++i) {
    const double count = static_cast<double>(r.given_counts[i]);
    if (r.given_counts[i] == 0) continue;
    if (row_sums[i] == 0) {
      r.calibrated_joint[i * k + i] = count;  // see the header: estimated correct
      continue;
    }
    for (size_t j = 0; j < k; ++j)
      r.calibrated_joint[i * k + j] = static_cast<double>(r.confident_joint[i * k + j]) *
                                      count / static_cast<double>(row_sums[i]);
  }
  for (size_t i = 0; i < k; ++i)
    for (size_t j = 0; j < k; ++j)
      if (i != j) r.estimated_errors += r.calibrated_joint[i * k + j];
  for (double& q : r.calibrated_joint) q /= static_cast<double>(n);

  for (size_t e = 0; e < n; ++e)
    if (confident[e] != k && confident[e] != given[e])
      r.off_diagonal.push_back(IssueOf(e, given[e], p + e * k, k));
  Rank(r.off_diagonal);

  // Prune by noise rate. The examples are bucketed by given label (a counting
  // sort) so each cell scans only its row's examples: O(n k) in all.
  std::vector<size_t> start(k + 1, 0);
  for (size_t i = 0; i < k; ++i) start[i + 1] = start[i] + r.given_counts[i];
  std::vector<size_t> by_label(n);
  {
    std::vector<size_t> next(start.begin(), start.end() - 1);
    for (size_t e = 0; e < n; ++e) by_label[next[given[e]]++] = e;
  }
  std::vector<uint8_t> flagged(n, 0);
  std::vector<std::pair<double, size_t>> margins;  // (p_j - p_i, example)
  for (size_t i = 0; i < k; ++i) {
    if (row_sums[i] == 0) continue;  // all on the diagonal, nothing to prune
    const uint64_t count = r.given_counts[i];
    for (size_t j = 0; j < k; ++j) {
      if (j == i) continue;
      // round(C[i][j] * count / row_sum), a half up, in integers.
      const uint64_t num = 2 * r.confident_joint[i * k + j] * count + row_sums[i];
      const size_t m = std::min<uint64_t>(num / (2 * row_sums[i]), count);
      if (m == 0) continue;
      margins.clear();
      for (size_t s = start[i]; s < start[i + 1]; ++s) {
        const size_t e = by_label[s];
        margins.emplace_back(p[e * k + j] - p[e * k + i], e);
      }
      const auto larger = [](const std::pair<double, size_t>& a,
                             const std::pair<double, size_t>& b) {
        if (a.first != b.first) return a.first > b.first;
        return a.second < b.second;
      };
      std::nth_element(margins.begin(), margins.begin() + (m - 1), margins.end(), larger);
      for (size_t s = 0; s < m; ++s) flagged[margins[s].second] = 1;
    }
  }
  for (size_t e = 0; e < n; ++e)
    if (flagged[e]) r.pruned_by_noise_rate.push_back(IssueOf(e, given[e], p + e * k, k));
  Rank(r.pruned_by_noise_rate);
  return r;
}

}  // namespace taxa::core
