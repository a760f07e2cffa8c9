#include "taxa/sync/incoming.h"

#include <git2.h>

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "git_error.h"
#include "git_ptr.h"
#include "taxa/core/layout.h"
#include "taxa/core/parallel.h"
#include "taxa/core/decoded_segments.h"
#include "taxa/core/project_files.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/core/timing.h"

namespace taxa::sync {

namespace {

constexpr size_t kShortId = 12;
// Blobs held in memory at once while their checks run on every core.
constexpr size_t kBatchBytes = size_t{256} << 20;

std::string Short(const std::string& id) { return id.substr(0, kShortId); }

bool IsRegularFile(uint32_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

// The bytes of the file at `path` in `tree`; nullopt when there is none.
Result<std::optional<std::string>> ReadAt(git_repository* r, git_tree* tree, const char* path) {
  TreeEntryPtr entry;
  int rc = git_tree_entry_bypath(entry.out(), tree, path);
  if (rc == GIT_ENOTFOUND) return std::optional<std::string>();
  TAXA_GIT(rc, std::string("cannot read ") + path);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::optional<std::string>();
  BlobPtr blob;
  TAXA_GIT(git_blob_lookup(blob.out(), r, git_tree_entry_id(entry.get())),
           std::string("cannot read ") + path);
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::optional<std::string>(
      std::string(data, static_cast<size_t>(git_blob_rawsize(blob.get()))));
}

std::string Describe(const core::ProjectSettings& s) {
  return "\"" + s.name + "\", id " + s.id;
}

Status LookupTree(git_repository* r, const git_oid& commit, const std::string& what,
                  TreePtr& tree) {
  CommitPtr c;
  if (git_commit_lookup(c.out(), r, &commit) < 0 || git_commit_tree(tree.out(), c.get()) < 0)
    return Status::Corrupt(what + " " + Short(OidHex(&commit)) + " cannot be read (" +
                           LastGitMessage("unknown error") + ")");
  return Status::Ok();
}

// The identity rule (incoming.h).
Status CheckIdentity(Repository& objects, git_repository* r, const git_oid& tip) {
  const std::string tip_hex = OidHex(&tip);
  TreePtr tip_tree;
  TAXA_RETURN_IF_ERROR(LookupTree(r, tip, "commit", tip_tree));
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> theirs_bytes,
                        ReadAt(r, tip_tree.get(), "taxa.json"));
  if (!theirs_bytes)
    return Status::FailedPrecondition("its commit " + Short(tip_hex) +
                                      " holds no taxa.json: not a Taxa project");
  Result<core::ProjectSettings> theirs = core::DecodeSettings(*theirs_bytes);
  if (!theirs.ok())
    return Status::Corrupt("commit " + Short(tip_hex) + ": " + theirs.status().message());

  TAXA_ASSIGN_OR_RETURN(std::string head, objects.Head());
  if (head.empty()) return Status::Ok();  // nothing here yet: any project may start it
  git_oid head_oid;
  TAXA_GIT(git_oid_fromstr(&head_oid, head.c_str()), "bad HEAD " + head);
  TreePtr head_tree;
  TAXA_RETURN_IF_ERROR(LookupTree(r, head_oid, "HEAD", head_tree));
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> ours_bytes,
                        ReadAt(r, head_tree.get(), "taxa.json"));
  std::optional<core::ProjectSettings> ours;
  if (ours_bytes) {
    Result<core::ProjectSettings> decoded = core::DecodeSettings(*ours_bytes);
    if (decoded.ok()) ours = std::move(*decoded);
  }
  const std::string this_one = ours ? "this is " + Describe(*ours) : "this is not a Taxa project";

  git_oid base;
  int rc = git_merge_base(&base, r, &tip, &head_oid);
  if (rc == GIT_ENOTFOUND)
    return Status::FailedPrecondition("another project: its history shares no commit with this "
                                      "one's (it is " + Describe(*theirs) + "; " + this_one + ")");
  TAXA_GIT(rc, "cannot compare the histories");
  if (ours && theirs->id != ours->id)
    return Status::FailedPrecondition("another project: its taxa.json at " + Short(tip_hex) +
                                      " names " + Describe(*theirs) + "; " + this_one);
  return Status::Ok();
}

// One file version to check: `path` with content `blob` as commit number
// `commit` (in walk order) brought it, `before` its parent's version.
struct FileTask {
  size_t commit = 0;
  size_t order = 0;  // among the commit's changes
  std::string path;
  git_oid blob{};
  std::optional<git_oid> before;
};

// A refusal and where it was found, so that the earliest one is reported.
struct Problem {
  size_t commit = 0;
  size_t order = 0;
  Status status;
  bool operator<(const Problem& o) const {
    return commit != o.commit ? commit < o.commit : order < o.order;
  }
};

// Every file under taxonomy/categories/ and taxonomy/attributes/ of `tree`
// (the taxonomy/ folder), path -> bytes.
Result<std::map<std::string, std::string>> TaxonomyFiles(git_repository* r, git_tree* taxonomy) {
  struct Walk {
    git_repository* r;
    std::map<std::string, std::string> files;
    Status status;
  } walk{r, {}, Status::Ok()};
  auto visit = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    auto* w = static_cast<Walk*>(payload);
    std::string_view folder(root);
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    if (folder != "categories/" && folder != "attributes/") return 0;
    BlobPtr blob;
    std::string path = "taxonomy/" + std::string(folder) + git_tree_entry_name(entry);
    if (git_blob_lookup(blob.out(), w->r, git_tree_entry_id(entry)) < 0) {
      w->status = Status::Corrupt(path + ": its content is missing");
      return -1;
    }
    w->files[path].assign(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                          static_cast<size_t>(git_blob_rawsize(blob.get())));
    return 0;
  };
  int rc = git_tree_walk(taxonomy, GIT_TREEWALK_PRE, visit, &walk);
  TAXA_RETURN_IF_ERROR(walk.status);
  TAXA_GIT(rc, "cannot read the taxonomy");
  return std::move(walk.files);
}

