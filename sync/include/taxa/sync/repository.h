// The git-backed project store: reads files at any commit and writes each
// operation as one commit, through libgit2, with no git CLI and no need for a
// work tree.
//
// A project directory holds a normal git repository (`DIR/.git`) whose work
// tree Taxa keeps in step with HEAD, so `git status` stays clean and a person
// can read the files; a bare repository works too. Writes go straight to the
// object database and the branch ref (compare-and-swap), never through the
// work tree.
//
//   TAXA_ASSIGN_OR_RETURN(Repository repo, Repository::Open(dir));
//   TAXA_ASSIGN_OR_RETURN(std::string id,
//       repo.Commit({{"taxa.json", bytes}}, {.subject = "Create project"}));
//
// One Repository per thread (libgit2's rule). Processes coordinate through the
// project's writer lock (app/session), not here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "taxa/core/index.h"
#include "taxa/core/status.h"

struct git_repository;
struct git_tree;

namespace taxa::sync {

struct FileWrite {
  std::string path;
  std::optional<std::string> bytes;  // nullopt deletes the file
};

struct CommitMeta {
  std::string subject;  // one line: what happened, for people
  std::string body;     // optional paragraphs
  // Machine-readable trailers, in order: {"Taxa-Action", "category.add"}, ...
  std::vector<std::pair<std::string, std::string>> trailers;
  std::string author_name;   // empty: "Taxa"
  std::string author_email;  // empty: "taxa@localhost"
  // Signs the commit: given the commit object's bytes, returns the armored
  // signature git keeps in its "gpgsig" header (ssh_signature.h), or nullopt
  // to leave it unsigned (as does an empty function). An error fails the
  // commit; nothing moves.
  std::function<Result<std::optional<std::string>>(std::string_view commit_bytes)> sign;
};

// What bringing the work tree in step did. The branch moves first and the
// work tree follows; only the files Taxa owns (core::layout::IsOwned) are
// rewritten when they differ, after a copy of what was there is set aside,
// and a person's own files are never touched.
struct WorkTreeReport {
  std::vector<std::string> restored;   // RestoreWorkTree: paths brought back to HEAD
  std::vector<std::string> set_aside;  // paths whose work tree copy was kept aside first
  std::string set_aside_dir;           // <git dir>/taxa/set-aside/<UTC time>, when any
  // Commit and AdvanceBranch: the work tree could not be updated although the
  // branch moved (the next RestoreWorkTree mends it). Ok otherwise.
  Status problem;
};

struct LogEntry {
  std::string commit;
  std::string author;
  std::string email;
  int64_t time = 0;  // seconds since the epoch
  int time_offset_minutes = 0;
  std::string subject;
  std::vector<std::pair<std::string, std::string>> trailers;
};

// One commit in full (Repository::ReadCommit).
struct CommitDetails {
  LogEntry entry;
  std::string body;                  // the message after the subject line, trailers included
  std::vector<std::string> parents;  // first parent first; empty for the first commit
};

// Where Repository::Commit writes, when not simply onto HEAD's branch.
struct CommitTarget {
  // "refs/heads/..." to commit onto instead of the branch HEAD names; its
  // tip is the parent (it must exist) and the work tree is not touched.
  std::string branch;
  // A second parent (40 hex digits), making the commit a merge; the tree is
  // still the first parent's plus the files given.
  std::string second_parent;
  // Synced to the disk before Commit returns: the commit's objects (written
  // as one pack, however few) before the branch moves, then the branch. What
  // makes a commit with no journal behind it (a labels import) survive a
  // power loss once acknowledged.
  bool durable = false;
};

class Repository {
 public:
  Repository();
  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  ~Repository();

  // Creates a git repository with a work tree in `dir` (created when missing)
  // and an unborn branch "main". kAlreadyExists when `dir` holds one already.
  static Result<Repository> Init(const std::string& dir);
  // Opens the repository at `dir` (its work tree or a bare repository).
  // kNotFound when there is none.
  static Result<Repository> Open(const std::string& dir);

  const std::string& git_dir() const { return git_dir_; }
  const std::string& work_dir() const { return work_dir_; }  // empty when bare

  // The commit HEAD points at; empty when there are no commits yet. The
  // pinned commit instead while one is pinned.
  Result<std::string> Head();
  // Makes this handle read `commit` as HEAD (Head(), every read that
  // defaults to HEAD, Log) whatever other processes commit meanwhile: a
  // reader's snapshot. Empty: HEAD again.
  void PinHead(std::string commit) { pinned_head_ = std::move(commit); }

  // A file's bytes at `commit` (HEAD when empty); nullopt when absent.
  Result<std::optional<std::string>> ReadFile(const std::string& path,
                                              const std::string& commit = "");
  // The bytes of the blob `id` (40 hex digits). kInvalidInput for a
  // malformed id; kNotFound when it is not here.
  Result<std::string> ReadBlob(const std::string& id);
  // Every file under the folder `prefix` ("taxonomy/") at `commit`, path -> bytes.
  Result<std::map<std::string, std::string>> ReadFolder(const std::string& prefix,
                                                        const std::string& commit = "");
  // The paths under `prefix` at `commit`, sorted.
  Result<std::vector<std::string>> ListFiles(const std::string& prefix,
                                             const std::string& commit = "");

