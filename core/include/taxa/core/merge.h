// Semantic three-way merge of a project's files: label segments by set union,
// the taxonomy and settings field by field. Pure functions over bytes; no git,
// no I/O. The sync layer calls them for every path changed on both sides.
//
// Every function here is symmetric: swapping `ours` and `theirs` gives
// byte-identical merged files and the same conflict ids (with the ours/theirs
// values swapped), so replicas that merge the same commits in either order
// converge. Conflicts never stop a merge: a deterministic choice is written
// and each conflict is returned as a record holding every side's value.
//
//   TAXA_ASSIGN_OR_RETURN(std::string seg, MergeLabelSegment(path, base, ours, theirs));
//   TAXA_ASSIGN_OR_RETURN(TreeMergeResult m, MergeTaxonomyFiles(base, ours, theirs));
//   for (const MergeConflict& c : m.conflicts)
//     write("conflicts/" + c.id + ".json", EncodeConflict(CanonicalSides(c)));
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

// Bumped whenever a rule below changes the bytes a merge produces; the sync
// layer writes it into merge commit messages.
inline constexpr int kMergeAlgorithmVersion = 1;

// Merges one label segment (a zstd shard of event lines) changed on both
// sides: the union of the events of `ours` and `theirs` by event id, sorted by
// id, each line in canonical form, re-encoded with EncodeShard. Never a
// conflict: events are immutable and a retraction is itself an event, so the
// union loses nothing. `base` is not read (every event of the base is still
// held by a side that did not rewrite the file). kCorrupt naming `path` (and
// the line) when either side fails to decompress or holds a bad event line.
// A segment under reviews/ holds review events (review_event.h), merged the
// same way.
Result<std::string> MergeLabelSegment(std::string_view path, std::optional<std::string_view> base,
                                      std::string_view ours, std::string_view theirs);

// One thing a merge could not decide, stored as conflicts/<id>.json until a
// lead resolves it.
struct MergeConflict {
  // Hex hash of kind, path, field, base and the unordered pair {ours, theirs}:
  // the same on both replicas whichever side merged.
  std::string id;
  std::string path;   // the file, e.g. taxonomy/categories/billing.json
  std::string field;  // "name", "parent", ...; "file" for a whole file
  std::string kind;   // "field" | "edit-delete" | "cycle" | "sibling-name"
  // Compact JSON text of each side's value; nullopt when absent or deleted.
  // For "edit-delete" the values are whole file objects; for "sibling-name"
  // arrays of the ids that carry the clashing name under that parent.
  std::optional<std::string> base, ours, theirs;
  // The merged commit each side's value came from (40 hex digits; empty in
  // files written before it was recorded). Both replicas record the same, so
  // each can tell which side was its own (the commit its main once held).
  std::string ours_from, theirs_from;

  bool operator==(const MergeConflict&) const = default;
};

using FileMap = std::map<std::string, std::string>;  // path -> bytes

struct TreeMergeResult {
  // Every path present in any input: its merged bytes, or nullopt when the
  // merged tree does not hold it (deleted). Category, attribute and settings
  // files are exactly EncodeCategory/EncodeAttribute/EncodeSettings of the
  // merged value.
  std::map<std::string, std::optional<std::string>> files;
  // Sorted by path, then id; no two with one id.
  std::vector<MergeConflict> conflicts;
};

// Three-way merge of the taxonomy/ files and taxa.json of three trees.
// Rules:
//  - changes to different files or different fields merge silently; a field
//    changed the same way on both sides is no conflict;
//  - a scalar field changed two ways is a "field" conflict; the base value is
//    kept (when there is no base, the smaller JSON text of the two);
//  - list fields (include, exclude, examples, near_misses, attributes, an
//    attribute's values) merge as lists: additions from either side are added,
//    removals from either side removed; only two different reorderings of the
//    surviving entries are a "field" conflict (base order is kept, additions
//    and removals still applied);
//  - a file edited on one side and deleted on the other is an "edit-delete"
//    conflict and the edited file is kept; a file deleted while the merged
//    tree still refers to it (a parent, a replacement, an attribute) is
//    restored, also as an "edit-delete" conflict;
//  - when the merged parents form a cycle, the moves in the cycle revert to
//    their base parent (top level when new) and each is a "cycle" conflict;
//  - two siblings with one name after merging is a "sibling-name" conflict;
//    both are kept as they are.
//  - other files under the inputs merge as whole files by the same rules.
// Fails (naming the side and the path) when an input file cannot be decoded.
Result<TreeMergeResult> MergeTaxonomyFiles(const FileMap& base, const FileMap& ours,
                                           const FileMap& theirs);

// The hash that MergeConflict::id holds for these values.
std::string ConflictId(const MergeConflict& c);

// The same conflict with its two sides in a fixed order (ours <= theirs,
// absent first; each side's `_from` moves with it), so that both replicas
// write byte-identical conflict files.
MergeConflict CanonicalSides(MergeConflict c);

// Pretty JSON with a fixed key order (id, path, field, kind, base, ours,
// theirs); a side that is nullopt is left out, a side's value is embedded as
// JSON. DecodeConflict is its inverse; errors are kInvalidInput naming `path`.
std::string EncodeConflict(const MergeConflict& c);
Result<MergeConflict> DecodeConflict(std::string_view bytes, std::string_view path);

}  // namespace taxa::core
