// Session: remotes, clone and sync.
#include <filesystem>
#include <system_error>

#include "session.h"
#include "taxa/sync/merge_commits.h"
#include "taxa/sync/remote.h"

namespace taxa::app {

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

Result<SyncReport> Session::Sync(const std::string& remote) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  constexpr int kAttempts = 3;
  SyncReport report;
  for (int attempt = 1;; ++attempt) {
    report = SyncReport();
    TAXA_ASSIGN_OR_RETURN(report.fetched, sync::Fetch(repo_, remote));
    // Fetched first, so an unreachable remote leaves the project as it was
    // (pending labels stay pending); then pending labels become a commit.
    if (attempt == 1) TAXA_RETURN_IF_ERROR(Flush());
    TAXA_ASSIGN_OR_RETURN(std::string head, repo_.Head());
    std::string next = head;
    if (!report.fetched.empty()) {
      if (head.empty()) {
        next = report.fetched;
        report.fast_forward = true;
      } else {
        TAXA_ASSIGN_OR_RETURN(sync::MergeOutcome m,
                              sync::MergeCommits(repo_, head, report.fetched));
        next = m.commit;
        report.fast_forward = m.fast_forward && m.commit != head;
        report.merged = !m.fast_forward;
        report.conflicts = m.conflicts.size();
      }
    }
    if (next != head) {
      TAXA_RETURN_IF_ERROR(sync::AdvanceBranch(repo_, head, next));
      TAXA_RETURN_IF_ERROR(Load());  // taxonomy, settings and the index at the new HEAD
    }
    report.head = next;
    if (next.empty() || next == report.fetched) return report;  // the remote has it all
    Status pushed = sync::Push(repo_, remote, next);
    if (pushed.ok()) {
      report.pushed = true;
      return report;
    }
    if (pushed.code() != StatusCode::kFailedPrecondition || attempt == kAttempts) return pushed;
  }
}

}  // namespace taxa::app
