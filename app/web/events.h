// Events: what changed in the served project, for pages that update live
// (Server-Sent Events on /api/v1/events). The writer publishes one JSON
// object per change; each open page's stream waits for the next.
//
//   events.Publish(R"({"type":"labels","items":["T-1"]})");
//   std::vector<Event> next = events.Since(last_seen, std::chrono::seconds(10));
//
// An event says what changed (item ids), never whose label or what it is:
// the page asks the API, which applies the blinding rule for its user.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace taxa::web {

struct Event {
  uint64_t id = 0;   // increasing from 1
  std::string data;  // one JSON object, one line
};

class Events {
 public:
  void Publish(std::string data);
  // Events after `seen` (kept: the latest 256), waiting up to `wait` for
  // one; empty after the wait or once closed.
  std::vector<Event> Since(uint64_t seen, std::chrono::milliseconds wait);
  // The id of the latest event (0: none yet).
  uint64_t last() const;
  // Wakes every waiting stream for good: the server is stopping.
  void Close();
  bool closed() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Event> recent_;
  uint64_t last_ = 0;
  bool closed_ = false;
};

}  // namespace taxa::web
