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

#include <chrono>
#include <cstdint>
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
#include "taxa/core/release.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/sync/bundle.h"
#include "taxa/sync/repository.h"
#include "taxa/sync/transport.h"
#include "session/quality.h"

namespace taxa::app {

enum class OpenMode {
  kWrite,     // take the writer lock; fail with kLocked when another has it
  // Never take the writer lock, never write the repository (the index cache
  // may be brought forward). Reads one snapshot for the session's life: the
  // commit the index holds once brought to HEAD at open, with the index read
  // in one SQLite read transaction (WAL: writers go on beside it). For one
  // command; a long-lived reader reopens to see newer commits.
  kReadOnly,
  kPreferWrite,  // write when the lock is free, else read-only (no snapshot)
};

// One line for the person at the keyboard about something the session did
// on its own: repaired, rebuilt or set aside (the index rebuilt after damage,
// the work tree brought back in step, damaged journal lines quarantined).
// Called on the thread doing the work.
using NoticeFn = std::function<void(const std::string& line)>;

struct SessionOptions {
  std::string user;  // annotator and commit author; empty: TAXA_USER, git config, $USER
  OpenMode mode = OpenMode::kWrite;
  // How long to wait for another writer to let go of the writer lock before
  // failing with kLocked (kWrite, kPreferWrite); zero fails at once.
  std::chrono::milliseconds lock_wait{0};
  core::ProgressFn progress;  // for long work (index rebuild, import)
  NoticeFn notice;            // null: notices are dropped
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
  int attempts = 1;         // rounds of fetch-merge-push (more when the remote moved meanwhile)
};

// What `taxa taxonomy release` asks for.
struct ReleaseRequest {
  std::string version;  // semver, e.g. 1.2.0
  std::string changelog;
  std::vector<std::string> approvals;  // who approved the release
};

// ---- air-gapped bundles (bundle_ops.cpp) ----

// What `taxa bundle create` asks for.
struct BundleRequest {
  std::string path;   // the bundle to write; its manifest goes to path + ".sha256"
  std::string since;  // what the peer has (sync::PeerHas): a peer or remote name, or a
                      // commit id; empty: the whole history
  std::string to;     // the peer to record it as sent to; empty: `since` when a name
};

struct BundleCreateReport {
  sync::BundleInfo bundle;
  std::string manifest;  // the manifest's path
  std::string recorded;  // the ref that now records what was sent; empty when none
};

struct BundleApplyReport {
  sync::BundleInfo bundle;
  SyncReport merge;  // as a sync's, `fetched` being the bundle's tip; never pushed
};

// How to close a merge conflict: take one side's value, or a literal JSON value.
struct Resolution {
  enum class Take { kOurs, kTheirs, kBase, kValue };
  Take take = Take::kOurs;
  std::string value;  // JSON text, for kValue only
};

// ---- sync status (sync_status_ops.cpp) ----

// The outcome of the last sync with a remote, kept per clone (outside the
// committed tree) so every window and command can show it.
struct LastSync {
  int64_t time = 0;     // seconds since the epoch, when the sync ended
  bool ok = false;
  std::string summary;  // DescribeSync's line, or the one-line error
};

// A remote as the Sync window shows it: where it is, how our main compares
// with what we last fetched from it (no network), and how the last sync went.
struct RemoteStatus {
  std::string name;
  std::string url;
  std::string tracking;  // refs/remotes/<name>/main; empty when never fetched
  size_t ahead = 0;      // commits on our main that `tracking` lacks
  size_t behind = 0;     // commits on `tracking` that our main lacks
  std::optional<LastSync> last_sync;  // nullopt: never synced from this clone
};

// One line saying what a sync with `remote` did, e.g. "merged with origin,
// 1 conflict recorded; pushed 3f2a9c01d2".
std::string DescribeSync(const std::string& remote, const SyncReport& report);

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
  // The outcome (success or error) is recorded for SyncStatus (RecordSync);
  // a failure to record is returned only when the sync itself succeeded.
  Result<SyncReport> Sync(const std::string& remote);

