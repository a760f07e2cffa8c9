// Helpers shared by the agreement coefficients (agreement.cpp, agreement_alpha.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "taxa/core/agreement.h"
#include "taxa/core/status.h"

namespace taxa::core::agreement_internal {

// Counts of the items and ratings that can be paired (items with >= 2 ratings).
struct Pairable {
  size_t items = 0;
  size_t values = 0;
  size_t single_items = 0;  // items with one rating, skipped
};

Pairable CountPairable(const Ratings& ratings);

// kInvalidInput unless `ratings` has at least two annotators.
Status RequireAnnotators(const Ratings& ratings, const char* coefficient);

// kFailedPrecondition when no item is pairable, or (when `min_items` is 2) only
// one is.
Status RequirePairable(const Pairable& p, size_t min_items, const char* coefficient);

// "skipped N items with a single rating" or "".
std::string SkipNote(const Pairable& p);

// Quoted value name for messages.
std::string QuoteValue(const Ratings& ratings, uint32_t value);

}  // namespace taxa::core::agreement_internal
