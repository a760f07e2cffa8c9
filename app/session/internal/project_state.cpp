// ProjectState: attaching to a repository, loading, commits and the index
// (label_pipeline.cpp has the label pipeline).
#include "session/internal/project_state.h"

#include <algorithm>
#include <cstdlib>
#include <random>

#include "session/internal/roles.h"

#include "taxa/core/segment_writer.h"
#include "taxa/core/timing.h"
#include "taxa/sync/transport.h"

namespace taxa::app {

namespace {

std::string RandomHex(size_t digits) {
  std::random_device rd;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < digits; ++i) out += kHex[rd() & 15];
  return out;
}

// The user named by options, TAXA_USER, or the login name, in lower case
// (core::FoldAnnotatorName).
std::string ResolveUser(const std::string& given) {
  if (!given.empty()) return core::FoldAnnotatorName(given);
  for (const char* var : {"TAXA_USER", "USER", "LOGNAME"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return core::FoldAnnotatorName(v);
  }
  return "annotator";
}

}  // namespace

ProjectState::~ProjectState() {
  if (writable() && pending_ > 0) (void)Flush();
}

Result<std::unique_ptr<ProjectState>> ProjectState::Attach(sync::Repository repo,
                                                           const std::string& dir,
                                                           SessionOptions options) {
  std::unique_ptr<ProjectState> s(new ProjectState());
  s->dir_ = dir;
  s->repo_ = std::move(repo);
  s->progress_ = std::move(options.progress);
  s->notice_ = std::move(options.notice);
  s->state_dir_ = s->repo_.git_dir() + "/taxa";
  TAXA_RETURN_IF_ERROR(core::MakeDirs(s->state_dir_));

  s->snapshot_ = options.mode == OpenMode::kReadOnly;
  if (options.mode != OpenMode::kReadOnly) {
    Result<core::FileLock> lock =
        core::FileLock::Acquire(s->state_dir_ + "/lock", "project " + dir, options.lock_wait);
    if (lock.ok()) {
      s->lock_ = std::move(*lock);
    } else if (options.mode == OpenMode::kWrite || lock.status().code() != StatusCode::kLocked) {
      return lock.status();
    }
  }
  if (s->writable()) {
    TAXA_RETURN_IF_ERROR(s->repo_.SweepStaleLocks());
    // A writer killed between moving the branch and writing the files left
    // them behind HEAD: bring them in step before anything reads them.
    TAXA_ASSIGN_OR_RETURN(sync::WorkTreeReport restored, s->repo_.RestoreWorkTree());
    s->ReportWorkTree(restored);
    TAXA_ASSIGN_OR_RETURN(s->journal_, core::Journal::Open(s->state_dir_ + "/journal"));
  }

  std::string device_path = s->state_dir_ + "/device";
  Result<std::string> device = core::ReadFile(device_path);
  if (device.ok() && !device->empty()) {
    s->device_ = device->substr(0, device->find('\n'));
  } else {
    s->device_ = RandomHex(8);
    if (s->writable()) TAXA_RETURN_IF_ERROR(core::WriteFileAtomic(device_path, s->device_ + "\n"));
  }

  std::string git_email = s->repo_.ConfiguredIdentity().second;
  s->user_ = ResolveUser(options.user);
  TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(s->user_));
  s->email_ = !git_email.empty() ? git_email : s->user_ + "@localhost";
  s->owner_ = s->user_;
  s->owner_email_ = s->email_;

  TAXA_ASSIGN_OR_RETURN(core::Index index, core::Index::Open(s->state_dir_ + "/index.sqlite"));
  if (!index.replaced_because().empty())
    s->Notice("the index was damaged (" + index.replaced_because() +
              "); rebuilding it from the repository");
  s->index_ = std::make_unique<core::Index>(std::move(index));
  ProjectState* self = s.get();  // the index lives no longer than its state
  s->index_->SetRefill(
      [self](core::Index&, const Status& damage) { return self->RefillIndex(damage); });
  return s;
}

