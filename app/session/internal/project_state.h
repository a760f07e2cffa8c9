// The state of one open project and the machinery the services share: the
// repository, the writer lock, the label journal and pipeline, the index, the
// clock, and commits. Private to app/session: the faces reach a project only
// through Project and the services.
//
// Every service holds a ProjectState& (Project::state()) and writes through
// it: RequireWritable() first, then CommitFiles() or CommitTaxonomy(), which
// bring the index forward; labels go through Record() and Flush().
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "session/labeling.h"
#include "session/project.h"

#include "taxa/core/decoded_segments.h"
#include "taxa/core/fs.h"
#include "taxa/core/hlc.h"
#include "taxa/core/index.h"
#include "taxa/core/journal.h"
#include "taxa/sync/incoming.h"
#include "taxa/sync/repository.h"
#include "taxa/sync/ssh_signature.h"

namespace taxa::app {

class ProjectState {
 public:
  ~ProjectState();  // commits pending labels when writable

  // Wraps an opened repository: takes the lock (per options.mode), brings
  // the work tree in step, opens the journal and the index. Load() next.
  static Result<std::unique_ptr<ProjectState>> Attach(sync::Repository repo, const std::string& dir,
                                                      SessionOptions options);
  // Reads settings and taxonomy at HEAD and brings the index forward; a
  // read-only project opens its snapshot first (OpenMode::kReadOnly).
  Status Load();

  const std::string& dir() const { return dir_; }
  const std::string& state_dir() const { return state_dir_; }  // <git dir>/taxa
  // The acting user (ActAs), else the user the project was opened as.
  const std::string& user() const { return user_; }
  // The user the project was opened as (SessionOptions::user).
  const std::string& owner() const { return owner_; }
  // See Project::ActAs.
  Status ActAs(const std::string& user);
  const std::string& device() const { return device_; }
  bool writable() const { return lock_.held(); }
  // See Project::NoteWriter.
  Status NoteWriter(std::string_view note) { return lock_.Note(note); }
  const core::Taxonomy& taxonomy() const { return taxonomy_; }
  const core::ProjectSettings& settings() const { return settings_; }
  // The taxonomy version labels record: "tree:<id of taxonomy/>".
  const std::string& taxonomy_version() const { return taxonomy_version_; }
  uint64_t revision() const { return revision_; }
  size_t pending() const { return pending_; }
  sync::Repository& repo() { return repo_; }
  core::Index& index() { return *index_; }
  const core::ProgressFn& progress() const { return progress_; }
  void set_progress(core::ProgressFn progress) { progress_ = std::move(progress); }

  // A timestamp of the project's hybrid clock for an event made now (a
  // review), after every one seen before; Observe folds in one read elsewhere.
  uint64_t ClockNow() { return clock_.Now(); }
  void ObserveClock(uint64_t hlc) { clock_.Observe(hlc); }

  // Marks a change views must redraw for (a label, a commit, a reload).
  void Changed() { ++revision_; }
  // Tells the user something the session did on its own (NoticeFn).
  void Notice(const std::string& line) const {
    if (notice_) notice_(line);
  }
  // Says what bringing the work tree in step did, as notices.
  void ReportWorkTree(const sync::WorkTreeReport& report) const;

