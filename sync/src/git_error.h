// libgit2's error codes become Status here, and only here.
#pragma once

#include <string>
#include <string_view>

#include "taxa/core/status.h"

typedef struct git_oid git_oid;

namespace taxa::sync {

// Converts a negative libgit2 return code into a Status naming `what` and
// libgit2's last message (which may be absent in 1.5).
Status GitStatus(int rc, std::string_view what);

// The Status for an object of the repository that could not be read (`rc`
// from the lookup), naming what the object holds: `what` is a path
// ("labels/alice/4f2a/00000001.jsonl.zst"), a folder ("labels/alice/"),
// "HEAD", or empty (no prefix: for a commit, whose id says it). kCorrupt
// "WHAT: object ID is missing (run taxa fsck)" for an absent object, "... is
// damaged (run taxa fsck)" for one that fails to inflate, parse or hash to
// its id; kIo keeping libgit2's message when the operating system refused
// the read. Call it right after the failing libgit2 call (it reads
// libgit2's last error).
Status ObjectStatus(int rc, const git_oid& id, std::string_view what);

// libgit2's last error message on one line, trailing spaces dropped;
// `if_none` when it left none. Call it right after the failing libgit2 call.
std::string LastGitMessage(std::string_view if_none = "");

// Calls git_libgit2_init once per process; safe from any thread.
void EnsureLibgit2();

}  // namespace taxa::sync

#define TAXA_GIT(expr, what)                                       \
  do {                                                             \
    int taxa_git_rc_ = (expr);                                     \
    if (taxa_git_rc_ < 0) return ::taxa::sync::GitStatus(taxa_git_rc_, what); \
  } while (false)
