// The pack inside a bundle file, indexed into a folder: shared by
// ImportBundle (into the repository) and Repair (into a temporary one).
// Private to sync/src.
#pragma once

#include <git2.h>

#include <cstdint>
#include <string>

#include "taxa/core/status.h"

namespace taxa::sync {

// Streams the pack of the bundle at `path` (from `offset`) through libgit2's
// indexer into `pack_dir`. The indexer is given `odb` so that it completes
// thin packs from the objects already there. kCorrupt with libgit2's
// message when the pack is refused. On failure the indexer removes its
// temporary file when freed, which happens before this returns.
Status IndexPack(git_odb* odb, const std::string& pack_dir, const std::string& path,
                 uint64_t offset);

}  // namespace taxa::sync
