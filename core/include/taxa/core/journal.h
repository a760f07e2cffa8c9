// The label journal: where an acknowledged label lives until it is committed.
//
// Append() writes each record with a checksum and fdatasyncs before it
// returns, so a record is durable the moment the caller acknowledges it.
// ReadAll() returns the intact records and, apart, the damaged ones: a record
// torn by a crash mid-append (only the tail can be; it was never
// acknowledged) or one whose checksum fails; SetAside() keeps those for
// inspection before the journal is cleared, and the next Append() cuts a torn
// tail from the file: appending never brings back a record ReadAll()
// dropped. After the
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
    // Lines that failed their checksum, and a torn tail, as they were read.
    std::vector<std::string> damaged;
  };
  Result<Contents> ReadAll() const;

  // Appends `lines` (damaged records, or records that no longer decode) to
  // the quarantine file beside the journal, `set_aside_path()`, and syncs it,
  // so that clearing the journal loses nothing anyone may want to inspect.
  Status SetAside(const std::vector<std::string>& lines) const;
  std::string set_aside_path() const { return path_ + ".damaged"; }

  // Empties the journal (after its records are committed).
  Status Clear();

  // Replaces the journal's records with `records` (those of its records that
  // could not be committed yet), atomically: a crash leaves the old journal
  // or the new one, never a mix. Each record is a single line without '\n'.
  Status Rewrite(const std::vector<std::string>& records);

  const std::string& path() const { return path_; }

 private:
  Status DropTornTail();

  int fd_ = -1;
  std::string path_;
  bool torn_tail_ = false;  // the file ends inside a record a crash cut short
};

}  // namespace taxa::core
