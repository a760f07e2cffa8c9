// What a project takes in from a peer (a remote, a bundle) is checked before
// any ref moves: that it is this project, and that every file its new
// commits bring is one the repository format has and that reads. A peer
// with bad content is refused whole, so it can neither lock out the copy
// that receives it (which would then fail to open) nor spread further.
//
//   // Fetch and ImportBundle call the check between receiving the objects
//   // and moving any ref (a tracking ref included):
//   TAXA_ASSIGN_OR_RETURN(std::string tip, Fetch(repo, "origin", progress, CheckIncoming));
//   TAXA_ASSIGN_OR_RETURN(BundleInfo got, ImportBundle(repo, "b.bundle", CheckIncoming));
//
// A project's identity is its history: a copy takes in only a history that
// shares a commit with its own (every replica of a project descends from
// its first commit, made by `taxa init`), and whose taxa.json names the same
// project id. A copy with no commits yet (a fresh clone of an empty hub)
// takes in any project.
#pragma once

#include <functional>
#include <string>

#include "taxa/core/status.h"
#include "taxa/sync/repository.h"

namespace taxa::core {
class DecodedSegments;
}  // namespace taxa::core

namespace taxa::sync {

// Decides whether the commit `tip` (40 hex digits), whose objects `objects`
// can read, may be taken in by the repository `objects` opens (its HEAD is
// the local history). Returns ok to take it in; an error, as one line, to
// refuse it. Must not move any ref.
using IncomingCheck = std::function<Status(Repository& objects, const std::string& tip)>;

// The project's check, an IncomingCheck:
//  - identity: `tip` must hold a taxa.json that decodes (else
//    kFailedPrecondition "... holds no taxa.json: not a Taxa project"); when
//    HEAD has commits, `tip` must share a commit with HEAD and its taxa.json
//    must name HEAD's project id (else kFailedPrecondition "another project:
//    ..." naming both projects' names and ids);
//  - content: every commit reachable from `tip` and not from HEAD, each
//    file it adds or changes against its first parent (every file, for a
//    root commit) is a regular file (no symbolic link, no submodule) at a
//    path of the repository format and its bytes pass core::CheckProjectFile
//    (given the parent's bytes of the same path); each commit that changes
//    taxonomy/ passes core::CheckProjectTaxonomy. kInvalidInput or kCorrupt
//    "commit <12 hex digits>: <path>: <problem>", naming the earliest commit
//    (parents before children) and, within it, the first path.
// Each blob is read once per path; files are decoded on every core. Reads
// through `objects` only.
Status CheckIncoming(Repository& objects, const std::string& tip);

// CheckIncoming that also leaves, in `keep`, the decoded events of each label
// and gold segment the commits add whole, for the index that takes them in
// after the merge (core/decoded_segments.h). `keep` must outlive the check.
IncomingCheck CheckIncomingKeeping(core::DecodedSegments* keep);

}  // namespace taxa::sync