  // ---- transport settings for https and ssh (config_ops.cpp) ----
  // The keys are sync::TransportSettingKeys() (taxa.caFile, taxa.sshKey,
  // taxa.knownHosts, taxa.sshHostKey); an unknown key is kInvalidInput.
  // The value in effect for this project: its own (.git/config, per clone,
  // never committed), else the user's file. nullopt when set in neither.
  Result<std::optional<sync::SettingValue>> GetSetting(const std::string& key);
  // Sets `key` in this project's own configuration. Needs no writer lock: it
  // is no commit, and git's config lock keeps two writers apart.
  Status SetSetting(const std::string& key, const std::string& value);
  // The user's file alone (sync::UserConfigPath()), with no project open.
  static Result<std::optional<sync::SettingValue>> GetUserSetting(const std::string& key);
  static Status SetUserSetting(const std::string& key, const std::string& value);

  // ---- merge conflicts (conflict_ops.cpp) ----
  // The open conflict records at HEAD (conflicts/*.json), sorted by path,
  // then field, then id, each with `ours` this replica's side (the side whose
  // commit our main once held; the file's fixed order when that is unknown).
  // An unreadable record fails naming its file.
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

  // ---- taxonomy releases (release_ops.cpp) ----
  // Releases the taxonomy at HEAD as `request.version`: one commit adding
  // taxonomy/releases/<version>.json (core::ReleaseManifest) with the changes
  // and the migration map since the previous release. Refused with
  // kFailedPrecondition while merge conflicts are open or the taxonomy has
  // problems (Taxonomy::Validate), kAlreadyExists for a released version,
  // kInvalidInput for a version that is not semver or does not follow the
  // latest release. Returns the manifest written.
  Result<core::ReleaseManifest> Release(const ReleaseRequest& request);
  // Every release at HEAD, oldest version first. An unreadable manifest fails
  // naming its file.
  Result<std::vector<core::ReleaseManifest>> Releases();

  // ---- sync status (sync_status_ops.cpp) ----
  // Every remote, sorted by name, with ahead/behind counts of our main
  // against refs/remotes/<name>/main (read locally: no network) and the last
  // recorded sync. kCorrupt naming the file when the record is unreadable.
  Result<std::vector<RemoteStatus>> SyncStatus();
  // Records `outcome` as the last sync with `remote`, at the current time,
  // in <git dir>/taxa/last-sync.json (written atomically). Does nothing in
  // a read-only session (another process may be the writer).
  Status RecordSync(const std::string& remote, const Result<SyncReport>& outcome);

  // ---- quality: agreement, calibration, gold, consensus ----
  // (quality_ops.cpp, calibration_ops.cpp, gold_ops.cpp; types in quality.h)
  // Agreement of the current labels: one "overall" row, or one row per
  // category, depth, annotator pair or slice. Options errors as
  // CheckAgreeOptions, plus kInvalidInput for an unknown --per, for --per
  // with --by, and for --by vendor when taxa.json lists no vendors. A row
  // whose coefficient is undefined carries its error; the whole call fails
  // (kFailedPrecondition) only when the project has no labels, or with the
  // overall row's error when there is no breakdown.
  Result<std::vector<AgreeRow>> AgreeInProject(const ProjectAgreeOptions& options);
  // Draws a seeded sample of items and commits calibration/<name>.json
  // (Taxa-Action: calibrate.start). kAlreadyExists for a name in use;
  // kInvalidInput for a bad name, plan, size, or fewer than two annotators.
  Result<CalibrationRound> StartCalibration(const CalibrationStart& request);
  // The rounds at HEAD, by name. A malformed file fails naming it.
  Result<std::vector<CalibrationRound>> CalibrationRounds();
  // Agreement, confusion and standings of the round's annotators on its
  // items (kNotFound for an unknown round).
  Result<CalibrationReport> ReportCalibration(const std::string& name);
  // Each annotator's current labels against the majority of the items with
  // two or more labels and no tie (as a calibration report counts them, over
  // every item). kFailedPrecondition when the project has no labels.
  Result<StandingsReport> Standings();
  // Alpha overall and per category in two rounds, side by side.
  Result<std::vector<RoundChange>> CompareCalibration(const std::string& first,
                                                      const std::string& second);
  // Records the session user's adjudication of `item` as one commit under
  // gold/<user>/<device>/ (Taxa-Action: gold.set). Checks as Label.
  Status SetGold(const std::string& item, const std::vector<std::string>& categories,
                 const std::string& note);
  // Reads gold labels from CSV (item,category; several rows give several
  // categories) or JSON Lines ({"item","categories"}); all or nothing, one
  // commit (gold.import). Errors are "FILE:LINE: ...".
  Result<ImportGoldReport> ImportGold(const std::string& path);
  Result<std::vector<core::GoldLabel>> GoldLabels() { return index_->GoldLabels(); }
  // Accuracy of each annotator against gold and the confusion matrix (of
  // `annotator`, or of everyone pooled when empty). kFailedPrecondition when
  // no labeled item has gold; kNotFound for an annotator with no labels.
  Result<GoldReport> ReportGold(const std::string& annotator);
  // Annotator `a` (as truth, the rows) against `b` over the items both labeled.
  Result<core::ConfusionReport> Confusion(const std::string& a, const std::string& b);
  // "majority" or "dawid-skene" over the current labels.
  Result<ConsensusReport> Consensus(const std::string& method);

