// Confusion matrices and accuracy against a reference: an annotator against gold
// (adjudicated) labels, a model against gold, or one annotator against another.
//
// Input is a list of (item, truth, predicted) pairs of category names; the item
// is carried only to name it in messages (the same item may appear once per
// annotator). Scores follow scikit-learn's definitions with zero_division=0:
//
//   TAXA_ASSIGN_OR_RETURN(std::vector<LabelPair> pairs,
//                         PairsBetween(ratings, "gold", "ann"));
//   TAXA_ASSIGN_OR_RETURN(ConfusionReport report, BuildConfusion(pairs));
//   double f1 = report.per_category[0].f1;            // categories sorted by name
//   for (const ConfusedPair& p : MostConfusedPairs(report, 5)) ...
//
// Every number is finite: a category never predicted has precision 0, one never
// in the truth has recall 0, and F1 is 0 when precision + recall is 0; each
// such case is listed in `notes`. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "taxa/core/agreement.h"
#include "taxa/core/status.h"

namespace taxa::core {

// One compared label: `truth` is the reference (gold, or the first annotator).
struct LabelPair {
  std::string item;
  std::string truth;
  std::string predicted;
};

struct ConfusionOptions {
  // The categories, in the order of the matrix rows and columns. Empty: the
  // distinct names in truth and predicted, sorted by byte value (as
  // scikit-learn's unique_labels sorts strings). Given: every label in the
  // pairs must be listed (categories with no pairs are kept, with 0 scores).
  std::vector<std::string> categories;
};

struct CategoryScores {
  std::string category;
  double precision = 0;  // tp / (tp + fp); 0 when the category was never predicted
  double recall = 0;     // tp / (tp + fn); 0 when it never occurs in the truth
  double f1 = 0;         // 2 tp / (2 tp + fp + fn); 0 when that is 0 / 0
  uint64_t support = 0;    // pairs whose truth is the category
  uint64_t predicted = 0;  // pairs predicting the category
};

struct AveragedScores {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

struct ConfusionReport {
  std::vector<std::string> categories;  // K names, the order of rows and columns
  // K x K counts, row-major: counts[t * K + p] = pairs with truth t, predicted p.
  std::vector<uint64_t> counts;
  std::vector<CategoryScores> per_category;  // K entries, in `categories` order
  uint64_t total = 0;                        // pairs
  double accuracy = 0;                       // trace / total
  AveragedScores macro;     // unweighted mean over the K categories
  AveragedScores weighted;  // mean weighted by support
  // One line per score set to 0 by a zero division, naming the category, e.g.
  // "precision of \"cat\" is 0: never predicted".
  std::vector<std::string> notes;

  size_t CategoryCount() const { return categories.size(); }
  uint64_t Count(size_t truth, size_t predicted) const {
    return counts[truth * categories.size() + predicted];
  }
};

// Builds the matrix and the scores. kFailedPrecondition for no pairs;
// kInvalidInput for an empty truth or predicted name (naming the item), for
// a label missing from options.categories (naming it and the item), or for a
// category listed twice.
Result<ConfusionReport> BuildConfusion(const std::vector<LabelPair>& pairs,
                                       const ConfusionOptions& options = {});

// An off-diagonal cell pair of the matrix: a taken for b plus b taken for a.
struct ConfusedPair {
  std::string a;           // the earlier of the two in the report's order
  std::string b;
  uint64_t a_as_b = 0;     // truth a, predicted b
  uint64_t b_as_a = 0;     // truth b, predicted a
  uint64_t total = 0;      // a_as_b + b_as_a
  double share = 0;        // total / report.total
};

// The category pairs most often confused, by symmetrised count, largest first;
// ties in the report's category order of (a, b). Pairs never confused are
// left out; at most `limit` pairs (0 means all).
std::vector<ConfusedPair> MostConfusedPairs(const ConfusionReport& report, size_t limit = 0);

// The pairs of two annotators of `ratings` over the items both rated, in item
// order: truth from `truth_annotator` (e.g. a gold annotator), predicted from
// `predicted_annotator`. kNotFound for an annotator not in the ratings;
// kInvalidInput for label-set ratings (numbers use their display form);
// kFailedPrecondition when the two share no item.
Result<std::vector<LabelPair>> PairsBetween(const Ratings& ratings,
                                            std::string_view truth_annotator,
                                            std::string_view predicted_annotator);

// The pairs of one annotator against gold labels given per item name (items
// without gold, or not rated by the annotator, are skipped). Errors as
// PairsBetween; kFailedPrecondition when no rated item has gold.
Result<std::vector<LabelPair>> PairsWithGold(
    const Ratings& ratings, std::string_view annotator,
    const std::unordered_map<std::string, std::string>& gold_by_item);

}  // namespace taxa::core
