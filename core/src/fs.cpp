#include "taxa/core/fs.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

namespace taxa::core {

namespace {

Status ErrnoStatus(const std::string& what, const std::string& path) {
  int err = errno;
  if (err == ENOENT) return Status::NotFound(path + ": " + what + ": " + std::strerror(err));
  return Status::Io(path + ": " + what + ": " + std::strerror(err));
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", path);
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = ErrnoStatus("cannot read", path);
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

static Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot write", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  // A leftover temporary file of an earlier process with this pid keeps its
  // old bits under O_TRUNC: start from a new one.
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) return ErrnoStatus("cannot create", tmp);
  Status s = WriteAll(fd, data, tmp);
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoStatus("cannot fsync", tmp);
  ::close(fd);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) s = ErrnoStatus("cannot rename", tmp);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  (void)SyncPath(DirName(path));  // the file is whole either way; the name is the disk's to keep
  return Status::Ok();
}

Status SyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", path);
  Status s = ::fsync(fd) == 0 ? Status::Ok() : ErrnoStatus("cannot fsync", path);
  ::close(fd);
  return s;
}

bool PathExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Status MakeDirs(const std::string& path) {
  if (path.empty()) return Status::Ok();
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::Ok();
    return Status::Io(path + ": exists and is not a directory");
  }
  std::string parent = DirName(path);
  if (parent != path) TAXA_RETURN_IF_ERROR(MakeDirs(parent));
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST)
    return ErrnoStatus("cannot create directory", path);
  return Status::Ok();
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing drops the flock
}

Result<FileLock> FileLock::TryAcquire(const std::string& path, std::string_view what) {
  return Acquire(path, what, std::chrono::milliseconds(0));
}

Result<FileLock> FileLock::Acquire(const std::string& path, std::string_view what,
                                   std::chrono::milliseconds wait) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("cannot open lock file", path);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(2);
  int err = 0;
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      err = 0;
      break;
    }
    err = errno;
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK || std::chrono::steady_clock::now() >= deadline) break;
    // Polled rather than blocked on, so the wait is bounded without a signal.
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        pause, deadline - std::chrono::steady_clock::now()));
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
  if (err != 0) {
    char holder[256] = {0};
    ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    if (err != EWOULDBLOCK)
      return Status::Io(path + ": cannot lock: " + std::strerror(err));
    std::string who = n > 0 ? std::string(holder, static_cast<size_t>(n)) : "another process";
    while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
    std::string waited;
    if (wait.count() > 0) {
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.3g", static_cast<double>(wait.count()) / 1000.0);
      waited = " (waited " + std::string(secs) + " s)";
    }
    return Status::Locked(std::string(what) + " is in use by " + who + waited +
                          "; close it there or wait, then try again");
  }
  FileLock lock(fd);
  (void)lock.Note("");
  return lock;
}

Status FileLock::Note(std::string_view note) {
  if (fd_ < 0) return Status::FailedPrecondition("the lock is not held");
  char host[128] = {0};
  ::gethostname(host, sizeof host - 1);
  std::string me = "taxa pid " + std::to_string(::getpid()) + " on " + host + std::string(note) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, me.data(), me.size(), 0) != static_cast<ssize_t>(me.size()))
    return Status::Io(std::string("cannot write the lock file: ") + std::strerror(errno));
  return Status::Ok();
}

}  // namespace taxa::core
