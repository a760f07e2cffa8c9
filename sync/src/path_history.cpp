// A folder's history along a first-parent chain (path_history.h).
#include "taxa/sync/path_history.h"

#include <git2.h>

#include <algorithm>

#include "git_error.h"
#include "git_ptr.h"

namespace taxa::sync {

namespace {

Status ParseId(const std::string& hex, git_oid* out, std::string_view what) {
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(out, hex.c_str()) < 0)
    return Status::InvalidInput("\"" + hex + "\" is not " + std::string(what) + " id");
  return Status::Ok();
}

// The id of the tree of `folder` inside commit `c`; "" when it has none.
Result<std::string> FolderTreeId(git_commit* c, const std::string& folder) {
  TreePtr root;
  TAXA_GIT(git_commit_tree(root.out(), c), "cannot read a commit's tree");
  TreeEntryPtr entry;
  int rc = git_tree_entry_bypath(entry.out(), root.get(), folder.c_str());
  if (rc == GIT_ENOTFOUND) return std::string();
  TAXA_GIT(rc, "cannot read " + folder);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return std::string();
  return OidHex(git_tree_entry_id(entry.get()));
}

Status LookupTree(git_repository* repo, const std::string& hex, TreePtr& out) {
  if (hex.empty()) return Status::Ok();
  git_oid oid;
  git_oid_fromstr(&oid, hex.c_str());
  int rc = git_tree_lookup(out.out(), repo, &oid);
  if (rc < 0) return ObjectStatus(rc, oid, "");
  return Status::Ok();
}

Status LookupCommit(git_repository* repo, const git_oid& oid, CommitPtr& out) {
  int rc = git_commit_lookup(out.out(), repo, &oid);
  if (rc == GIT_ENOTFOUND)
    return Status::NotFound("commit " + OidHex(&oid) + " is not in this repository");
  if (rc < 0) return ObjectStatus(rc, oid, "");
  return Status::Ok();
}

}  // namespace

Result<std::vector<ChainStep>> FirstParentChanges(Repository& repo, const std::string& tip,
                                                  const std::string& folder,
                                                  const std::string& stop, bool* met_stop) {
  git_repository* r = repo.git_handle_for_sync_internal();
  if (met_stop) *met_stop = false;
  std::vector<ChainStep> out;
  if (tip.empty()) return out;
  git_oid oid;
  TAXA_RETURN_IF_ERROR(ParseId(tip, &oid, "a commit"));
  const std::string prefix = folder + "/";
  CommitPtr commit;  // the commit at `oid`
  TAXA_RETURN_IF_ERROR(LookupCommit(r, oid, commit));
  TAXA_ASSIGN_OR_RETURN(std::string tree, FolderTreeId(commit.get(), folder));  // its folder's
  for (;;) {
    std::string id = OidHex(&oid);
    if (id == stop) {
      if (met_stop) *met_stop = true;
      break;
    }
    ChainStep step;
    step.commit = id;
    step.time = git_commit_author(commit.get())->when.time;
    unsigned n = git_commit_parentcount(commit.get());
    for (unsigned i = 0; i < n; ++i)
      step.parents.push_back(OidHex(git_commit_parent_id(commit.get(), i)));
    CommitPtr parent;
    std::string parent_tree;
    git_oid parent_oid{};
    if (n > 0) {
      parent_oid = *git_commit_parent_id(commit.get(), 0);
      TAXA_RETURN_IF_ERROR(LookupCommit(r, parent_oid, parent));
      TAXA_ASSIGN_OR_RETURN(parent_tree, FolderTreeId(parent.get(), folder));
    }
    if (tree != parent_tree) {
      TreePtr before, after;
      TAXA_RETURN_IF_ERROR(LookupTree(r, parent_tree, before));
      TAXA_RETURN_IF_ERROR(LookupTree(r, tree, after));
      DiffPtr diff;
      TAXA_GIT(git_diff_tree_to_tree(diff.out(), r, before.get(), after.get(), nullptr),
               "cannot compare " + folder + " of " + id + " with its parent");
      for (size_t i = 0, m = git_diff_num_deltas(diff.get()); i < m; ++i) {
        const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
        PathChange c;
        const char* p = d->new_file.path ? d->new_file.path : d->old_file.path;
        c.path = prefix + (p ? p : "");
        if (d->status != GIT_DELTA_ADDED) c.before = OidHex(&d->old_file.id);
        if (d->status != GIT_DELTA_DELETED) c.after = OidHex(&d->new_file.id);
        step.changes.push_back(std::move(c));
      }
      std::sort(step.changes.begin(), step.changes.end(),
                [](const PathChange& a, const PathChange& b) { return a.path < b.path; });
    }
    out.push_back(std::move(step));
    if (n == 0) break;
    oid = parent_oid;
    tree = std::move(parent_tree);
    std::swap(commit.p, parent.p);  // the parent is the next step's commit
  }
  return out;
}

}  // namespace taxa::sync
