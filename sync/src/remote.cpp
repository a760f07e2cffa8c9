#include "taxa/sync/remote.h"

#include <fcntl.h>
#include <git2.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>

#include "git_error.h"
#include "git_ptr.h"
#include "local_transfer.h"
#include "quarantine.h"
#include "remote_callbacks.h"
#include "taxa/core/fs.h"

namespace taxa::sync {

namespace {

using RemotePtr = GitPtr<git_remote, git_remote_free>;

Status LookupRemote(Repository& repo, const std::string& name, RemotePtr& remote) {
  int rc = git_remote_lookup(remote.out(), repo.git_handle_for_sync_internal(), name.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
    return Status::NotFound("no remote called \"" + name + "\" (add one with `taxa remote add`)");
  TAXA_GIT(rc, "cannot read remote \"" + name + "\"");
  return Status::Ok();
}

std::string Describe(git_remote* remote, const std::string& name) {
  const char* url = git_remote_url(remote);
  return "remote \"" + name + "\" (" + (url ? url : "") + ")";
}

// refs/heads/proposals/x -> refs/remotes/<remote>/proposals/x.
std::string TrackingBranch(const std::string& remote_name, const std::string& branch) {
  constexpr std::string_view kHeads = "refs/heads/";
  std::string rest = branch.starts_with(kHeads) ? branch.substr(kHeads.size()) : branch;
  return "refs/remotes/" + remote_name + "/" + rest;
}

std::string TrackingRef(const std::string& name) { return TrackingBranch(name, "refs/heads/main"); }

// A relative local path names a folder relative to the project, as git reads
// `git -C DIR remote add NAME ../hub`; store it absolute so it keeps naming
// that folder whatever folder taxa later runs in.
std::string AbsoluteIfLocal(const std::string& url, const std::string& project_dir) {
  bool network = url.find("://") != std::string::npos ||
                 (url.find(':') != std::string::npos && url.find('/') > url.find(':'));
  if (network || url.empty() || url.front() == '/') return url;
  std::string joined = project_dir + "/" + url;
  if (char* real = ::realpath(joined.c_str(), nullptr)) {
    std::string out = real;
    std::free(real);
    return out;
  }
  // Not there yet: "a/../b" still names b.
  return std::filesystem::path(joined).lexically_normal().string();
}

constexpr int kConnectTimeoutMs = 5000;

// Callbacks for a network operation on `url` with the settings of `repo`
// (null: the user's settings only).
Result<std::unique_ptr<RemoteCallbacks>> CallbacksFor(Repository* repo, const std::string& url,
                                                      const core::ProgressFn& progress) {
  TAXA_ASSIGN_OR_RETURN(TransportSettings settings, LoadTransportSettings(repo));
  auto callbacks = std::make_unique<RemoteCallbacks>(std::move(settings), url, progress);
  TAXA_RETURN_IF_ERROR(callbacks->Prepare());
  return callbacks;
}

// Why a network operation failed: what our callbacks refused, else libgit2's message.
std::string FailureOf(const RemoteCallbacks& callbacks) {
  return callbacks.failure().empty() ? LastGitMessage("unknown error") : callbacks.failure();
}

// libgit2 1.5 has no connect timeout (GIT_OPT_SET_SERVER_CONNECT_TIMEOUT came
// later), so a host that drops packets would hold a fetch for minutes. Before
// handing a network URL to libgit2, try a TCP connection to its host with a
// deadline. Empty when it answers (or the URL is not a network one).
std::string ProbeNetworkUrl(const std::string& url) {
  Endpoint endpoint = ParseEndpoint(url);
  if (endpoint.host.empty()) return "";
  const std::string& host = endpoint.host;
  std::string port = std::to_string(endpoint.port);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) return "cannot resolve host " + host + ": " + ::gai_strerror(rc);
  std::string error = "no address of " + host;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int err = 0;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      err = errno;
      if (err == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        int ready = ::poll(&p, 1, kConnectTimeoutMs);
        if (ready == 0) {
          err = ETIMEDOUT;
        } else {
          socklen_t len = sizeof err;
          if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
        }
      }
    }
    ::close(fd);
    if (err == 0) {
      ::freeaddrinfo(found);
      return "";
    }
    error = "cannot connect to " + host + " port " + port + ": " + std::strerror(err);
  }
  ::freeaddrinfo(found);
  return error;
}

