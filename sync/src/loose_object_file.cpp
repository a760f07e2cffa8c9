#include "loose_object_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

#include "git_ptr.h"
#include "taxa/core/fs.h"

namespace taxa::sync {

namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::Io(what + " " + path + ": " + std::strerror(errno));
}

// A name no other writer (of this or another process) uses for its
// temporary file.
std::string TemporaryName(const std::string& dir) {
  static std::atomic<uint64_t> counter{0};
  return dir + "/tmp_obj_taxa_" + std::to_string(::getpid()) + "_" +
         std::to_string(counter.fetch_add(1));
}

Status WriteNewFile(const std::string& path, std::string_view data) {
  // Read-only, as git leaves loose objects.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
  if (fd < 0) return Errno("cannot create", path);
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status s = Errno("cannot write", path);
      ::close(fd);
      ::unlink(path.c_str());
      return s;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  if (::close(fd) != 0) {
    Status s = Errno("cannot write", path);
    ::unlink(path.c_str());
    return s;
  }
  return Status::Ok();
}

std::string ObjectsFolder(std::string git_dir) {
  while (git_dir.size() > 1 && git_dir.back() == '/') git_dir.pop_back();
  return git_dir + "/objects/";
}

}  // namespace

LooseObjectFiles::LooseObjectFiles(std::string from_git_dir, std::string to_git_dir)
    : from_objects_(ObjectsFolder(std::move(from_git_dir))),
      to_objects_(ObjectsFolder(std::move(to_git_dir))) {}

Result<bool> LooseObjectFiles::Transplant(const git_oid& id) {
  const std::string hex = OidHex(&id);
  const std::string name = hex.substr(0, 2) + "/" + hex.substr(2);
  const std::string from = from_objects_ + name;
  struct stat st {};
  if (::stat(from.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const std::string to_dir = to_objects_ + hex.substr(0, 2);
  const std::string to = to_objects_ + name;
  if (::mkdir(to_dir.c_str(), 0755) != 0 && errno != EEXIST)
    return Errno("cannot create directory", to_dir);
  if (try_link_) {
    if (::link(from.c_str(), to.c_str()) == 0 || errno == EEXIST) {
      ++linked_;
      return true;
    }
    // Another file system (a USB disk), or links not allowed there (a file
    // another user owns, with protected hard links): copy from now on.
    if (errno != EXDEV && errno != EPERM && errno != EMLINK && errno != ENOTSUP &&
        errno != EACCES) {
      return Errno("cannot link " + from + " to", to);
    }
    try_link_ = false;
  }
  TAXA_RETURN_IF_ERROR(CopyBytes(from, to_dir, to));
  return true;
}

Status WriteLooseObjectFile(const std::string& dir, const std::string& path,
                            std::string_view bytes) {
  const std::string tmp = TemporaryName(dir);
  TAXA_RETURN_IF_ERROR(WriteNewFile(tmp, bytes));
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status s = Errno("cannot rename " + tmp + " to", path);
    ::unlink(tmp.c_str());
    return s;
  }
  return Status::Ok();
}

Status LooseObjectFiles::CopyBytes(const std::string& from, const std::string& to_dir,
                                   const std::string& to) {
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(from));
  TAXA_RETURN_IF_ERROR(WriteLooseObjectFile(to_dir, to, bytes));
  ++copied_;
  ++unflushed_;
  return Status::Ok();
}

Status LooseObjectFiles::Flush() {
  if (unflushed_ == 0) return Status::Ok();
  int fd = ::open(to_objects_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", to_objects_);
  int rc = ::syncfs(fd);
  ::close(fd);
  if (rc != 0) return Errno("cannot flush the objects written to", to_objects_);
  unflushed_ = 0;
  return Status::Ok();
}

}  // namespace taxa::sync
