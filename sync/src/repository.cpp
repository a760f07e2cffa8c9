#include "taxa/sync/repository.h"

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <thread>

#include "batch_objects.h"
#include "git_error.h"
#include "git_ptr.h"
#include "stored_blob.h"
#include "taxa/core/fs.h"
#include "taxa/core/guarded.h"
#include "taxa/core/timing.h"

namespace taxa::sync {

namespace {

Status ParseOid(const std::string& hex, git_oid* out) {
  if (git_oid_fromstr(out, hex.c_str()) < 0)
    return Status::InvalidInput("\"" + hex + "\" is not a commit id");
  return Status::Ok();
}

// A full 40-digit id of `what` ("a blob", "a tree").
Status ParseFullId(const std::string& hex, std::string_view what, git_oid* out) {
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(out, hex.c_str()) < 0)
    return Status::InvalidInput("\"" + hex + "\" is not " + std::string(what) + " id");
  return Status::Ok();
}

std::string TrimSlash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

Repository::Repository() = default;
Repository::Repository(Repository&& o) noexcept
    : repo_(o.repo_),
      pinned_head_(std::move(o.pinned_head_)),
      git_dir_(std::move(o.git_dir_)),
      work_dir_(std::move(o.work_dir_)) {
  o.repo_ = nullptr;
}
Repository& Repository::operator=(Repository&& o) noexcept {
  if (this != &o) {
    if (repo_) git_repository_free(repo_);
    repo_ = o.repo_;
    pinned_head_ = std::move(o.pinned_head_);
    git_dir_ = std::move(o.git_dir_);
    work_dir_ = std::move(o.work_dir_);
    o.repo_ = nullptr;
  }
  return *this;
}
Repository::~Repository() {
  if (repo_) git_repository_free(repo_);
}


static void FillPaths(git_repository* repo, std::string& git_dir, std::string& work_dir) {
  git_dir = TrimSlash(git_repository_path(repo));
  const char* wd = git_repository_workdir(repo);
  work_dir = wd ? TrimSlash(wd) : "";
}

// Shards are zstd frames already, which zlib cannot shrink: WriteBlobs
// stores them as they are (stored_blob.h). The other files (JSON) and trees
// and commits are written by libgit2 at zlib's fastest level: a loose backend
// of higher priority than the default takes every write; both read the same
// folder.
static Status UseFastObjectWrites(git_repository* repo, const std::string& git_dir) {
  git_odb* odb = nullptr;
  TAXA_GIT(git_repository_odb(&odb, repo), "cannot open the object database");
  git_odb_backend* loose = nullptr;
  int rc = git_odb_backend_loose(&loose, (git_dir + "/objects").c_str(), /*compression_level=*/1,
                                 /*do_fsync=*/0, /*dir_mode=*/0, /*file_mode=*/0);
  if (rc == 0) rc = git_odb_add_backend(odb, loose, /*priority=*/3);
  // Large commits write one pack instead (batch_objects.h).
  Status batch = rc == 0 ? AddBatchBackend(odb) : Status::Ok();
  git_odb_free(odb);
  TAXA_GIT(rc, "cannot set up object writing");
  return batch;
}

Result<Repository> Repository::Init(const std::string& dir) {
  EnsureLibgit2();
  if (core::PathExists(dir + "/.git") || core::PathExists(dir + "/HEAD"))
    return Status::AlreadyExists(dir + ": already holds a git repository");
  TAXA_RETURN_IF_ERROR(core::MakeDirs(dir));
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
  opts.initial_head = "main";
  Repository r;
  TAXA_GIT(git_repository_init_ext(&r.repo_, dir.c_str(), &opts), dir + ": cannot create repository");
  FillPaths(r.repo_, r.git_dir_, r.work_dir_);
  TAXA_RETURN_IF_ERROR(UseFastObjectWrites(r.repo_, r.git_dir_));
  return r;
}

Result<Repository> Repository::Open(const std::string& dir) {
  EnsureLibgit2();
  Repository r;
  int rc = git_repository_open_ext(&r.repo_, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc == GIT_ENOTFOUND)
    return Status::NotFound(dir + ": not a Taxa project (no git repository here; "
                                  "create one with `taxa init`)");
  TAXA_GIT(rc, dir + ": cannot open repository");
  FillPaths(r.repo_, r.git_dir_, r.work_dir_);
  TAXA_RETURN_IF_ERROR(UseFastObjectWrites(r.repo_, r.git_dir_));
  return r;
}

Result<std::string> Repository::Head() {
  if (!pinned_head_.empty()) return pinned_head_;
  git_oid oid;
  int rc = git_reference_name_to_id(&oid, repo_, "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return std::string();
  TAXA_GIT(rc, "cannot resolve HEAD");
  return OidHex(&oid);
}

// Looks up the tree of `commit` (HEAD when empty); null when there are no commits.
static Status LookupTree(git_repository* repo, const std::string& commit, TreePtr& tree,
                         const Result<std::string>& head) {
  std::string id = commit;
  if (id.empty()) {
    if (!head.ok()) return head.status();
    id = *head;
    if (id.empty()) return Status::Ok();
  }
  git_oid oid;
  TAXA_RETURN_IF_ERROR(ParseOid(id, &oid));
  CommitPtr c;
  int rc = git_commit_lookup(c.out(), repo, &oid);
  // A commit id the caller names may simply not be here; HEAD's must be.
  if (rc == GIT_ENOTFOUND && !commit.empty()) return GitStatus(rc, "commit " + id + " not found");
  if (rc < 0) return ObjectStatus(rc, oid, commit.empty() ? "HEAD" : "");
  rc = git_commit_tree(tree.out(), c.get());
  if (rc < 0)
    return ObjectStatus(rc, *git_commit_tree_id(c.get()), "the root folder of commit " + id);
  return Status::Ok();
}

namespace {

// The entry at `path` (components separated by '/') under `root`, reading
// each folder on the way itself so that a folder that cannot be read is
// named with its object id. `found` is false when there is no such entry.
Status EntryByPath(git_repository* repo, git_tree* root, const std::string& path,
                   TreeEntryPtr& out, bool& found) {
  found = false;
  git_tree* tree = root;
  TreePtr owned;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string name = path.substr(start, slash == std::string::npos ? std::string::npos
                                                                     : slash - start);
    const git_tree_entry* entry = git_tree_entry_byname(tree, name.c_str());
    if (entry == nullptr) return Status::Ok();
    if (slash == std::string::npos || slash + 1 == path.size()) {
      TAXA_GIT(git_tree_entry_dup(out.out(), entry), "cannot look up " + path);
      found = true;
      return Status::Ok();
    }
    if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) return Status::Ok();
    TreePtr sub;
    int rc = git_tree_lookup(sub.out(), repo, git_tree_entry_id(entry));
    if (rc < 0) return ObjectStatus(rc, *git_tree_entry_id(entry), path.substr(0, slash + 1));
    std::swap(owned.p, sub.p);
    tree = owned.get();
    start = slash + 1;
  }
}

// The first folder under `tree` (whose path is `prefix`, "" or ending in
// '/') that cannot be read, as ObjectStatus says; ok when all can be. For
// naming the object behind a libgit2 call that failed somewhere inside.
Status FirstUnreadableFolder(git_repository* repo, git_tree* tree, const std::string& prefix) {
  for (size_t i = 0, n = git_tree_entrycount(tree); i < n; ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree, i);
    if (git_tree_entry_type(e) != GIT_OBJECT_TREE) continue;
    std::string path = prefix + git_tree_entry_name(e) + "/";
    TreePtr sub;
    int rc = git_tree_lookup(sub.out(), repo, git_tree_entry_id(e));
    if (rc < 0) return ObjectStatus(rc, *git_tree_entry_id(e), path);
    TAXA_RETURN_IF_ERROR(FirstUnreadableFolder(repo, sub.get(), path));
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<std::string>> Repository::ReadFile(const std::string& path,
                                                        const std::string& commit) {
  TreePtr tree;
  TAXA_RETURN_IF_ERROR(LookupTree(repo_, commit, tree, commit.empty() ? Head() : std::string()));
  if (!tree) return std::optional<std::string>();
  TreeEntryPtr entry;
  bool found = false;
  TAXA_RETURN_IF_ERROR(EntryByPath(repo_, tree.get(), path, entry, found));
  if (!found) return std::optional<std::string>();
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB)
    return Status::InvalidInput(path + " is a folder, not a file");
  BlobPtr blob;
  int rc = git_blob_lookup(blob.out(), repo_, git_tree_entry_id(entry.get()));
  if (rc < 0) return ObjectStatus(rc, *git_tree_entry_id(entry.get()), path);
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::optional<std::string>(
      std::string(data, static_cast<size_t>(git_blob_rawsize(blob.get()))));
}

Result<std::string> Repository::ReadBlob(const std::string& id) {
  git_oid oid;
  TAXA_RETURN_IF_ERROR(ParseFullId(id, "a blob", &oid));
  BlobPtr blob;
  int rc = git_blob_lookup(blob.out(), repo_, &oid);
  if (rc == GIT_ENOTFOUND) return Status::NotFound("blob " + id + " is not in this repository");
  if (rc < 0) return ObjectStatus(rc, oid, "");
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

namespace {

// Collects the files under `tree`, whose path is `prefix` ("" or ending in
// '/'): their paths into `paths` and their bytes into `files` (either may be
// null). Reads each folder itself so that one that cannot be read is named.
Status WalkTree(git_repository* repo, git_tree* tree, const std::string& prefix,
                std::vector<std::string>* paths, std::map<std::string, std::string>* files) {
  for (size_t i = 0, n = git_tree_entrycount(tree); i < n; ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
    std::string path = prefix + git_tree_entry_name(entry);
    const git_oid* id = git_tree_entry_id(entry);
    switch (git_tree_entry_type(entry)) {
      case GIT_OBJECT_TREE: {
        TreePtr sub;
        int rc = git_tree_lookup(sub.out(), repo, id);
        if (rc < 0) return ObjectStatus(rc, *id, path + "/");
        TAXA_RETURN_IF_ERROR(WalkTree(repo, sub.get(), path + "/", paths, files));
        break;
      }
      case GIT_OBJECT_BLOB: {
        if (paths) paths->push_back(path);
        if (!files) break;
        BlobPtr blob;
        int rc = git_blob_lookup(blob.out(), repo, id);
        if (rc < 0) return ObjectStatus(rc, *id, path);
        (*files)[path] = std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                                     static_cast<size_t>(git_blob_rawsize(blob.get())));
        break;
      }
      default:  // a submodule's commit lives in another repository
        break;
    }
  }
  return Status::Ok();
}

Status WalkFolder(git_repository* repo, git_tree* root, const std::string& prefix,
                  std::vector<std::string>* paths, std::map<std::string, std::string>* files) {
  if (root == nullptr) return Status::Ok();
  std::string folder = TrimSlash(prefix);
  TreePtr sub;
  git_tree* tree = root;
  if (!folder.empty()) {
    TreeEntryPtr entry;
    bool found = false;
    TAXA_RETURN_IF_ERROR(EntryByPath(repo, root, folder, entry, found));
    if (!found || git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return Status::Ok();
    int rc = git_tree_lookup(sub.out(), repo, git_tree_entry_id(entry.get()));
    if (rc < 0) return ObjectStatus(rc, *git_tree_entry_id(entry.get()), folder + "/");
    tree = sub.get();
  }
  return WalkTree(repo, tree, folder.empty() ? "" : folder + "/", paths, files);
}

}  // namespace

Result<std::map<std::string, std::string>> Repository::ReadFolder(const std::string& prefix,
                                                                  const std::string& commit) {
  TreePtr tree;
  TAXA_RETURN_IF_ERROR(LookupTree(repo_, commit, tree, commit.empty() ? Head() : std::string()));
  std::map<std::string, std::string> files;
  TAXA_RETURN_IF_ERROR(WalkFolder(repo_, tree.get(), prefix, nullptr, &files));
  return files;
}

Result<std::vector<std::string>> Repository::ListFiles(const std::string& prefix,
                                                       const std::string& commit) {
  TreePtr tree;
  TAXA_RETURN_IF_ERROR(LookupTree(repo_, commit, tree, commit.empty() ? Head() : std::string()));
  std::vector<std::string> paths;
  TAXA_RETURN_IF_ERROR(WalkFolder(repo_, tree.get(), prefix, &paths, nullptr));
  std::sort(paths.begin(), paths.end());
  return paths;
}

static std::string FullMessage(const CommitMeta& meta) {
  std::string msg = meta.subject + "\n";
  if (!meta.body.empty()) msg += "\n" + meta.body + (meta.body.back() == '\n' ? "" : "\n");
  if (!meta.trailers.empty()) {
    msg += "\n";
    for (const auto& [k, v] : meta.trailers) msg += k + ": " + v + "\n";
  }
  return msg;
}

// git keeps a header's continuation lines after one space, and git's own
// signed commits end the header at the armor's last line, so the signature's
// final newline is left out (git puts it back when it reads the header).
static std::string HeaderValue(std::string signature) {
  while (!signature.empty() && signature.back() == '\n') signature.pop_back();
  return signature;
}

// Writes the commit of `tree` with `parents` (`count` of them), `author` as
// author and committer, `message` and `encoding` (null: none) into `repo`'s
// object database and sets `out` to its id; moves no reference. When
// `meta.sign` gives a signature for the commit's bytes, it is kept in the
// commit's "gpgsig" header, where git looks for it (git verify-commit); the
// bytes are built once either way. An error of `meta.sign` is returned as it is.
static Status WriteCommit(git_repository* repo, const git_signature* author, const char* encoding,
                          const std::string& message, const git_tree* tree, size_t count,
                          const git_commit* parents[], const CommitMeta& meta, git_oid* out) {
  if (!meta.sign) {
    TAXA_GIT(git_commit_create(out, repo, nullptr, author, author, encoding, message.c_str(), tree,
                               count, parents),
             "cannot write the commit");
    return Status::Ok();
  }
  git_buf buf = GIT_BUF_INIT;
  TAXA_GIT(git_commit_create_buffer(&buf, repo, author, author, encoding, message.c_str(), tree,
                                    count, parents),
           "cannot make the commit");
  std::string bytes(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> signature, meta.sign(bytes));
  if (!signature) {
    // A null signature adds no header: the bytes are written as they are.
    TAXA_GIT(git_commit_create_with_signature(out, repo, bytes.c_str(), nullptr, "gpgsig"),
             "cannot write the commit");
    return Status::Ok();
  }
  std::string header = HeaderValue(std::move(*signature));
  TAXA_GIT(git_commit_create_with_signature(out, repo, bytes.c_str(), header.c_str(), "gpgsig"),
           "cannot write the signed commit");
  return Status::Ok();
}

// Writes the blobs of `files`, storing each id in updates[i].id.
static Status WriteBlobs(git_repository* repo_, const std::string& git_dir_,
                         const std::vector<FileWrite>& files,
                         std::vector<git_tree_update>& updates) {
  const std::string objects = git_dir_ + "/objects";
  auto write_range = [&](git_repository* repo, size_t begin, size_t end, size_t step) -> Status {
    for (size_t i = begin; i < end; i += step) {
      if (!files[i].bytes) continue;
      const std::string& b = *files[i].bytes;
      if (LooksCompressed(b)) {  // shards and segments: zlib would only copy them, slowly
        Result<git_oid> id = WriteStoredBlob(objects, b);
        if (!id.ok()) return id.status().WithPrefix("cannot write " + files[i].path);
        updates[i].id = *id;
        continue;
      }
      TAXA_GIT(git_blob_create_from_buffer(&updates[i].id, repo, b.data(), b.size()),
               "cannot write " + files[i].path);
    }
    return Status::Ok();
  };
  size_t total = 0;
  for (const FileWrite& f : files) total += f.bytes ? f.bytes->size() : 0;
  if (total < (8u << 20) || files.size() < 2 || std::thread::hardware_concurrency() < 2)
    return write_range(repo_, 0, files.size(), 1);
  // Large commits (an import, a bulk of labels): deflating the blobs is most
  // of the work, so a second thread with its own repository handle (libgit2's
  // rule) writes every other file. Blob ids are content hashes, so where a
  // blob is written does not matter.
  Status helper_status;
  std::thread helper([&] {
    git_repository* own = nullptr;
    helper_status = core::Guarded("writing the commit's files", [&]() -> Status {
      int rc = git_repository_open_ext(&own, git_dir_.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                       nullptr);
      if (rc < 0) return GitStatus(rc, "cannot open " + git_dir_ + " for writing");
      TAXA_RETURN_IF_ERROR(UseFastObjectWrites(own, git_dir_));
      return write_range(own, 1, files.size(), 2);
    });
    if (own) git_repository_free(own);
  });
  Status mine = write_range(repo_, 0, files.size(), 2);
  helper.join();
  TAXA_RETURN_IF_ERROR(mine);
  return helper_status;
}

Result<std::string> Repository::Commit(const std::vector<FileWrite>& files,
                                       const CommitMeta& meta, WorkTreeReport* work_tree,
                                       const CommitTarget& target) {
  std::string head;
  if (target.branch.empty()) {
    TAXA_ASSIGN_OR_RETURN(head, Head());
  } else {
    TAXA_ASSIGN_OR_RETURN(head, ReferenceTarget(target.branch));
    if (head.empty()) return Status::NotFound("there is no branch " + target.branch);
  }
  CommitPtr parent;
  TreePtr base;
  if (!head.empty()) {
    git_oid oid;
    TAXA_RETURN_IF_ERROR(ParseOid(head, &oid));
    int rc = git_commit_lookup(parent.out(), repo_, &oid);
    if (rc < 0) return ObjectStatus(rc, oid, "HEAD");
    rc = git_commit_tree(base.out(), parent.get());
    if (rc < 0)
      return ObjectStatus(rc, *git_commit_tree_id(parent.get()),
                          "the root folder of HEAD");
  } else {
    TreeBuilderPtr tb;
    git_oid empty;
    TAXA_GIT(git_treebuilder_new(tb.out(), repo_, nullptr), "cannot build a tree");
    TAXA_GIT(git_treebuilder_write(&empty, tb.get()), "cannot write the empty tree");
    TAXA_GIT(git_tree_lookup(base.out(), repo_, &empty), "cannot read the empty tree");
  }

  std::vector<git_tree_update> updates(files.size());
  std::vector<std::string> paths;
  for (size_t i = 0; i < files.size(); ++i) {
    git_tree_update& u = updates[i];
    u.path = files[i].path.c_str();
    paths.push_back(files[i].path);
    u.action = files[i].bytes ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
    u.filemode = GIT_FILEMODE_BLOB;
  }
  // A large commit (an import, a bulk of labels) gathers its objects and
  // writes them as one pack once the commit object is made, before the
  // branch moves; a small one writes loose objects.
  std::unique_ptr<BatchObjects> batch;
  // A durable commit is one pack whatever its size: two files to sync.
  if (target.durable ||
      std::count_if(files.begin(), files.end(), [](const FileWrite& f) { return f.bytes; }) >=
          static_cast<ptrdiff_t>(kPackedCommitFiles)) {
    TAXA_ASSIGN_OR_RETURN(batch, BatchObjects::Begin(repo_));
    std::vector<std::string_view> blobs;
    std::vector<size_t> at;
    for (size_t i = 0; i < files.size(); ++i)
      if (files[i].bytes) {
        blobs.push_back(*files[i].bytes);
        at.push_back(i);
      }
    std::vector<git_oid> ids;
    TAXA_RETURN_IF_ERROR(batch->AddBlobs(blobs, ids).WithPrefix("cannot write the files"));
    for (size_t k = 0; k < at.size(); ++k) updates[at[k]].id = ids[k];
  } else {
    TAXA_RETURN_IF_ERROR(WriteBlobs(repo_, git_dir_, files, updates));
  }
  git_oid tree_oid;
  if (int rc = git_tree_create_updated(&tree_oid, repo_, base.get(), updates.size(),
                                       updates.data());
      rc < 0) {
    Status failed = GitStatus(rc, "cannot build the new tree");
    // The folders on the way to each file are read: name one that cannot be.
    for (const FileWrite& f : files) {
      TreeEntryPtr entry;
      bool found = false;
      TAXA_RETURN_IF_ERROR(EntryByPath(repo_, base.get(), f.path, entry, found));
    }
    return failed;
  }
  TreePtr tree;
  TAXA_GIT(git_tree_lookup(tree.out(), repo_, &tree_oid), "cannot read the new tree");

  SignaturePtr sig;
  std::string name = meta.author_name.empty() ? "Taxa" : meta.author_name;
  std::string email = meta.author_email.empty() ? "taxa@localhost" : meta.author_email;
  TAXA_GIT(git_signature_now(sig.out(), name.c_str(), email.c_str()),
           "invalid author \"" + name + "\"");
  std::string message = FullMessage(meta);
  git_oid commit_oid;
  CommitPtr second;
  if (!target.second_parent.empty()) {
    git_oid oid;
    TAXA_RETURN_IF_ERROR(ParseOid(target.second_parent, &oid));
    if (int rc = git_commit_lookup(second.out(), repo_, &oid); rc < 0)
      return ObjectStatus(rc, oid, "the commit merged");
  }
  const git_commit* parents[2] = {parent.get(), second.get()};
  TAXA_RETURN_IF_ERROR(WriteCommit(repo_, sig.get(), "UTF-8", message, tree.get(),
                                   parent ? (second ? 2 : 1) : 0, parents, meta, &commit_oid));
  if (batch) {
    core::ScopedTiming timing("commit: write the pack");
    TAXA_RETURN_IF_ERROR(batch->Finish(target.durable));
  }

  // Move the branch HEAD names, as a compare-and-swap against the HEAD we read.
  ReferencePtr head_ref;
  TAXA_GIT(git_reference_lookup(head_ref.out(), repo_, "HEAD"), "cannot read HEAD");
  std::string branch = git_reference_type(head_ref.get()) == GIT_REFERENCE_SYMBOLIC
                           ? git_reference_symbolic_target(head_ref.get())
                           : "HEAD";
  const bool other_branch = !target.branch.empty() && target.branch != branch;
  if (!target.branch.empty()) branch = target.branch;
  ReferencePtr updated;
  std::string log = "taxa: " + meta.subject;
  int rc;
  if (parent) {
    rc = git_reference_create_matching(updated.out(), repo_, branch.c_str(), &commit_oid, 1,
                                       git_commit_id(parent.get()), log.c_str());
  } else {
    rc = git_reference_create(updated.out(), repo_, branch.c_str(), &commit_oid, 0, log.c_str());
  }
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
    return Status::Locked("the project changed while writing (another writer?); try again");
  TAXA_GIT(rc, "cannot move " + branch);
  if (target.durable) {
    // libgit2 writes the branch as a loose ref file (a rename into place).
    const std::string ref = git_dir_ + "/" + branch;
    TAXA_RETURN_IF_ERROR(core::SyncPath(ref));
    TAXA_RETURN_IF_ERROR(core::SyncPath(ref.substr(0, ref.rfind('/'))));
  }

  // The commit has landed: a work tree that cannot follow is reported, not
  // an error (RestoreWorkTree mends it at the next start).
  if (other_branch) return OidHex(&commit_oid);
  core::ScopedTiming timing("commit: work tree");
  Status moved = UpdateWorkTree(base.get(), tree.get(), paths, work_tree);
  if (!moved.ok() && work_tree != nullptr) work_tree->problem = moved;
  return OidHex(&commit_oid);
}

Status Repository::UpdateWorkTree(const std::string& from, const std::string& to,
                                  WorkTreeReport* report) {
  if (work_dir_.empty()) return Status::Ok();
  TreePtr before, after;
  if (!from.empty()) TAXA_RETURN_IF_ERROR(LookupTree(repo_, from, before, std::string()));
  TAXA_RETURN_IF_ERROR(LookupTree(repo_, to, after, std::string()));
  if (!before) {
    TreeBuilderPtr tb;
    git_oid empty;
    TAXA_GIT(git_treebuilder_new(tb.out(), repo_, nullptr), "cannot build a tree");
    TAXA_GIT(git_treebuilder_write(&empty, tb.get()), "cannot write the empty tree");
    TAXA_GIT(git_tree_lookup(before.out(), repo_, &empty), "cannot read the empty tree");
  }
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  DiffPtr diff;
  TAXA_GIT(git_diff_tree_to_tree(diff.out(), repo_, before.get(), after.get(), &opts),
           "cannot compare " + from + " and " + to);
  std::vector<std::string> paths;
  for (size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    paths.emplace_back(d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path);
  }
  return UpdateWorkTree(before.get(), after.get(), paths, report);
}

Result<std::vector<core::FileChange>> Repository::Diff(const std::string& from,
                                                       const std::string& to) {
  TreePtr a, b;
  if (!from.empty()) TAXA_RETURN_IF_ERROR(LookupTree(repo_, from, a, std::string()));
  TAXA_RETURN_IF_ERROR(LookupTree(repo_, to, b, std::string()));
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  DiffPtr diff;
  if (int rc = git_diff_tree_to_tree(diff.out(), repo_, a.get(), b.get(), &opts); rc < 0) {
    Status failed = GitStatus(rc, "cannot compare " + from + " and " + to);
    if (b) TAXA_RETURN_IF_ERROR(FirstUnreadableFolder(repo_, b.get(), ""));
    if (a) TAXA_RETURN_IF_ERROR(FirstUnreadableFolder(repo_, a.get(), ""));
    return failed;
  }
  std::vector<core::FileChange> out;
  size_t n = git_diff_num_deltas(diff.get());
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    core::FileChange c;
    switch (d->status) {
      case GIT_DELTA_ADDED:
        c.kind = core::FileChange::Kind::kAdded;
        c.path = d->new_file.path;
        break;
      case GIT_DELTA_DELETED:
        c.kind = core::FileChange::Kind::kDeleted;
        c.path = d->old_file.path;
        break;
      default:
        c.kind = core::FileChange::Kind::kModified;
        c.path = d->new_file.path;
        break;
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::string> Repository::ObjectIdAt(const std::string& path, const std::string& commit) {
  TreePtr tree;
  TAXA_RETURN_IF_ERROR(LookupTree(repo_, commit, tree, commit.empty() ? Head() : std::string()));
  if (!tree) return std::string();
  TreeEntryPtr entry;
  bool found = false;
  TAXA_RETURN_IF_ERROR(EntryByPath(repo_, tree.get(), TrimSlash(path), entry, found));
  if (!found) return std::string();
  return OidHex(git_tree_entry_id(entry.get()));
}

Result<std::vector<std::string>> Repository::TreeEntryNames(const std::string& tree,
                                                            const std::string& path) {
  git_oid oid;
  TAXA_RETURN_IF_ERROR(ParseFullId(tree, "a tree", &oid));
  TreePtr root;
  int rc = git_tree_lookup(root.out(), repo_, &oid);
  if (rc == GIT_ENOTFOUND) return Status::NotFound("tree " + tree + " is not in this repository");
  if (rc < 0) return ObjectStatus(rc, oid, "");
  std::vector<std::string> out;
  TreeEntryPtr entry;
  rc = git_tree_entry_bypath(entry.out(), root.get(), path.c_str());
  if (rc == GIT_ENOTFOUND) return out;
  TAXA_GIT(rc, "cannot read " + path + " in tree " + tree);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return out;
  TreePtr sub;
  rc = git_tree_lookup(sub.out(), repo_, git_tree_entry_id(entry.get()));
  if (rc < 0) return ObjectStatus(rc, *git_tree_entry_id(entry.get()), path);
  for (size_t i = 0, n = git_tree_entrycount(sub.get()); i < n; ++i)
    out.emplace_back(git_tree_entry_name(git_tree_entry_byindex(sub.get(), i)));
  std::sort(out.begin(), out.end());
  return out;
}

std::pair<std::string, std::string> Repository::ConfiguredIdentity() {
  std::pair<std::string, std::string> out;
  git_config* cfg = nullptr;
  if (git_repository_config_snapshot(&cfg, repo_) != 0) return out;
  git_buf buf = GIT_BUF_INIT;
  if (git_config_get_string_buf(&buf, cfg, "user.name") == 0) out.first = buf.ptr;
  git_buf_dispose(&buf);
  if (git_config_get_string_buf(&buf, cfg, "user.email") == 0) out.second = buf.ptr;
  git_buf_dispose(&buf);
  git_config_free(cfg);
  return out;
}

Result<std::vector<LogEntry>> Repository::Log(size_t limit) {
  std::vector<LogEntry> out;
  TAXA_ASSIGN_OR_RETURN(std::string head, Head());
  if (head.empty()) return out;
  RevwalkPtr walk;
  TAXA_GIT(git_revwalk_new(walk.out(), repo_), "cannot walk history");
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  git_oid tip;
  TAXA_RETURN_IF_ERROR(ParseOid(head, &tip));
  TAXA_GIT(git_revwalk_push(walk.get(), &tip), "cannot walk history");
  git_oid oid;
  while (limit == 0 || out.size() < limit) {
    int rc = git_revwalk_next(&oid, walk.get());
    if (rc == GIT_ITEROVER) break;
    // The walk reads each commit for its parents: one it cannot read ends
    // the history early, which must not pass for its beginning.
    if (rc < 0) return GitStatus(rc, "cannot walk the history (run taxa fsck)");
    CommitPtr c;
    rc = git_commit_lookup(c.out(), repo_, &oid);
    if (rc < 0) return ObjectStatus(rc, oid, "");
    const git_signature* a = git_commit_author(c.get());
    LogEntry e;
    e.commit = OidHex(&oid);
    e.author = a->name ? a->name : "";
    e.email = a->email ? a->email : "";
    e.time = a->when.time;
    e.time_offset_minutes = a->when.offset;
    const char* summary = git_commit_summary(c.get());
    e.subject = summary ? summary : "";
    git_message_trailer_array trailers{};
    if (git_message_trailers(&trailers, git_commit_message(c.get())) == 0) {
      for (size_t i = 0; i < trailers.count; ++i)
        e.trailers.emplace_back(trailers.trailers[i].key, trailers.trailers[i].value);
      git_message_trailer_array_free(&trailers);
    }
    out.push_back(std::move(e));
  }
  return out;
}

Status Repository::SweepStaleLocks() {
  namespace fs = std::filesystem;
  // Locks libgit2 takes while writing, and the temporary files of a pack
  // being received; a process killed mid-write leaves them behind.
  std::vector<fs::path> candidates = {git_dir_ + "/index.lock", git_dir_ + "/HEAD.lock",
                                      git_dir_ + "/packed-refs.lock", git_dir_ + "/config.lock"};
  std::error_code ec;
  for (fs::recursive_directory_iterator it(git_dir_ + "/refs", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".lock") candidates.push_back(*it);
  }
  for (fs::directory_iterator it(git_dir_ + "/objects/pack", ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.starts_with("tmp_") || name.starts_with("pack_git2_") ||
        name == "multi-pack-index.lock")
      candidates.push_back(*it);
  }
  for (const fs::path& p : candidates) {
    if (fs::exists(p, ec) && !fs::remove(p, ec))
      return Status::Io(p.string() + ": cannot remove stale lock or temporary file");
  }
  return Status::Ok();
}

}  // namespace taxa::sync
