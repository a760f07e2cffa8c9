// Repair: damaged and missing objects brought back from a peer (fsck.h).
#include <git2.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "bundle_pack.h"
#include "git_error.h"
#include "git_ptr.h"
#include "local_transfer.h"
#include "object_check.h"
#include "remote_callbacks.h"
#include <sys/stat.h>

#include "taxa/core/fs.h"
#include "taxa/sync/bundle.h"
#include "taxa/sync/fsck.h"
#include "taxa/sync/transport.h"

namespace taxa::sync {

namespace {

using RepositoryPtr = GitPtr<git_repository, git_repository_free>;
using RemotePtr = GitPtr<git_remote, git_remote_free>;

namespace fs = std::filesystem;

// Rounds of restore-then-check; each must restore something to go on.
constexpr int kMaxRounds = 32;

// A folder under <git dir>/taxa removed with everything in it when this goes.
class TempFolder {
 public:
  TempFolder() = default;
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  ~TempFolder() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  Status Make(const std::string& git_dir) {
    TAXA_RETURN_IF_ERROR(core::MakeDirs(git_dir + "/taxa"));
    std::string pattern = git_dir + "/taxa/repair-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)
      return Status::Io(pattern + ": cannot make a temporary folder");
    path_ = pattern;
    return Status::Ok();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Where the objects come from: a repository (the peer itself when it is on
// this machine, else a temporary one holding what was fetched or the
// bundle's pack).
struct Source {
  std::string kind;
  std::string from;
  std::string label;  // in messages: "not in LABEL"
  TempFolder temp;    // declared before repo: removed after the repository is closed
  RepositoryPtr repo;
  OdbPtr odb;
};

// A fresh bare repository in a temporary folder.
Status InitTemporary(Repository& repo, Source& src) {
  TAXA_RETURN_IF_ERROR(src.temp.Make(repo.git_dir()));
  TAXA_GIT(git_repository_init(src.repo.out(), src.temp.path().c_str(), /*is_bare=*/1),
           src.temp.path() + ": cannot create a temporary repository");
  return Status::Ok();
}

Status OpenBundle(Repository& repo, const std::string& path, Source& src) {
  // Checks the manifest (when present), the header and the pack checksum.
  TAXA_ASSIGN_OR_RETURN(BundleInfo info, VerifyBundle(path, nullptr));
  TAXA_RETURN_IF_ERROR(InitTemporary(repo, src));
  // Our objects complete a thin pack; where they are damaged the indexer
  // refuses it.
  OdbPtr ours;
  TAXA_GIT(git_repository_odb(ours.out(), repo.git_handle_for_sync_internal()),
           "cannot open the object database");
  Status indexed = IndexPack(ours.get(), src.temp.path() + "/objects/pack", path, info.pack_offset);
  if (!indexed.ok()) return Status::Corrupt(path + ": cannot read its pack: " + indexed.message());
  return Status::Ok();
}

Status FetchWhole(Repository& repo, const std::string& url, Source& src) {
  TAXA_RETURN_IF_ERROR(InitTemporary(repo, src));
  TAXA_ASSIGN_OR_RETURN(TransportSettings settings, LoadTransportSettings(&repo));
  RemoteCallbacks callbacks(std::move(settings), url, nullptr);
  TAXA_RETURN_IF_ERROR(callbacks.Prepare());
  RemotePtr remote;
  TAXA_GIT(git_remote_create_anonymous(remote.out(), src.repo.get(), url.c_str()),
           "cannot fetch from " + url);
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  callbacks.Install(options.callbacks);
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
  // Into an empty repository: we have nothing, so the peer sends everything.
  char refspec[] = "+refs/*:refs/*";
  char* refspecs[] = {refspec};
  git_strarray specs = {refspecs, 1};
  if (git_remote_fetch(remote.get(), &specs, &options, nullptr) < 0)
    return Status::Io("cannot fetch from " + url + ": " +
                      (callbacks.failure().empty() ? LastGitMessage("unknown error") : callbacks.failure()));
  return Status::Ok();
}

Result<std::unique_ptr<Source>> OpenSource(Repository& repo, const std::string& source) {
  auto src = std::make_unique<Source>();
  std::string url = source;
  RemotePtr remote;
  int rc = git_remote_lookup(remote.out(), repo.git_handle_for_sync_internal(), source.c_str());
  if (rc == 0 && git_remote_url(remote.get()) != nullptr)
    url = git_remote_url(remote.get());
  else if (rc < 0 && rc != GIT_ENOTFOUND && rc != GIT_EINVALIDSPEC)
    return GitStatus(rc, "cannot read remote \"" + source + "\"");

  std::optional<std::string> local = LocalRepositoryPath(url);
  if (!local) {
    src->kind = "remote";
    src->from = url;
    src->label = url;
    TAXA_RETURN_IF_ERROR(FetchWhole(repo, url, *src));
  } else {
    struct stat st {};
    if (::stat(local->c_str(), &st) != 0)
      return Status::NotFound(source + ": no remote, repository or bundle of that name");
    src->from = *local;
    src->label = fs::path(*local).filename().string();
    if (src->label.empty()) src->label = *local;
    if (S_ISREG(st.st_mode)) {
      src->kind = "bundle";
      TAXA_RETURN_IF_ERROR(OpenBundle(repo, *local, *src));
    } else {
      src->kind = "repository";
      if (git_repository_open_ext(src->repo.out(), local->c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                  nullptr) < 0)
        return Status::NotFound(source + ": " + *local + " is not a git repository");
    }
  }
  TAXA_GIT(git_repository_odb(src->odb.out(), src->repo.get()),
           src->from + ": cannot open its object database");
  // The pack a fetch or an index wrote appeared after the repository opened.
  git_odb_refresh(src->odb.get());
  return src;
}

// Writes objects loose into our object database, and moves damaged files
// aside into <git dir>/taxa/quarantine/.
class Restorer {
 public:
  explicit Restorer(std::string git_dir) : git_dir_(std::move(git_dir)) {}

  // Loose writes only: an object database of one loose backend writes even
  // when a (damaged) pack lists the object, which git_odb_write on the
  // repository's own database would take as already present.
  Status Open() {
    TAXA_GIT(git_odb_new(loose_.out()), "cannot open the object database");
    git_odb_backend* backend = nullptr;
    TAXA_GIT(git_odb_backend_loose(&backend, (git_dir_ + "/objects").c_str(),
                                   /*compression_level=*/-1, /*do_fsync=*/1, /*dir_mode=*/0,
                                   /*file_mode=*/0),
             "cannot open the object database");
    TAXA_GIT(git_odb_add_backend(loose_.get(), backend, 1), "cannot open the object database");
    return Status::Ok();
  }

  // Writes `object` (read whole: its id is `id`) as a loose object.
  Status Write(git_odb_object* object, const git_oid& id) {
    git_oid written;
    TAXA_GIT(git_odb_write(&written, loose_.get(), git_odb_object_data(object),
                           git_odb_object_size(object), git_odb_object_type(object)),
             "cannot write object " + OidHex(&id));
    if (!git_oid_equal(&written, &id))
      return Status::Internal("object " + OidHex(&id) + " was written as " + OidHex(&written));
    return Status::Ok();
  }

  bool HasLoose(const git_oid& id) const {
    std::error_code ec;
    return fs::exists(git_dir_ + "/" + LooseObjectPath(id), ec);
  }

  // Moves the file at `relative` (to the git directory) into the quarantine
  // as NAME.damaged (NAME.damaged.2, ... when taken). Returns its new path,
  // relative to the git directory.
  Result<std::string> MoveAside(const std::string& relative, const std::string& name) {
    std::string folder = git_dir_ + "/taxa/quarantine";
    TAXA_RETURN_IF_ERROR(core::MakeDirs(folder));
    std::string target = "taxa/quarantine/" + name + ".damaged";
    std::error_code ec;
    for (int n = 2; fs::exists(git_dir_ + "/" + target, ec); ++n)
      target = "taxa/quarantine/" + name + ".damaged." + std::to_string(n);
    if (std::rename((git_dir_ + "/" + relative).c_str(), (git_dir_ + "/" + target).c_str()) != 0)
      return Status::Io(git_dir_ + "/" + relative + ": cannot move it into the quarantine");
    return target;
  }

  // A damaged pack: every object in it that still reads whole is written
  // loose (unless it is loose already), then the pack, its index and the
  // multi-pack index that lists it move into the quarantine.
  Status EmptyPack(const std::string& pack, const std::vector<git_oid>& listed,
                   std::vector<std::string>& quarantined) {
    std::string base = pack.substr(0, pack.size() - std::string(".pack").size());
    OdbPtr odb;
    TAXA_GIT(git_odb_new(odb.out()), "cannot read " + pack);
    git_odb_backend* backend = nullptr;
    if (git_odb_backend_one_pack(&backend, (git_dir_ + "/" + base + ".idx").c_str()) == 0 &&
        git_odb_add_backend(odb.get(), backend, 1) == 0) {
      for (const git_oid& id : listed) {
        if (HasLoose(id)) continue;
        OdbObjectPtr object;
        if (ReadWhole(odb.get(), id, object).whole) TAXA_RETURN_IF_ERROR(Write(object.get(), id));
      }
    }
    Reset(odb);
    std::error_code ec;
    for (const char* ext : {".pack", ".idx", ".rev", ".bitmap", ".keep", ".mtimes", ".promisor"}) {
      std::string file = base + ext;
      if (!fs::exists(git_dir_ + "/" + file, ec)) continue;
      TAXA_ASSIGN_OR_RETURN(std::string moved, MoveAside(file, fs::path(file).filename().string()));
      quarantined.push_back(moved);
    }
    const std::string midx = "objects/pack/multi-pack-index";
    if (fs::exists(git_dir_ + "/" + midx, ec)) {
      TAXA_ASSIGN_OR_RETURN(std::string moved, MoveAside(midx, "multi-pack-index"));
      quarantined.push_back(moved);
    }
    return Status::Ok();
  }

 private:
  std::string git_dir_;
  OdbPtr loose_;
};

}  // namespace

Result<RepairReport> Repair(Repository& repo, const std::string& source) {
  EnsureLibgit2();
  RepairReport report;
  report.source = source;
  TAXA_ASSIGN_OR_RETURN(report.before, Fsck(repo));
  report.after = report.before;
  if (report.before.whole()) return report;

  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<Source> src, OpenSource(repo, source));
  report.kind = src->kind;
  report.from = src->from;
  Restorer restorer(repo.git_dir());
  TAXA_RETURN_IF_ERROR(restorer.Open());

  std::map<std::string, std::string> failed;  // id -> why the peer could not supply it
  std::set<std::string> packs_emptied;
  FsckReport current = report.before;
  for (int round = 0; round < kMaxRounds && !current.whole(); ++round) {
    size_t progress = 0;
    // Files moved and written since the last round: look afresh.
    ObjectLocator where(repo.git_dir());
    OdbPtr ours;
    TAXA_GIT(git_odb_open(ours.out(), (repo.git_dir() + "/objects").c_str()),
             repo.git_dir() + "/objects: cannot open the object database");
    struct Wanted {
      git_oid id;
      std::string type;
      std::vector<std::string> paths;
    };
    std::vector<Wanted> wanted;
    std::set<std::string> seen;
    for (auto it = current.bad.rbegin(); it != current.bad.rend(); ++it) {
      git_oid id;
      if (failed.count(it->id) || git_oid_fromstr(&id, it->id.c_str()) < 0) continue;
      seen.insert(it->id);
      wanted.push_back({id, it->type, it->paths});
    }
    std::set<std::string> damaged_packs;
    while (!wanted.empty()) {
      Wanted w = std::move(wanted.back());
      wanted.pop_back();
      std::string hex = OidHex(&w.id);
      std::string stored = where.Where(w.id);
      if (stored.rfind("objects/pack/", 0) == 0 && !packs_emptied.count(stored))
        damaged_packs.insert(stored);
      OdbObjectPtr object;
      ObjectCheck check = ReadWhole(src->odb.get(), w.id, object);
      if (!check.whole) {
        failed[hex] = check.problem == ObjectProblem::kMissing
                          ? "not in " + src->label
                          : "damaged in " + src->label + " too: " + check.reason;
        continue;
      }
      RestoredObject restored{hex, TypeName(git_odb_object_type(object.get())), w.paths, ""};
      // Never deleted: the damaged file goes to the quarantine, then the
      // whole copy takes its name.
      if (stored == LooseObjectPath(w.id)) {
        TAXA_ASSIGN_OR_RETURN(restored.quarantined, restorer.MoveAside(stored, hex));
        report.quarantined.push_back(restored.quarantined);
      }
      TAXA_RETURN_IF_ERROR(restorer.Write(object.get(), w.id));
      report.restored.push_back(std::move(restored));
      ++progress;
      // What lies below it was out of Fsck's reach: what of it is not whole
      // here comes along now (a missing history comes back in one round).
      std::vector<ObjectRef> below;
      ReferencesOf(object.get(), below);
      std::string folder = w.paths.empty() ? "" : w.paths.front();
      for (const ObjectRef& ref : below) {
        std::string ref_hex = OidHex(&ref.id);
        if (!seen.insert(ref_hex).second) continue;
        OdbObjectPtr mine;
        if (ReadWhole(ours.get(), ref.id, mine).whole) continue;
        std::vector<std::string> paths;
        if (ref.type == GIT_OBJECT_TREE && ref.name.empty()) {
          paths.push_back("/");  // a commit's root folder
        } else if (!ref.name.empty() && !folder.empty()) {
          paths.push_back((folder == "/" ? "" : folder) + ref.name +
                          (ref.type == GIT_OBJECT_TREE ? "/" : ""));
        }
        wanted.push_back({ref.id, TypeName(ref.type), std::move(paths)});
      }
    }
    for (const std::string& pack : damaged_packs) {
      TAXA_RETURN_IF_ERROR(restorer.EmptyPack(pack, where.Listed(pack), report.quarantined));
      packs_emptied.insert(pack);
      ++progress;
    }
    if (progress == 0) break;
    OdbPtr odb;
    if (git_repository_odb(odb.out(), repo.git_handle_for_sync_internal()) == 0)
      git_odb_refresh(odb.get());
    TAXA_ASSIGN_OR_RETURN(current, Fsck(repo));
  }
  report.after = current;
  for (const BadObject& b : current.bad) {
    BadObject left = b;
    if (auto it = failed.find(b.id); it != failed.end()) left.reason = it->second;
    report.unrestored.push_back(std::move(left));
  }
  return report;
}

}  // namespace taxa::sync
