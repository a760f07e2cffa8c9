#include "session/project_host.h"

#include <chrono>
#include <filesystem>
#include <utility>

#include "taxa/core/guarded.h"

namespace taxa::app {

namespace {

template <typename T>
bool Ready(const std::future<T>& f) {
  return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// A progress function that feeds `context` for as long as anyone holds it
// (a project keeps its progress function for later index updates).
core::ProgressFn Feeding(std::shared_ptr<JobContext> context) {
  return [context = std::move(context)](size_t done, size_t total) {
    context->Progress(done, total);
  };
}

}  // namespace

ProjectJob OpenJob(std::string dir) {
  return [dir = std::move(dir)](const SessionOptions& options) {
    return Project::Open(dir, options);
  };
}

ProjectJob CreateJob(std::string dir, std::string name) {
  return [dir = std::move(dir), name = std::move(name)](const SessionOptions& options) {
    return Project::Create(dir, name, options);
  };
}

ProjectJob DemoJob(std::string dir) {
  return [dir = std::move(dir)](const SessionOptions& options) {
    std::error_code ec;
    bool has_files = std::filesystem::is_directory(dir, ec) && !std::filesystem::is_empty(dir, ec);
    if (has_files) return Project::Open(dir, options);
    return Project::CreateDemo(dir, options);
  };
}

ProjectHost::ProjectHost(SessionOptions options) : options_(std::move(options)) {}

ProjectHost::~ProjectHost() {
  if (job_.valid()) job_.wait();
  if (task_.valid()) task_.wait();
  if (reader_.valid()) reader_.wait();
  (void)Close();  // the caller that cares about the error calls Close() first
}

const std::string& ProjectHost::job_title() const {
  return busy() || !reader_.valid() ? title_ : reader_title_;
}

std::pair<size_t, size_t> ProjectHost::progress() const {
  return busy() || !reader_.valid() ? context_->progress() : reader_context_->progress();
}

namespace {

// True when `a` and `b` name the same folder (links and ".." resolved).
bool SameFolder(const std::string& a, const std::string& b) {
  std::error_code ea, eb;
  std::filesystem::path x = std::filesystem::weakly_canonical(a, ea);
  std::filesystem::path y = std::filesystem::weakly_canonical(b, eb);
  if (ea || eb) return a == b;
  auto trim = [](std::filesystem::path p) {
    return p.has_filename() ? p : p.parent_path();
  };
  return trim(x) == trim(y);
}

}  // namespace

Status ProjectHost::Start(std::string title, ProjectJob job, const std::string& dir) {
  if (project_ && !dir.empty() && SameFolder(dir, project_->dir()))
    return Status::AlreadyExists(project_->dir() + " is the project open already");
  // The current project stays open until the new one is: commit its labels
  // now, since nobody may touch it while the job runs.
  Status closed = project_ ? project_->Flush() : Status::Ok();
  context_ = std::make_shared<JobContext>();
  SessionOptions options = options_;
  options.progress = Feeding(context_);
  title_ = std::move(title);
  job_ = std::async(std::launch::async, [job = std::move(job), options = std::move(options)] {
    return core::Guarded("opening the project", [&] { return job(options); });
  });
  if (!closed.ok())
    return closed.WithPrefix("the labels of the previous project stay in its journal");
  return Status::Ok();
}

std::optional<Status> ProjectHost::Poll() {
  if (!Ready(job_)) return std::nullopt;
  Result<std::unique_ptr<Project>> result = job_.get();
  title_.clear();
  if (!result.ok()) return result.status();
  // Its labels were committed when the job started; none came since.
  (void)Close();
  Adopt(std::move(*result));
  return Status::Ok();
}

Status ProjectHost::StartTask(std::string title, ProjectTask task) {
  if (busy()) return Status::FailedPrecondition("wait until \"" + title_ + "\" ends");
  if (!project_) return Status::FailedPrecondition("no project is open (File > Open project)");
  context_ = std::make_shared<JobContext>();
  title_ = std::move(title);
  task_ = std::async(std::launch::async, [task = std::move(task), project = project_.get(),
                                          context = context_, what = title_] {
    return core::Guarded(what, [&] { return task(*project, *context); });
  });
  return Status::Ok();
}

std::optional<Result<std::string>> ProjectHost::PollTask() {
  if (!Ready(task_)) return std::nullopt;
  title_.clear();
  return task_.get();
}

Status ProjectHost::StartReader(std::string title, ProjectTask task) {
  if (reader_.valid())
    return Status::FailedPrecondition("wait until \"" + reader_title_ + "\" ends");
  if (!project_) return Status::FailedPrecondition("no project is open (File > Open project)");
  reader_context_ = std::make_shared<JobContext>();
  reader_title_ = std::move(title);
  SessionOptions options = options_;
  options.user = project_->user();
  options.mode = OpenMode::kReadOnly;
  options.progress = Feeding(reader_context_);
  reader_ = std::async(std::launch::async, [task = std::move(task), dir = project_->dir(),
                                            options = std::move(options),
                                            context = reader_context_, what = reader_title_] {
    return core::Guarded(what, [&]() -> Result<std::string> {
      TAXA_ASSIGN_OR_RETURN(std::unique_ptr<Project> reader, Project::Open(dir, options));
      return task(*reader, *context);
    });
  });
  return Status::Ok();
}

std::optional<Result<std::string>> ProjectHost::PollReader() {
  if (!Ready(reader_)) return std::nullopt;
  reader_title_.clear();
  return reader_.get();
}

void ProjectHost::Cancel() {
  context_->Cancel();
  reader_context_->Cancel();
}

void ProjectHost::Adopt(std::unique_ptr<Project> project) {
  project_ = std::move(project);
  ++generation_;
}

Status ProjectHost::Close() {
  if (task_.valid()) task_.wait();  // the worker is using the project
  if (!project_) return Status::Ok();
  Status flushed = project_->Flush();
  project_.reset();
  ++generation_;
  return flushed;
}

}  // namespace taxa::app