using RepositoryPtr = GitPtr<git_repository, git_repository_free>;

// Opens the repository at `path` (no search upwards); kIo naming `what` when
// there is none.
Status OpenLocal(const std::string& path, const std::string& what, RepositoryPtr& out) {
  if (git_repository_open_ext(out.out(), path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0)
    return Status::Io(what + ": " + path + " is not a git repository");
  return Status::Ok();
}

// The same, as a Repository (the families of branches read and move its
// references).
Result<Repository> OpenLocalRepository(const std::string& path, const std::string& what) {
  Result<Repository> opened = Repository::Open(path);
  if (!opened.ok()) return Status::Io(what + ": " + path + " is not a git repository");
  return opened;
}

Status SetTrackingRef(git_repository* r, const std::string& remote_name, const git_oid& id,
                      const char* why) {
  ReferencePtr tracking;
  TAXA_GIT(git_reference_create(tracking.out(), r, TrackingRef(remote_name).c_str(), &id, 1, why),
           "cannot update " + TrackingRef(remote_name));
  return Status::Ok();
}

// This repository with the objects of `other` readable too: what an
// IncomingCheck reads before anything is copied.
Result<Repository> ViewWithObjectsOf(Repository& repo, git_repository* other) {
  return OpenWithObjects(repo.git_dir(), std::string(git_repository_path(other)) + "objects");
}

// Fetches what `tip` of `other` (a repository on this machine) reaches: the
// objects are checked where they are, through `view` (ViewWithObjectsOf;
// null: no check), with `refused` before a refusal, and copied into `repo`
// only when `check` accepts them; a failed copy is kIo after `what`.
Status FetchObjects(Repository& repo, git_repository* other, Repository* view,
                    const IncomingCheck& check, const git_oid& tip, const std::string& refused,
                    const std::string& what, const core::ProgressFn& progress) {
  if (view != nullptr) TAXA_RETURN_IF_ERROR(check(*view, OidHex(&tip)).WithPrefix(refused));
  if (Status s = CopyMissingObjects(other, repo.git_handle_for_sync_internal(), tip, progress);
      !s.ok())
    return Status::Io(what + ": " + s.message());
  return Status::Ok();
}

// Fetch from a repository on this machine (local_transfer.h).
Result<std::string> FetchLocal(Repository& repo, const std::string& path,
                               const std::string& remote_name, const std::string& where,
                               const core::ProgressFn& progress, const IncomingCheck& check) {
  const std::string what = "cannot fetch from " + where;
  RepositoryPtr other;
  TAXA_RETURN_IF_ERROR(OpenLocal(path, what, other));
  git_oid tip;
  int rc = git_reference_name_to_id(&tip, other.get(), "refs/heads/main");
  if (rc == GIT_ENOTFOUND) return std::string();
  if (rc < 0) return Status::Io(what + ": cannot read its main (" + LastGitMessage("unknown error") + ")");
  std::optional<Repository> view;
  if (check) {
    TAXA_ASSIGN_OR_RETURN(view, ViewWithObjectsOf(repo, other.get()));
  }
  TAXA_RETURN_IF_ERROR(FetchObjects(repo, other.get(), view ? &*view : nullptr, check, tip,
                                    where + ": refused", what, progress));
  TAXA_RETURN_IF_ERROR(
      SetTrackingRef(repo.git_handle_for_sync_internal(), remote_name, tip, "taxa: fetch"));
  return OidHex(&tip);
}

// Sends `commit` to `other` (a repository on this machine) for a reference
// there that stands at `current` (null: absent): false, sending nothing,
// when that is no fast-forward (`current` is not here, or `commit` does not
// descend from it); else copies what `other` lacks (kIo after `what` when
// that fails) and returns true. `odb` is this repository's object database,
// opened on first use.
Result<bool> SendFastForward(git_repository* r, OdbPtr& odb, git_repository* other,
                             const git_oid& commit, const git_oid* current,
                             const std::string& what, const core::ProgressFn& progress) {
  if (current != nullptr) {
    if (!odb) TAXA_GIT(git_repository_odb(odb.out(), r), "cannot open the object database");
    if (git_odb_exists(odb.get(), current) != 1 ||
        git_graph_descendant_of(r, &commit, current) != 1)
      return false;
  }
  if (Status s = CopyMissingObjects(r, other, commit, progress); !s.ok())
    return Status::Io(what + ": " + s.message());
  return true;
}

// A hub's main.lock older than this was left by a stopped push.
constexpr std::chrono::seconds kStalePushLock{60};

// Push to a repository on this machine: objects first, then its main by
// compare-and-swap, fast-forward only.
Status PushLocal(Repository& repo, const std::string& path, const std::string& remote_name,
                 const git_oid& commit, const std::string& where,
                 const core::ProgressFn& progress) {
  const std::string what = "cannot push to " + where;
  const std::string refused = "push to " + where + " refused: its main has commits we do not "
                              "have; fetch and merge, then push again";
  RepositoryPtr other;
  TAXA_RETURN_IF_ERROR(OpenLocal(path, what, other));
  git_repository* r = repo.git_handle_for_sync_internal();
  if (!git_repository_is_bare(other.get())) {
    ReferencePtr head;
    if (git_repository_head(head.out(), other.get()) == 0 &&
        std::string(git_reference_name(head.get())) == "refs/heads/main") {
      return Status::Io(what + ": its main is checked out in a work tree; push to a bare "
                        "repository (git init --bare)");
    }
  }
  git_oid current;
  int rc = git_reference_name_to_id(&current, other.get(), "refs/heads/main");
  const bool has_main = rc == 0;
  if (rc < 0 && rc != GIT_ENOTFOUND)
    return Status::Io(what + ": cannot read its main (" + LastGitMessage("unknown error") + ")");
  if (has_main && git_oid_equal(&current, &commit))
    return SetTrackingRef(r, remote_name, commit, "taxa: push");
  OdbPtr odb;
  TAXA_ASSIGN_OR_RETURN(bool sent, SendFastForward(r, odb, other.get(), commit,
                                                   has_main ? &current : nullptr, what, progress));
  if (!sent) return Status::FailedPrecondition(refused);
  ReferencePtr ref;
  auto move_main = [&] {
    return has_main ? git_reference_create_matching(ref.out(), other.get(), "refs/heads/main",
                                                    &commit, 1, &current, "taxa: push")
                    : git_reference_create(ref.out(), other.get(), "refs/heads/main", &commit, 0,
                                           "taxa: push");
  };
  rc = move_main();
  if (rc == GIT_ELOCKED) {
    // A push holds the lock for milliseconds; one this old was left by a
    // push that was killed (git leaves it too), and would refuse every push
    // from now on. It is taken away and the move tried once more.
    const std::filesystem::path lock =
        std::string(git_repository_path(other.get())) + "refs/heads/main.lock";
    std::error_code ec;
    const auto age = std::filesystem::file_time_type::clock::now() -
                     std::filesystem::last_write_time(lock, ec);
    if (ec || age < kStalePushLock)
      return Status::Locked(what + ": another push is moving its main right now (" +
                                 lock.string() + "); sync again in a moment");
    if (!std::filesystem::remove(lock, ec) || ec)
      return Status::Io(what + ": cannot remove the stale lock " + lock.string() + " left by a "
                        "push that was stopped (" + ec.message() + ")");
    rc = move_main();
  }
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) return Status::FailedPrecondition(refused);
  if (rc < 0) return Status::Io(what + ": cannot move its main (" + LastGitMessage("unknown error") + ")");
  // A new bare hub's HEAD may name another branch: point it at main, so
  // that `git clone` of the hub checks main out.
  if (!has_main && git_repository_is_bare(other.get()) &&
      git_repository_head_unborn(other.get()) == 1) {
    git_repository_set_head(other.get(), "refs/heads/main");
  }
  return SetTrackingRef(r, remote_name, commit, "taxa: push");
}

}  // namespace

