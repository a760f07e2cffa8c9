// Conflicts: the records a merge wrote under conflicts/ for what it could
// not decide alone (the same field changed two ways, an edit against a
// delete, a cycle, two siblings with one name), and closing them.
//
//   Conflicts conflicts(*project);
//   TAXA_ASSIGN_OR_RETURN(std::vector<core::MergeConflict> open, conflicts.List());
//   TAXA_RETURN_IF_ERROR(conflicts.Resolve("3f2a9c", {.take = Resolution::Take::kTheirs}));
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "session/project.h"

#include "taxa/core/merge.h"

namespace taxa::app {

// How to close a merge conflict: take one side's value, or a literal JSON value.
struct Resolution {
  enum class Take { kOurs, kTheirs, kBase, kValue };
  Take take = Take::kOurs;
  std::string value;  // JSON text, for kValue only
};

// "ours", "theirs", "base" or "value" (the Taxa-Resolution trailer's words).
std::string_view TakeName(Resolution::Take take);
// A resolution from text as a person types it: "ours", "theirs" or "base",
// else a JSON value, else (text that is not JSON) the text as a JSON string.
Resolution ParseResolution(std::string_view text);

// A conflict closed by Conflicts::Resolve, and how.
struct ResolvedConflict {
  core::MergeConflict conflict;
  Resolution resolution;
};

class Conflicts {
 public:
  explicit Conflicts(Project& project);

  // The open conflict records at HEAD (conflicts/*.json), sorted by path,
  // then field, then id, each with `ours` this replica's side (the side whose
  // commit our main once held; the file's fixed order when that is unknown).
  // An unreadable record fails naming its file.
  Result<std::vector<core::MergeConflict>> List();
  // The conflict whose id is `id`, or whose id alone starts with `id` (at
  // least 6 characters). kNotFound naming `id` when none; kInvalidInput when
  // a prefix matches several.
  Result<core::MergeConflict> Get(const std::string& id);
  // Applies `r` to the conflict's file and removes its record, as one commit
  // (Taxa-Action: conflict.resolve), then reloads. "field" and "cycle"
  // conflicts of category, attribute and settings files set the field;
  // "edit-delete" keeps or deletes the file (ours/theirs/base only);
  // "sibling-name" only closes the record once the names differ. A value
  // that leaves the taxonomy with a new problem is refused (kInvalidInput);
  // what cannot be resolved soundly is kFailedPrecondition.
  Status Resolve(const std::string& id, const Resolution& r);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
