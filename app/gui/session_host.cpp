#include "gui/session_host.h"

#include <chrono>
#include <filesystem>
#include <utility>

namespace taxa::gui {

SessionJob OpenJob(std::string dir) {
  return [dir = std::move(dir)](const app::SessionOptions& options) {
    return app::Project::Open(dir, options);
  };
}

SessionJob CreateJob(std::string dir, std::string name) {
  return [dir = std::move(dir), name = std::move(name)](const app::SessionOptions& options) {
    return app::Project::Create(dir, name, options);
  };
}

SessionJob DemoJob(std::string dir) {
  return [dir = std::move(dir)](const app::SessionOptions& options) {
    std::error_code ec;
    bool has_files = std::filesystem::is_directory(dir, ec) && !std::filesystem::is_empty(dir, ec);
    if (has_files) return app::Project::Open(dir, options);
    return app::Project::CreateDemo(dir, options);
  };
}

SessionHost::SessionHost(app::SessionOptions options) : options_(std::move(options)) {}

SessionHost::~SessionHost() {
  if (job_.valid()) job_.wait();
  if (task_.valid()) task_.wait();
  (void)Close();  // the caller that cares about the error calls Close() first
}

std::pair<size_t, size_t> SessionHost::progress() const {
  return {progress_->done.load(), progress_->total.load()};
}

Status SessionHost::Start(std::string title, SessionJob job) {
  Status closed = Close();
  // A fresh counter: the old session's progress function may still point at the
  // previous one (sessions keep theirs for later index updates).
  progress_ = std::make_shared<Progress>();
  app::SessionOptions options = options_;
  options.progress = [progress = progress_](size_t done, size_t total) {
    progress->total.store(total);
    progress->done.store(done);
  };
  job_title_ = std::move(title);
  job_ = std::async(std::launch::async,
                    [job = std::move(job), options = std::move(options)] { return job(options); });
  if (!closed.ok())
    return closed.WithPrefix("the labels of the previous project stay in its journal");
  return Status::Ok();
}

std::optional<Status> SessionHost::Poll() {
  if (!job_.valid() || job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return std::nullopt;
  Result<std::unique_ptr<app::Project>> result = job_.get();
  job_title_.clear();
  if (!result.ok()) return result.status();
  Adopt(std::move(*result));
  return Status::Ok();
}

Status SessionHost::StartTask(std::string title, SessionTask task) {
  if (busy()) return Status::FailedPrecondition("wait until \"" + job_title_ + "\" ends");
  if (!session_) return Status::FailedPrecondition("no project is open (File > Open project)");
  progress_->done.store(0);
  progress_->total.store(0);
  job_title_ = std::move(title);
  task_ = std::async(std::launch::async,
                     [task = std::move(task), session = session_.get()] { return task(*session); });
  return Status::Ok();
}

std::optional<Result<std::string>> SessionHost::PollTask() {
  if (!task_.valid() || task_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return std::nullopt;
  job_title_.clear();
  return task_.get();
}

void SessionHost::Adopt(std::unique_ptr<app::Project> session) {
  session_ = std::move(session);
  ++generation_;
}

Status SessionHost::Close() {
  if (task_.valid()) task_.wait();  // the worker is using the session
  if (!session_) return Status::Ok();
  Status flushed = session_->Flush();
  session_.reset();
  ++generation_;
  return flushed;
}

}  // namespace taxa::gui