Status ProjectState::Load() {
  if (snapshot_ && !index_->in_snapshot()) TAXA_RETURN_IF_ERROR(OpenSnapshot());
  TAXA_RETURN_IF_ERROR(LoadProjectFiles());
  if (!snapshot_) TAXA_RETURN_IF_ERROR(CatchUpIndex());
  TAXA_ASSIGN_OR_RETURN(uint64_t max_hlc, index_->MaxHlc());
  clock_.Observe(max_hlc);
  ++revision_;
  return Status::Ok();
}

Status ProjectState::OpenSnapshot() {
  // A writer may move the index on between the catch-up and the snapshot:
  // the snapshot is whatever whole commit the index holds then.
  for (int attempt = 0;; ++attempt) {
    repo_.PinHead("");
    snapshot_commit_.clear();
    TAXA_RETURN_IF_ERROR(CatchUpIndex());
    TAXA_ASSIGN_OR_RETURN(std::string head, repo_.Head());
    TAXA_ASSIGN_OR_RETURN(std::string commit, index_->BeginSnapshot());
    if (!commit.empty() || head.empty()) {
      repo_.PinHead(commit);
      snapshot_commit_ = commit;
      return Status::Ok();
    }
    index_->EndSnapshot();  // emptied meanwhile (another process's repair)
    if (attempt == 2)
      return Status::Locked("the index of " + dir_ + " is being rebuilt; try again");
  }
}

Status ProjectState::RefillIndex(const Status& damage) {
  // The index is empty: CatchUpIndex rebuilds it whole, at HEAD (a reader's
  // pinned snapshot), and adds this project's journaled labels again.
  TAXA_RETURN_IF_ERROR(CatchUpIndex());
  if (!snapshot_commit_.empty()) {  // the repair ended the snapshot: open it again
    TAXA_ASSIGN_OR_RETURN(std::string commit, index_->BeginSnapshot());
    if (commit != snapshot_commit_) {  // a writer moved it on meanwhile: read that commit
      if (commit.empty())
        return Status::Locked("the index of " + dir_ + " is being rebuilt; try again");
      repo_.PinHead(commit);
      snapshot_commit_ = commit;
      TAXA_RETURN_IF_ERROR(LoadProjectFiles());
    }
  }
  Notice("the index was damaged (" + damage.message() + "); rebuilt it from the repository");
  return Status::Ok();
}

Status ProjectState::LoadProjectFiles() {
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> settings,
                        repo_.ReadFile(std::string(core::kSettingsPath)));
  if (!settings) return Status::NotFound(dir_ + ": not a Taxa project (no taxa.json at HEAD)");
  TAXA_ASSIGN_OR_RETURN(settings_, core::DecodeSettings(*settings));
  TAXA_ASSIGN_OR_RETURN(auto files, repo_.ReadFolder("taxonomy/"));
  TAXA_ASSIGN_OR_RETURN(taxonomy_, core::DecodeTaxonomy(files));
  TAXA_ASSIGN_OR_RETURN(std::string tree, repo_.ObjectIdAt("taxonomy"));
  taxonomy_version_ = tree.empty() ? "" : "tree:" + tree;
  ForwardLabels();
  return Status::Ok();
}

Status ProjectState::CatchUpIndex(const std::map<std::string, std::string>* written,
                                  const core::Index::Known* known) {
  TAXA_ASSIGN_OR_RETURN(std::string head, repo_.Head());
  core::FileLoader load = [&](const std::string& path) -> Result<std::string> {
    if (written != nullptr) {
      auto it = written->find(path);
      if (it != written->end()) return it->second;
    }
    TAXA_ASSIGN_OR_RETURN(std::optional<std::string> bytes, repo_.ReadFile(path, head));
    if (!bytes) return Status::NotFound(path + ": missing at " + head);
    return std::move(*bytes);
  };
  // The index rebuilds itself from everything when the changes since what
  // it holds cannot be had (history rewritten, a copied cache) or a segment
  // vanished.
  core::ChangesSince changes = [&](const std::string& from) { return repo_.Diff(from, head); };
  const std::string generation = index_->generation();
  core::Index::Known incoming;  // a peer's segments, decoded by the incoming check
  if (known == nullptr && !incoming_decoded_.empty()) {
    incoming.decoded = &incoming_decoded_;
    known = &incoming;
  }
  TAXA_RETURN_IF_ERROR(index_->CatchUp(head, changes, load, progress_, known));
  // Emptied meanwhile (rebuilt, here or by another process): labels
  // acknowledged but not yet committed stay visible.
  if (index_->generation() != generation && !unflushed_.empty())
    return index_->AddPendingEvents(unflushed_);
  return Status::Ok();
}

