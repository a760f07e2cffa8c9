#include "web/gate.h"

#include <nlohmann/json.hpp>

#include "taxa/core/timing.h"

namespace taxa::web {

Gate::Gate(std::unique_ptr<app::Project> project, GateOptions options)
    : project_(std::move(project)),
      dir_(project_->dir()),
      owner_(project_->user()),
      options_(std::move(options)),
      last_flush_(std::chrono::steady_clock::now()) {
  writer_ = std::thread([this] { Loop(); });
}

Gate::~Gate() { (void)Close(); }

Status Gate::Enqueue(Job job) {
  {
    std::lock_guard lock(mu_);
    if (closing_) return Status::Locked("the server is stopping");
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return Status::Ok();
}

Result<core::LabelEvent> Gate::Label(const std::string& user, app::LabelRequest request) {
  auto done = std::make_shared<std::promise<Result<core::LabelEvent>>>();
  std::future<Result<core::LabelEvent>> result = done->get_future();
  TAXA_RETURN_IF_ERROR(Enqueue(Job{.user = user, .label = std::move(request), .labeled = done}));
  return result.get();
}

Result<std::unique_ptr<app::Project>> Gate::OpenReader(const std::string& user) const {
  app::SessionOptions options;
  options.user = user;
  options.mode = app::OpenMode::kReadOnly;
  return app::Project::Open(dir_, std::move(options));
}

Status Gate::Close() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  cv_.notify_one();
  if (writer_.joinable()) writer_.join();
  return close_status_;
}

void Gate::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait_until(lock, last_flush_ + options_.flush_every,
                   [&] { return !queue_.empty() || closing_; });
    std::deque<Job> jobs;
    jobs.swap(queue_);
    const bool last = closing_;  // nothing joins the queue after this
    lock.unlock();
    RunJobs(jobs);
    MaybeFlush(last);
    lock.lock();
    if (last && queue_.empty()) break;
  }
  lock.unlock();
  project_.reset();  // the writer lock goes with it
}

void Gate::RunJobs(std::deque<Job>& jobs) {
  std::vector<Job> labels;
  for (Job& job : jobs) {
    if (job.labeled) {
      labels.push_back(std::move(job));
      continue;
    }
    RecordLabels(labels);  // what came before runs first
    const uint64_t before = project_->revision();
    Status acted = project_->ActAs(job.user);
    job.run(*project_, acted);
    if (project_->revision() != before && options_.changed)
      options_.changed(R"({"type":"change"})");
  }
  RecordLabels(labels);
}

void Gate::RecordLabels(std::vector<Job>& labels) {
  if (labels.empty()) return;
  std::vector<app::PersonLabel> batch;
  batch.reserve(labels.size());
  for (Job& job : labels) batch.push_back({.by = job.user, .request = std::move(job.label)});
  std::vector<Result<core::LabelEvent>> out;
  {
    core::ScopedTiming timing("serve: a batch of labels");
    out = app::Labeling(*project_).LabelEach(batch);
  }
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < labels.size(); ++i) {
    if (out[i].ok()) items.push_back(out[i]->item);
    labels[i].labeled->set_value(std::move(out[i]));
  }
  labels.clear();
  if (!items.empty() && options_.changed)
    options_.changed(nlohmann::json{{"type", "labels"}, {"items", items}}.dump());
}

void Gate::MaybeFlush(bool now) {
  const size_t pending = project_->pending_labels();
  const auto clock = std::chrono::steady_clock::now();
  if (!now && pending < options_.flush_at && clock < last_flush_ + options_.flush_every) return;
  last_flush_ = clock;
  if (pending == 0) return;
  // Label commits are the server's, authored by whoever started it.
  (void)project_->ActAs(owner_);
  Status flushed = project_->Flush();
  if (now) close_status_ = flushed;
  if (!flushed.ok() && options_.notice)
    options_.notice("saved in the journal, not yet committed: " + flushed.message());
}

}  // namespace taxa::web
