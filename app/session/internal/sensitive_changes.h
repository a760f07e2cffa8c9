// Which categories a taxonomy change touches, and which of them are flagged
// sensitive: what Proposals counts as needing a compliance approval and
// Releases as needing one on main. Private to app/session.
#pragma once

#include <set>
#include <string>

#include "taxa/core/taxonomy.h"

namespace taxa::app {

// The ids of the categories whose file differs between `before` and `after`
// (added, changed or removed), sorted.
std::set<std::string> ChangedCategories(const core::Taxonomy& before, const core::Taxonomy& after);

// True when `t` has category `id` and flags it sensitive.
bool SensitiveIn(const core::Taxonomy& t, const std::string& id);

// Of `ids`, those flagged sensitive in `before` or in `after`.
std::set<std::string> SensitiveAmong(const core::Taxonomy& before, const core::Taxonomy& after,
                                     const std::set<std::string>& ids);

// The categories whose file differs, sensitive before or after:
// SensitiveAmong(before, after, ChangedCategories(before, after)).
std::set<std::string> ChangedSensitiveCategories(const core::Taxonomy& before,
                                                 const core::Taxonomy& after);

}  // namespace taxa::app
