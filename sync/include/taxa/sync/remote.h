// Git remotes of a project repository: name them, fetch their main branch,
// push a commit to it, and clone a project. Any URL libgit2 speaks works;
// tested against real servers on 127.0.0.1: local paths, file://, git://
// (git daemon), http:// and https:// (nginx + git-http-backend; https with a
// CA named by taxa.caFile), and ssh:// (sshd, an ed25519 key, the host key
// checked against a known_hosts file or a pinned fingerprint). The settings
// for https and ssh are in transport.h; Fetch, Push and Clone read them.
//
//   TAXA_RETURN_IF_ERROR(AddRemote(repo, "origin", "/srv/hub.git"));
//   TAXA_ASSIGN_OR_RETURN(std::string tip, Fetch(repo, "origin", nullptr, CheckIncoming));
//   // ... merge tip into the local branch (MergeCommits), then:
//   TAXA_RETURN_IF_ERROR(Push(repo, "origin", merged));
//
// Nothing here merges or moves the local branch: Fetch moves only
// refs/remotes/<name>/main (after its check, incoming.h), Push only the
// remote's refs/heads/main (and the tracking ref after a successful push).
// Not thread-safe with other uses of `repo` (one Repository per thread).
// libgit2 keeps the https CA bundle per process: network operations on two
// threads must not need different taxa.caFile values at once.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "taxa/core/index.h"
#include "taxa/core/status.h"
#include "taxa/sync/incoming.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

// Records remote `name` with `url` in the repository's git configuration
// (remote.<name>.url, fetching +refs/heads/*:refs/remotes/<name>/*).
// kInvalidInput when `name` is not a valid remote name or `url` is empty,
// kAlreadyExists when a remote of that name exists.
Status AddRemote(Repository& repo, const std::string& name, const std::string& url);

// Every configured remote as {name, url}, sorted by name.
Result<std::vector<std::pair<std::string, std::string>>> ListRemotes(Repository& repo);

// Forgets remote `name`: its configuration and its refs/remotes/<name>/
// references (remote_edit.cpp). kNotFound when there is no such remote.
Status RemoveRemote(Repository& repo, const std::string& name);
// Points remote `name` at `url` (a local path is made absolute, as AddRemote
// does). kNotFound when there is no such remote, kInvalidInput for an empty url.
Status SetRemoteUrl(Repository& repo, const std::string& name, const std::string& url);

// Fetches the remote's main branch into refs/remotes/<name>/main and returns
// its commit id; empty when the remote has no main branch (no commits yet).
// When `check` is given, it runs on the remote's main before anything moves:
// a local repository's objects are checked where they are (through a handle
// that reads them beside ours) and copied only when accepted; a network
// remote's pack is downloaded without moving any ref and removed again when
// refused. A refusal is `check`'s status prefixed "<remote ...>: refused",
// with the tracking ref and the object database as they were.
// kNotFound when no remote is called `name`; kIo when the remote cannot be
// reached or read, or its host key or certificate is not trusted, or it
// refuses our ssh key (asked once, never again), as one line naming the
// remote and its url. A host that does not answer fails within 5 seconds.
// `progress`, when set, is called on this thread with the objects received
// so far and the total.
Result<std::string> Fetch(Repository& repo, const std::string& remote_name,
                          const core::ProgressFn& progress = nullptr,
                          const IncomingCheck& check = nullptr);

// Pushes `local_commit` (40 hex digits, present in `repo`) to the remote's
// refs/heads/main. kFailedPrecondition when the remote's main has moved past
// what we have (not a fast-forward) or the server refused the update: fetch,
// merge and push again. kIo as for Fetch. `progress` gets the objects pushed
// so far and the total.
Status Push(Repository& repo, const std::string& remote_name, const std::string& local_commit,
            const core::ProgressFn& progress = nullptr);

// Moves the branch HEAD names from `expected` (empty: unborn) to `target`,
// as a compare-and-swap (kLocked when another writer moved it meanwhile), and
// brings the work tree (when there is one) from `expected`'s tree to
// `target`'s as Repository::Commit does (Taxa's files follow, a person's own
// edited files are left alone). Ok once the branch moved; a work tree that
// could not follow is said in `work_tree->problem`. This is how a sync lands
// a merge or a fast-forward.
Status AdvanceBranch(Repository& repo, const std::string& expected, const std::string& target,
                     WorkTreeReport* work_tree = nullptr);

// ---- families of branches beside main (proposals: refs/heads/proposals/*) ----
// Fetches every branch of the remote whose name starts with `prefix`
// ("refs/heads/proposals/") into refs/remotes/<name>/<the rest>, each checked
// by `check` before anything moves (a refusal fails the fetch, naming the
// branch). Returns branch (full name) -> the remote's tip. Failures as for Fetch.
Result<std::map<std::string, std::string>> FetchBranches(Repository& repo,
                                                         const std::string& remote_name,
                                                         const std::string& prefix,
                                                         const IncomingCheck& check = nullptr);
// Pushes each branch (full name -> local commit) to the same name on the
// remote, creating it or moving it forward only. Returns the branches the
// remote refused because it holds commits we lack (fetch, merge, push
// again). Failures as for Push.
Result<std::vector<std::string>> PushBranches(
    Repository& repo, const std::string& remote_name,
    const std::map<std::string, std::string>& branches);
// Clones `url` into `dir` (which must not exist or be empty), with a work
// tree and the branch main checked out; the remote is called "origin". An
// empty remote gives a repository with an unborn main. There is no project
// yet, so only the user's transport settings apply. Failures as for Fetch.
Result<Repository> Clone(const std::string& url, const std::string& dir,
                         const core::ProgressFn& progress = nullptr);

}  // namespace taxa::sync
