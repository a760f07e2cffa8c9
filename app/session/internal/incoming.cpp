// Landing the other side's main: a sync's fetch or a bundle's import, the
// merge, the branch and the work tree, the reload (shared by remotes.cpp and
// bundles.cpp).
#include "session/internal/incoming.h"

#include <future>
#include <mutex>

#include "taxa/core/guarded.h"
#include "taxa/core/timing.h"
#include "taxa/sync/merge_commits.h"
#include "taxa/sync/remote.h"

namespace taxa::app {

Status LandIncoming(ProjectState& s_, const std::function<Result<std::string>()>& fetch, bool flush,
                    SyncReport& report, const Publish& publish, std::optional<Status>* published) {
  // What the check decoded serves this landing only.
  struct Drop {
    ProjectState& s;
    ~Drop() { s.DropIncoming(); }
  } drop{s_};
  {
    core::ScopedTiming timing("sync: fetch");
    TAXA_ASSIGN_OR_RETURN(report.fetched, fetch());
    // Each fetch brings a pack; a multi-pack index keeps lookups fast.
    TAXA_RETURN_IF_ERROR(s_.repo().MaintainPacks().status());
  }
  // Fetched first, so an unreachable remote (or a refused bundle) leaves the
  // project as it was (pending labels stay pending); then pending labels
  // become a commit.
  if (flush) TAXA_RETURN_IF_ERROR(s_.Flush());
  TAXA_ASSIGN_OR_RETURN(std::string head, s_.repo().Head());
  std::string next = head;
  if (!report.fetched.empty()) {
    if (head.empty()) {
      next = report.fetched;
      report.fast_forward = true;
    } else {
      core::ScopedTiming timing("sync: merge");
      TAXA_ASSIGN_OR_RETURN(sync::MergeOutcome m,
                            sync::MergeCommits(s_.repo(), head, report.fetched));
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
    sync::WorkTreeReport work_tree;
    TAXA_RETURN_IF_ERROR(sync::AdvanceBranch(s_.repo(), head, next, &work_tree));
    s_.ReportWorkTree(work_tree);
  }
  // Both threads may report progress; one at a time reaches the caller's.
  const core::ProgressFn original = s_.progress();
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
    publishing = std::async(std::launch::async, [&publish, next, serialized] {
      return core::Guarded("publishing " + next, [&] { return publish(next, serialized); });
    });
  Status loaded = [&] {
    core::ScopedTiming timing("sync: reload and bring the index forward");
    s_.set_progress(serialized);
    Status s = s_.Load();  // taxonomy, settings and the index at the new HEAD
    s_.set_progress(original);
    return s;
  }();
  if (publishing.valid()) *published = publishing.get();
  return loaded;
}

}  // namespace taxa::app