class ContentCheck {
 public:
  ContentCheck(git_repository* r, core::DecodedSegments* keep) : r_(r), keep_(keep) {}

  // Collects what the commits from `tip` (not reachable from `head`) change.
  Status Walk(const git_oid& tip, const std::string& head) {
    RevwalkPtr walk;
    TAXA_GIT(git_revwalk_new(walk.out(), r_), "cannot walk the history");
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    TAXA_GIT(git_revwalk_push(walk.get(), &tip), "cannot walk from " + OidHex(&tip));
    if (!head.empty()) {
      git_oid h;
      TAXA_GIT(git_oid_fromstr(&h, head.c_str()), "bad HEAD " + head);
      TAXA_GIT(git_revwalk_hide(walk.get(), &h), "cannot walk the history");
    }
    git_oid id;
    for (int rc; (rc = git_revwalk_next(&id, walk.get())) != GIT_ITEROVER;) {
      if (rc < 0) return Status::Corrupt("the history cannot be read (" + LastGitMessage("unknown error") + ")");
      commits_.push_back(OidHex(&id));
      if (!Commit(id, commits_.size() - 1)) break;  // a refusal: later commits cannot be earlier
    }
    return Status::Ok();
  }

  // Checks every file and taxonomy collected; the earliest refusal, if any.
  Status Run() {
    RunFiles();
    RunTaxonomies();
    if (problems_.empty()) return Status::Ok();
    const Problem& first = *std::min_element(problems_.begin(), problems_.end());
    std::string message = "commit " + Short(commits_[first.commit]) + ": " + first.status.message();
    if (first.status.code() == StatusCode::kInvalidInput) return Status::InvalidInput(message);
    return Status::Corrupt(message);
  }

 private:
  // Collects one commit's changes; false after a refusal of a path.
  bool Commit(const git_oid& id, size_t index) {
    CommitPtr commit;
    TreePtr tree, parent_tree;
    if (git_commit_lookup(commit.out(), r_, &id) < 0 ||
        git_commit_tree(tree.out(), commit.get()) < 0) {
      problems_.push_back({index, 0, Status::Corrupt("cannot be read (" + LastGitMessage("unknown error") + ")")});
      return false;
    }
    if (git_commit_parentcount(commit.get()) > 0) {
      CommitPtr parent;
      if (git_commit_parent(parent.out(), commit.get(), 0) < 0 ||
          git_commit_tree(parent_tree.out(), parent.get()) < 0) {
        problems_.push_back(
            {index, 0, Status::Corrupt("its parent cannot be read (" + LastGitMessage("unknown error") + ")")});
        return false;
      }
    }
    git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
    DiffPtr diff;
    if (git_diff_tree_to_tree(diff.out(), r_, parent_tree.get(), tree.get(), &opts) < 0) {
      problems_.push_back(
          {index, 0, Status::Corrupt("its files cannot be compared (" + LastGitMessage("unknown error") + ")")});
      return false;
    }
    bool taxonomy_changed = false;
    for (size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
      const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
      const std::string path = d->status == GIT_DELTA_DELETED ? d->old_file.path
                                                              : d->new_file.path;
      if (path.starts_with("taxonomy/")) taxonomy_changed = true;
      if (d->status == GIT_DELTA_DELETED) continue;
      if (!IsRegularFile(d->new_file.mode)) {
        problems_.push_back({index, i, Status::InvalidInput(
                                           path + ": not a regular file (a symbolic link or a "
                                                  "submodule)")});
        return false;
      }
      if (Result<core::ProjectFileKind> kind = core::ClassifyProjectPath(path); !kind.ok()) {
        problems_.push_back({index, i, kind.status()});
        return false;
      }
      std::string key = OidHex(&d->new_file.id) + " " + path;
      if (!seen_.insert(std::move(key)).second) continue;
      FileTask task{index, i, path, d->new_file.id, std::nullopt};
      if (d->status == GIT_DELTA_MODIFIED && IsRegularFile(d->old_file.mode))
        task.before = d->old_file.id;
      files_.push_back(std::move(task));
    }
    if (taxonomy_changed) {
      TreeEntryPtr entry;
      if (git_tree_entry_bypath(entry.out(), tree.get(), "taxonomy") == 0 &&
          git_tree_entry_type(entry.get()) == GIT_OBJECT_TREE) {
        const git_oid* t = git_tree_entry_id(entry.get());
        if (seen_taxonomies_.insert(OidHex(t)).second) taxonomies_.push_back({index, *t});
      }
    }
    return true;
  }

