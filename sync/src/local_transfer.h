// Fetch and push between two repositories on this machine (a path or a
// file:// URL: a bare repository on a share or a USB disk) without building
// a pack. libgit2's local transport deltifies and deflates every new object
// into a pack and indexes it again on the other side; label segments are
// zstd frames that neither step can shrink, so that work is wasted. Here the
// objects one side lacks move one by one: a loose object as its file (a hard
// link, or a byte copy across file systems: loose_object_file.h), a packed
// one read and written loose. The branch moves last, by compare-and-swap: a
// process killed midway leaves only unreferenced objects behind.
//
// Unlike `git push` to a path, no hook of the destination runs.
// Private to sync/src.
#pragma once

#include <git2.h>

#include <functional>
#include <optional>
#include <string>

#include "taxa/core/status.h"

namespace taxa::sync {

// The folder `url` names when it is a local path or a file:// URL; nullopt
// for network URLs (scp-like "host:path" included).
std::optional<std::string> LocalRepositoryPath(const std::string& url);

// Copies into `to` every object reachable from the commit `tip` of `from`
// that `to` lacks. Commits that `to` already references (any of its refs)
// bound the walk, and a tree `to` already holds is not descended into (a
// repository holds everything its objects reach). `progress(done, total)` is
// called per commit when given. kNotFound when `tip` is not in `from`.
Status CopyMissingObjects(git_repository* from, git_repository* to, const git_oid& tip,
                          const std::function<void(size_t, size_t)>& progress = nullptr);

}  // namespace taxa::sync
