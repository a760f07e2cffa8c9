// Checking a project repository's objects, and restoring the damaged or
// missing ones from a peer that has them whole.
//
// Fsck reads every commit, folder (tree) and file (blob) reachable from the
// repository's references (HEAD, refs/heads/*, refs/remotes/*, refs/taxa/*,
// tags): each must inflate, parse, and hash to its id. It reports each one
// that does not (damaged) or is absent (missing), with what it holds: the
// commits and paths that reference it.
//
// Repair brings those objects from a peer (a configured remote, a URL or a
// path, or a bundle file), checks each against its id, and writes it into
// the object database; a damaged file is first moved aside into
// <git dir>/taxa/quarantine/, never deleted. A normal fetch would not help:
// the peer sends nothing our references already reach, damaged or not. So a
// network remote is fetched whole into a temporary repository, a bundle's
// pack is indexed into one, and a repository on this machine is read in place.
//
//   TAXA_ASSIGN_OR_RETURN(FsckReport report, Fsck(repo));
//   if (!report.whole()) {
//     TAXA_ASSIGN_OR_RETURN(RepairReport r, Repair(repo, "origin"));
//     // r.restored: what came back; r.after.bad: what is still damaged,
//     // with r.unrestored saying why the peer could not help.
//   }
//
// Not thread-safe with other uses of `repo` (one Repository per thread).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "taxa/core/status.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

enum class ObjectProblem {
  kDamaged,  // present but does not inflate, parse or hash to its id
  kMissing,  // referenced, but in no object file or pack
};

// At most this many referencing commits are listed per object (commit_count
// counts them all).
inline constexpr size_t kMaxCommitsListed = 20;

struct BadObject {
  std::string id;    // 40 hex digits
  std::string type;  // what its referrer expects: "commit", "tree", "blob" or "tag"
  ObjectProblem problem = ObjectProblem::kDamaged;
  std::string reason;  // in words: libgit2's complaint, "hashes to ...", "malformed tree"
  // Where it lies, relative to the git directory: "objects/12/ef2c..." for a
  // loose object, "objects/pack/pack-<hash>.pack" for a packed one; empty
  // when missing (or only behind an alternate).
  std::string stored;
  std::vector<std::string> refs;  // references that name it directly, sorted
  // Its paths in the trees of the commits that hold it, sorted: a file
  // "labels/alice/4f2a/00000001.jsonl.zst", a folder "labels/alice/", the
  // root folder "/". Empty for a commit or a tag.
  std::vector<std::string> paths;
  // Commits that hold it in their tree (or, for a commit, name it as a
  // parent): the first kMaxCommitsListed met walking back from the
  // references (so the newest first), and how many there are in all.
  std::vector<std::string> commits;
  size_t commit_count = 0;
};

struct FsckReport {
  std::vector<std::string> refs;  // the references walked, sorted (HEAD included)
  // Objects read and found whole, by kind.
  size_t commits = 0;
  size_t trees = 0;
  size_t blobs = 0;
  size_t tags = 0;
  std::vector<BadObject> bad;  // sorted by id
  bool whole() const { return bad.empty(); }
};

// Reads every object reachable from the repository's references, through a
// fresh object database (nothing cached by earlier reads hides damage).
// What lies below a damaged folder or commit cannot be reached, so it is
// neither checked nor counted; a repair that restores the folder brings it
// into view. Errors only when the repository itself cannot be read (its
// references, its objects folder); damage is in the report, not an error.
Result<FsckReport> Fsck(Repository& repo);

struct RestoredObject {
  std::string id;
  std::string type;
  std::vector<std::string> paths;  // as BadObject::paths
  std::string
      quarantined;  // where its damaged file went (relative to the git dir); empty when none
};

struct RepairReport {
  std::string source;  // as given
  std::string kind;    // "bundle", "repository" (a path on this machine) or "remote" (network)
  std::string from;    // the bundle file, the repository's path, or the URL fetched
  FsckReport before;   // Fsck before anything changed
  std::vector<RestoredObject> restored;
  // Bad objects the peer could not supply, with `reason` saying why ("not in
  // hub.git", "damaged in hub.git too: ...").
  std::vector<BadObject> unrestored;
  // Files moved aside into <git dir>/taxa/quarantine/ (damaged loose objects,
  // damaged packs and the multi-pack index that listed them), relative to
  // the git directory.
  std::vector<std::string> quarantined;
  FsckReport after;  // Fsck once done
};

// Runs Fsck and, when anything is damaged or missing, restores what
// `source` has: a remote configured in `repo`, a URL or a path of another
// repository, or a bundle file (v2 or v3). Each object is checked against
// its id before it is written. A damaged loose object is moved into the
// quarantine first; a damaged pack is emptied of its readable objects
// (written loose) and then moved there too, with the multi-pack index. Rounds
// repeat while they restore something, since a restored folder can reveal
// damage beneath it. Nothing is fetched when the repository is whole.
//
// kNotFound when `source` is no remote, no path that exists and no URL;
// kCorrupt naming the file for a bundle that fails its checks; kIo (one
// line naming the URL) when a remote cannot be reached. Objects the peer
// lacks are not an error: they are in `unrestored` and `after`.
// REQUIRES: the caller holds the project's writer lock.
Result<RepairReport> Repair(Repository& repo, const std::string& source);

}  // namespace taxa::sync
