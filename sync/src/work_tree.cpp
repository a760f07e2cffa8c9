// Keeping the work tree in step with HEAD (repository.h: UpdateWorkTree,
// RestoreWorkTree).
//
// The branch moves first and the work tree follows, so a process killed in
// between leaves files that lag behind HEAD, or a file cut short. The files
// Taxa owns (core::layout::IsOwned) are Taxa's to rewrite: whatever is in the
// way is copied aside (nothing a person typed is lost) and HEAD's version
// written. A person's own files are never touched.
#include <git2.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "git_error.h"
#include "git_ptr.h"
#include "taxa/core/fs.h"
#include "taxa/core/layout.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

namespace {

using StatusListPtr = GitPtr<git_status_list, git_status_list_free>;
using IndexPtr = GitPtr<git_index, git_index_free>;

std::string Stamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// The id `path` has in `tree`; false when the tree lacks it.
bool BlobIdIn(git_tree* tree, const std::string& path, git_oid* out) {
  if (tree == nullptr) return false;
  TreeEntryPtr entry;
  if (git_tree_entry_bypath(entry.out(), tree, path.c_str()) != 0) return false;
  git_oid_cpy(out, git_tree_entry_id(entry.get()));
  return true;
}

}  // namespace

// Copies the work tree's `path` aside when it holds something worth keeping:
// a non-empty file whose content is not the version about to be written.
Status Repository::SetAside(const std::string& path, git_tree* target, WorkTreeReport& report) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path file = fs::path(work_dir_) / path;
  if (!fs::is_regular_file(fs::symlink_status(file, ec)) || fs::file_size(file, ec) == 0)
    return Status::Ok();
  git_oid have, want;
  if (git_odb_hashfile(&have, file.c_str(), GIT_OBJECT_BLOB) == 0 &&
      BlobIdIn(target, path, &want) && git_oid_equal(&have, &want))
    return Status::Ok();
  if (report.set_aside_dir.empty())
    report.set_aside_dir = git_dir_ + "/taxa/set-aside/" + Stamp();
  fs::path copy = fs::path(report.set_aside_dir) / path;
  TAXA_RETURN_IF_ERROR(core::MakeDirs(copy.parent_path().string()));
  fs::copy_file(file, copy, fs::copy_options::overwrite_existing, ec);
  if (ec)
    return Status::Io(file.string() + ": cannot copy it aside before restoring it (" +
                      ec.message() + ")");
  report.set_aside.push_back(path);
  return Status::Ok();
}

Status Repository::UpdateWorkTree(git_tree* before, git_tree* after,
                                  const std::vector<std::string>& paths,
                                  WorkTreeReport* report) {
  if (work_dir_.empty()) return Status::Ok();
  WorkTreeReport local;
  WorkTreeReport& out = report != nullptr ? *report : local;
  if (paths.empty()) return Status::Ok();

  // Which of the paths the work tree (or the git index) no longer holds as
  // `before` has them: a person's edit, or what a killed process left.
  std::vector<char*> cpaths;
  for (const std::string& p : paths) cpaths.push_back(const_cast<char*>(p.c_str()));
  git_status_options so = GIT_STATUS_OPTIONS_INIT;
  so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  so.flags = GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  so.pathspec.strings = cpaths.data();
  so.pathspec.count = cpaths.size();
  so.baseline = before;
  StatusListPtr dirty;
  TAXA_GIT(git_status_list_new(dirty.out(), repo_, &so), "cannot read the work tree's state");
  std::vector<std::string> keep_out;  // a person's own files, changed by hand
  for (size_t i = 0, n = git_status_list_entrycount(dirty.get()); i < n; ++i) {
    const git_status_entry* e = git_status_byindex(dirty.get(), i);
    const git_diff_delta* d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
    if (d == nullptr) continue;
    std::string path = d->new_file.path ? d->new_file.path : d->old_file.path;
    if (core::layout::IsOwned(path)) {
      TAXA_RETURN_IF_ERROR(SetAside(path, after, out));
    } else {
      keep_out.push_back(path);
    }
  }
  std::sort(keep_out.begin(), keep_out.end());
  std::vector<char*> update;
  for (const std::string& p : paths)
    if (!std::binary_search(keep_out.begin(), keep_out.end(), p))
      update.push_back(const_cast<char*>(p.c_str()));

  if (!update.empty()) {
    git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
    opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
    opts.baseline = before;
    opts.paths.strings = update.data();
    opts.paths.count = update.size();
    std::string first = update.front();
    TAXA_GIT(git_checkout_tree(repo_, reinterpret_cast<git_object*>(after), &opts),
             "cannot update the work tree (" + first +
                 (update.size() > 1 ? " and " + std::to_string(update.size() - 1) + " more" : "") +
                 ")");
  }
  if (keep_out.empty()) return Status::Ok();
  // The files left alone still follow in git's index, so `git status` shows
  // the person's edit against HEAD, not a staged undoing of this commit.
  IndexPtr index;
  TAXA_GIT(git_repository_index(index.out(), repo_), "cannot read the git index");
  TAXA_GIT(git_index_read(index.get(), /*force=*/0), "cannot read the git index");
  for (const std::string& path : keep_out) {
    TreeEntryPtr entry;
    if (git_tree_entry_bypath(entry.out(), after, path.c_str()) == 0) {
      git_index_entry e{};
      e.path = path.c_str();
      e.mode = git_tree_entry_filemode(entry.get());
      git_oid_cpy(&e.id, git_tree_entry_id(entry.get()));
      TAXA_GIT(git_index_add(index.get(), &e), "cannot record " + path + " in the git index");
    } else {
      TAXA_GIT(git_index_remove_bypath(index.get(), path.c_str()),
               "cannot drop " + path + " from the git index");
    }
  }
  TAXA_GIT(git_index_write(index.get()), "cannot write the git index");
  return Status::Ok();
}

