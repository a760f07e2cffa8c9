// Inter-annotator agreement: a reliability-data model and the usual coefficients.
//
// Reliability data are (item, annotator, value) triples; a missing rating is
// simply absent. The builder interns items, annotators and values to dense ints:
//
//   RatingsBuilder b;
//   TAXA_RETURN_IF_ERROR(b.AddCategory("doc1", "ann", "spam"));
//   TAXA_RETURN_IF_ERROR(b.AddCategory("doc1", "bob", "ham"));
//   TAXA_ASSIGN_OR_RETURN(Ratings ratings, std::move(b).Build());
//   TAXA_ASSIGN_OR_RETURN(AgreementResult a,
//                         KrippendorffAlpha(ratings, {.metric = AlphaMetric::kNominal}));
//
// Every coefficient returns a finite value or a Status, never NaN:
//   kInvalidInput       the data do not fit the coefficient (fewer than two
//                       annotators, wrong value kind, Cohen's kappa with other
//                       than two annotators, unequal ratings per item for Fleiss,
//                       an ordered metric on unordered categories, ...);
//   kFailedPrecondition the data are degenerate for it: no item has two or more
//                       ratings ("no pairable values"), fewer than two such items
//                       for a chance-corrected coefficient, or no variation (one
//                       value used by everyone, so expected disagreement is 0).
// All functions are pure and thread-safe on a const Ratings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

// What a value is. All ratings in one Ratings have the same kind.
enum class ValueKind {
  kCategory,  // a string: nominal, or ordinal given an order or numeric text
  kNumber,    // a finite double: interval or ratio (also ordinal, nominal)
  kLabelSet,  // a set of strings: multi-label
};

// Interned reliability data. Codes are dense: items 0..ItemCount()-1 in order of
// first appearance, likewise annotators, values, and labels.
struct Ratings {
  ValueKind kind = ValueKind::kCategory;
  std::vector<std::string> item_names;
  std::vector<std::string> annotator_names;
  // Display form of each value code: the category, the number (shortest text
  // that reads back exactly), or the labels as "{a,b}" (sorted by label code).
  std::vector<std::string> value_names;
  // The number of each value code: for kNumber always; for kCategory only when
  // every category parses entirely as a finite number (else empty).
  std::vector<double> value_numbers;
  // kLabelSet: sorted, distinct label codes of each value code, and label names.
  std::vector<std::vector<uint32_t>> value_labels;
  std::vector<std::string> label_names;
  // Ratings grouped by item (compressed rows): those of item i are the indices
  // [item_begin[i], item_begin[i+1]), sorted by annotator. Every item has at
  // least one rating.
  std::vector<uint32_t> item_begin;
  std::vector<uint32_t> rating_annotator;
  std::vector<uint32_t> rating_value;

  size_t ItemCount() const { return item_names.size(); }
  size_t AnnotatorCount() const { return annotator_names.size(); }
  size_t ValueCount() const { return value_names.size(); }
  size_t RatingCount() const { return rating_value.size(); }
  bool IsNumeric() const { return !value_numbers.empty(); }
};

// Collects triples and interns them. The first Add fixes the value kind; adding
// another kind is kInvalidInput. Not thread-safe.
class RatingsBuilder {
 public:
  RatingsBuilder();
  ~RatingsBuilder();
  RatingsBuilder(RatingsBuilder&&) noexcept;
  RatingsBuilder& operator=(RatingsBuilder&&) noexcept;

  // Hints the expected sizes; optional.
  void Reserve(size_t items, size_t ratings);

  Status AddCategory(std::string_view item, std::string_view annotator, std::string_view value);
  // kInvalidInput for NaN or infinity. -0.0 is the same value as 0.0.
  Status AddNumber(std::string_view item, std::string_view annotator, double value);
  // Duplicate labels collapse; the empty set is a value of its own.
  Status AddLabels(std::string_view item, std::string_view annotator,
                   const std::vector<std::string>& labels);

