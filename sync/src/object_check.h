// Reading one object whole, for Fsck and Repair (fsck.h): it must be found,
// inflate, and hash to its id. Private to sync/src.
#pragma once

#include <git2.h>

#include <map>
#include <string>
#include <vector>

#include "git_ptr.h"

#include "taxa/sync/fsck.h"

namespace taxa::sync {

using OdbObjectPtr = GitPtr<git_odb_object, git_odb_object_free>;

// Frees what `ptr` holds now (GitPtr is neither copyable nor movable).
template <typename Ptr>
void Reset(Ptr& ptr, decltype(ptr.p) value = nullptr) {
  Ptr old;
  old.p = ptr.p;
  ptr.p = value;
}

// Why an object could not be read whole; `whole` when it could.
struct ObjectCheck {
  bool whole = false;
  ObjectProblem problem = ObjectProblem::kDamaged;
  std::string reason;  // in words, on one line
};

// Reads `id` from `odb` into `out`: whole when it is found, inflates, and
// its content hashes to `id` (libgit2's strict hash verification, which
// EnsureLibgit2 turns on, checks this on every read; a mismatch is
// GIT_EMISMATCH, reported as damage).
ObjectCheck ReadWhole(git_odb* odb, const git_oid& id, OdbObjectPtr& out);

// An object that another refers to.
struct ObjectRef {
  git_oid id;
  git_object_t type = GIT_OBJECT_ANY;
  std::string name;  // its name in the tree that holds it; empty for a commit's or tag's link
};

// What `object` (read whole) refers to: a commit's tree and parents, a
// tree's folders and files (not a submodule's commits), a tag's target.
// False when it does not parse.
bool ReferencesOf(git_odb_object* object, std::vector<ObjectRef>& out);

// "commit", "tree", "blob", "tag".
std::string TypeName(git_object_t type);

// The path, relative to the git directory, of the loose file of `id`:
// "objects/12/ef2c...".
std::string LooseObjectPath(const git_oid& id);

// Finds the file that holds an object: its loose file, or a pack whose
// index lists it. Reads the pack indexes (version 2) itself, so a pack that
// libgit2 refuses whole (truncated: "does not match index") is still found.
class ObjectLocator {
 public:
  explicit ObjectLocator(std::string git_dir) : git_dir_(std::move(git_dir)) {}

  // "objects/12/ef2c..." or "objects/pack/pack-<hash>.pack" (relative to the
  // git directory); empty when neither holds it.
  std::string Where(const git_oid& id);
  // Every id the index of `pack` ("objects/pack/pack-<hash>.pack") lists.
  std::vector<git_oid> Listed(const std::string& pack);

 private:
  // The sorted ids of each pack index, by pack path.
  const std::map<std::string, std::vector<git_oid>>& Packs();

  std::string git_dir_;
  bool loaded_ = false;
  std::map<std::string, std::vector<git_oid>> packs_;
};

}  // namespace taxa::sync
