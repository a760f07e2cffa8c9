// Repository: references listed by prefix and moved by compare-and-swap.
#include <git2.h>

#include "git_error.h"
#include "git_ptr.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

Result<std::map<std::string, std::string>> Repository::References(const std::string& prefix) {
  using IteratorPtr = GitPtr<git_reference_iterator, git_reference_iterator_free>;
  IteratorPtr it;
  const std::string glob = prefix + "*";
  TAXA_GIT(git_reference_iterator_glob_new(it.out(), repo_, glob.c_str()),
           "cannot list the references " + glob);
  std::map<std::string, std::string> out;
  git_reference* ref = nullptr;
  int rc = 0;
  while ((rc = git_reference_next(&ref, it.get())) == 0) {
    ReferencePtr owned;
    owned.p = ref;
    ReferencePtr resolved;
    if (git_reference_resolve(resolved.out(), owned.get()) < 0) continue;  // dangling symbolic
    const git_oid* target = git_reference_target(resolved.get());
    if (target != nullptr) out[git_reference_name(owned.get())] = OidHex(target);
  }
  if (rc != GIT_ITEROVER) return GitStatus(rc, "cannot list the references " + glob);
  return out;
}

Status Repository::MoveReference(const std::string& name, const std::string& expected,
                                 const std::string& target, const std::string& why) {
  int valid = 0;
  if (git_reference_name_is_valid(&valid, name.c_str()) < 0 || !valid)
    return Status::InvalidInput("\"" + name + "\" is not a valid reference name");
  git_oid to;
  if (target.size() != GIT_OID_HEXSZ || git_oid_fromstr(&to, target.c_str()) < 0)
    return Status::InvalidInput("\"" + target + "\" is not a commit id");
  ReferencePtr ref;
  int rc;
  if (expected.empty()) {
    rc = git_reference_create(ref.out(), repo_, name.c_str(), &to, 0, why.c_str());
  } else {
    git_oid from;
    if (expected.size() != GIT_OID_HEXSZ || git_oid_fromstr(&from, expected.c_str()) < 0)
      return Status::InvalidInput("\"" + expected + "\" is not a commit id");
    rc = git_reference_create_matching(ref.out(), repo_, name.c_str(), &to, 1, &from, why.c_str());
  }
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
    return Status::Locked(name + " changed while writing (another writer?); try again");
  TAXA_GIT(rc, "cannot move " + name);
  return Status::Ok();
}

}  // namespace taxa::sync
