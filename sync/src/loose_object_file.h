// Moving one loose object between two repositories on this machine as a
// file, without inflating, hashing and deflating it again: a hard link when
// both object folders are on one file system, else a byte copy. Loose
// objects are immutable (git and libgit2 never rewrite one; a repack deletes
// a name, not the file's bytes), so two repositories may share the file, as
// `git clone --local` does.
//
//   LooseObjectFiles files(from_git_dir, to_git_dir);
//   TAXA_ASSIGN_OR_RETURN(bool moved, files.Transplant(id));
//   if (!moved) { /* packed in `from`: copy it through libgit2 */ }
//   ...
//   TAXA_RETURN_IF_ERROR(files.Flush());  // before a ref names the objects
//
// Private to sync/src.
#pragma once

#include <git2.h>

#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::sync {

// Writes `bytes` (a whole loose object file: zlib of header and content) as
// `path` in the object folder `dir`: to a temporary file first (tmp_obj_*,
// read-only, a name `git prune` removes), then renamed into place, so a
// killed process never leaves a torn object under its real name. Not synced.
Status WriteLooseObjectFile(const std::string& dir, const std::string& path,
                            std::string_view bytes);

class LooseObjectFiles {
 public:
  // The two repositories' git directories (each holding objects/).
  LooseObjectFiles(std::string from_git_dir, std::string to_git_dir);

  // Gives `to` the object `id` from `from`'s loose file. False when `from`
  // does not hold it loose (it is packed, or behind an alternate). A copy
  // goes to a temporary file first (tmp_obj_*, a name `git prune` removes)
  // and is renamed into place, so a killed process never leaves a torn object
  // under its real name.
  Result<bool> Transplant(const git_oid& id);

  // Makes the bytes copied so far durable (one syncfs of the destination's
  // file system); a no-op when everything was linked or nothing was copied.
  Status Flush();

  size_t linked() const { return linked_; }
  size_t copied() const { return copied_; }

 private:
  Status CopyBytes(const std::string& from, const std::string& to_dir, const std::string& to);

  std::string from_objects_;
  std::string to_objects_;
  bool try_link_ = true;  // false after the first link across file systems failed
  size_t linked_ = 0;
  size_t copied_ = 0;
  size_t unflushed_ = 0;
};

}  // namespace taxa::sync
