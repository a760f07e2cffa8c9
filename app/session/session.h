// The session: every use case of Taxa, written once and called by the CLI,
// the GUI and the web server alike.
//
// A Session is one open project. Opened for writing it holds the project's
// writer lock (a second writer gets kLocked naming the holder), replays any
// label journal a crash left behind, and keeps the index in step with HEAD.
// Each operation is one commit with a readable message and Taxa-* trailers.
//
//   TAXA_ASSIGN_OR_RETURN(auto s, Session::Open(dir, {.user = "alice"}));
//   TAXA_RETURN_IF_ERROR(s->Label({.item = "T-1", .categories = {"billing"}}).status());
//   TAXA_RETURN_IF_ERROR(s->Flush());   // also done on destruction
//
// Not thread-safe: one thread uses a Session at a time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "taxa/core/category_edit.h"
#include "taxa/core/fs.h"
#include "taxa/core/hlc.h"
#include "taxa/core/index.h"
#include "taxa/core/item_import.h"
#include "taxa/core/journal.h"
#include "taxa/core/merge.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/sync/repository.h"

namespace taxa::app {

enum class OpenMode {
  kWrite,     // take the writer lock; fail with kLocked when another has it
  kReadOnly,  // never write the repository (the index cache may be updated)
  kPreferWrite,  // write when the lock is free, else fall back to read-only
};

struct SessionOptions {
  std::string user;  // annotator and commit author; empty: TAXA_USER, git config, $USER
  OpenMode mode = OpenMode::kWrite;
  core::ProgressFn progress;  // for long work (index rebuild, import)
};

struct LabelRequest {
  std::string item;
  std::vector<std::string> categories;  // empty clears the label
  std::map<std::string, std::string> attributes;
  std::string note;
  uint32_t duration_ms = 0;
  std::string annotator;  // empty: the session's user
};

// When LabelMany commits: with the next Flush (the default: many small
// batches make one commit), or at once, as one commit of this batch (a bulk
// load, which then also overlaps the index update with the commit).
enum class LabelCommit { kLater, kNow };

struct ImportReport {
  size_t read = 0;       // records in the file
  size_t added = 0;      // new items committed
  size_t unchanged = 0;  // already in the project with the same content
  std::string batch;     // items/<batch>/ folder written, empty when nothing new
  std::string commit;    // empty when nothing new
};

// What a Session::Sync did (its last round, when the push was retried).
struct SyncReport {
  std::string fetched;      // the remote's main before our push; empty when it had none
  std::string head;         // our main afterwards
  bool merged = false;      // a merge commit joined the two sides
  bool fast_forward = false;  // ours moved forward to theirs (no merge commit)
  size_t conflicts = 0;     // conflict records the merge wrote under conflicts/
  bool pushed = false;      // the remote's main now equals `head`
};

// How to close a merge conflict: take one side's value, or a literal JSON value.
struct Resolution {
  enum class Take { kOurs, kTheirs, kBase, kValue };
  Take take = Take::kOurs;
  std::string value;  // JSON text, for kValue only
};

class Session {
 public:
  ~Session();  // commits pending labels; errors there are lost, so call Flush()

  // Creates a new project in `dir` (which must not hold one) and opens it.
  static Result<std::unique_ptr<Session>> Create(const std::string& dir, const std::string& name,
                                                 SessionOptions options = {});
  // Creates the demo project (taxonomy and items embedded in the binary).
  static Result<std::unique_ptr<Session>> CreateDemo(const std::string& dir,
                                                     SessionOptions options = {});
  // Opens the project in `dir`.
  static Result<std::unique_ptr<Session>> Open(const std::string& dir,
                                               SessionOptions options = {});
  // Clones the project at `url` into `dir` (remote "origin") and opens it.
  // kNotFound when the remote holds no project yet. (sync_ops.cpp)
  static Result<std::unique_ptr<Session>> Clone(const std::string& url, const std::string& dir,
                                                SessionOptions options = {});

  const std::string& dir() const { return dir_; }
  const std::string& user() const { return user_; }
  const std::string& device() const { return device_; }
  bool writable() const { return lock_.held(); }
  const core::Taxonomy& taxonomy() const { return taxonomy_; }
  const core::ProjectSettings& settings() const { return settings_; }
  // Changes whenever the project's content visible to views changes.
  uint64_t revision() const { return revision_; }

  // ---- taxonomy (each a commit) ----
  Status AddCategory(core::Category c);
  Status EditCategory(const std::string& id, const core::CategoryEdit& edit);
  Status MoveCategory(const std::string& id, const std::string& new_parent);
  Status DeprecateCategory(const std::string& id, const std::string& replaced_by);
  Status AddAttribute(core::Attribute a);

  // ---- items ----
  // Reads a JSON Lines or CSV file and commits its new items as one batch.
  // A malformed record fails with "FILE:LINE: ..." and commits nothing.
  Result<ImportReport> Import(const std::string& path,
                              core::ImportFormat format = core::ImportFormat::kAuto);
  // The same for bytes already in memory; `name` is used in messages.
  Result<ImportReport> ImportBytes(std::string_view bytes, const std::string& name,
                                   core::ImportFormat format);

