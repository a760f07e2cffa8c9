#include "taxa/core/decoded_segments.h"

#include "taxa/core/sha256.h"

namespace taxa::core {

void DecodedSegments::Keep(const std::string& path, std::string_view bytes,
                           std::vector<LabelEvent> events) {
  std::string digest = Sha256Hex(bytes);  // outside the lock: the costly part
  std::lock_guard<std::mutex> lock(mu_);
  auto old = entries_.find(path);
  if (old != entries_.end()) {
    events_ -= old->second.events->size();
    entries_.erase(old);
  }
  if (events_ + events.size() > max_events_) return;
  events_ += events.size();
  entries_[path] = {std::move(digest),
                    std::make_shared<const std::vector<LabelEvent>>(std::move(events))};
}

std::shared_ptr<const std::vector<LabelEvent>> DecodedSegments::Find(const std::string& path,
                                                                     std::string_view bytes) const {
  std::shared_ptr<const std::vector<LabelEvent>> events;
  std::string digest;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(path);
    if (it == entries_.end()) return nullptr;
    events = it->second.events;
    digest = it->second.digest;
  }
  return Sha256Hex(bytes) == digest ? events : nullptr;
}

void DecodedSegments::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
  events_ = 0;
}

bool DecodedSegments::empty() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.empty();
}

}  // namespace taxa::core
