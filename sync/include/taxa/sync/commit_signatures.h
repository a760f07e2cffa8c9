// What `taxa verify` reads from git: the commits reachable from some
// references, and each commit's signature with the bytes it signs.
//
//   TAXA_ASSIGN_OR_RETURN(auto ids, ReachableCommits(repo, {"refs/heads/main",
//                                                           "refs/heads/proposals/*"}));
//   TAXA_ASSIGN_OR_RETURN(CommitSignature s, ReadCommitSignature(repo, ids[0]));
//   if (s.signature) SshVerify(*s.signature, s.signed_data, "git");
//
// Signing itself happens in Repository::Commit (CommitMeta::sign).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "taxa/core/status.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

// Every commit reachable from any of `refs` (full reference names; a name
// ending in "/*" stands for every reference under that folder), each once,
// newest first in topological order. A reference that does not exist adds
// nothing. kCorrupt naming the commit when one cannot be read.
Result<std::vector<std::string>> ReachableCommits(Repository& repo,
                                                  const std::vector<std::string>& refs);

// The signature a commit carries and the bytes it was made over.
struct CommitSignature {
  std::optional<std::string> signature;  // the "gpgsig" header, armored; nullopt when unsigned
  std::string signed_data;  // the commit object without that header (what was signed)
};

// Reads the signature of `commit` (40 hex digits). kInvalidInput for a
// malformed id; kNotFound when no such commit is here.
Result<CommitSignature> ReadCommitSignature(Repository& repo, const std::string& commit);

}  // namespace taxa::sync