void ProjectState::ReportWorkTree(const sync::WorkTreeReport& r) const {
  if (!r.restored.empty()) {
    Notice("the work tree differed from HEAD in " + std::to_string(r.restored.size()) +
           (r.restored.size() == 1 ? " file" : " files") + " Taxa keeps (" + r.restored.front() +
           (r.restored.size() > 1 ? ", ..." : "") + "); brought back in step");
  }
  if (!r.set_aside.empty()) {
    Notice(
        "kept the replaced work tree " + std::string(r.set_aside.size() == 1 ? "copy" : "copies") +
        " of " + r.set_aside.front() +
        (r.set_aside.size() > 1 ? " and " + std::to_string(r.set_aside.size() - 1) + " more" : "") +
        " in " + r.set_aside_dir);
  }
  if (!r.problem.ok()) {
    Notice("saved, but the work tree could not follow (" + r.problem.message() +
           "); it is brought in step when the project is next opened for writing");
  }
}

Status ProjectState::ActAs(const std::string& user) {
  std::string folded = core::FoldAnnotatorName(user);
  TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(folded));
  user_ = folded;
  email_ = folded == owner_ ? owner_email_ : folded + "@localhost";
  return Status::Ok();
}

Status ProjectState::RequireWritable() const {
  if (!writable()) return Status::FailedPrecondition("project " + dir_ + " is open read-only here");
  return Status::Ok();
}

sync::CommitMeta ProjectState::Meta(
    std::string subject, std::vector<std::pair<std::string, std::string>> trailers) const {
  sync::CommitMeta meta;
  meta.subject = std::move(subject);
  meta.trailers = std::move(trailers);
  meta.author_name = user_;
  meta.author_email = email_;
  if (user_ == owner_)
    meta.sign = [this](std::string_view bytes) { return SignCommit(bytes); };
  return meta;
}

Result<std::optional<std::string>> ProjectState::SignCommit(std::string_view commit_bytes) const {
  // Settings are read through a Repository handle that is not changed by it.
  TAXA_ASSIGN_OR_RETURN(std::optional<sync::SettingValue> path,
                        sync::GetTransportSetting(const_cast<sync::Repository*>(&repo_),
                                                  "taxa.signingKey"));
  if (!path) return std::optional<std::string>();
  if (!signing_key_ || signing_key_path_ != path->value) {
    Result<sync::SshPrivateKey> key = sync::ReadSshPrivateKey(path->value);
    if (!key.ok()) return key.status().WithPrefix("cannot sign the commit with taxa.signingKey");
    signing_key_ = std::make_shared<const sync::SshPrivateKey>(std::move(*key));
    signing_key_path_ = path->value;
  }
  TAXA_ASSIGN_OR_RETURN(std::string signature, sync::SshSign(*signing_key_, commit_bytes, "git"));
  return std::optional<std::string>(std::move(signature));
}

