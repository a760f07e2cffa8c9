// The label journal: where an acknowledged label lives until it is committed.
//
// Append() writes each record with a checksum and fdatasyncs before it
// returns, so a record is durable the moment the caller acknowledges it.
// ReadAll() returns the intact records; a record torn by a crash mid-append
// (only the tail can be) is dropped, since it was never acknowledged, and
// the next Append() cuts it from the file: appending never brings back a
// record ReadAll() dropped. After the
// records are committed to the repository, Clear() empties the journal; a
// crash between commit and Clear replays records that are already committed,
// which is harmless because label events are identified by content.
//
// Not thread-safe; one process writes a journal at a time (the project lock).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

class Journal {
 public:
  Journal() = default;
  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&& other) noexcept;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();

  // Opens (creating when missing) the journal file at `path`.
  static Result<Journal> Open(const std::string& path);

  // Appends `records` (each a single line without '\n') and syncs them to disk,
  // first cutting a torn record the file ended with when it was opened.
  Status Append(const std::vector<std::string>& records);

  struct Contents {
    std::vector<std::string> records;
    size_t damaged = 0;  // records dropped for a bad checksum or a torn tail
  };
  Result<Contents> ReadAll() const;

  // Empties the journal (after its records are committed).
  Status Clear();

  const std::string& path() const { return path_; }

 private:
  Status DropTornTail();

  int fd_ = -1;
  std::string path_;
  bool torn_tail_ = false;  // the file ends inside a record a crash cut short
};

}  // namespace taxa::core