Status AddRemote(Repository& repo, const std::string& name, const std::string& url) {
  int valid = 0;
  if (name.empty() || git_remote_name_is_valid(&valid, name.c_str()) < 0 || !valid)
    return Status::InvalidInput("\"" + name + "\" is not a valid remote name");
  if (url.empty()) return Status::InvalidInput("remote \"" + name + "\" needs a url");
  RemotePtr remote;
  int rc = git_remote_create(remote.out(), repo.git_handle_for_sync_internal(), name.c_str(),
                             AbsoluteIfLocal(url, repo.work_dir().empty() ? repo.git_dir()
                                                                          : repo.work_dir())
                                 .c_str());
  if (rc == GIT_EEXISTS)
    return Status::AlreadyExists("a remote called \"" + name + "\" exists already");
  TAXA_GIT(rc, "cannot add remote \"" + name + "\"");
  return Status::Ok();
}

Result<std::vector<std::pair<std::string, std::string>>> ListRemotes(Repository& repo) {
  git_strarray names{};
  TAXA_GIT(git_remote_list(&names, repo.git_handle_for_sync_internal()), "cannot list remotes");
  std::vector<std::pair<std::string, std::string>> out;
  Status status;
  for (size_t i = 0; i < names.count && status.ok(); ++i) {
    RemotePtr remote;
    status = LookupRemote(repo, names.strings[i], remote);
    if (!status.ok()) break;
    const char* url = git_remote_url(remote.get());
    out.emplace_back(names.strings[i], url ? url : "");
  }
  git_strarray_dispose(&names);
  TAXA_RETURN_IF_ERROR(status);
  std::sort(out.begin(), out.end());
  return out;
}