Status ProjectState::CommitFiles(const std::vector<sync::FileWrite>& files,
                                 const sync::CommitMeta& meta,
                                 const std::map<std::string, std::string>* written,
                                 core::Index::Known* known, const sync::CommitTarget& target) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  // Labels were checked when recorded (Labeling); any other commit changes
  // the project, which needs a lead once roles are in force (access.h).
  bool labels_only = std::all_of(files.begin(), files.end(), [](const sync::FileWrite& f) {
    return f.path.starts_with("labels/");
  });
  // Reviews (review.h) need a reviewer or a lead.
  bool reviews_only = !files.empty() && std::all_of(files.begin(), files.end(),
                                                    [](const sync::FileWrite& f) {
                                                      return f.path.starts_with("reviews/");
                                                    });
  if (!labels_only) {
    std::string action = "this change";
    for (const auto& [key, value] : meta.trailers)
      if (key == "Taxa-Action") action = value;
    TAXA_RETURN_IF_ERROR(RequirePermission(
        *this, reviews_only ? Permission::kReview : Permission::kLead, action));
  }
  TAXA_ASSIGN_OR_RETURN(std::string parent, repo_.Head());
  {
    core::ScopedTiming timing("commit: write objects and move the branch");
    sync::WorkTreeReport work_tree;
    TAXA_RETURN_IF_ERROR(repo_.Commit(files, meta, &work_tree, target).status());
    ReportWorkTree(work_tree);
  }
  // Labels made from now on name the taxonomy this commit left (a release
  // adds its manifest under taxonomy/, so it counts too).
  if (std::any_of(files.begin(), files.end(),
                  [](const sync::FileWrite& f) { return f.path.starts_with("taxonomy/"); })) {
    TAXA_ASSIGN_OR_RETURN(std::string tree, repo_.ObjectIdAt("taxonomy"));
    taxonomy_version_ = tree.empty() ? "" : "tree:" + tree;
  }
  core::ScopedTiming timing("commit: bring the index forward");
  ++revision_;
  // What the caller knows the index holds is true only on top of the parent.
  bool index_at_parent = index_->indexed_commit() == parent;
  return CatchUpIndex(written, index_at_parent ? known : nullptr);
}

Status ProjectState::CommitTaxonomy(const core::Taxonomy& next, sync::CommitMeta meta) {
  std::map<std::string, std::string> before = core::EncodeTaxonomy(taxonomy_);
  std::map<std::string, std::string> after = core::EncodeTaxonomy(next);
  std::vector<sync::FileWrite> files;
  for (const auto& [path, bytes] : after) {
    auto it = before.find(path);
    if (it == before.end() || it->second != bytes) files.push_back({path, bytes});
  }
  for (const auto& [path, bytes] : before)
    if (!after.count(path)) files.push_back({path, std::nullopt});
  if (files.empty()) return Status::Ok();
  if (!branch_.empty()) {
    TAXA_RETURN_IF_ERROR(RequireWritable());
    TAXA_RETURN_IF_ERROR(RequirePermission(*this, Permission::kLead, "a proposal's edit"));
    TAXA_RETURN_IF_ERROR(repo_.Commit(files, meta, nullptr, {.branch = branch_}).status());
    taxonomy_ = next;
    return Status::Ok();
  }
  TAXA_RETURN_IF_ERROR(CommitFiles(files, meta));  // moves taxonomy_version_ too
  taxonomy_ = next;
  ForwardLabels();
  return Status::Ok();
}

Result<core::Taxonomy> ProjectState::TaxonomyAt(const std::string& commit,
                                                std::map<std::string, std::string>* files) {
  TAXA_ASSIGN_OR_RETURN(auto read, repo_.ReadFolder("taxonomy/", commit));
  Result<core::Taxonomy> taxonomy = core::DecodeTaxonomy(read);
  if (files != nullptr) *files = std::move(read);
  return taxonomy;
}

Status ProjectState::UseBranch(const std::string& branch) {
  if (branch.empty()) {
    branch_.clear();
    return LoadProjectFiles();
  }
  TAXA_ASSIGN_OR_RETURN(std::string tip, repo_.ReferenceTarget(branch));
  if (tip.empty()) return Status::NotFound("there is no branch " + branch);
  TAXA_ASSIGN_OR_RETURN(taxonomy_, TaxonomyAt(tip));
  branch_ = branch;
  ++revision_;
  return Status::Ok();
}

void ProjectState::ForwardLabels() {
  if (index_) index_->SetLabelForward(std::make_shared<const core::LabelForward>(taxonomy_));
}

}  // namespace taxa::app
