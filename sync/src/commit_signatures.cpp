#include "taxa/sync/commit_signatures.h"

#include <git2.h>

#include "git_error.h"
#include "git_ptr.h"

namespace taxa::sync {

Result<std::vector<std::string>> ReachableCommits(Repository& repo,
                                                  const std::vector<std::string>& refs) {
  EnsureLibgit2();
  git_repository* g = repo.git_handle_for_sync_internal();
  RevwalkPtr walk;
  TAXA_GIT(git_revwalk_new(walk.out(), g), "cannot walk the history");
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  for (const std::string& ref : refs) {
    if (ref.ends_with("/*")) {
      TAXA_GIT(git_revwalk_push_glob(walk.get(), ref.c_str()), "cannot walk " + ref);
      continue;
    }
    git_oid tip;
    int rc = git_reference_name_to_id(&tip, g, ref.c_str());
    if (rc == GIT_ENOTFOUND) continue;  // an unborn branch
    TAXA_GIT(rc, "cannot read " + ref);
    TAXA_GIT(git_revwalk_push(walk.get(), &tip), "cannot walk " + ref);
  }
  std::vector<std::string> out;
  git_oid oid;
  int rc;
  while ((rc = git_revwalk_next(&oid, walk.get())) == 0) out.push_back(OidHex(&oid));
  if (rc != GIT_ITEROVER) return ObjectStatus(rc, oid, "");
  return out;
}

Result<CommitSignature> ReadCommitSignature(Repository& repo, const std::string& commit) {
  git_oid oid;
  if (commit.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, commit.c_str()) < 0)
    return Status::InvalidInput("\"" + commit + "\" is not a commit id");
  git_repository* g = repo.git_handle_for_sync_internal();
  CommitSignature out;
  git_buf signature = GIT_BUF_INIT;
  git_buf data = GIT_BUF_INIT;
  int rc = git_commit_extract_signature(&signature, &data, g, &oid, nullptr);
  if (rc == 0) {
    out.signature = std::string(signature.ptr, signature.size);
    out.signed_data.assign(data.ptr, data.size);
    git_buf_dispose(&signature);
    git_buf_dispose(&data);
    return out;
  }
  git_buf_dispose(&signature);
  git_buf_dispose(&data);
  if (rc != GIT_ENOTFOUND) return ObjectStatus(rc, oid, "");
  // Unsigned, or no such commit: tell them apart, and give the bytes anyway.
  OdbPtr odb;
  TAXA_GIT(git_repository_odb(odb.out(), g), "cannot open the object database");
  git_odb_object* object = nullptr;
  rc = git_odb_read(&object, odb.get(), &oid);
  if (rc == GIT_ENOTFOUND) return Status::NotFound("commit " + commit + " is not in this repository");
  if (rc < 0) return ObjectStatus(rc, oid, "");
  bool is_commit = git_odb_object_type(object) == GIT_OBJECT_COMMIT;
  out.signed_data.assign(static_cast<const char*>(git_odb_object_data(object)),
                         git_odb_object_size(object));
  git_odb_object_free(object);
  if (!is_commit) return Status::InvalidInput(commit + " is not a commit");
  return out;
}

}  // namespace taxa::sync
