// The history of one folder along a branch's first-parent chain: which files
// under it each commit changed, with the blob ids before and after, read
// straight from the object database (no work tree, no index). What the
// taxonomy's history, diff and blame (app/session/taxonomy_history.h) build
// their cache from; the repository stays the source of truth.
//
//   bool met = false;
//   TAXA_ASSIGN_OR_RETURN(auto steps,
//       FirstParentChanges(repo, head, "taxonomy", /*stop=*/cached_tip, &met));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "taxa/core/status.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

// One file under the folder that a commit changed; blob ids are 40 hex
// digits, "" where the file is absent (added: before ""; deleted: after "").
struct PathChange {
  std::string path;  // from the repository's root: "taxonomy/categories/a.json"
  std::string before;
  std::string after;
};

// One commit of a first-parent chain.
struct ChainStep {
  std::string commit;
  std::vector<std::string> parents;  // first parent first; empty for the root
  int64_t time = 0;                  // author time, seconds since the epoch
  std::vector<PathChange> changes;   // against the first parent, sorted by path
};

// The first-parent chain from `tip` back, newest first, ending before
// `stop` (which is not included) or at the root commit; `*met_stop` (may be
// null) says whether `stop` was met. Each step lists the files under
// `folder` ("taxonomy") that differ from its first parent (for the root:
// every file). A commit whose folder tree equals its parent's costs one tree
// lookup. kInvalidInput for a malformed id, kNotFound for a missing commit.
Result<std::vector<ChainStep>> FirstParentChanges(Repository& repo, const std::string& tip,
                                                  const std::string& folder,
                                                  const std::string& stop, bool* met_stop);

}  // namespace taxa::sync
