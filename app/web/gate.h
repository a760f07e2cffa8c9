// Gate: the one way requests reach the served project. The session is not
// thread-safe, so one writer thread owns the open (writable) Project and runs
// each request's work on it in turn, as the request's user
// (Project::ActAs); labels that arrive together are recorded with one
// journal sync (Labeling::LabelEach) and each is answered once durable.
// Slow reads (statistics, history) run on a read-only Project of their own,
// beside the writer.
//
//   Gate gate(std::move(project), {.changed = [&](std::string e) { events.Publish(e); }});
//   Result<core::LabelEvent> e = gate.Label("ben", {.item = "T-1", .categories = {"billing"}});
//   auto page = gate.Write("ben", [&](app::Project& p) { return app::Items(p).Find(q); });
//   TAXA_RETURN_IF_ERROR(gate.Close());   // commits pending labels
//
// Pending labels are committed every `flush_every`, past `flush_at` labels,
// and by Close(). Every method is thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "session/labeling.h"
#include "session/project.h"

namespace taxa::web {

struct GateOptions {
  std::chrono::milliseconds flush_every{30000};
  size_t flush_at = 20000;
  // Called on the writer thread with one JSON object per change (Events).
  std::function<void(std::string)> changed;
  // Called on the writer thread with a line about something that went
  // wrong after the fact (a commit that must wait).
  app::NoticeFn notice;
};

class Gate {
 public:
  // REQUIRES: `project` is open for writing.
  Gate(std::unique_ptr<app::Project> project, GateOptions options);
  ~Gate();  // Close()
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // Runs `fn(project)` on the writer thread as `user` and returns what it
  // returns (a Result or a Status); the error of ActAs for a bad name, or
  // kLocked "the server is stopping" once Close() has begun.
  template <typename Fn>
  auto Write(const std::string& user, Fn fn) -> decltype(fn(std::declval<app::Project&>()));

  // Records `request` as `user` (Labeling::LabelEach beside whatever else
  // arrives meanwhile). Returns once the label is durable, or with its error.
  Result<core::LabelEvent> Label(const std::string& user, app::LabelRequest request);

  // A read-only Project of the served folder opened as `user`, on the
  // calling thread (a snapshot: labels acknowledged so far are in it).
  Result<std::unique_ptr<app::Project>> OpenReader(const std::string& user) const;

  // Runs what is queued, commits pending labels, stops the writer. Later
  // calls of Write and Label fail with kLocked. Returns the commit's error.
  Status Close();

  const std::string& dir() const { return dir_; }
  const std::string& owner() const { return owner_; }

 private:
  struct Job {
    std::string user;
    std::function<void(app::Project&, const Status& acted)> run;  // null for a label
    app::LabelRequest label;
    std::shared_ptr<std::promise<Result<core::LabelEvent>>> labeled;
  };
  Status Enqueue(Job job);
  void Loop();
  void RunJobs(std::deque<Job>& jobs);
  void RecordLabels(std::vector<Job>& labels);
  void MaybeFlush(bool now);

  std::unique_ptr<app::Project> project_;  // touched by the writer thread only
  const std::string dir_;
  const std::string owner_;
  GateOptions options_;
  std::chrono::steady_clock::time_point last_flush_;
  Status close_status_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool closing_ = false;
  std::thread writer_;
};

template <typename Fn>
auto Gate::Write(const std::string& user, Fn fn) -> decltype(fn(std::declval<app::Project&>())) {
  using R = decltype(fn(std::declval<app::Project&>()));
  auto done = std::make_shared<std::promise<R>>();
  std::future<R> result = done->get_future();
  Status queued = Enqueue(Job{
      .user = user,
      .run = [fn = std::move(fn), done](app::Project& p, const Status& acted) mutable {
        try {
          done->set_value(acted.ok() ? fn(p) : R(acted));
        } catch (...) {
          done->set_exception(std::current_exception());  // rethrown to the request's thread
        }
      }});
  if (!queued.ok()) return R(queued);
  return result.get();
}

}  // namespace taxa::web
