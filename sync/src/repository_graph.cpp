// Repository: references and the commit graph, read locally (no network).
#include <git2.h>

#include "git_error.h"
#include "git_ptr.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

namespace {

// Parses a full 40-digit commit id and checks that the commit is here.
Status LookupCommitId(git_repository* repo, const std::string& hex, git_oid* out) {
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(out, hex.c_str()) < 0)
    return Status::InvalidInput("\"" + hex + "\" is not a commit id");
  CommitPtr commit;
  if (git_commit_lookup(commit.out(), repo, out) < 0)
    return Status::NotFound("commit " + hex + " is not in this repository");
  return Status::Ok();
}

// The number of commits reachable from `tip`.
Result<size_t> CountReachable(git_repository* repo, const git_oid* tip) {
  RevwalkPtr walk;
  TAXA_GIT(git_revwalk_new(walk.out(), repo), "cannot walk the history");
  TAXA_GIT(git_revwalk_push(walk.get(), tip), "cannot walk the history");
  size_t n = 0;
  git_oid oid;
  int rc = 0;
  while ((rc = git_revwalk_next(&oid, walk.get())) == 0) ++n;
  if (rc != GIT_ITEROVER) return GitStatus(rc, "cannot walk the history");
  return n;
}

}  // namespace

Result<std::string> Repository::ReferenceTarget(const std::string& name) {
  int valid = 0;
  if (git_reference_name_is_valid(&valid, name.c_str()) < 0 || !valid)
    return Status::InvalidInput("\"" + name + "\" is not a valid reference name");
  git_oid oid;
  int rc = git_reference_name_to_id(&oid, repo_, name.c_str());
  if (rc == GIT_ENOTFOUND) return std::string();
  TAXA_GIT(rc, "cannot resolve " + name);
  return OidHex(&oid);
}

Result<std::pair<size_t, size_t>> Repository::AheadBehind(const std::string& local,
                                                          const std::string& upstream) {
  git_oid l, u;
  if (!local.empty()) TAXA_RETURN_IF_ERROR(LookupCommitId(repo_, local, &l));
  if (!upstream.empty()) TAXA_RETURN_IF_ERROR(LookupCommitId(repo_, upstream, &u));
  if (local.empty() && upstream.empty()) return std::pair<size_t, size_t>{0, 0};
  if (upstream.empty()) {
    TAXA_ASSIGN_OR_RETURN(size_t ahead, CountReachable(repo_, &l));
    return std::pair<size_t, size_t>{ahead, 0};
  }
  if (local.empty()) {
    TAXA_ASSIGN_OR_RETURN(size_t behind, CountReachable(repo_, &u));
    return std::pair<size_t, size_t>{0, behind};
  }
  size_t ahead = 0, behind = 0;
  TAXA_GIT(git_graph_ahead_behind(&ahead, &behind, repo_, &l, &u),
           "cannot compare " + local + " with " + upstream);
  return std::pair<size_t, size_t>{ahead, behind};
}

Result<std::string> Repository::MergeBase(const std::string& a, const std::string& b) {
  git_oid x, y, base;
  TAXA_RETURN_IF_ERROR(LookupCommitId(repo_, a, &x));
  TAXA_RETURN_IF_ERROR(LookupCommitId(repo_, b, &y));
  int rc = git_merge_base(&base, repo_, &x, &y);
  if (rc == GIT_ENOTFOUND) return std::string();
  TAXA_GIT(rc, "cannot find the common ancestor of " + a + " and " + b);
  return OidHex(&base);
}

Result<std::set<std::string>> Repository::ReflogTargets(const std::string& name) {
  using ReflogPtr = GitPtr<git_reflog, git_reflog_free>;
  ReflogPtr log;
  TAXA_GIT(git_reflog_read(log.out(), repo_, name.c_str()), "cannot read the reflog of " + name);
  std::set<std::string> out;
  for (size_t i = 0, n = git_reflog_entrycount(log.get()); i < n; ++i) {
    const git_reflog_entry* e = git_reflog_entry_byindex(log.get(), i);
    out.insert(OidHex(git_reflog_entry_id_new(e)));
  }
  return out;
}

}  // namespace taxa::sync
