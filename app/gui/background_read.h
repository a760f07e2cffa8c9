// A window's numbers read on the GUI's background reader
// (app::ProjectHost::StartReader: a read-only project of the same folder, on
// a worker of its own), so a big project never freezes a frame. The window
// keeps the last numbers on screen, greyed or marked "reading...", while new
// ones are read; what it asked for is its Key (the project's generation and
// revision and the window's choices), compared with what was read.
//
//   BackgroundRead<ErrorsKey, ErrorsData> read;
//   ... before drawing, when no reader runs:
//   if (read.Needs(want)) StartBackgroundRead(host, "Reading defects", want, read, ReadErrors);
//   ... when host.PollReader() returns `done`:
//   AdoptBackgroundRead(read, *done);
//
// Data must have a `std::string error`: a reader that failed as a whole (the
// project could not be opened) leaves its message there, and the key counts
// as read, so it is not asked again at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "session/project.h"
#include "session/project_host.h"

#include "taxa/core/status.h"

namespace taxa::gui {

template <typename Key, typename Data>
struct BackgroundRead {
  std::optional<Key> key;  // what `data` was read for; nullopt before the first read
  Data data;
  std::optional<Key> running;     // what the reader reads now
  std::shared_ptr<Data> pending;  // filled by the reader while it runs

  bool reading() const { return running.has_value(); }
  bool read_once() const { return key.has_value(); }
  // True when `want` is neither what `data` holds (fresh) nor what is being read.
  bool Needs(const Key& want) const {
    if (running && *running == want) return false;
    return !key || !(*key == want);
  }
};

// Starts `read(project, want)` on the host's reader; the result waits in
// slot.pending. Errors as app::ProjectHost::StartReader (one reader at a time).
template <typename Key, typename Data, typename ReadFn>
Status StartBackgroundRead(app::ProjectHost& host, std::string title, const Key& want,
                           BackgroundRead<Key, Data>& slot, ReadFn read) {
  auto result = std::make_shared<Data>();
  TAXA_RETURN_IF_ERROR(host.StartReader(
      std::move(title),
      [want, result, read](app::Project& project, app::JobContext&) -> Result<std::string> {
        *result = read(project, want);
        return std::string();
      }));
  slot.running = want;
  slot.pending = std::move(result);
  return Status::Ok();
}

// After the host's reader ended with `outcome`: adopts slot.pending, when
// this slot started it.
template <typename Key, typename Data>
void AdoptBackgroundRead(BackgroundRead<Key, Data>& slot, const Result<std::string>& outcome) {
  if (!slot.pending) return;
  slot.data = std::move(*slot.pending);
  if (!outcome.ok() && slot.data.error.empty()) slot.data.error = outcome.status().message();
  slot.key = slot.running;
  slot.pending.reset();
  slot.running.reset();
}

// Reads `want` on the calling thread (tests, and small projects).
template <typename Key, typename Data, typename ReadFn>
void ReadNow(app::Project& project, const Key& want, BackgroundRead<Key, Data>& slot, ReadFn read) {
  if (!slot.Needs(want)) return;
  slot.data = read(project, want);
  slot.key = want;
}

}  // namespace taxa::gui
