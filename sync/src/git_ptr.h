// RAII for libgit2 objects, shared by the files of sync/src.
#pragma once

#include <git2.h>

#include <string>

namespace taxa::sync {

// The 40 hex digits of `oid`.
inline std::string OidHex(const git_oid* oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, oid);
  return buf;
}

template <typename T, void (*Free)(T*)>
struct GitPtr {
  T* p = nullptr;
  GitPtr() = default;
  GitPtr(const GitPtr&) = delete;
  GitPtr& operator=(const GitPtr&) = delete;
  ~GitPtr() {
    if (p) Free(p);
  }
  T** out() { return &p; }
  T* get() const { return p; }
  explicit operator bool() const { return p != nullptr; }
};
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;
using ReferencePtr = GitPtr<git_reference, git_reference_free>;
using DiffPtr = GitPtr<git_diff, git_diff_free>;
using RevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;
using SignaturePtr = GitPtr<git_signature, git_signature_free>;
using TreeBuilderPtr = GitPtr<git_treebuilder, git_treebuilder_free>;
using OdbPtr = GitPtr<git_odb, git_odb_free>;

}  // namespace taxa::sync