  // ---- commits ----
  Status RequireWritable() const;
  // The commit's metadata as the acting user. When the acting user is the
  // one the project was opened as and taxa.signingKey is set (this clone's
  // .git/config, else the user's file), the commit is signed with that key
  // (SignCommit); others a server acts for are never signed with it.
  sync::CommitMeta Meta(std::string subject,
                        std::vector<std::pair<std::string, std::string>> trailers) const;
  // Commits `files` on top of HEAD and brings the index forward. `written`
  // holds files just committed (so they are not read back from git) and
  // `known` what of them the index holds already; both may be null.
  // `target` may add a second parent (a merge: Proposals::Merge).
  Status CommitFiles(const std::vector<sync::FileWrite>& files, const sync::CommitMeta& meta,
                     const std::map<std::string, std::string>* written = nullptr,
                     core::Index::Known* known = nullptr, const sync::CommitTarget& target = {});
  // The signature of `commit_bytes` with taxa.signingKey for git's "gpgsig"
  // header; nullopt when no key is set. An error names the key file and says
  // why it cannot sign (missing, encrypted, not ed25519).
  Result<std::optional<std::string>> SignCommit(std::string_view commit_bytes) const;
  // Commits the files that differ between the current taxonomy and `next`
  // (onto the proposal branch while one is in use: UseBranch).
  Status CommitTaxonomy(const core::Taxonomy& next, sync::CommitMeta meta);
  // The taxonomy at `commit` (40 hex digits; "": HEAD), read from git;
  // `files` (may be null) gets the files under taxonomy/ it was decoded from.
  Result<core::Taxonomy> TaxonomyAt(const std::string& commit,
                                    std::map<std::string, std::string>* files = nullptr);

  // ---- proposals ----
  // While `branch` ("refs/heads/proposals/NAME") is in use, taxonomy() is
  // that branch's and CommitTaxonomy commits onto it (a lead's change, as on
  // main), leaving main, its work tree and the index alone.
  Status UseBranch(const std::string& branch);
  const std::string& branch() const { return branch_; }
  // Brings the index to HEAD (see CommitFiles for the arguments).
  Status CatchUpIndex(const std::map<std::string, std::string>* written = nullptr,
                      const core::Index::Known* known = nullptr);

  // ---- what peers send (incoming.cpp) ----
  // The check a fetch or a bundle runs before anything moves
  // (sync::CheckIncoming). It keeps the segments it decoded, so that the next
  // CatchUpIndex takes them instead of decoding them again; LandIncoming and
  // a verify drop them when done (DropIncoming).
  sync::IncomingCheck IncomingCheck() { return sync::CheckIncomingKeeping(&incoming_decoded_); }
  void DropIncoming() { incoming_decoded_.Clear(); }

  // ---- the label pipeline (label_pipeline.cpp) ----
  // Checks `requests` and records their events: durable in the journal when
  // this returns ok (committed by Flush), or, with LabelCommit::kNow,
  // committed as one batch. A problem after the labels became durable is a
  // notice, never an error.
  Result<std::vector<core::LabelEvent>> Record(const std::vector<LabelRequest>& requests,
                                               LabelCommit when);
  // What a batch commit carries besides its labels (label import): more
  // files (taxa.json) and the commit's own message.
  struct BatchExtras {
    std::vector<sync::FileWrite> files;
    sync::CommitMeta meta;
  };
  // Indexes and commits `events` (sealed, ids set; `records` their encoded
  // lines) as one commit with `extras`, all or nothing: no journal, the
  // commit is what makes them durable, and a commit that fails leaves
  // nothing (an error, the index rolled back). No checks: the caller built
  // and checked the events.
  Status CommitEvents(const std::vector<core::LabelEvent>& events,
                      const std::vector<std::string>& records, const BatchExtras& extras);
  // Checks `requests` and makes their events (clock, id) and encoded lines.
  Status BuildEvents(const std::vector<LabelRequest>& requests,
                     std::vector<core::LabelEvent>& events, std::vector<std::string>& records);
  // Seals journaled labels into segments and commits them. Ok and no commit
  // when nothing is pending. The labels of an annotator's device whose open
  // segment cannot be read (a damaged or missing object) stay in the journal
  // while everyone else's are committed: kCorrupt naming the object, its
  // path and the labels kept when labels offered for the first time are
  // held; a notice when only labels held before still are.
  Status Flush();
  // Flush at start-up: commits what a crash left in the journal; labels it
  // must hold back are a notice here, not a failure.
  Status Recover();
  core::Journal& journal() { return journal_; }
  // Replaces the repository handle (after a repair moved packs aside).
  void set_repo(sync::Repository repo) { repo_ = std::move(repo); }

