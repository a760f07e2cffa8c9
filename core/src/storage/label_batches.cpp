// Index::ScanLabelsInBatches: ScanLabelsByItemId on a worker thread, its rows
// copied into batches the calling thread takes in order.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "taxa/core/guarded.h"
#include "taxa/core/index.h"

namespace taxa::core {

namespace {

// Labels copied out of the database: their text in one buffer, views made
// once the buffer is complete.
struct Batch {
  struct Spans {
    size_t item, item_size, annotator, annotator_size, categories, categories_size;
    bool outdated;
  };
  std::string bytes;
  std::vector<Spans> spans;
  std::vector<StoredLabelView> views;

  size_t Append(std::string_view text) {
    size_t at = bytes.size();
    bytes.append(text);
    return at;
  }
  void Add(const StoredLabelView& v) {
    Spans s{};
    s.item = Append(v.item), s.item_size = v.item.size();
    s.annotator = Append(v.annotator), s.annotator_size = v.annotator.size();
    s.categories = Append(v.categories), s.categories_size = v.categories.size();
    s.outdated = v.outdated;
    spans.push_back(s);
  }
  void Seal() {
    const std::string_view all = bytes;
    views.reserve(spans.size());
    for (const Spans& s : spans) {
      views.push_back({all.substr(s.item, s.item_size), all.substr(s.annotator, s.annotator_size),
                       all.substr(s.categories, s.categories_size), s.outdated});
    }
  }
};

// What the two threads share.
class BatchQueue {
 public:
  static constexpr size_t kMaxWaiting = 4;  // bounds the memory held

  // Producer: false when the consumer gave up (the scan should stop).
  bool Push(std::unique_ptr<Batch> batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || waiting_.size() < kMaxWaiting; });
    if (stopped_) return false;
    waiting_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }
  void Finish(Status status) {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
    status_ = std::move(status);
    changed_.notify_all();
  }
  // Consumer: the next batch, or null at the end (then status() tells how).
  std::unique_ptr<Batch> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !waiting_.empty() || finished_; });
    if (waiting_.empty()) return nullptr;
    std::unique_ptr<Batch> batch = std::move(waiting_.front());
    waiting_.pop_front();
    changed_.notify_all();
    return batch;
  }
  void Stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }
  Status status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Batch>> waiting_;
  bool finished_ = false;
  bool stopped_ = false;
  Status status_;
};

}  // namespace

Status Index::ScanLabelsInBatches(
    const std::function<Status(const std::vector<StoredLabelView>&)>& fn, size_t batch_size,
    bool as_recorded) {
  // Damage is repaired here, on the calling thread, once the scanner stopped.
  return GuardScan([&](bool& delivered, bool& caller_failed) {
    return ScanLabelsInBatchesOnce(fn, batch_size, as_recorded, delivered, caller_failed);
  });
}

Status Index::ScanLabelsInBatchesOnce(
    const std::function<Status(const std::vector<StoredLabelView>&)>& fn, size_t batch_size,
    bool as_recorded, bool& delivered, bool& caller_failed) {
  if (batch_size == 0) batch_size = 1;
  BatchQueue queue;
  std::thread scanner([&] {
    Status s = Guarded("scanning the labels", [&]() -> Status {
      auto batch = std::make_unique<Batch>();
      Status scanned = ScanLabelsByItemIdOnce(
          [&](const StoredLabelView& v) -> Status {
            batch->Add(v);
            if (batch->spans.size() < batch_size) return Status::Ok();
            batch->Seal();
            if (!queue.Push(std::exchange(batch, std::make_unique<Batch>())))
              return Status::FailedPrecondition("the label scan was stopped");
            return Status::Ok();
          },
          as_recorded);
      if (scanned.ok() && !batch->spans.empty()) {
        batch->Seal();
        queue.Push(std::move(batch));
      }
      return scanned;
    });
    queue.Finish(std::move(s));
  });
  Status used;
  while (std::unique_ptr<Batch> batch = queue.Pop()) {
    delivered = true;
    used = fn(batch->views);
    if (!used.ok()) {
      caller_failed = true;
      break;
    }
  }
  if (!used.ok()) queue.Stop();
  scanner.join();
  if (!used.ok()) return used;
  return queue.status();
}

}  // namespace taxa::core
