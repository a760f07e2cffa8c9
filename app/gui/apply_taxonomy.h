// Apply (apply.h), the Taxonomy editor's commands. Private to apply.cpp and
// apply_taxonomy.cpp.
#pragma once

#include <string>

#include "gui/apply.h"

namespace taxa::gui::detail {

Result<std::string> Do(const AddCategory& c, ApplyTarget& t);
Result<std::string> Do(const EditCategory& c, ApplyTarget& t);
Result<std::string> Do(const MoveCategory& c, ApplyTarget& t);
Result<std::string> Do(const DeprecateCategory& c, ApplyTarget& t);
Result<std::string> Do(const MergeCategories& c, ApplyTarget& t);
Result<std::string> Do(const SplitCategory& c, ApplyTarget& t);
Result<std::string> Do(const DecideProposal& c, ApplyTarget& t);
Result<std::string> Do(const MergeProposal& c, ApplyTarget& t);

}  // namespace taxa::gui::detail