  // ---- labels ----
  // Records a label event. When this returns ok the label is durable (in the
  // journal, synced to disk); it is committed by Flush(). Unknown categories
  // and items are refused; a deprecated category is refused naming its
  // replacement. Returns the event.
  Result<core::LabelEvent> Label(const LabelRequest& request);
  // The same for many labels with one journal sync (a vendor's delivery, a
  // bulk correction): all are checked first, and either all are recorded or
  // none is.
  Result<std::vector<core::LabelEvent>> LabelMany(const std::vector<LabelRequest>& requests,
                                                  LabelCommit when = LabelCommit::kLater);
  // Seals journaled labels into segments and commits them. Ok and no commit
  // when nothing is pending.
  Status Flush();
  size_t pending_labels() const { return pending_; }

  // ---- remotes and sync (sync_ops.cpp) ----
  Status AddRemote(const std::string& name, const std::string& url);
  Result<std::vector<std::pair<std::string, std::string>>> Remotes();
  // Fetches the remote's main, commits pending labels, merges it with ours
  // (sync::MergeCommits; conflicts are recorded, never fatal), moves our
  // branch and work tree, reloads, and pushes. When the remote moved between
  // fetch and push, fetches and merges again (three attempts in all). An
  // unreachable remote fails with kIo in one line and changes nothing here.
  Result<SyncReport> Sync(const std::string& remote);

  // ---- merge conflicts (conflict_ops.cpp) ----
  // The open conflict records at HEAD (conflicts/*.json), sorted by path,
  // then field, then id. An unreadable record fails naming its file.
  Result<std::vector<core::MergeConflict>> Conflicts();
  // The conflict whose id is `id`, or whose id alone starts with `id` (at
  // least 6 characters). kNotFound naming `id` when none; kInvalidInput when
  // a prefix matches several.
  Result<core::MergeConflict> Conflict(const std::string& id);
  // Applies `r` to the conflict's file and removes its record, as one commit
  // (Taxa-Action: conflict.resolve), then reloads. "field" and "cycle"
  // conflicts of category, attribute and settings files set the field;
  // "edit-delete" keeps or deletes the file (ours/theirs/base only);
  // "sibling-name" only closes the record once the names differ. A value
  // that leaves the taxonomy with a new problem is refused (kInvalidInput);
  // what cannot be resolved soundly is kFailedPrecondition.
  Status ResolveConflict(const std::string& id, const Resolution& r);

  // ---- queries ----
  core::Index& index() { return *index_; }
  Result<core::IndexCounts> Counts() { return index_->Counts(); }
  // Writes one JSON line per item with each annotator's current labels.
  Status Export(const std::function<Status(std::string_view line)>& out);
  Result<std::vector<sync::LogEntry>> Log(size_t limit) { return repo_.Log(limit); }

 private:
  Session() = default;
  static Result<std::unique_ptr<Session>> OpenRepository(sync::Repository repo,
                                                         const std::string& dir,
                                                         SessionOptions options);
  Status Load();
  Result<ImportReport> ImportParsed(const std::vector<core::ImportedItem>& parsed,
                                    const std::string& name, const std::string& sha256);
  Status RecoverJournal();
  // Brings the index to HEAD. `written` holds files this session just
  // committed (so they are not read back from git) and `known` what of them
  // the index holds already; both may be null.
  Status CatchUpIndex(const std::map<std::string, std::string>* written = nullptr,
                      const core::Index::Known* known = nullptr);
  Status RequireWritable() const;
  sync::CommitMeta Meta(std::string subject,
                        std::vector<std::pair<std::string, std::string>> trailers) const;
  Status CommitFiles(const std::vector<sync::FileWrite>& files, const sync::CommitMeta& meta,
                     const std::map<std::string, std::string>* written = nullptr,
                     core::Index::Known* known = nullptr);
  Status CommitTaxonomy(const core::Taxonomy& next, sync::CommitMeta meta);
  // Checks `requests` and makes their events (clock, id) and encoded lines.
  Status BuildEvents(const std::vector<LabelRequest>& requests,
                     std::vector<core::LabelEvent>& events, std::vector<std::string>& records);
  // Journals, indexes and commits one batch (LabelCommit::kNow).
  Status RecordAndCommit(const std::vector<core::LabelEvent>& events,
                         const std::vector<std::string>& records);
  // The segment files that store `events` (`lines` holds each one's encoded
  // line, or is empty), and the commit that would write them.
  struct SealedLabels {
    std::vector<sync::FileWrite> files;
    std::map<std::string, std::string> written;
    core::Index::Known known;
    sync::CommitMeta meta;
  };
  Result<SealedLabels> SealLabels(const std::vector<core::LabelEvent>& events,
                                  const std::vector<std::string>& lines);
  Status CommitEvents(std::vector<core::LabelEvent> events, std::vector<std::string> lines);

  std::string dir_;
  std::string state_dir_;  // <git dir>/taxa: lock, journal, index, device id
  std::string user_;
  std::string email_;
  std::string device_;
  sync::Repository repo_;
  core::FileLock lock_;
  core::Journal journal_;
  std::unique_ptr<core::Index> index_;
  core::HybridClock clock_;
  core::Taxonomy taxonomy_;
  core::ProjectSettings settings_;
  std::string taxonomy_version_;
  size_t pending_ = 0;
  std::vector<core::LabelEvent> unflushed_;  // journaled by this process, in order
  std::vector<std::string> unflushed_lines_;  // their encoded lines, at the same positions
  uint64_t revision_ = 0;
  core::ProgressFn progress_;
};

}  // namespace taxa::app
