// Confident learning: which given labels a model's out-of-sample predicted
// probabilities say are probably wrong, after Northcutt, Jiang & Chuang (2021),
// "Confident Learning: Estimating Uncertainty in Dataset Labels", JAIR 70.
//
// Input is n examples, each with its given (possibly noisy) label index in
// [0, k) and k predicted probabilities from a model that did not train on it
// (e.g. cross-validated), row-major in one array:
//
//   std::vector<uint32_t> given = {0, 2, 1, ...};               // n labels
//   std::vector<double> probabilities = {0.9, 0.05, 0.05, ...}; // n * k
//   TAXA_ASSIGN_OR_RETURN(ConfidentLearningReport r,
//                         FindLabelIssues(given, probabilities, /*classes=*/3));
//   for (const LabelIssue& issue : r.pruned_by_noise_rate) ...  // least confident first
//   double errors = r.estimated_errors;
//
// What is computed (the paper's numbering):
// - thresholds (eq. 2): t_j = the mean of p_j over the examples whose given
//   label is j. A class that no example is given has no such mean; its
//   threshold is +infinity (cleanlab uses 2 for the same purpose), so no
//   example is ever confidently counted as that class: its column of the
//   confident joint is all 0. `given_counts[j] == 0` tells such classes apart.
// - the confident joint (eq. 1): an example with given label i is counted in
//   C[i][j] for the class j with p_j >= t_j; when several classes pass, the one
//   with the largest p_j among them (ties: the lowest index); when none passes,
//   the example is not counted at all. (cleanlab's compute_confident_joint takes
//   the argmax over all classes when several pass, and subtracts 1e-6 from each
//   threshold; this follows the paper.)
// - the calibrated joint (eq. 3): row i of C rescaled to sum to the number of
//   examples given label i, then everything divided by n, an estimate of
//   Q(given label, true label) that sums to 1. In exact arithmetic the row of
//   a label that is given is never all 0 (the example with the largest p_i
//   among those given i reaches their mean, so it is counted somewhere in row
//   i); rounding in the mean can make it so (e.g. three examples all with
//   p_i = 0.1, whose computed mean is 0.10000000000000002). Such a row cannot
//   be rescaled and is taken to be all on the diagonal (as cleanlab's clip of
//   the diagonal to at least 1 does): those examples are estimated correct.
// - label issues by two of the paper's methods:
//   `off_diagonal` (C_confusion on the confident joint, cleanlab's
//   "confident_learning"/cj_only): the examples counted in C[i][j], j != i;
//   `pruned_by_noise_rate` (the paper's "prune by noise rate"): for each cell
//   (i, j), j != i, the m_ij examples given label i with the largest margin
//   p_j - p_i (ties: lower example index first), where m_ij is the calibrated
//   count n * Q[i][j] = C[i][j] * given_counts[i] / rowsum_i rounded to the
//   nearest integer, a half rounded up, computed exactly in integers (cleanlab
//   rounds so that each row keeps its total and keeps at least one example
//   per class; neither is in the paper). An example chosen for several cells
//   is listed once. A pruned example may have its given label as its argmax
//   (its `suggested` equals `given`): the cell's count asked for more
//   examples than were confidently elsewhere.
//   Both lists are ranked by self-confidence p_given ascending, ties by example
//   index.
// - estimated_errors: n times the off-diagonal sum of Q (the off-diagonal sum
//   of the calibrated counts).
//
// Cost: O(n k) time in a few passes over the probabilities, plus sorting the
// flagged examples; O(n + k^2) extra memory in a handful of buffers (no
// per-example allocation). n must stay below 2^31 (the integer rounding
// multiplies two counts). All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

// One example whose given label confident learning doubts.
struct LabelIssue {
  size_t example = 0;          // index into the input
  uint32_t given = 0;          // its given label
  uint32_t suggested = 0;      // argmax of its probabilities (ties: the lowest index)
  double self_confidence = 0;  // p_given: its probability of the given label
};

struct ConfidentLearningReport {
  size_t examples = 0;  // n
  size_t classes = 0;   // k
  std::vector<uint64_t> given_counts;  // k: examples given each label
  // k thresholds t_j (eq. 2); +infinity where given_counts[j] == 0.
  std::vector<double> thresholds;
  // k x k, row-major: confident_joint[i * k + j] = C[i][j] (eq. 1).
  std::vector<uint64_t> confident_joint;
  uint64_t counted = 0;  // examples counted in the confident joint (its sum)
  // k x k, row-major: Q[i][j] (eq. 3), sums to 1; rows of classes never given are 0.
  std::vector<double> calibrated_joint;
  double estimated_errors = 0;  // n * (sum of Q off the diagonal)
  std::vector<LabelIssue> off_diagonal;          // ranked, see above
  std::vector<LabelIssue> pruned_by_noise_rate;  // ranked, see above

  uint64_t Joint(size_t given, size_t confident) const {
    return confident_joint[given * classes + confident];
  }
  double Calibrated(size_t given, size_t truth) const {
    return calibrated_joint[given * classes + truth];
  }
};

// Runs confident learning over `given` (n labels) and `probabilities`
// (n * classes, row-major); neither is kept. kInvalidInput when classes < 2,
// when the sizes disagree, when n >= 2^31, or naming the first bad example
// ("example 12: ...") for a label not below `classes`, a probability that is
// not finite or outside [0, 1], or a row that does not sum to 1 within 1e-6.
// kFailedPrecondition for no examples.
Result<ConfidentLearningReport> FindLabelIssues(std::span<const uint32_t> given,
                                                std::span<const double> probabilities,
                                                size_t classes);

}  // namespace taxa::core
