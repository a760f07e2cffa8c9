// Objects received from a peer wait in a quarantine folder until they have
// been checked (as git's receive-pack does): a refused peer leaves nothing in
// the object database. Private to sync/src.
//
//   TAXA_ASSIGN_OR_RETURN(Quarantine q, Quarantine::Create(repo.git_dir()));
//   // ... index a pack into q.pack_dir() ...
//   TAXA_ASSIGN_OR_RETURN(Repository view, OpenWithObjects(repo.git_dir(), q.objects_dir()));
//   // ... check through `view` ...
//   TAXA_RETURN_IF_ERROR(q.Keep());  // or let it go: the folder is removed
#pragma once

#include <set>
#include <string>

#include "taxa/core/status.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

class Quarantine {
 public:
  // Makes <git_dir>/taxa/incoming-XXXXXX/pack. Quarantine folders that a
  // killed process left there more than a day ago are removed first.
  static Result<Quarantine> Create(const std::string& git_dir);

  Quarantine(Quarantine&& other) noexcept;
  Quarantine& operator=(Quarantine&&) = delete;
  Quarantine(const Quarantine&) = delete;
  ~Quarantine();  // removes the folder and what it still holds

  const std::string& objects_dir() const { return dir_; }
  std::string pack_dir() const { return dir_ + "/pack"; }

  // Moves every pack into <git_dir>/objects/pack, each .pack before its
  // .idx, so that a reader never finds an index without its pack.
  Status Keep();

 private:
  Quarantine(std::string git_dir, std::string dir) : git_dir_(std::move(git_dir)), dir_(std::move(dir)) {}
  std::string git_dir_;
  std::string dir_;  // empty once moved from
};

// A handle of its own on the repository at `git_dir` (its HEAD, refs and
// objects) that also reads the objects in `objects_dir` (an objects folder:
// loose objects and pack/), as an alternate. Writes nothing.
Result<Repository> OpenWithObjects(const std::string& git_dir, const std::string& objects_dir);

// The file names in `pack_dir`.
std::set<std::string> PackFiles(const std::string& pack_dir);

// Removes what appeared in `pack_dir` since `before`.
void RemoveNewPackFiles(const std::string& pack_dir, const std::set<std::string>& before);

}  // namespace taxa::sync