Status RemoveRemote(Repository& repo, const std::string& name) {
  RemotePtr remote;
  TAXA_RETURN_IF_ERROR(LookupRemote(repo, name, remote));
  TAXA_GIT(git_remote_delete(repo.git_handle_for_sync_internal(), name.c_str()),
           "cannot remove remote \"" + name + "\"");
  return Status::Ok();
}

Status SetRemoteUrl(Repository& repo, const std::string& name, const std::string& url) {
  RemotePtr remote;
  TAXA_RETURN_IF_ERROR(LookupRemote(repo, name, remote));
  if (url.empty()) return Status::InvalidInput("remote \"" + name + "\" needs a url");
  std::string stored =
      AbsoluteIfLocal(url, repo.work_dir().empty() ? repo.git_dir() : repo.work_dir());
  TAXA_GIT(git_remote_set_url(repo.git_handle_for_sync_internal(), name.c_str(), stored.c_str()),
           "cannot change the url of remote \"" + name + "\"");
  return Status::Ok();
}

namespace {

// Downloads what `spec` names from `remote` without moving any reference
// (refs move only after the objects are checked) and without FETCH_HEAD or
// tags; libgit2's return code.
int DownloadOnly(git_remote* remote, std::string spec, RemoteCallbacks& callbacks) {
  char* specs[] = {spec.data()};
  git_strarray refspecs{specs, 1};
  git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
  opts.prune = GIT_FETCH_NO_PRUNE;
  opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  opts.update_fetchhead = 0;
  callbacks.Install(opts.callbacks);
  return git_remote_download(remote, &refspecs, &opts);
}

}  // namespace

