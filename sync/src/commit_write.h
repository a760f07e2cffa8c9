// Writing a commit object, signed when the caller gives a signer. Private to
// sync/src: Repository::Commit and the merge commit both go through it.
#pragma once

#include <git2.h>

#include <string>

#include "taxa/core/status.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

// Writes the commit of `tree` with `parents` (`count` of them), `author` as
// author and committer, `message` and `encoding` (null: none) into `repo`'s
// object database and sets `out` to its id; moves no reference. When
// `meta.sign` gives a signature for the commit's bytes, it is kept in the
// commit's "gpgsig" header, where git looks for it (git verify-commit). An
// error of `meta.sign` is returned as it is.
Status WriteCommit(git_repository* repo, const git_signature* author, const char* encoding,
                   const std::string& message, const git_tree* tree, size_t count,
                   const git_commit* parents[], const CommitMeta& meta, git_oid* out);

}  // namespace taxa::sync