  // Writes `files` on top of HEAD as one commit and moves the branch to it.
  // kLocked when another writer moved the branch meanwhile (nothing is lost:
  // the objects are written, the ref was not). Then updates the work tree's
  // copies of `files` (see WorkTreeReport); ok means the commit landed, and a
  // work tree that could not follow is said in `work_tree->problem`, never as
  // an error. Returns the new commit id.
  // `target` may name another branch or a second parent (CommitTarget).
  Result<std::string> Commit(const std::vector<FileWrite>& files, const CommitMeta& meta,
                             WorkTreeReport* work_tree = nullptr,
                             const CommitTarget& target = {});

  // Brings the work tree from commit `from` (empty: an empty tree) to commit
  // `to` for every path that differs between them, as Commit does for its
  // own files; errors are the update's (the caller has moved the branch).
  Status UpdateWorkTree(const std::string& from, const std::string& to, WorkTreeReport* report);

  // Brings every file Taxa owns back in step with HEAD wherever the work
  // tree or git's index disagree with it (a process killed between moving
  // the branch and writing the files, a file cut short, a hand edit), after
  // copying aside what it replaces. Reads only files whose size or time
  // changed. Ok with nothing restored when all is in step or there is no work
  // tree. REQUIRES: the caller holds the project's writer lock.
  Result<WorkTreeReport> RestoreWorkTree();

  // The files that differ between two commits; `from` empty means the empty
  // tree (every file is added).
  Result<std::vector<core::FileChange>> Diff(const std::string& from, const std::string& to);

  // The id of the folder or file at `path` in `commit` (HEAD when empty): a
  // content address, equal whenever the content is. Empty when absent.
  Result<std::string> ObjectIdAt(const std::string& path, const std::string& commit = "");
  // The names of the entries of the folder `path` ("releases") inside the
  // tree `tree` (40 hex digits, as ObjectIdAt gives it), sorted; empty when
  // there is no such folder. kInvalidInput for a malformed id; kNotFound
  // when the tree is not here.
  Result<std::vector<std::string>> TreeEntryNames(const std::string& tree,
                                                  const std::string& path);

  // user.name and user.email from git configuration; empty when unset.
  std::pair<std::string, std::string> ConfiguredIdentity();

  // Commits reachable from HEAD, newest first, at most `limit` (0: all).
  Result<std::vector<LogEntry>> Log(size_t limit);
  // The commit `commit` (40 hex digits): author, time, subject, trailers,
  // body and parents (repository_commit.cpp). kInvalidInput for a malformed
  // id; kNotFound when no such commit is here.
  Result<CommitDetails> ReadCommit(const std::string& commit);

  // ---- the commit graph, without network (repository_graph.cpp) ----
  // The commit the reference `name` (e.g. "refs/remotes/origin/main") points
  // at, peeled through symbolic references; empty when there is no such
  // reference. kInvalidInput when `name` is not a valid reference name.
  Result<std::string> ReferenceTarget(const std::string& name);
  // {ahead, behind}: how many commits reachable from `local` are not
  // reachable from `upstream`, and the reverse. An empty id stands for no
  // commits (an unborn branch, a remote never fetched). kInvalidInput for a
  // malformed id; kNotFound when a commit is not in this repository.
  Result<std::pair<size_t, size_t>> AheadBehind(const std::string& local,
                                                const std::string& upstream);
  // The best common ancestor of two commits; "" when they share none.
  // kInvalidInput for a malformed id; kNotFound when a commit is not here.
  Result<std::string> MergeBase(const std::string& a, const std::string& b);
  // Every reference whose name starts with `prefix` ("refs/heads/proposals/"),
  // name -> commit, sorted (repository_refs.cpp).
  Result<std::map<std::string, std::string>> References(const std::string& prefix);
  // Points the reference `name` at `target` when it still points at
  // `expected` (empty: when it does not exist yet); kLocked when it moved
  // meanwhile. `why` goes to its reflog. Nothing else (no work tree) moves.
  Status MoveReference(const std::string& name, const std::string& expected,
                       const std::string& target, const std::string& why);
  // Every commit the reference `name` has pointed at here, from its reflog
  // (this repository's own history of it; empty when it keeps none).
  Result<std::set<std::string>> ReflogTargets(const std::string& name);

  // The libgit2 handle, for code inside sync/src only (merge_commits.cpp);
  // callers outside the sync library must not use it. Owned by this object;
  // null for a default-constructed or moved-from Repository.
  git_repository* git_handle_for_sync_internal() { return repo_; }

  // ---- packs (pack_maintenance.cpp) ----
  // Every fetch adds a pack; lookups slow down as they pile up. Past
  // kMidxAfterPacks packs this writes a multi-pack index over all of them
  // (libgit2 reads it; so does git), so a lookup costs one search again.
  // Cheap when there is nothing to do (one directory listing). Returns the
  // number of packs.
  static constexpr size_t kMidxAfterPacks = 8;
  Result<size_t> MaintainPacks();

  // Removes lock files that a killed libgit2 writer left in the git directory
  // (HEAD, index, config, packed-refs, any ref, the multi-pack index) and the
  // temporary files of a pack that was being received.
  // REQUIRES: the caller holds the project's writer lock.
  Status SweepStaleLocks();

 private:
  // work_tree.cpp: brings `paths` from `before` (null: empty) to `after`.
  Status UpdateWorkTree(git_tree* before, git_tree* after, const std::vector<std::string>& paths,
                        WorkTreeReport* report);
  Status SetAside(const std::string& path, git_tree* target, WorkTreeReport& report);

  git_repository* repo_ = nullptr;
  std::string pinned_head_;
  std::string git_dir_;
  std::string work_dir_;
};

}  // namespace taxa::sync