Result<std::string> Fetch(Repository& repo, const std::string& remote_name,
                          const core::ProgressFn& progress, const IncomingCheck& check) {
  EnsureLibgit2();
  RemotePtr remote;
  TAXA_RETURN_IF_ERROR(LookupRemote(repo, remote_name, remote));
  std::string url = git_remote_url(remote.get()) ? git_remote_url(remote.get()) : "";
  const std::string where = Describe(remote.get(), remote_name);
  if (url.find("://") == std::string::npos && url.find(':') == std::string::npos &&
      !core::PathExists(url))
    return Status::Io("cannot fetch from " + where + ": no such folder");
  if (std::optional<std::string> path = LocalRepositoryPath(url))
    return FetchLocal(repo, *path, remote_name, where, progress, check);
  if (std::string unreachable = ProbeNetworkUrl(url); !unreachable.empty())
    return Status::Io("cannot fetch from " + where + ": " + unreachable);
  // Download only: libgit2 would otherwise move the tracking ref (and, by
  // the remote's configured refspec, others) before the objects are checked.
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<RemoteCallbacks> callbacks,
                        CallbacksFor(&repo, url, progress));
  git_repository* r = repo.git_handle_for_sync_internal();
  const std::string pack_dir = repo.git_dir() + "/objects/pack";
  const std::set<std::string> packs_before = PackFiles(pack_dir);
  int rc = DownloadOnly(remote.get(), "+refs/heads/main:" + TrackingRef(remote_name), *callbacks);
  if (rc < 0) {
    git_remote_disconnect(remote.get());
    return Status::Io("cannot fetch from " + where + ": " + FailureOf(*callbacks));
  }
  // What the remote advertised as its main: nothing when it has none (an
  // empty hub, or main deleted there).
  const git_remote_head** heads = nullptr;
  size_t count = 0;
  std::optional<git_oid> tip;
  if (git_remote_ls(&heads, &count, remote.get()) == 0) {
    for (size_t i = 0; i < count; ++i)
      if (std::string(heads[i]->name) == "refs/heads/main") tip = heads[i]->oid;
  }
  git_remote_disconnect(remote.get());
  if (!tip) return std::string();
  if (check) {
    if (Status s = check(repo, OidHex(&*tip)); !s.ok()) {
      // What the download brought goes: nothing of a refused peer stays.
      RemoveNewPackFiles(pack_dir, packs_before);
      OdbPtr odb;
      if (git_repository_odb(odb.out(), r) == 0) git_odb_refresh(odb.get());
      return s.WithPrefix(where + ": refused");
    }
  }
  TAXA_RETURN_IF_ERROR(SetTrackingRef(r, remote_name, *tip, "taxa: fetch"));
  return OidHex(&*tip);
}

Status Push(Repository& repo, const std::string& remote_name, const std::string& local_commit,
            const core::ProgressFn& progress) {
  EnsureLibgit2();
  git_repository* r = repo.git_handle_for_sync_internal();
  git_oid oid;
  if (git_oid_fromstr(&oid, local_commit.c_str()) < 0 || local_commit.size() != GIT_OID_HEXSZ)
    return Status::InvalidInput("\"" + local_commit + "\" is not a commit id");
  RemotePtr remote;
  TAXA_RETURN_IF_ERROR(LookupRemote(repo, remote_name, remote));
  {
    const char* push_url = git_remote_pushurl(remote.get()) ? git_remote_pushurl(remote.get())
                                                            : git_remote_url(remote.get());
    if (std::optional<std::string> path = LocalRepositoryPath(push_url ? push_url : "")) {
      if (!core::PathExists(*path))
        return Status::Io("cannot push to " + Describe(remote.get(), remote_name) +
                          ": no such folder");
      return PushLocal(repo, *path, remote_name, oid, Describe(remote.get(), remote_name),
                       progress);
    }
  }
  // Push from a ref of our own that names exactly this commit, whatever the
  // local branch holds meanwhile.
  std::string source = "refs/taxa/push/" + remote_name;
  {
    ReferencePtr ref;
    TAXA_GIT(git_reference_create(ref.out(), r, source.c_str(), &oid, 1, "taxa: push"),
             "cannot prepare the push of " + local_commit);
  }
  std::string spec = source + ":refs/heads/main";
  char* specs[] = {spec.data()};
  git_strarray refspecs{specs, 1};
  const char* push_url = git_remote_pushurl(remote.get()) ? git_remote_pushurl(remote.get())
                                                          : git_remote_url(remote.get());
  std::string url = push_url ? push_url : "";
  auto drop_source = [&] {
    ReferencePtr ref;
    if (git_reference_lookup(ref.out(), r, source.c_str()) == 0) git_reference_delete(ref.get());
  };
  if (std::string unreachable = ProbeNetworkUrl(url); !unreachable.empty()) {
    drop_source();
    return Status::Io("cannot push to " + Describe(remote.get(), remote_name) + ": " +
                      unreachable);
  }
  Result<std::unique_ptr<RemoteCallbacks>> callbacks = CallbacksFor(&repo, url, progress);
  if (!callbacks.ok()) {
    drop_source();
    return callbacks.status();
  }
  git_push_options opts = GIT_PUSH_OPTIONS_INIT;
  (*callbacks)->Install(opts.callbacks);
  int rc = git_remote_push(remote.get(), &refspecs, &opts);
  std::string message = rc < 0 ? FailureOf(**callbacks) : "";
  drop_source();
  std::string where = Describe(remote.get(), remote_name);
  if (rc == GIT_ENONFASTFORWARD || (rc == 0 && !(*callbacks)->rejected().empty()))
    return Status::FailedPrecondition(
        "push to " + where + " refused: its main has commits we do not have (" +
        (rc < 0 ? message : (*callbacks)->rejected()) + "); fetch and merge, then push again");
  if (rc < 0) return Status::Io("cannot push to " + where + ": " + message);
  ReferencePtr tracking;
  TAXA_GIT(git_reference_create(tracking.out(), r, TrackingRef(remote_name).c_str(), &oid, 1,
                                "taxa: push"),
           "cannot update " + TrackingRef(remote_name));
  return Status::Ok();
}

