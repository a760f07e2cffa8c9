// Fsck and repair of the project's objects (session.h, sync/fsck.h).
#include "session.h"

namespace taxa::app {

Result<sync::FsckReport> Session::Fsck(const std::string& dir) {
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Repository::Open(dir));
  return sync::Fsck(repo);
}

Result<RepairOutcome> Session::Repair(const std::string& dir, const std::string& from,
                                      SessionOptions options) {
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Repository::Open(dir));
  options.mode = OpenMode::kWrite;
  // The writer lock, the journal and the index, without reading the
  // project's files: they may be what is damaged.
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<Session> s,
                        OpenRepository(std::move(repo), dir, std::move(options)));
  RepairOutcome out;
  out.git_dir = s->repo_.git_dir();
  TAXA_ASSIGN_OR_RETURN(out.repair, sync::Repair(s->repo_, from));
  TAXA_ASSIGN_OR_RETURN(core::Journal::Contents journaled, s->journal_.ReadAll());
  out.still_journaled = journaled.records.size();
  if (!out.repair.after.whole()) return out;
  // A fresh handle: the old one may have cached packs that were moved aside.
  TAXA_ASSIGN_OR_RETURN(s->repo_, sync::Repository::Open(dir));
  TAXA_RETURN_IF_ERROR(s->Load());
  TAXA_RETURN_IF_ERROR(s->RecoverJournal());
  out.still_journaled = s->pending_labels();
  out.committed =
      journaled.records.size() - std::min(journaled.records.size(), out.still_journaled);
  return out;
}

}  // namespace taxa::app
