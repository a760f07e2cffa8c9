// Deterministic merge of two commits of a project repository, with no work
// tree and no ref moved: the merge commit is written to the object database
// and its id returned; the caller decides which ref (if any) points at it.
//
// Replicas that merge the same two commits, in either order, write the same
// commit id: the tree is the base tree plus symmetric resolutions (see
// taxa/core/merge.h), the parents are sorted, the identity is fixed
// ("Taxa <taxa@localhost>") and the time is the later of the two parents'
// committer times. The other replica's next sync is then a fast-forward.
//
//   TAXA_ASSIGN_OR_RETURN(MergeOutcome m, MergeCommits(repo, local, remote));
//   // m.fast_forward: m.commit is whichever of the two descends from the other.
//   // Otherwise m.commit is a new two-parent commit; m.conflicts are also
//   // written to conflicts/<id>.json in its tree.
#pragma once

#include <string>
#include <vector>

#include "taxa/core/merge.h"
#include "taxa/core/status.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

struct MergeOutcome {
  std::string commit;  // the merge commit id, or the fast-forward target
  bool fast_forward = false;
  // The conflicts recorded in the merge commit (sides in canonical order),
  // sorted by path, then id. Empty for a fast-forward.
  std::vector<core::MergeConflict> conflicts;
};

// Merges the commits `ours` and `theirs` (full hex ids) of `repo`.
//  - When one is an ancestor of the other (or they are equal), returns the
//    descendant with fast_forward set; nothing is written.
//  - Otherwise three-way merges against the merge base (the empty tree when
//    there is none), path by path, rename detection off:
//      changed on one side only (deletion included): that side's version;
//      changed the same way on both: that version;
//      changed two ways:
//        labels/**.jsonl.zst, reviews/**.jsonl.zst: the union of the events
//          (core::MergeLabelSegment); deleted on one side: the other side's;
//        taxonomy/** and taxa.json: whenever both sides touched any of these
//          files, core::MergeTaxonomyFiles over the whole set decides every one;
//        items/**.jsonl.zst: three-way by item id, lines sorted by id; an item
//          changed two ways keeps the smaller line ("field" conflict, field
//          "item:<id>"), an item edited against deleted is kept ("edit-delete");
//        any other file: the byte-wise smaller version is kept, a "field"
//          conflict with field "file" holds both (an edit against a delete
//          keeps the edited file, as an "edit-delete" conflict).
//    Each conflict is written to conflicts/<id>.json (core::EncodeConflict of
//    core::CanonicalSides) and the merge commit is created.
//    The merge commit is never signed (CommitMeta::sign): it must come out
//    byte for byte the same on every replica, so that replicas converge, and
//    a signature would differ with whoever merged.
// kInvalidInput when an id is not 40 hex digits, kNotFound when a commit is
// missing, kCorrupt (naming the path) when a label segment or item shard
// changed on both sides cannot be read, an error naming the side and path when
// a taxonomy file cannot be decoded. Nothing is half-written on error except
// unreferenced blobs.
// Not thread-safe with other uses of `repo` (one Repository per thread).
Result<MergeOutcome> MergeCommits(Repository& repo, const std::string& ours,
                                  const std::string& theirs);

}  // namespace taxa::sync
