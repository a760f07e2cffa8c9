// libgit2's error codes become Status here, and only here.
#pragma once

#include <string_view>

#include "taxa/core/status.h"

namespace taxa::sync {

// Converts a negative libgit2 return code into a Status naming `what` and
// libgit2's last message (which may be absent in 1.5).
Status GitStatus(int rc, std::string_view what);

// Calls git_libgit2_init once per process; safe from any thread.
void EnsureLibgit2();

}  // namespace taxa::sync

#define TAXA_GIT(expr, what)                                       \
  do {                                                             \
    int taxa_git_rc_ = (expr);                                     \
    if (taxa_git_rc_ < 0) return ::taxa::sync::GitStatus(taxa_git_rc_, what); \
  } while (false)
