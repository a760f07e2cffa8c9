// Fsck and repair of the project's objects (integrity.h, sync/fsck.h).
#include "session/integrity.h"

#include <algorithm>

#include "session/internal/project_state.h"

namespace taxa::app {

Result<sync::FsckReport> Integrity::Fsck(const std::string& dir) {
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Repository::Open(dir));
  return sync::Fsck(repo);
}

Result<RepairOutcome> Integrity::Repair(const std::string& dir, const std::string& from,
                                      SessionOptions options) {
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Repository::Open(dir));
  options.mode = OpenMode::kWrite;
  // The writer lock, the journal and the index, without reading the
  // project's files: they may be what is damaged.
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<ProjectState> s,
                        ProjectState::Attach(std::move(repo), dir, std::move(options)));
  RepairOutcome out;
  out.git_dir = s->repo().git_dir();
  TAXA_ASSIGN_OR_RETURN(out.repair, sync::Repair(s->repo(), from));
  TAXA_ASSIGN_OR_RETURN(core::Journal::Contents journaled, s->journal().ReadAll());
  out.still_journaled = journaled.records.size();
  if (!out.repair.after.whole()) return out;
  // A fresh handle: the old one may have cached packs that were moved aside.
  TAXA_ASSIGN_OR_RETURN(sync::Repository fresh, sync::Repository::Open(dir));
  s->set_repo(std::move(fresh));
  TAXA_RETURN_IF_ERROR(s->Load());
  TAXA_RETURN_IF_ERROR(s->Recover());
  out.still_journaled = s->pending();
  out.committed =
      journaled.records.size() - std::min(journaled.records.size(), out.still_journaled);
  return out;
}

}  // namespace taxa::app
