// Remotes: add and list them, and sync with one.
#include "session/remotes.h"

#include <optional>
#include <utility>

#include "session/internal/incoming.h"
#include "session/internal/project_state.h"
#include "session/internal/roles.h"

#include "taxa/core/timing.h"
#include "taxa/sync/incoming.h"
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

Remotes::Remotes(Project& project) : s_(project.state()) {}

Status Remotes::Add(const std::string& name, const std::string& url) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  return sync::AddRemote(s_.repo(), name, url);
}

Result<std::vector<Remote>> Remotes::List() {
  TAXA_ASSIGN_OR_RETURN(auto remotes, sync::ListRemotes(s_.repo()));
  std::vector<Remote> out;
  for (auto& [name, url] : remotes) out.push_back({std::move(name), std::move(url)});
  return out;
}

Result<std::string> Remotes::DefaultRemote() {
  TAXA_ASSIGN_OR_RETURN(std::vector<Remote> remotes, List());
  if (remotes.empty())
    return Status::NotFound("no remote to sync with (add one with `taxa remote add`)");
  return remotes.size() == 1 ? remotes.front().name : "origin";
}

Result<CloneReport> Remotes::Cloned(const std::string& url, const std::string& dir) {
  CloneReport report{.dir = dir, .url = url, .project = s_.settings().name};
  TAXA_ASSIGN_OR_RETURN(report.head, s_.repo().Head());
  return report;
}

Status Remotes::Remove(const std::string& name) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  return sync::RemoveRemote(s_.repo(), name);
}

Status Remotes::SetUrl(const std::string& name, const std::string& url) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  return sync::SetRemoteUrl(s_.repo(), name, url);
}

Result<SyncReport> Remotes::SyncUnrecorded(const std::string& remote) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kSync));
  constexpr int kAttempts = 3;
  SyncReport report;
  for (int attempt = 1;; ++attempt) {
    report = SyncReport{.remote = remote, .attempts = attempt};
    std::optional<Status> pushed;
    const std::string git_dir = s_.repo().git_dir();
    TAXA_RETURN_IF_ERROR(LandIncoming(
        s_, [&] { return sync::Fetch(s_.repo(), remote, s_.progress(), s_.IncomingCheck()); }, attempt == 1, report,
        [&](const std::string& commit, const core::ProgressFn& progress) {
          return PushFrom(git_dir, remote, commit, progress);
        },
        &pushed));
    if (report.head.empty() || report.head == report.fetched) return report;  // it has it all
    if (!pushed) pushed = PushFrom(git_dir, remote, report.head, s_.progress());
    if (pushed->ok()) {
      report.pushed = true;
      return report;
    }
    if (pushed->code() != StatusCode::kFailedPrecondition || attempt == kAttempts) return *pushed;
  }
}

}  // namespace taxa::app
