// Writing a blob whose bytes are compressed already (a zstd shard or label
// segment) as a loose object that stores them as they are: zlib's "stored"
// blocks (RFC 1951, level 0) around the object, as git reads any loose
// object. Deflating a zstd frame again costs a commit most of its time and
// saves nothing; reading the object back is a copy.
//
//   TAXA_ASSIGN_OR_RETURN(git_oid id, WriteStoredBlob(git_dir + "/objects", bytes));
//
// Private to sync/src.
#pragma once

#include <git2.h>

#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::sync {

// True when `bytes` begin as a zstd frame does (the magic number 28 b5 2f fd).
bool LooksCompressed(std::string_view bytes);

// Writes the blob `bytes` into `objects_dir` (a repository's objects/ folder)
// as a loose object whose zlib stream holds them uncompressed, and returns its
// id (SHA-1 of "blob <size>\0" and the bytes, as git names it). An object of
// that id already there is kept. The file goes to a temporary name in its
// folder first and is renamed into place, so a killed process never leaves a
// torn object under its real name. Not synced (as the repository's other
// loose objects: repository.cpp).
Result<git_oid> WriteStoredBlob(const std::string& objects_dir, std::string_view bytes);

}  // namespace taxa::sync
