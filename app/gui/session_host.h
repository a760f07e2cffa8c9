// SessionHost: the one open project of the GUI, and the worker thread that opens
// the next one.
//
// Opening or creating a project can rebuild the index, which takes seconds on a big
// project, so it runs on a worker thread while the UI shows its progress. While the
// job runs nobody touches a Session: session() is null until Poll() hands the new
// one back to the UI thread.
//
//   SessionHost host({.user = "alice"});
//   Status s = host.Start("Opening " + dir, OpenJob(dir));
//   ... every frame:
//   if (std::optional<Status> done = host.Poll()) status.Report(*done);
//   if (app::Project* session = host.session()) ... draw ...
//
// All methods are for the UI thread only.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "session/project.h"

namespace taxa::gui {

// Work that produces a session, run on the worker thread with the options to use.
using SessionJob =
    std::function<Result<std::unique_ptr<app::Project>>(const app::SessionOptions& options)>;

SessionJob OpenJob(std::string dir);
SessionJob CreateJob(std::string dir, std::string name);
// Creates the demo project in `dir`, or opens it when `dir` already holds files
// (the demo made on an earlier run).
SessionJob DemoJob(std::string dir);

// Work on the open session (a sync), run on the worker thread; returns the line
// the status bar shows.
using SessionTask = std::function<Result<std::string>(app::Project& session)>;

class SessionHost {
 public:
  // `options.user` and `options.mode` are used for every session; its progress
  // function is replaced by the host's own.
  explicit SessionHost(app::SessionOptions options = {});
  ~SessionHost();  // waits for a running job, then closes the session
  SessionHost(const SessionHost&) = delete;
  SessionHost& operator=(const SessionHost&) = delete;

  // The open session; null when none is open or a job runs.
  app::Project* session() { return busy() ? nullptr : session_.get(); }
  // Changes each time another session is adopted, so view-models keyed by
  // (generation, revision) never mistake one project's revision for another's.
  uint64_t generation() const { return generation_; }
  bool busy() const { return job_.valid() || task_.valid(); }
  // A SessionTask (not an open or create) is running.
  bool task_running() const { return task_.valid(); }
  const std::string& job_title() const { return job_title_; }
  // Progress of the running job: {done, total}; total 0 when unknown.
  std::pair<size_t, size_t> progress() const;

  // Closes the current session, saving its labels, and starts `job` on a worker
  // thread. A failure to save is returned but does not stop the switch: the labels
  // stay durable in the project's journal and are committed when it is next opened.
  // REQUIRES: !busy().
  Status Start(std::string title, SessionJob job);
  // When the job has finished: adopts its session and returns ok, or returns its
  // error. nullopt while it runs or when there is none.
  std::optional<Status> Poll();
  // Runs `task` with the open session on the worker thread. Nobody else touches
  // the session meanwhile: session() is null until PollTask() has seen the task
  // end. The session's progress function feeds progress() when the session was
  // opened by Start(). kFailedPrecondition when a job runs or no session is open.
  Status StartTask(std::string title, SessionTask task);
  // When the task has finished: what it returned. nullopt while it runs or when
  // there is none.
  std::optional<Result<std::string>> PollTask();
  // Adopts a session opened elsewhere (tests, or main() before the first frame).
  void Adopt(std::unique_ptr<app::Project> session);
  // Commits pending labels and closes the session, after waiting for a running
  // task. Ok when none is open.
  Status Close();

 private:
  struct Progress {
    std::atomic<size_t> done{0};
    std::atomic<size_t> total{0};
  };

  app::SessionOptions options_;
  std::unique_ptr<app::Project> session_;
  uint64_t generation_ = 0;
  std::future<Result<std::unique_ptr<app::Project>>> job_;
  std::future<Result<std::string>> task_;
  std::string job_title_;
  std::shared_ptr<Progress> progress_ = std::make_shared<Progress>();
};

}  // namespace taxa::gui
