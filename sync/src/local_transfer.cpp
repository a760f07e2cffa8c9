#include "local_transfer.h"

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "git_error.h"
#include "git_ptr.h"
#include "loose_object_file.h"

namespace taxa::sync {

namespace {

using OdbObjectPtr = GitPtr<git_odb_object, git_odb_object_free>;
using ReferenceIteratorPtr = GitPtr<git_reference_iterator, git_reference_iterator_free>;

class Copier {
 public:
  Copier(git_repository* from, git_odb* from_odb, git_repository* to, git_odb* to_odb)
      : from_(from),
        from_odb_(from_odb),
        to_odb_(to_odb),
        files_(git_repository_path(from), git_repository_path(to)) {}

  bool Has(const git_oid& id) const { return git_odb_exists(to_odb_, &id) == 1; }

  // A loose object moves as its file; a packed one is read and written.
  Status Object(const git_oid& id) {
    TAXA_ASSIGN_OR_RETURN(bool moved, files_.Transplant(id));
    if (moved) return Status::Ok();
    OdbObjectPtr object;
    TAXA_GIT(git_odb_read(object.out(), from_odb_, &id), "cannot read object " + OidHex(&id));
    git_oid written;
    TAXA_GIT(git_odb_write(&written, to_odb_, git_odb_object_data(object.get()),
                           git_odb_object_size(object.get()), git_odb_object_type(object.get())),
             "cannot write object " + OidHex(&id));
    if (!git_oid_equal(&written, &id))
      return Status::Corrupt("object " + OidHex(&id) + " reads back as " + OidHex(&written));
    return Status::Ok();
  }

  // The tree's missing entries first, then the tree: whatever `to` holds is
  // always complete below it.
  Status Tree(const git_oid& id) {
    if (Has(id)) return Status::Ok();
    TreePtr tree;
    TAXA_GIT(git_tree_lookup(tree.out(), from_, &id), "cannot read tree " + OidHex(&id));
    for (size_t i = 0, n = git_tree_entrycount(tree.get()); i < n; ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
      const git_oid* entry_id = git_tree_entry_id(entry);
      switch (git_tree_entry_type(entry)) {
        case GIT_OBJECT_TREE: TAXA_RETURN_IF_ERROR(Tree(*entry_id)); break;
        case GIT_OBJECT_BLOB:
          if (!Has(*entry_id)) TAXA_RETURN_IF_ERROR(Object(*entry_id));
          break;
        default: break;  // a submodule's commit lives in another repository
      }
    }
    return Object(id);
  }

  // Before a reference names what was copied.
  Status Flush() { return files_.Flush(); }

 private:
  git_repository* from_;
  git_odb* from_odb_;
  git_odb* to_odb_;
  LooseObjectFiles files_;
};

// Hides from `walk` every commit that a reference of `to` names and `from`
// also holds: the walk then stops where the two histories meet.
void HideWhatTheOtherSideHas(git_revwalk* walk, git_odb* from_odb, git_repository* to) {
  ReferenceIteratorPtr it;
  if (git_reference_iterator_new(it.out(), to) < 0) return;
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, it.get()) == 0) {
    ReferencePtr owned;
    owned.p = ref;
    ReferencePtr resolved;
    if (git_reference_resolve(resolved.out(), ref) < 0) continue;
    const git_oid* id = git_reference_target(resolved.get());
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (id == nullptr || git_odb_read_header(&size, &type, from_odb, id) < 0 ||
        type != GIT_OBJECT_COMMIT) {
      continue;
    }
    git_revwalk_hide(walk, id);  // a failure only makes the walk longer
  }
}

}  // namespace

std::optional<std::string> LocalRepositoryPath(const std::string& url) {
  constexpr std::string_view kFile = "file://";
  if (url.rfind(kFile, 0) == 0) return url.substr(kFile.size());
  if (url.find("://") != std::string::npos) return std::nullopt;
  size_t colon = url.find(':');
  if (colon != std::string::npos && url.find('/') > colon) return std::nullopt;  // host:path
  return url;
}

Status CopyMissingObjects(git_repository* from, git_repository* to, const git_oid& tip,
                          const std::function<void(size_t, size_t)>& progress) {
  OdbPtr from_odb, to_odb;
  TAXA_GIT(git_repository_odb(from_odb.out(), from), "cannot open the source's objects");
  TAXA_GIT(git_repository_odb(to_odb.out(), to), "cannot open the destination's objects");
  Copier copier(from, from_odb.get(), to, to_odb.get());
  if (copier.Has(tip)) return Status::Ok();
  if (git_odb_exists(from_odb.get(), &tip) != 1)
    return Status::NotFound("commit " + OidHex(&tip) + " is not in the source repository");

  RevwalkPtr walk;
  TAXA_GIT(git_revwalk_new(walk.out(), from), "cannot walk the history");
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  TAXA_GIT(git_revwalk_push(walk.get(), &tip), "cannot walk from " + OidHex(&tip));
  HideWhatTheOtherSideHas(walk.get(), from_odb.get(), to);
  std::vector<git_oid> commits;
  git_oid id;
  for (int rc; (rc = git_revwalk_next(&id, walk.get())) != GIT_ITEROVER;) {
    TAXA_GIT(rc, "cannot walk the history of " + OidHex(&tip));
    if (!copier.Has(id)) commits.push_back(id);
  }
  // Parents before children, each commit after its tree.
  for (size_t i = 0; i < commits.size(); ++i) {
    CommitPtr commit;
    TAXA_GIT(git_commit_lookup(commit.out(), from, &commits[i]),
             "cannot read commit " + OidHex(&commits[i]));
    TAXA_RETURN_IF_ERROR(copier.Tree(*git_commit_tree_id(commit.get())));
    TAXA_RETURN_IF_ERROR(copier.Object(commits[i]));
    if (progress) progress(i + 1, commits.size());
  }
  return copier.Flush();
}

}  // namespace taxa::sync
