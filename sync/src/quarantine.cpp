#include "quarantine.h"

#include <git2.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

#include "git_error.h"
#include "git_ptr.h"
#include "taxa/core/fs.h"

namespace taxa::sync {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "incoming-";

void SweepStale(const std::string& parent) {
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    if (!e.path().filename().string().starts_with(kPrefix)) continue;
    std::error_code time_ec;
    auto written = fs::last_write_time(e.path(), time_ec);
    if (!time_ec && now - written > std::chrono::hours(24)) fs::remove_all(e.path(), time_ec);
  }
}

}  // namespace

Result<Quarantine> Quarantine::Create(const std::string& git_dir) {
  std::string parent = git_dir + "/taxa";
  TAXA_RETURN_IF_ERROR(core::MakeDirs(parent));
  SweepStale(parent);
  std::string dir = parent + "/" + std::string(kPrefix) + "XXXXXX";
  if (::mkdtemp(dir.data()) == nullptr)
    return Status::Io(parent + ": cannot make a folder for incoming objects");
  Quarantine q(git_dir, dir);
  TAXA_RETURN_IF_ERROR(core::MakeDirs(q.pack_dir()));
  return q;
}

Quarantine::Quarantine(Quarantine&& other) noexcept
    : git_dir_(std::move(other.git_dir_)), dir_(std::move(other.dir_)) {
  other.dir_.clear();
}

Quarantine::~Quarantine() {
  if (dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

Status Quarantine::Keep() {
  const std::string to = git_dir_ + "/objects/pack";
  TAXA_RETURN_IF_ERROR(core::MakeDirs(to));
  const std::set<std::string> files = PackFiles(pack_dir());
  std::vector<std::string> names(files.begin(), files.end());
  // .idx (and .rev) after their .pack.
  std::stable_partition(names.begin(), names.end(),
                        [](const std::string& n) { return n.ends_with(".pack"); });
  for (const std::string& name : names) {
    if (!name.starts_with("pack-")) continue;
    std::string from = pack_dir() + "/" + name;
    if (std::rename(from.c_str(), (to + "/" + name).c_str()) != 0)
      return Status::Io(to + "/" + name + ": cannot move a received pack into place");
  }
  return Status::Ok();
}

Result<Repository> OpenWithObjects(const std::string& git_dir, const std::string& objects_dir) {
  TAXA_ASSIGN_OR_RETURN(Repository view, Repository::Open(git_dir));
  OdbPtr odb;
  TAXA_GIT(git_repository_odb(odb.out(), view.git_handle_for_sync_internal()),
           "cannot open the object database");
  TAXA_GIT(git_odb_add_disk_alternate(odb.get(), objects_dir.c_str()),
           "cannot read the objects in " + objects_dir);
  return view;
}

std::set<std::string> PackFiles(const std::string& pack_dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(pack_dir, ec)) out.insert(e.path().filename().string());
  return out;
}

void RemoveNewPackFiles(const std::string& pack_dir, const std::set<std::string>& before) {
  for (const std::string& name : PackFiles(pack_dir))
    if (!before.count(name)) std::remove((pack_dir + "/" + name).c_str());
}

}  // namespace taxa::sync
