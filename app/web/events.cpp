#include "web/events.h"

namespace taxa::web {

namespace {
constexpr size_t kKept = 256;
}

void Events::Publish(std::string data) {
  {
    std::lock_guard lock(mu_);
    recent_.push_back({++last_, std::move(data)});
    if (recent_.size() > kKept) recent_.pop_front();
  }
  cv_.notify_all();
}

std::vector<Event> Events::Since(uint64_t seen, std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, wait, [&] { return closed_ || last_ > seen; });
  std::vector<Event> out;
  if (closed_) return out;
  for (const Event& e : recent_)
    if (e.id > seen) out.push_back(e);
  return out;
}

uint64_t Events::last() const {
  std::lock_guard lock(mu_);
  return last_;
}

void Events::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

bool Events::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

}  // namespace taxa::web
