// Integrity: checking every object of a project's repository and restoring
// damaged ones from a peer that has them (sync/fsck.h). Both work on the
// repository alone, so they help when the project's own files are what is
// damaged.
//
//   TAXA_ASSIGN_OR_RETURN(sync::FsckReport r, Integrity::Fsck(dir));
//   if (!r.whole()) TAXA_ASSIGN_OR_RETURN(RepairOutcome o, Integrity::Repair(dir, "origin"));
#pragma once

#include <cstddef>
#include <string>

#include "session/project.h"
#include "taxa/sync/fsck.h"

namespace taxa::app {

// What Integrity::Repair did.
struct RepairOutcome {
  std::string git_dir;  // the quarantine's paths are relative to it
  sync::RepairReport repair;
  size_t committed = 0;        // journaled labels committed once the repository was whole
  size_t still_journaled = 0;  // labels left in the journal
};

class Integrity {
 public:
  // Checks every object reachable from the project's references
  // (sync::Fsck): damage is in the report, not an error. Opens the
  // repository alone, read-only and without the writer lock.
  static Result<sync::FsckReport> Fsck(const std::string& dir);
  // Under the writer lock (kLocked naming the holder when another has it),
  // restores the damaged and missing objects from `from` (sync::Repair: a
  // remote's name, a URL or path, a bundle file); then, when the repository
  // is whole, opens the project and commits the labels its journal holds.
  // Errors as sync::Repair.
  static Result<RepairOutcome> Repair(const std::string& dir, const std::string& from,
                                      SessionOptions options = {});
};

}  // namespace taxa::app
