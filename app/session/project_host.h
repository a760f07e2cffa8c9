// ProjectHost: a face's one open project, and the worker threads that run its
// long work as jobs with progress and cancellation, so that the face's own
// thread never waits on I/O.
//
// Three kinds of work:
//  - an open job (Start) produces a Project: opening, creating, the demo. While
//    it runs, project() is null.
//  - a task (StartTask) runs with the open project on the worker: a sync, a
//    commit of pending labels. Nobody else touches the project meanwhile:
//    project() is null until PollTask() has seen the task end.
//  - a reader (StartReader) runs on a read-only Project of the same folder,
//    opened on the worker beside the open one, which stays usable: statistics
//    over millions of labels while the annotator goes on labeling.
//
//   ProjectHost host({.user = "alice"});
//   host.Start("Opening " + dir, OpenJob(dir));
//   ... every frame:
//   if (std::optional<Status> done = host.Poll()) show(*done);
//   if (app::Project* p = host.project()) ... draw ...
//
// All methods are for the owning thread only. Cancellation takes effect at the
// next point a job checks JobContext::cancelled(): between a sync's rounds, an
// import's steps, a reader's statistics; a network transfer or an index
// rebuild already under way runs to its end.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "session/project.h"

namespace taxa::app {

// What a running job sees: where to report progress, whether it was cancelled.
class JobContext {
 public:
  // Safe from any thread.
  void Progress(size_t done, size_t total) {
    total_.store(total);
    done_.store(done);
  }
  std::pair<size_t, size_t> progress() const { return {done_.load(), total_.load()}; }
  bool cancelled() const { return cancelled_.load(); }
  void Cancel() { cancelled_.store(true); }
  // The status a job returns when it stopped because it was cancelled.
  static Status Cancelled(const std::string& what) {
    return Status::FailedPrecondition(what + ": cancelled");
  }

 private:
  std::atomic<size_t> done_{0};
  std::atomic<size_t> total_{0};
  std::atomic<bool> cancelled_{false};
};

// Work that produces a project, run on the worker with the options to use.
using ProjectJob =
    std::function<Result<std::unique_ptr<Project>>(const SessionOptions& options)>;
// Work on a project, run on the worker; returns the line to show when done.
using ProjectTask = std::function<Result<std::string>(Project& project, JobContext& job)>;

ProjectJob OpenJob(std::string dir);
ProjectJob CreateJob(std::string dir, std::string name);
// Creates the demo project in `dir`, or opens it when `dir` already holds files
// (the demo made on an earlier run).
ProjectJob DemoJob(std::string dir);

class ProjectHost {
 public:
  // `options.user` and `options.mode` are used for every project; its
  // progress function is replaced by the job's own.
  explicit ProjectHost(SessionOptions options = {});
  ~ProjectHost();  // waits for running work, then closes the project
  ProjectHost(const ProjectHost&) = delete;
  ProjectHost& operator=(const ProjectHost&) = delete;

  // The open project; null when none is open or an open job or task runs.
  Project* project() { return busy() ? nullptr : project_.get(); }
  // Changes each time another project is adopted, so view-models keyed by
  // (generation, revision) never mistake one project's revision for another's.
  uint64_t generation() const { return generation_; }
  // An open job or a task runs (a reader does not make the host busy).
  bool busy() const { return job_.valid() || task_.valid(); }
  bool task_running() const { return task_.valid(); }
  bool reader_running() const { return reader_.valid(); }
  // The title of the open job or task; else of the reader; "" when idle.
  const std::string& job_title() const;
  // Progress of that work: {done, total}; total 0 when unknown.
  std::pair<size_t, size_t> progress() const;

  // Starts `job`, which opens or creates the project in folder `dir`. The
  // current project commits its pending labels and stays open meanwhile
  // (project() is null while the job runs); it is closed only once the new
  // one has opened, so a job that fails leaves it open. When `dir` is the
  // folder of the open project, nothing starts: kAlreadyExists saying so
  // (the project cannot be opened twice; its own writer lock would refuse
  // it). A failure to commit the labels is returned but does not stop the
  // job: they stay durable in the journal and are committed later.
  // REQUIRES: !busy().
  Status Start(std::string title, ProjectJob job, const std::string& dir = "");
  // When the open job has finished: closes the previous project and adopts
  // the new one, returning ok; or returns the job's error, and the previous
  // project (if any) is open again. nullopt while it runs or when there is
  // none.
  std::optional<Status> Poll();

  // Runs `task` with the open project on the worker. kFailedPrecondition when
  // busy or no project is open.
  Status StartTask(std::string title, ProjectTask task);
  std::optional<Result<std::string>> PollTask();

  // Runs `task` on a read-only Project of the open project's folder, opened
  // on a worker of its own; the open project stays usable meanwhile. One
  // reader at a time: kFailedPrecondition while one runs.
  Status StartReader(std::string title, ProjectTask task);
  std::optional<Result<std::string>> PollReader();

  // Asks the running task or reader to stop (JobContext::cancelled()).
  void Cancel();

  // Adopts a project opened elsewhere (tests, or main() before the first frame).
  void Adopt(std::unique_ptr<Project> project);
  // Commits pending labels and closes the project, after waiting for running
  // work. Ok when none is open.
  Status Close();

 private:
  SessionOptions options_;
  std::unique_ptr<Project> project_;
  uint64_t generation_ = 0;
  std::future<Result<std::unique_ptr<Project>>> job_;
  std::future<Result<std::string>> task_;
  std::future<Result<std::string>> reader_;
  std::string title_;
  std::string reader_title_;
  std::shared_ptr<JobContext> context_ = std::make_shared<JobContext>();
  std::shared_ptr<JobContext> reader_context_ = std::make_shared<JobContext>();
};

}  // namespace taxa::app
