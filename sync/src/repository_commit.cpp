// Repository: one commit read in full (for History::Show).
#include <git2.h>

#include <cstring>

#include "git_error.h"
#include "git_ptr.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

Result<CommitDetails> Repository::ReadCommit(const std::string& commit) {
  git_oid oid;
  if (commit.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, commit.c_str()) < 0)
    return Status::InvalidInput("\"" + commit + "\" is not a commit id");
  CommitPtr c;
  int rc = git_commit_lookup(c.out(), repo_, &oid);
  if (rc == GIT_ENOTFOUND) return Status::NotFound("commit " + commit + " is not in this repository");
  if (rc < 0) return ObjectStatus(rc, oid, "");
  CommitDetails out;
  LogEntry& e = out.entry;
  e.commit = OidHex(&oid);
  const git_signature* a = git_commit_author(c.get());
  e.author = a->name ? a->name : "";
  e.email = a->email ? a->email : "";
  e.time = a->when.time;
  e.time_offset_minutes = a->when.offset;
  const char* summary = git_commit_summary(c.get());
  e.subject = summary ? summary : "";
  const char* message = git_commit_message(c.get());
  git_message_trailer_array trailers{};
  if (message != nullptr && git_message_trailers(&trailers, message) == 0) {
    for (size_t i = 0; i < trailers.count; ++i)
      e.trailers.emplace_back(trailers.trailers[i].key, trailers.trailers[i].value);
    git_message_trailer_array_free(&trailers);
  }
  const char* body = git_commit_body(c.get());
  out.body = body ? body : "";
  for (unsigned i = 0, n = git_commit_parentcount(c.get()); i < n; ++i)
    out.parents.push_back(OidHex(git_commit_parent_id(c.get(), i)));
  return out;
}

}  // namespace taxa::sync