Status AdvanceBranch(Repository& repo, const std::string& expected, const std::string& target,
                     WorkTreeReport* work_tree) {
  git_repository* r = repo.git_handle_for_sync_internal();
  git_oid target_oid, expected_oid;
  if (git_oid_fromstr(&target_oid, target.c_str()) < 0 || target.size() != GIT_OID_HEXSZ)
    return Status::InvalidInput("\"" + target + "\" is not a commit id");
  if (!expected.empty() &&
      (git_oid_fromstr(&expected_oid, expected.c_str()) < 0 || expected.size() != GIT_OID_HEXSZ))
    return Status::InvalidInput("\"" + expected + "\" is not a commit id");
  CommitPtr after_commit;
  TAXA_GIT(git_commit_lookup(after_commit.out(), r, &target_oid), "commit " + target + " not found");
  TreePtr after, before;
  TAXA_GIT(git_commit_tree(after.out(), after_commit.get()), "cannot read the tree of " + target);
  if (!expected.empty()) {
    CommitPtr before_commit;
    TAXA_GIT(git_commit_lookup(before_commit.out(), r, &expected_oid),
             "commit " + expected + " not found");
    TAXA_GIT(git_commit_tree(before.out(), before_commit.get()),
             "cannot read the tree of " + expected);
  }

  ReferencePtr head_ref;
  TAXA_GIT(git_reference_lookup(head_ref.out(), r, "HEAD"), "cannot read HEAD");
  std::string branch = git_reference_type(head_ref.get()) == GIT_REFERENCE_SYMBOLIC
                           ? git_reference_symbolic_target(head_ref.get())
                           : "HEAD";
  ReferencePtr updated;
  int rc = expected.empty()
               ? git_reference_create(updated.out(), r, branch.c_str(), &target_oid, 0,
                                      "taxa: sync")
               : git_reference_create_matching(updated.out(), r, branch.c_str(), &target_oid, 1,
                                               &expected_oid, "taxa: sync");
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
    return Status::Locked("the project changed while syncing (another writer?); try again");
  TAXA_GIT(rc, "cannot move " + branch);

  Status moved = repo.UpdateWorkTree(expected, target, work_tree);
  if (!moved.ok() && work_tree != nullptr) work_tree->problem = moved;
  return Status::Ok();
}

Result<Repository> Clone(const std::string& url, const std::string& dir,
                         const core::ProgressFn& progress) {
  EnsureLibgit2();
  if (core::PathExists(dir + "/.git") || core::PathExists(dir + "/HEAD"))
    return Status::AlreadyExists(dir + ": already holds a git repository");
  if (std::string unreachable = ProbeNetworkUrl(url); !unreachable.empty())
    return Status::Io("cannot clone " + url + ": " + unreachable);
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<RemoteCallbacks> callbacks,
                        CallbacksFor(nullptr, url, progress));
  git_clone_options opts = GIT_CLONE_OPTIONS_INIT;
  callbacks->Install(opts.fetch_opts.callbacks);
  opts.checkout_opts.checkout_strategy = GIT_CHECKOUT_SAFE;
  opts.fetch_opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  opts.checkout_branch = "main";
  git_repository* raw = nullptr;
  // A clone names its source as the person typed it: relative to here.
  char cwd[PATH_MAX];
  std::string source = AbsoluteIfLocal(url, ::getcwd(cwd, sizeof cwd) ? cwd : ".");
  int rc = git_clone(&raw, source.c_str(), dir.c_str(), &opts);
  if (rc == GIT_ENOTFOUND && raw == nullptr && !core::PathExists(dir + "/.git")) {
    // The remote has no main (an empty hub): clone what is there and start
    // an unborn main.
    opts.checkout_branch = nullptr;
    rc = git_clone(&raw, source.c_str(), dir.c_str(), &opts);
    if (rc == 0) rc = git_repository_set_head(raw, "refs/heads/main");
  }
  if (raw != nullptr) git_repository_free(raw);
  if (rc < 0) return Status::Io("cannot clone " + url + ": " + FailureOf(*callbacks));
  TAXA_ASSIGN_OR_RETURN(Repository repo, Repository::Open(dir));
  // A hub made by `git init --bare` may name an unborn "master" as its HEAD:
  // libgit2 then fetches main but starts no local branch. Start it here.
  TAXA_ASSIGN_OR_RETURN(std::string head, repo.Head());
  git_oid tip;
  if (head.empty() && git_reference_name_to_id(&tip, repo.git_handle_for_sync_internal(),
                                               TrackingRef("origin").c_str()) == 0) {
    TAXA_RETURN_IF_ERROR(AdvanceBranch(repo, "", OidHex(&tip)));
  }
  return repo;
}

