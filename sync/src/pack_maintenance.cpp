// Repository: keeping many packs fast to search (a multi-pack index).
#include <git2.h>

#include <filesystem>
#include <system_error>

#include "git_error.h"
#include "git_ptr.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

Result<size_t> Repository::MaintainPacks() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(git_dir_) / "objects" / "pack";
  std::error_code ec;
  size_t packs = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".pack" &&
        fs::exists(fs::path(it->path()).replace_extension(".idx"))) {
      ++packs;
    }
  }
  if (ec && ec != std::errc::no_such_file_or_directory)
    return Status::Io(dir.string() + ": " + ec.message());
  if (packs <= kMidxAfterPacks) return packs;
  OdbPtr odb;
  TAXA_GIT(git_repository_odb(odb.out(), repo_), "open the object database");
  TAXA_GIT(git_odb_write_multi_pack_index(odb.get()),
           "write the multi-pack index of " + dir.string());
  return packs;
}

}  // namespace taxa::sync
