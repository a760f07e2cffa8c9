// The objects of a large commit (an import, a bulk of labels: thousands of
// segments and the folders that hold them) written as one pack and its index
// instead of one loose file each. Creating thousands of files is most of such
// a commit's time on a busy file system; a pack is two. What is stored is the
// same (git reads either), and as before nothing is synced: the label journal
// is what makes labels durable.
//
// Every repository handle of sync gets an idle batch backend at the top of its
// object database (AddBatchBackend, from UseFastObjectWrites). While a
// BatchObjects is alive, that backend takes every object written through the
// handle (trees and commits made by libgit2, blobs given to AddBlob) and
// serves them back to reads; Finish writes them into objects/pack/ through
// libgit2's indexer (which checks every object) and the database sees them
// from there. Destroyed without Finish, everything gathered is dropped and
// nothing was written.
//
//   TAXA_ASSIGN_OR_RETURN(std::unique_ptr<BatchObjects> batch, BatchObjects::Begin(repo));
//   TAXA_ASSIGN_OR_RETURN(git_oid blob, batch->AddBlob(bytes));
//   ... git_tree_create_updated, git_commit_create ...
//   TAXA_RETURN_IF_ERROR(batch->Finish());
//
// Private to sync/src.
#pragma once

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::sync {

struct BatchBackend;

// A commit of this many files or more (Repository::Commit) writes its objects
// as one pack rather than a loose file each.
inline constexpr size_t kPackedCommitFiles = 256;

// Adds an idle batch backend to `odb`, above every other.
Status AddBatchBackend(git_odb* odb);

class BatchObjects {
 public:
  // Starts gathering the objects written through `repo` (whose database has
  // a batch backend). kFailedPrecondition when a batch is gathering already.
  static Result<std::unique_ptr<BatchObjects>> Begin(git_repository* repo);
  ~BatchObjects();
  BatchObjects(const BatchObjects&) = delete;
  BatchObjects& operator=(const BatchObjects&) = delete;

  // Adds the blob `bytes` (kept as a view: they must outlive Finish) and
  // returns its id; a blob the database holds already is not added again.
  Result<git_oid> AddBlob(std::string_view bytes);
  // The same for many blobs, hashed side by side: ids[i] is the id of blobs[i].
  Status AddBlobs(const std::vector<std::string_view>& blobs, std::vector<git_oid>& ids);

  // Writes what was gathered as one pack with its index into the
  // repository's objects/pack/ and lets the database read it from there.
  // Nothing gathered writes nothing. kCorrupt when libgit2's indexer refuses
  // the pack (then no pack is left behind). `durable`: the pack, its index
  // and their folder are synced to the disk before it returns.
  Status Finish(bool durable = false);

  // How many objects were gathered (for tests).
  size_t size() const;

 private:
  BatchObjects(git_repository* repo, BatchBackend* backend) : repo_(repo), backend_(backend) {}
  git_repository* repo_;
  BatchBackend* backend_;
};

}  // namespace taxa::sync
