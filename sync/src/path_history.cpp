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
  std::string tree;  // the folder's tree id at `oid`
  {
    CommitPtr c;
    TAXA_RETURN_IF_ERROR(LookupCommit(r, oid, c));
    TAXA_ASSIGN_OR_RETURN(tree, FolderTreeId(c.get(), folder));
  }
  for (;;) {
    std::string id = OidHex(&oid);
    if (id == stop) {
      if (met_stop) *met_stop = true;
      break;
    }
    CommitPtr commit;
    TAXA_RETURN_IF_ERROR(LookupCommit(r, oid, commit));
    ChainStep step;
    step.commit = id;
    step.time = git_commit_author(commit.get())->when.time;
    step.folder_tree = tree;
    unsigned n = git_commit_parentcount(commit.get());
    for (unsigned i = 0; i < n; ++i)
      step.parents.push_back(OidHex(git_commit_parent_id(commit.get(), i)));
    std::string parent_tree;
    git_oid parent_oid{};
    if (n > 0) {
      parent_oid = *git_commit_parent_id(commit.get(), 0);
      CommitPtr parent;
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
  }
  return out;
}

Result<std::string> ReadBlob(Repository& repo, const std::string& id) {
  git_oid oid;
  TAXA_RETURN_IF_ERROR(ParseId(id, &oid, "a blob"));
  BlobPtr blob;
  int rc = git_blob_lookup(blob.out(), repo.git_handle_for_sync_internal(), &oid);
  if (rc == GIT_ENOTFOUND) return Status::NotFound("blob " + id + " is not in this repository");
  if (rc < 0) return ObjectStatus(rc, oid, "");
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

Result<std::vector<std::string>> TreeEntryNames(Repository& repo, const std::string& tree,
                                                const std::string& path) {
  git_repository* r = repo.git_handle_for_sync_internal();
  git_oid oid;
  TAXA_RETURN_IF_ERROR(ParseId(tree, &oid, "a tree"));
  TreePtr root;
  int rc = git_tree_lookup(root.out(), r, &oid);
  if (rc == GIT_ENOTFOUND) return Status::NotFound("tree " + tree + " is not in this repository");
  if (rc < 0) return ObjectStatus(rc, oid, "");
  std::vector<std::string> out;
  TreeEntryPtr entry;
  rc = git_tree_entry_bypath(entry.out(), root.get(), path.c_str());
  if (rc == GIT_ENOTFOUND) return out;
  TAXA_GIT(rc, "cannot read " + path + " in tree " + tree);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return out;
  TreePtr sub;
  rc = git_tree_lookup(sub.out(), r, git_tree_entry_id(entry.get()));
  if (rc < 0) return ObjectStatus(rc, *git_tree_entry_id(entry.get()), path);
  for (size_t i = 0, n = git_tree_entrycount(sub.get()); i < n; ++i)
    out.emplace_back(git_tree_entry_name(git_tree_entry_byindex(sub.get(), i)));
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string> MergeBase(Repository& repo, const std::string& a, const std::string& b) {
  git_oid x, y, base;
  TAXA_RETURN_IF_ERROR(ParseId(a, &x, "a commit"));
  TAXA_RETURN_IF_ERROR(ParseId(b, &y, "a commit"));
  int rc = git_merge_base(&base, repo.git_handle_for_sync_internal(), &x, &y);
  if (rc == GIT_ENOTFOUND) return std::string();
  TAXA_GIT(rc, "cannot find the common ancestor of " + a + " and " + b);
  return OidHex(&base);
}

}  // namespace taxa::sync