  // The segment files that store `events` (`lines` holds each one's encoded
  // line, or is empty), and the commit that would write them.
  struct SealedLabels {
    std::vector<sync::FileWrite> files;
    std::map<std::string, std::string> written;
    core::Index::Known known;
    sync::CommitMeta meta;
  };
  // What Labeling::Undo gives back: an item's label before the user's last
  // label of it in this sitting.
  struct UndoEntry {
    std::string item;
    std::optional<core::CurrentLabel> before;  // nullopt: the item had none
  };
  std::vector<UndoEntry>& undo() { return undo_[user_]; }  // the acting user's

  // `root` is the top folder: "labels" or "gold".
  Result<SealedLabels> SealLabels(const std::vector<core::LabelEvent>& events,
                                  const std::vector<std::string>& lines,
                                  std::string_view root = "labels");

 private:
  ProjectState() = default;
  // Reads taxa.json and the taxonomy at HEAD (the pinned snapshot for a reader).
  Status LoadProjectFiles();
  // Has the index read every label through the current taxonomy
  // (core::LabelForward); called whenever the taxonomy changes.
  void ForwardLabels();
  // For a read-only project: brings the index to HEAD, opens its snapshot and
  // pins the repository's HEAD to the commit the snapshot holds.
  Status OpenSnapshot();
  // The index's refill (core::Index::SetRefill): after damage, rebuilds it
  // from the repository at this project's commit with its journaled labels,
  // and says so in one line.
  Status RefillIndex(const Status& damage);
  // When a batch committed at once becomes durable: once journaled (a label
  // acknowledged; a commit that fails after leaves it for the next Flush,
  // said in a notice), or only by its commit (all or nothing, an import).
  enum class Durable { kOnJournal, kOnCommit };
  Status RecordAndCommit(const std::vector<core::LabelEvent>& events,
                         const std::vector<std::string>& records,
                         const BatchExtras* extras = nullptr,
                         Durable durable = Durable::kOnJournal);
  // After durable `events`: each annotator's skip of an item they labeled is
  // taken back (skips.h). A failure costs only a detour: it is said, not
  // returned.
  void ForgetSkipsOf(const std::vector<core::LabelEvent>& events) const;
  // Commits journaled `events` (`lines` their records, or empty) writer by
  // writer (held_labels.cpp): the events of a writer whose open segment
  // cannot be read (kCorrupt: a damaged or missing object) are held, the
  // others committed. Held events stay in the journal (rewritten to hold
  // just them) and in unflushed_, so the next Flush offers them again. Fails
  // (kCorrupt, naming the object, its path and the labels kept) when events
  // not held before are held; held again, they are a notice. On any other
  // failure nothing is committed and every event stays pending.
  Status CommitJournaled(std::vector<core::LabelEvent> events, std::vector<std::string> lines);

  std::string dir_;
  std::string state_dir_;
  std::string user_;
  std::string email_;
  std::string owner_;
  std::string owner_email_;
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
  std::vector<core::LabelEvent> unflushed_;   // journaled by this process, in order
  std::vector<std::string> unflushed_lines_;  // their encoded lines, at the same positions
  uint64_t revision_ = 0;
  core::ProgressFn progress_;
  core::DecodedSegments incoming_decoded_;  // IncomingCheck's, until DropIncoming
  NoticeFn notice_;
  std::map<std::string, std::vector<UndoEntry>> undo_;  // by user
  std::set<std::string> held_reported_;  // ids of held labels already reported
  std::string last_held_notice_;
  // SignCommit's key, read once per path (its destructor wipes the seed).
  mutable std::shared_ptr<const sync::SshPrivateKey> signing_key_;
  mutable std::string signing_key_path_;
  bool recovering_ = false;  // Recover is running
  std::string branch_;       // UseBranch: the proposal branch taxonomy edits go to
  bool snapshot_ = false;        // read-only: HEAD and the index read once
  std::string snapshot_commit_;  // the commit its snapshot holds, once open
};

}  // namespace taxa::app