// ---- families of branches beside main ----

Result<std::map<std::string, std::string>> FetchBranches(Repository& repo,
                                                         const std::string& remote_name,
                                                         const std::string& prefix,
                                                         const IncomingCheck& check) {
  EnsureLibgit2();
  RemotePtr remote;
  TAXA_RETURN_IF_ERROR(LookupRemote(repo, remote_name, remote));
  std::string url = git_remote_url(remote.get()) ? git_remote_url(remote.get()) : "";
  const std::string where = Describe(remote.get(), remote_name);
  const std::string what = "cannot fetch from " + where;
  git_repository* r = repo.git_handle_for_sync_internal();
  std::map<std::string, std::string> tips;
  if (std::optional<std::string> path = LocalRepositoryPath(url)) {
    if (!core::PathExists(*path)) return Status::Io(what + ": no such folder");
    TAXA_ASSIGN_OR_RETURN(Repository theirs, OpenLocalRepository(*path, what));
    git_repository* other = theirs.git_handle_for_sync_internal();
    TAXA_ASSIGN_OR_RETURN(tips, theirs.References(prefix));
    std::optional<Repository> view;  // one for every branch
    if (check && !tips.empty()) {
      TAXA_ASSIGN_OR_RETURN(view, ViewWithObjectsOf(repo, other));
    }
    for (const auto& [branch, tip] : tips) {
      git_oid oid;
      git_oid_fromstr(&oid, tip.c_str());
      TAXA_RETURN_IF_ERROR(FetchObjects(repo, other, view ? &*view : nullptr, check, oid,
                                        where + ": " + branch + " refused", what, nullptr));
    }
  } else {
    if (std::string unreachable = ProbeNetworkUrl(url); !unreachable.empty())
      return Status::Io(what + ": " + unreachable);
    // Download only, as Fetch does: refs move after the check.
    TAXA_ASSIGN_OR_RETURN(std::unique_ptr<RemoteCallbacks> callbacks,
                          CallbacksFor(&repo, url, nullptr));
    if (DownloadOnly(remote.get(), "+" + prefix + "*:refs/taxa/fetch/" + remote_name + "/*",
                     *callbacks) < 0) {
      git_remote_disconnect(remote.get());
      return Status::Io(what + ": " + FailureOf(*callbacks));
    }
    const git_remote_head** heads = nullptr;
    size_t count = 0;
    if (git_remote_ls(&heads, &count, remote.get()) == 0)
      for (size_t i = 0; i < count; ++i)
        if (std::string_view(heads[i]->name).starts_with(prefix))
          tips[heads[i]->name] = OidHex(&heads[i]->oid);
    git_remote_disconnect(remote.get());
    for (const auto& [branch, tip] : tips)
      if (check)
        TAXA_RETURN_IF_ERROR(check(repo, tip).WithPrefix(where + ": " + branch + " refused"));
  }
  for (const auto& [branch, tip] : tips) {
    git_oid oid;
    git_oid_fromstr(&oid, tip.c_str());
    ReferencePtr tracking;
    const std::string name = TrackingBranch(remote_name, branch);
    TAXA_GIT(git_reference_create(tracking.out(), r, name.c_str(), &oid, 1, "taxa: fetch"),
             "cannot update " + name);
  }
  return tips;
}