  // ---- air-gapped bundles (bundle_ops.cpp) ----
  // Commits pending labels, then writes a bundle of what the peer lacks
  // (everything when `since` is empty) and its manifest (sync::CreateBundle),
  // and records the tip under the peer's name (`to`, or `since` when it is a
  // name) so the next bundle `since` that peer is incremental. Errors as
  // sync::PeerHas and sync::CreateBundle; kFailedPrecondition when recording
  // is asked of a read-only session.
  Result<BundleCreateReport> CreateBundle(const BundleRequest& request);
  // sync::VerifyBundle against this project (prerequisites checked).
  Result<sync::BundleInfo> VerifyBundle(const std::string& path);
  // sync::VerifyBundle with no project: manifest, header and pack checksum.
  static Result<sync::BundleInfo> VerifyBundleFile(const std::string& path);
  // Verifies and imports the bundle (sync::ImportBundle), then merges its
  // tip exactly as Sync merges a fetched main (no push). A damaged, cut
  // short or out-of-order bundle is refused in one line naming the file, and
  // the project is left as it was.
  Result<BundleApplyReport> ApplyBundle(const std::string& path);

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
  // Reads taxa.json and the taxonomy at HEAD (the pinned snapshot for a reader).
  Status LoadProjectFiles();
  // For a kReadOnly session: brings the index to HEAD, opens its snapshot and
  // pins the repository's HEAD to the commit the snapshot holds.
  Status OpenSnapshot();
  // The index's Refill (core::Index::SetRefill): after damage, rebuilds it
  // from the repository at this session's commit with this session's
  // journaled labels, and says so in one line.
  Status RefillIndex(const Status& damage);
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
  // `root` is the top folder: "labels" or "gold".
  Result<SealedLabels> SealLabels(const std::vector<core::LabelEvent>& events,
                                  const std::vector<std::string>& lines,
                                  std::string_view root = "labels");
  // Seals gold events (built by BuildEvents) under gold/ and commits them.
  Status CommitGold(const std::vector<core::LabelEvent>& events,
                    const std::vector<std::string>& lines, sync::CommitMeta meta);
  Status CommitEvents(std::vector<core::LabelEvent> events, std::vector<std::string> lines);
  // Sync without recording its outcome (sync_ops.cpp).
  Result<SyncReport> SyncUnrecorded(const std::string& remote);
  // The part of Sync that ApplyBundle shares (sync_ops.cpp): `fetch` brings
  // the other side's main into the object database and returns its id
  // (empty: it has none); then pending labels are committed (when `flush`),
  // the two mains merge (sync::MergeCommits, conflicts recorded), our branch
  // and work tree advance and the session reloads. Fills `report` except
  // `pushed`. When `fetch` fails nothing here has changed.
  //
  // `publish`, when given, is called with the new main when that differs
  // from the other side's (so the other side lacks it) and our main moved: it
  // runs on another thread while the session reloads (the index catch-up is
  // the long part of a big merge and a push does not need it), with a
  // progress function safe to call beside the reload, and its outcome lands
  // in `*published`. It must not touch this session.
  using Publish =
      std::function<Status(const std::string& commit, const core::ProgressFn& progress)>;
  Status FetchAndMerge(const std::function<Result<std::string>()>& fetch, bool flush,
                       SyncReport& report, const Publish& publish = nullptr,
                       std::optional<Status>* published = nullptr);

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
  NoticeFn notice_;
  bool snapshot_ = false;  // a kReadOnly session: HEAD and the index read once
  std::string snapshot_commit_;  // the commit its snapshot holds, once open
  // Tells the user something the session did on its own (see NoticeFn).
  void Notice(const std::string& line) const {
    if (notice_) notice_(line);
  }
};

}  // namespace taxa::app
