// Reliability data from a project's current labels, for the quality use cases
// (quality_ops.cpp, calibration_ops.cpp, gold_ops.cpp). Private to the session.
//
//   TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(index, {}));
//   TAXA_ASSIGN_OR_RETURN(core::Ratings nominal,
//                         Derive(labels.sets, core::ValueKind::kCategory, KeepLabels()));
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "session/quality.h"

#include "taxa/core/agreement.h"
#include "taxa/core/index.h"

namespace taxa::app {

// Which current labels to read. Empty sets mean "all".
struct LabelFilter {
  std::set<std::string, std::less<>> items;
  std::set<std::string, std::less<>> annotators;
  std::string meta_key;  // fills ProjectLabels::item_slice when not empty
  // True for answers that do not depend on the order of items (a coefficient,
  // a confusion matrix, standings): the items may then come in id order,
  // read without looking up each item's position, which is much faster on a
  // large project. A bootstrap stays reproducible: the order is fixed.
  bool any_order = false;
};

struct ProjectLabels {
  // Every kept label as a set of category ids (kLabelSet), items in project
  // order (id order with any_order), so item code k is the k-th labeled item.
  core::Ratings sets;
  // With a meta_key: the metadata value of each item code ("" when absent),
  // as a code into slice_names (each distinct value once, in order of first
  // use).
  std::vector<uint32_t> item_slice;
  std::vector<std::string> slice_names;
  // Labels the filter kept that are outdated (made under a category since
  // split or retired, core::LabelForward): left out of `sets`, counted here
  // so every statistic can say so.
  size_t outdated = 0;
};

// One pass over the index's current labels, straight into a RatingsBuilder.
Result<ProjectLabels> LoadProjectLabels(core::Index& index, const LabelFilter& filter);

// A label's categories as one category value: the ids joined by ";", the
// form Derive gives a multi-category label.
std::string JoinCategories(const std::vector<std::string>& categories);

// The gold value (JoinCategories) of every item whose gold label is not
// outdated (core::GoldLabel::outdated: no truth to compare against); the
// outdated ones are left out and, when `outdated` is given, counted there.
std::unordered_map<std::string, std::string> GoldByItem(const std::vector<core::GoldLabel>& gold,
                                                        size_t* outdated = nullptr);

// How Derive turns label sets into the ratings a coefficient reads: which
// ratings to keep, and each kept rating's value from its categories.
struct ValueMap {
  // Keeps the rating of `annotator` on `item` (codes of the source); null
  // keeps every rating.
  std::function<bool(uint32_t item, uint32_t annotator)> keep;
  // Writes the value's labels to `out` from the rating's categories (sorted
  // ids). It may depend on the categories only: Derive calls it once per
  // distinct label set. Null keeps the categories as they are.
  std::function<void(const std::vector<std::string>& categories, std::vector<std::string>& out)>
      value;
};

// Keeps every rating as it is.
inline ValueMap KeepLabels() { return {}; }

// New Ratings of `kind` from `sets` through `map`: kLabelSet takes the labels
// as a set; kCategory joins them with ';' ("a;b"); kNumber reads the joined
// text as a number (kInvalidInput naming the category when it is not one).
Result<core::Ratings> Derive(const core::Ratings& sets, core::ValueKind kind, const ValueMap& map);

// The same on collapsed label sets (core::CollapseItems): the rows keep their
// counts. `map` must not drop ratings (no keep): kInvalidInput otherwise.
Result<core::CollapsedRatings> Derive(const core::CollapsedRatings& sets, core::ValueKind kind,
                                      const ValueMap& map);

// Keeps each rating as `category` or "(not category)": one-vs-rest.
ValueMap OneVsRest(const std::string& category);

// How messages name the project's labels.
inline constexpr const char* kProjectLabels = "the project's labels";

// The coefficient of `options` on `ratings` as one row of a table; an error
// in `ratings` or an undefined value becomes the row's error.
AgreeRow MakeRow(std::string kind, std::string slice, const Result<core::Ratings>& ratings,
                 const AgreeOptions& options, const std::map<std::string, std::string>& tree);
AgreeRow MakeRow(std::string kind, std::string slice,
                 const Result<core::CollapsedRatings>& ratings, const AgreeOptions& options,
                 const std::map<std::string, std::string>& tree);

// Fills `standings` (one per annotator of `r`, by name) against the majority
// of each item with two or more ratings and against each peer who rated the
// same item (AnnotatorStanding::peer_pairs), and counts the tied items.
Status CountStandings(const core::Ratings& r, std::vector<AnnotatorStanding>& standings,
                      size_t& tied_items);

// The value kind that a level reads (defined in agree.cpp).
core::ValueKind KindForLevel(Level level);

}  // namespace taxa::app
