// File-system helpers with the durability Taxa promises: atomic replacement,
// fsync before acknowledging, and an advisory lock for the single writer.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::core {

// Reads a whole file. kNotFound when it does not exist, kIo on other errors;
// messages name the path.
Result<std::string> ReadFile(const std::string& path);

// Writes `data` to a temporary file beside `path`, fsyncs it, renames it over
// `path` and fsyncs the directory: readers see the old or the new file, never
// a torn one. The file gets permission bits `mode` (less the umask), set when
// it is created, so a secret is never readable by others for a moment.
Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode = 0644);

// fsync of the file or folder `path`: once it returns ok, what was written
// to it (for a folder, the names it holds) is on the disk. kIo naming the
// path.
Status SyncPath(const std::string& path);

// Creates `path` and its parents; ok when it exists.
Status MakeDirs(const std::string& path);

bool PathExists(const std::string& path);

// An exclusive advisory lock (flock) on a file, held for the object's lifetime.
// The kernel drops it when the process dies, so a crash never leaves the
// project locked. The file records the holder's pid and host for messages.
class FileLock {
 public:
  FileLock() = default;
  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

  // Takes the lock without waiting. kLocked, naming the holder, when another
  // process has it.
  static Result<FileLock> TryAcquire(const std::string& path, std::string_view what);
  // Takes the lock, waiting up to `wait` for the holder to let it go (polling
  // every few milliseconds; zero: no wait). kLocked naming the holder's pid
  // and host, and how long it waited, when it is still held then.
  static Result<FileLock> Acquire(const std::string& path, std::string_view what,
                                  std::chrono::milliseconds wait);
  bool held() const { return fd_ >= 0; }
  // Adds `note` to the holder line the lock file shows another process
  // ("taxa pid 12 on host" + note, e.g. ", serving http://127.0.0.1:8470/"),
  // so its kLocked message says what holds the project. kFailedPrecondition
  // when the lock is not held; kIo when the file cannot be written.
  Status Note(std::string_view note);

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace taxa::core
