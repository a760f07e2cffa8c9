#include "sync_path.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace taxa::sync {

Status SyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Io("cannot open " + path + ": " + std::strerror(errno));
  Status s = ::fsync(fd) == 0 ? Status::Ok()
                              : Status::Io("cannot fsync " + path + ": " + std::strerror(errno));
  ::close(fd);
  return s;
}

}  // namespace taxa::sync