Result<WorkTreeReport> Repository::RestoreWorkTree() {
  WorkTreeReport report;
  if (work_dir_.empty()) return report;
  TAXA_ASSIGN_OR_RETURN(std::string head, Head());
  if (head.empty()) return report;
  git_oid oid;
  git_oid_fromstr(&oid, head.c_str());
  CommitPtr commit;
  TreePtr tree;
  TAXA_GIT(git_commit_lookup(commit.out(), repo_, &oid), "cannot read HEAD");
  TAXA_GIT(git_commit_tree(tree.out(), commit.get()), "cannot read HEAD's tree");

  // Everything under the folders Taxa owns where HEAD, the git index and the
  // work tree disagree. The git index keeps each file's size and time, so
  // this reads no file that did not change.
  std::vector<std::string> roots;
  for (std::string_view r : core::layout::kOwnedRoots) {
    std::string root(r);
    if (!root.empty() && root.back() == '/') root += '*';
    roots.push_back(std::move(root));
  }
  std::vector<char*> croots;
  for (std::string& r : roots) croots.push_back(r.data());
  git_status_options so = GIT_STATUS_OPTIONS_INIT;
  so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  so.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  so.pathspec.strings = croots.data();
  so.pathspec.count = croots.size();
  StatusListPtr dirty;
  TAXA_GIT(git_status_list_new(dirty.out(), repo_, &so), "cannot read the work tree's state");
  std::vector<std::string> paths;
  for (size_t i = 0, n = git_status_list_entrycount(dirty.get()); i < n; ++i) {
    const git_status_entry* e = git_status_byindex(dirty.get(), i);
    for (const git_diff_delta* d : {e->head_to_index, e->index_to_workdir}) {
      if (d == nullptr) continue;
      for (const char* p : {d->old_file.path, d->new_file.path})
        if (p != nullptr && core::layout::IsOwned(p)) paths.emplace_back(p);
    }
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  if (paths.empty()) return report;
  for (const std::string& p : paths) TAXA_RETURN_IF_ERROR(SetAside(p, tree.get(), report));

  // Checked out against the git index as it stands, so a file the index
  // tracks and HEAD lacks is removed, and every other path takes HEAD's
  // version whatever the work tree holds.
  IndexPtr index;
  TAXA_GIT(git_repository_index(index.out(), repo_), "cannot read the git index");
  std::vector<char*> cpaths;
  for (std::string& p : paths) cpaths.push_back(p.data());
  git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
  opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
  opts.baseline_index = index.get();
  opts.paths.strings = cpaths.data();
  opts.paths.count = cpaths.size();
  TAXA_GIT(git_checkout_tree(repo_, reinterpret_cast<git_object*>(tree.get()), &opts),
           "cannot bring the work tree in step with HEAD (" + paths.front() + ")");
  report.restored = std::move(paths);
  return report;
}

}  // namespace taxa::sync
