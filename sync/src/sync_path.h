// Flushing one file or folder of the git directory to the disk, for the
// commits that must survive a power loss once acknowledged
// (CommitTarget::durable).
//
//   TAXA_RETURN_IF_ERROR(SyncPath(pack_dir + "/pack-" + name + ".pack"));
//   TAXA_RETURN_IF_ERROR(SyncPath(pack_dir));  // the folder holds its name
//
// Private to sync/src.
#pragma once

#include <string>

#include "taxa/core/status.h"

namespace taxa::sync {

// fsync of the file or folder `path`: once it returns ok, what was written
// to it (for a folder: the names it holds) is on the disk. kIo naming the path.
Status SyncPath(const std::string& path);

}  // namespace taxa::sync