Result<std::vector<std::string>> PushBranches(
    Repository& repo, const std::string& remote_name,
    const std::map<std::string, std::string>& branches) {
  EnsureLibgit2();
  std::vector<std::string> refused;
  if (branches.empty()) return refused;
  RemotePtr remote;
  TAXA_RETURN_IF_ERROR(LookupRemote(repo, remote_name, remote));
  const char* push_url = git_remote_pushurl(remote.get()) ? git_remote_pushurl(remote.get())
                                                          : git_remote_url(remote.get());
  const std::string url = push_url ? push_url : "";
  const std::string where = Describe(remote.get(), remote_name);
  const std::string what = "cannot push to " + where;
  git_repository* r = repo.git_handle_for_sync_internal();
  if (std::optional<std::string> path = LocalRepositoryPath(url)) {
    if (!core::PathExists(*path)) return Status::Io(what + ": no such folder");
    TAXA_ASSIGN_OR_RETURN(Repository theirs, OpenLocalRepository(*path, what));
    OdbPtr odb;  // ours, opened once when first needed
    for (const auto& [branch, commit] : branches) {
      git_oid oid;
      if (commit.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, commit.c_str()) < 0)
        return Status::InvalidInput("\"" + commit + "\" is not a commit id");
      TAXA_ASSIGN_OR_RETURN(std::string current, theirs.ReferenceTarget(branch));
      if (current == commit) continue;
      git_oid cur;
      if (!current.empty()) git_oid_fromstr(&cur, current.c_str());
      TAXA_ASSIGN_OR_RETURN(bool sent,
                            SendFastForward(r, odb, theirs.git_handle_for_sync_internal(), oid,
                                            current.empty() ? nullptr : &cur, what, nullptr));
      if (!sent) {
        refused.push_back(branch);
        continue;
      }
      Status moved = theirs.MoveReference(branch, current, commit, "taxa: push");
      if (moved.code() == StatusCode::kLocked) {
        refused.push_back(branch);
        continue;
      }
      TAXA_RETURN_IF_ERROR(moved.WithPrefix(what));
    }
    return refused;
  }
  if (std::string unreachable = ProbeNetworkUrl(url); !unreachable.empty())
    return Status::Io(what + ": " + unreachable);
  std::vector<std::string> specs_text;
  for (const auto& [branch, commit] : branches) {
    // Pushed from a ref of our own naming exactly this commit.
    const std::string source = "refs/taxa/push/" + remote_name + "/" + branch.substr(5);
    git_oid oid;
    if (commit.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, commit.c_str()) < 0)
      return Status::InvalidInput("\"" + commit + "\" is not a commit id");
    ReferencePtr ref;
    TAXA_GIT(git_reference_create(ref.out(), r, source.c_str(), &oid, 1, "taxa: push"),
             "cannot prepare the push of " + branch);
    specs_text.push_back(source + ":" + branch);
  }
  std::vector<char*> specs;
  for (std::string& t : specs_text) specs.push_back(t.data());
  git_strarray refspecs{specs.data(), specs.size()};
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<RemoteCallbacks> callbacks,
                        CallbacksFor(&repo, url, nullptr));
  git_push_options opts = GIT_PUSH_OPTIONS_INIT;
  callbacks->Install(opts.callbacks);
  int rc = git_remote_push(remote.get(), &refspecs, &opts);
  std::string message = rc < 0 ? FailureOf(*callbacks) : "";
  for (const std::string& t : specs_text) {
    ReferencePtr ref;
    std::string source = t.substr(0, t.find(':'));
    if (git_reference_lookup(ref.out(), r, source.c_str()) == 0) git_reference_delete(ref.get());
  }
  if (rc == GIT_ENONFASTFORWARD) {
    for (const auto& [branch, commit] : branches) refused.push_back(branch);
    return refused;
  }
  if (rc < 0) return Status::Io(what + ": " + message);
  if (!callbacks->rejected().empty())
    for (const auto& [branch, commit] : branches)
      if (callbacks->rejected().find(branch) != std::string::npos) refused.push_back(branch);
  return refused;
}

}  // namespace taxa::sync
