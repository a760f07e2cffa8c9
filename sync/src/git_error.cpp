#include "git_error.h"

#include <git2.h>

#include <mutex>
#include <string>

namespace taxa::sync {

Status GitStatus(int rc, std::string_view what) {
  const git_error* e = git_error_last();
  std::string msg = std::string(what);
  if (e != nullptr && e->message != nullptr) msg += ": " + std::string(e->message);
  switch (rc) {
    case GIT_ENOTFOUND: return Status::NotFound(msg);
    case GIT_EEXISTS: return Status::AlreadyExists(msg);
    case GIT_ELOCKED:
    case GIT_EMODIFIED: return Status::Locked(msg);
    case GIT_EINVALIDSPEC:
    case GIT_EINVALID: return Status::InvalidInput(msg);
    default: return Status::Internal(msg);
  }
}

void EnsureLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

}  // namespace taxa::sync