  // ---- for callers that meet few distinct values in many ratings ----
  // A value is declared once (interned as the Add above would, fixing the
  // kind), then rated by its code: no value text is read per rating.
  //
  //   uint32_t yes = builder.DeclareCategory("yes");
  //   for (...) TAXA_RETURN_IF_ERROR(builder.AddRating(item, annotator, yes));
  Result<uint32_t> DeclareCategory(std::string_view value);
  Result<uint32_t> DeclareNumber(double value);
  Result<uint32_t> DeclareLabels(const std::vector<std::string>& labels);
  // `value` is a code a Declare call returned. Ratings keep the order values
  // were declared in, as the Add calls keep the order of first use.
  Status AddRating(std::string_view item, std::string_view annotator, uint32_t value);

  // A promise that each item's ratings arrive together, in one run (a scan
  // ordered by item): an item name that differs from the previous rating's is
  // then numbered as new without a lookup. Call before the first Add.
  void ItemsArriveGrouped();

  // kInvalidInput when an item has two ratings from one annotator (naming both)
  // or there are more than 2^32-2 ratings. An empty builder gives empty Ratings.
  // The builder is consumed.
  Result<Ratings> Build() &&;

 private:
  struct State;
  State* state_;
};

// One coefficient over one Ratings.
struct AgreementResult {
  double value = 0;
  size_t items = 0;            // items that entered the coefficient
  size_t pairable_values = 0;  // ratings in those items
  std::string note;            // what was skipped or assumed, "" if nothing
};

// Pairwise percent agreement: over items with two or more ratings, the mean of
// each item's share of agreeing rating pairs (values equal; sets equal as
// sets). 1.0 when every rating is the same value (defined, and noted).
// kInvalidInput with fewer than two annotators; kFailedPrecondition when no item
// has two ratings.
Result<AgreementResult> PercentAgreement(const Ratings& ratings);

enum class KappaWeights { kNone, kLinear, kQuadratic };

struct KappaOptions {
  KappaWeights weights = KappaWeights::kNone;
  // Order of categories for weights when they are not all numbers (numbers
  // sort numerically and this is ignored). Every category must appear.
  std::vector<std::string> category_order;
};

// Cohen's kappa, optionally weighted (Cohen 1968), for exactly two annotators
// over the items both rated (others are skipped and noted). Weights use the
// rank difference |i-j| or (i-j)^2 of the categories in order, the ranks
// counted over the categories the two annotators used (numeric data) or over
// `category_order` (as scikit-learn's cohen_kappa_score with labels=).
Result<AgreementResult> CohensKappa(const Ratings& ratings, const KappaOptions& options = {});

// Scott's pi, generalised to any number of annotators (Fleiss' formula without
// its equal-count requirement): observed = PercentAgreement, expected = sum of
// squared pooled value shares over the items with two or more ratings.
Result<AgreementResult> ScottsPi(const Ratings& ratings);

// Bennett, Alpert and Goldstein's S: expected agreement 1/q with q the number
// of possible values, `categories` if nonzero, else the distinct values used.
Result<AgreementResult> BennettsS(const Ratings& ratings, size_t categories = 0);

// Fleiss' kappa (1971). Every item must have the same number (>= 2) of ratings;
// otherwise kInvalidInput naming two items whose counts differ. Annotators may
// differ between items.
Result<AgreementResult> FleissKappa(const Ratings& ratings);

enum class AlphaMetric {
  kNominal,   // any kind; values equal or not
  kOrdinal,   // numbers, numeric categories, or categories with an order
  kInterval,  // numbers or numeric categories
  kRatio,     // non-negative numbers or numeric categories
  kJaccard,   // label sets: 1 - |A n B| / |A u B|
  kMasi,      // label sets: Passonneau's MASI distance
  kTreePath,  // categories in a taxonomy tree: edges on the path between them
};

