// Apply (apply.h), the label commands: what the annotator does to the current
// item, and moving between items. Private to apply.cpp and apply_labels.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "gui/apply.h"

namespace taxa::gui::detail {

// The open project; kFailedPrecondition while a job runs or when none is open.
Result<app::Project*> NeedProject(app::ProjectHost& host);
// Makes the item at position `ord` the current one; kNotFound past the end.
Status SelectAt(app::Project& session, int64_t ord, Selection& selection);

Result<std::string> Do(const SubmitLabel& c, ApplyTarget& t);
Result<std::string> Do(const SkipItem& c, ApplyTarget& t);
Result<std::string> Do(const UnskipItem& c, ApplyTarget& t);
Result<std::string> Do(const ClearLabel& c, ApplyTarget& t);
Result<std::string> Do(const UndoLabel& c, ApplyTarget& t);
Result<std::string> Do(const SelectItem& c, ApplyTarget& t);
Result<std::string> Do(const GoToItem& c, ApplyTarget& t);

}  // namespace taxa::gui::detail
