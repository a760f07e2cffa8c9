#include "git_error.h"

#include <algorithm>

#include <git2.h>

#include <mutex>
#include <string>

namespace taxa::sync {

std::string LastGitMessage(std::string_view if_none) {
  const git_error* e = git_error_last();
  std::string m = (e != nullptr && e->message != nullptr) ? e->message : std::string(if_none);
  std::replace(m.begin(), m.end(), '\n', ' ');
  while (!m.empty() && m.back() == ' ') m.pop_back();
  return m;
}

Status GitStatus(int rc, std::string_view what) {
  std::string msg = std::string(what);
  if (std::string last = LastGitMessage(); !last.empty()) msg += ": " + last;
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

Status ObjectStatus(int rc, const git_oid& id, std::string_view what) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  const git_error* e = git_error_last();
  if (rc != GIT_ENOTFOUND && e != nullptr && e->klass == GIT_ERROR_OS)
    return Status::Io((what.empty() ? std::string() : std::string(what) + ": ") +
                      "cannot read object " + hex + ": " +
                      (e->message != nullptr ? e->message : "refused"));
  return Status::Corrupt((what.empty() ? std::string() : std::string(what) + ": ") + "object " +
                         hex + (rc == GIT_ENOTFOUND ? " is missing" : " is damaged") +
                         " (run taxa fsck)");
}

void EnsureLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Every object read is checked against its id (libgit2's default, made
    // explicit: Fsck and Repair rely on it).
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
  });
}

}  // namespace taxa::sync