struct AlphaOptions {
  AlphaMetric metric = AlphaMetric::kNominal;
  // For kOrdinal on non-numeric categories: every category, lowest first.
  std::vector<std::string> category_order;
  // For kTreePath: the parent of each category (keys and parents are value
  // names as rated), "" for a top-level category. Top-level categories join at
  // a virtual root, so two of them are 2 edges apart.
  std::map<std::string, std::string> tree_parent;
};

// Krippendorff's alpha via the coincidence matrix ("Computing Krippendorff's
// Alpha-Reliability", 2011). Missing data allowed; items with one rating are
// not pairable and are skipped. The ordinal distance uses the marginal value
// frequencies. The set distances enter as delta^2 directly, as in NLTK.
// Cost: one pass over the ratings plus O(V^2) in the number of distinct values
// V (O(V) for interval), and a V x V matrix when V <= 1024.
//
// kTreePath (hierarchical alpha): delta2(c, k) is the number of edges on the
// path from c up to the lowest common ancestor and down to k, entered directly
// as delta^2 (as NLTK does with a custom distance), not normalised: alpha is a
// ratio of two disagreements, so scaling every distance by a constant (say,
// dividing by the tree's diameter) leaves it unchanged. Siblings are 2 apart,
// parent and child 1, and a near miss under the same parent costs less than a
// confusion across branches. Category or numeric ratings only. kInvalidInput
// when a rated value is not a key of tree_parent (naming it), when a parent is
// neither "" nor a key (naming both), or when the parents form a cycle (naming
// a category on it).
Result<AgreementResult> KrippendorffAlpha(const Ratings& ratings, const AlphaOptions& options = {});

struct BootstrapOptions {
  size_t resamples = 1000;
  double level = 0.95;  // in (0, 1)
  uint64_t seed = 1;
};

struct ConfidenceInterval {
  double estimate = 0;  // alpha on the data
  double lo = 0;
  double hi = 0;
  size_t resamples = 0;  // resamples that gave a finite alpha
};

// Percentile bootstrap interval for alpha, resampling pairable items with
// replacement. Each item's contribution to the observed disagreement and to
// the expected one (its values' disagreement with the pooled values) is
// computed once; a resample sums them, so its expected disagreement keeps the
// full data's value distribution. Resample r draws from ResampleStream(seed,
// r) (resampling.h: std::mt19937_64 from one word mixed of seed and r), so
// the same seed gives the same interval on any machine, whatever the
// number of threads the resamples ran on. Errors as KrippendorffAlpha, plus
// kInvalidInput for resamples == 0 or a level outside (0, 1), and
// kFailedPrecondition when no resample has variation.
Result<ConfidenceInterval> BootstrapAlpha(const Ratings& ratings, const AlphaOptions& options,
                                          const BootstrapOptions& bootstrap = {});

// Ratings whose items that share one multiset of values are kept once, with
// how many items they stand for. Krippendorff's alpha and its bootstrap read
// nothing else of an item, so on a large project with few distinct label
// combinations they run over thousands of rows instead of millions, with the
// same result (the bootstrap draws the same resamples: its groups of
// interchangeable items come out in the same order with the same sizes).
struct CollapsedRatings {
  // The first item of each multiset of values, in item order, with its
  // ratings as they were; annotators, values and labels as in the source.
  Ratings ratings;
  std::vector<uint64_t> count;  // per row of `ratings`: the items it stands for (>= 1)
};

// Collapses `ratings` as above. O(ratings) expected time.
CollapsedRatings CollapseItems(const Ratings& ratings);

// KrippendorffAlpha and BootstrapAlpha of the ratings `collapsed` stands for:
// the same values, counts, notes and errors as on those ratings.
Result<AgreementResult> KrippendorffAlpha(const CollapsedRatings& collapsed,
                                          const AlphaOptions& options = {});
Result<ConfidenceInterval> BootstrapAlpha(const CollapsedRatings& collapsed,
                                          const AlphaOptions& options,
                                          const BootstrapOptions& bootstrap = {});

}  // namespace taxa::core
