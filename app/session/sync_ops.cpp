// Session: remotes, clone and sync.
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <system_error>
#include <utility>

#include "session.h"
#include "taxa/core/timing.h"
#include "taxa/sync/incoming.h"
#include "taxa/sync/merge_commits.h"
#include "taxa/sync/remote.h"

namespace taxa::app {

namespace {

// Pushes `commit` through a repository handle of its own, so that it may run
// beside work on the session's handle.
Status PushFrom(const std::string& git_dir, const std::string& remote, const std::string& commit,
                const core::ProgressFn& progress) {
  core::ScopedTiming timing("sync: push");
  TAXA_ASSIGN_OR_RETURN(sync::Repository own, sync::Repository::Open(git_dir));
  return sync::Push(own, remote, commit, progress);
}

}  // namespace

Result<std::unique_ptr<Session>> Session::Clone(const std::string& url, const std::string& dir,
                                                SessionOptions options) {
  bool existed = core::PathExists(dir);
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Clone(url, dir));
  TAXA_ASSIGN_OR_RETURN(std::string head, repo.Head());
  if (head.empty()) {
    // Leave nothing behind, so the same clone can be run again later.
    repo = sync::Repository();
    std::error_code ignored;
    if (!existed) std::filesystem::remove_all(dir, ignored);
    return Status::NotFound(url + " holds no project yet (sync one into it first)");
  }
  options.mode = OpenMode::kWrite;
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<Session> s,
                        OpenRepository(std::move(repo), dir, std::move(options)));
  TAXA_RETURN_IF_ERROR(s->Load());
  return s;
}

Status Session::AddRemote(const std::string& name, const std::string& url) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  return sync::AddRemote(repo_, name, url);
}

Result<std::vector<std::pair<std::string, std::string>>> Session::Remotes() {
  return sync::ListRemotes(repo_);
}

Status Session::FetchAndMerge(const std::function<Result<std::string>()>& fetch, bool flush,
                              SyncReport& report, const Publish& publish,
                              std::optional<Status>* published) {
  {
    core::ScopedTiming timing("sync: fetch");
    TAXA_ASSIGN_OR_RETURN(report.fetched, fetch());
    // Each fetch brings a pack; a multi-pack index keeps lookups fast.
    TAXA_RETURN_IF_ERROR(repo_.MaintainPacks().status());
  }
  // Fetched first, so an unreachable remote (or a refused bundle) leaves the
  // project as it was (pending labels stay pending); then pending labels
  // become a commit.
  if (flush) TAXA_RETURN_IF_ERROR(Flush());
  TAXA_ASSIGN_OR_RETURN(std::string head, repo_.Head());
  std::string next = head;
  if (!report.fetched.empty()) {
    if (head.empty()) {
      next = report.fetched;
      report.fast_forward = true;
    } else {
      core::ScopedTiming timing("sync: merge");
      TAXA_ASSIGN_OR_RETURN(sync::MergeOutcome m, sync::MergeCommits(repo_, head, report.fetched));
      next = m.commit;
      report.fast_forward = m.fast_forward && m.commit != head;
      report.merged = !m.fast_forward;
      report.conflicts = m.conflicts.size();
    }
  }
  report.head = next;
  if (next == head) return Status::Ok();
  {
    core::ScopedTiming timing("sync: move the branch and work tree");
    TAXA_RETURN_IF_ERROR(sync::AdvanceBranch(repo_, head, next));
  }
  // Both threads may report progress; one at a time reaches the caller's.
  const core::ProgressFn original = progress_;
  std::mutex progress_mutex;
  core::ProgressFn serialized;
  if (original) {
    serialized = [&progress_mutex, original](size_t done, size_t total) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      original(done, total);
    };
  }
  std::future<Status> publishing;
  if (publish && published != nullptr && next != report.fetched)
    publishing = std::async(std::launch::async, publish, next, serialized);
  Status loaded = [&] {
    core::ScopedTiming timing("sync: reload and bring the index forward");
    progress_ = serialized;
    Status s = Load();  // taxonomy, settings and the index at the new HEAD
    progress_ = original;
    return s;
  }();
  if (publishing.valid()) *published = publishing.get();
  return loaded;
}

Result<SyncReport> Session::SyncUnrecorded(const std::string& remote) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  constexpr int kAttempts = 3;
  SyncReport report;
  for (int attempt = 1;; ++attempt) {
    report = SyncReport();
    report.attempts = attempt;
    std::optional<Status> pushed;
    const std::string git_dir = repo_.git_dir();
    TAXA_RETURN_IF_ERROR(FetchAndMerge(
        [&] { return sync::Fetch(repo_, remote, progress_, sync::CheckIncoming); }, attempt == 1,
        report,
        [&](const std::string& commit, const core::ProgressFn& progress) {
          return PushFrom(git_dir, remote, commit, progress);
        },
        &pushed));
    if (report.head.empty() || report.head == report.fetched) return report;  // it has it all
    if (!pushed) pushed = PushFrom(git_dir, remote, report.head, progress_);
    if (pushed->ok()) {
      report.pushed = true;
      return report;
    }
    if (pushed->code() != StatusCode::kFailedPrecondition || attempt == kAttempts) return *pushed;
  }
}

}  // namespace taxa::app
