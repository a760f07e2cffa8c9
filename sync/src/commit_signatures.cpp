#include "taxa/sync/commit_signatures.h"

#include <git2.h>

#include "commit_write.h"
#include "git_error.h"
#include "git_ptr.h"

namespace taxa::sync {

namespace {

// git keeps a header's continuation lines after one space, and git's own
// signed commits end the header at the armor's last line, so the signature's
// final newline is left out (git puts it back when it reads the header).
std::string HeaderValue(std::string signature) {
  while (!signature.empty() && signature.back() == '\n') signature.pop_back();
  return signature;
}

}  // namespace

Status WriteCommit(git_repository* repo, const git_signature* author, const char* encoding,
                   const std::string& message, const git_tree* tree, size_t count,
                   const git_commit* parents[], const CommitMeta& meta, git_oid* out) {
  if (!meta.sign) {
    TAXA_GIT(git_commit_create(out, repo, nullptr, author, author, encoding, message.c_str(), tree,
                               count, parents),
             "cannot write the commit");
    return Status::Ok();
  }
  git_buf buf = GIT_BUF_INIT;
  TAXA_GIT(git_commit_create_buffer(&buf, repo, author, author, encoding, message.c_str(), tree,
                                    count, parents),
           "cannot make the commit");
  std::string bytes(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> signature, meta.sign(bytes));
  if (!signature) {
    TAXA_GIT(git_commit_create(out, repo, nullptr, author, author, encoding, message.c_str(), tree,
                               count, parents),
             "cannot write the commit");
    return Status::Ok();
  }
  std::string header = HeaderValue(std::move(*signature));
  TAXA_GIT(git_commit_create_with_signature(out, repo, bytes.c_str(), header.c_str(), "gpgsig"),
           "cannot write the signed commit");
  return Status::Ok();
}

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