  // Reads the blobs in batches and checks each batch on every core.
  void RunFiles() {
    struct Loaded {
      BlobPtr blob, before;
    };
    for (size_t start = 0; start < files_.size();) {
      std::deque<Loaded> loaded;
      size_t bytes = 0;
      bool missing = false;
      while (start + loaded.size() < files_.size() && (loaded.empty() || bytes < kBatchBytes)) {
        const FileTask& f = files_[start + loaded.size()];
        Loaded& l = loaded.emplace_back();
        if (git_blob_lookup(l.blob.out(), r_, &f.blob) < 0) {
          loaded.pop_back();
          problems_.push_back({f.commit, f.order,
                               Status::Corrupt(f.path + ": its content " +
                                               Short(OidHex(&f.blob)) + " is missing")});
          missing = true;
          break;
        }
        bytes += static_cast<size_t>(git_blob_rawsize(l.blob.get()));
        if (f.before && git_blob_lookup(l.before.out(), r_, &*f.before) == 0)
          bytes += static_cast<size_t>(git_blob_rawsize(l.before.get()));
      }
      std::vector<Status> results(loaded.size());
      core::ParallelFor(loaded.size(), [&](size_t i) {
        auto view = [](const BlobPtr& b) {
          return std::string_view(static_cast<const char*>(git_blob_rawcontent(b.get())),
                                  static_cast<size_t>(git_blob_rawsize(b.get())));
        };
        std::optional<std::string_view> before;
        if (loaded[i].before) before = view(loaded[i].before);
        results[i] =
            core::CheckProjectFile(files_[start + i].path, view(loaded[i].blob), before, keep_);
      });
      for (size_t i = 0; i < results.size(); ++i)
        if (!results[i].ok())
          problems_.push_back({files_[start + i].commit, files_[start + i].order, results[i]});
      // Later batches hold later commits: the earliest refusal is known.
      if (missing || !problems_.empty()) return;
      start += loaded.size();
    }
  }

  void RunTaxonomies() {
    constexpr size_t kAfterFiles = ~size_t{0};
    for (const auto& [index, tree_id] : taxonomies_) {
      if (!problems_.empty() && index > std::min_element(problems_.begin(), problems_.end())->commit)
        return;
      TreePtr tree;
      if (git_tree_lookup(tree.out(), r_, &tree_id) < 0) {
        problems_.push_back({index, kAfterFiles, Status::Corrupt("taxonomy/ cannot be read")});
        return;
      }
      Result<std::map<std::string, std::string>> files = TaxonomyFiles(r_, tree.get());
      Status s = files.ok() ? core::CheckProjectTaxonomy(*files) : files.status();
      if (!s.ok()) {
        problems_.push_back({index, kAfterFiles, s});
        return;
      }
    }
  }

  git_repository* r_;
  core::DecodedSegments* keep_;  // may be null
  std::vector<std::string> commits_;
  std::vector<FileTask> files_;
  std::set<std::string> seen_;  // "<blob id> <path>" already collected
  std::vector<std::pair<size_t, git_oid>> taxonomies_;
  std::set<std::string> seen_taxonomies_;
  std::vector<Problem> problems_;
};

Status CheckIncomingInto(Repository& objects, const std::string& tip,
                         core::DecodedSegments* keep) {
  core::ScopedTiming timing("sync: check incoming");
  EnsureLibgit2();
  git_repository* r = objects.git_handle_for_sync_internal();
  git_oid tip_oid;
  if (tip.size() != GIT_OID_HEXSZ || git_oid_fromstr(&tip_oid, tip.c_str()) < 0)
    return Status::InvalidInput("\"" + tip + "\" is not a commit id");
  TAXA_RETURN_IF_ERROR(CheckIdentity(objects, r, tip_oid));
  TAXA_ASSIGN_OR_RETURN(std::string head, objects.Head());
  ContentCheck check(r, keep);
  TAXA_RETURN_IF_ERROR(check.Walk(tip_oid, head));
  return check.Run();
}

}  // namespace

Status CheckIncoming(Repository& objects, const std::string& tip) {
  return CheckIncomingInto(objects, tip, nullptr);
}

IncomingCheck CheckIncomingKeeping(core::DecodedSegments* keep) {
  return [keep](Repository& objects, const std::string& tip) {
    return CheckIncomingInto(objects, tip, keep);
  };
}

}  // namespace taxa::sync
