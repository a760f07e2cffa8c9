// The index: a SQLite cache of the repository for fast queries.
//
// It holds every item and label event of the repository at one commit, plus
// label events still in the journal, the current label of each
// (item, annotator), and the gold label of each adjudicated item (gold/).
// It is never committed: deleting it loses nothing, since
// Rebuild from the repository recreates it, and CatchUp() brings it forward
// incrementally from the files that changed between two commits. Applying the
// changes of a series of commits gives the same rows as one full rebuild.
//
//   TAXA_ASSIGN_OR_RETURN(Index index, Index::Open(git_dir + "/taxa/index.sqlite"));
//   index.SetRefill([&](Index& ix, const Status& damage) { ... ix.CatchUp(head, ...) ... });
//   TAXA_RETURN_IF_ERROR(index.CatchUp(head, changes_since, loader));
//   TAXA_ASSIGN_OR_RETURN(int64_t n, index.ItemCount());
//
// Damage is never answered from. Every page of the file carries a checksum,
// checked on every read (storage/checksum_vfs.h); the file is checked with
// PRAGMA quick_check when the last process that had it open stopped without
// closing it, or the machine restarted since (commits are not synced); every
// SQLite result code is checked. A query that meets damage
// fails with kCorrupt, or, once the owner gave SetRefill, empties the index,
// has the owner fill it again from the repository, and answers from that.
//
// One Index per thread. Several processes may share the file: SQLite (WAL)
// serialises their writes, and readers see each write whole.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "taxa/core/defect_report.h"
#include "taxa/core/item.h"
#include "taxa/core/label_forward.h"
#include "taxa/core/label_event.h"
#include "taxa/core/review_event.h"
#include "taxa/core/status.h"
#include "taxa/core/text.h"

namespace taxa::core {

class DecodedSegments;

namespace storage {
class Database;
class Statement;
}

struct FileChange {
  enum class Kind { kAdded, kModified, kDeleted };
  std::string path;
  Kind kind = Kind::kAdded;
};

// Loads the bytes of a repository file at the commit being indexed.
using FileLoader = std::function<Result<std::string>(const std::string& path)>;

// Progress of long work: done and total in the caller's units.
using ProgressFn = std::function<void(size_t done, size_t total)>;

struct ItemRow {
  int64_t ord = 0;  // position in the project's item order, from 0
  Item item;
};

struct CurrentLabel {
  std::string annotator;
  std::string event_id;
  uint64_t hlc = 0;
  std::vector<std::string> categories;
  std::string note;
  std::map<std::string, std::string> attributes;  // attribute id -> value
  // Under the index's LabelForward: true when the label cannot be carried to
  // the current taxonomy (a split or retired category); `categories` then
  // holds the ids as recorded, otherwise the current ones.
  bool outdated = false;
};

// The gold (adjudicated) label of an item: its latest gold event by clock,
// ties broken by event id. `lead` is who adjudicated.
struct GoldLabel {
  std::string item;
  std::string lead;
  std::string event_id;
  uint64_t hlc = 0;
  std::vector<std::string> categories;  // sorted; never empty
  std::string note;
  std::map<std::string, std::string> attributes;
  bool outdated = false;  // as CurrentLabel::outdated
};

// Which items a search keeps (Index::FindItems). Every field left empty (or
// kAny) keeps every item; set fields must all hold.
struct ItemFilter {
  // Substring of the item's text, or of its id, ASCII letters matched
  // without regard to case. "" keeps every item.
  std::string text;
  std::string id;  // substring of the id, likewise; "" keeps every item
  // The item's metadata value for `meta_key` (numbers and booleans as their
  // JSON text) equals `meta_value`. kInvalidInput when the key holds '"' or '\'.
  std::string meta_key;
  std::string meta_value;
  enum class State {
    kAny,
    kUnlabeledBy,   // `annotator` has no current label on it
    kLabeledBy,     // `annotator` has a current label on it
    kListed,        // its id is in `listed`
    kDisagreement,  // two annotators' current labels differ; with `annotator`
                    // set, only items that annotator labeled too
    kGold,          // it has a gold label
    // A current label holds one of `categories` (any order); with
    // `annotator` set, only that annotator's label counts.
    kUsesCategory,
  };
  State state = State::kAny;
  std::string annotator;
  std::vector<std::string> listed;
  std::vector<std::string> categories;  // for kUsesCategory
};

// One current label as ScanCurrentLabels hands it over. The views and the
// vector live only during the call.
struct CurrentLabelView {
  std::string_view item;
  std::string_view annotator;
  const std::vector<std::string>& categories;  // sorted, non-empty
  std::string_view slice;  // the item's value of the scan's metadata key, "" when absent
  bool outdated = false;   // as CurrentLabel::outdated
  int64_t ord = 0;         // the item's position in the project (ItemRow::ord)
};

// One current label as ScanLabelsByItemId hands it over: the categories as
// the index stores them (a JSON array of sorted ids; ParseStoredCategories
// reads it), so a caller can map each distinct set once. The views live only
// during the call.
struct StoredLabelView {
  std::string_view item;
  std::string_view annotator;
  std::string_view categories;
  bool outdated = false;  // as CurrentLabel::outdated
};

// Reads a StoredLabelView's categories into `out`, reusing its strings.
void ParseStoredCategories(std::string_view json, std::vector<std::string>& out);

// One current label with the clock of the event that made its current
// version, as ScanLabelTimes hands it over (categories as StoredLabelView
// has them). The views live only during the call.
struct TimedLabelView {
  std::string_view item;
  std::string_view annotator;
  std::string_view categories;
  uint64_t hlc = 0;
  bool outdated = false;  // as CurrentLabel::outdated
};

// What a review scan (Index::ScanReviews) knows of the label event a review
// judged: found when that event is in a committed label segment (labels/),
// with its categories as recorded (a JSON array as the index stores them;
// ParseStoredCategories reads it) and the taxonomy it records. The views live
// only during the call.
struct JudgedLabelView {
  bool found = false;
  std::string_view categories;
  std::string_view taxonomy;
};

// The reviews of the index as Index::ReadReviewFacts hands them: facts for
// the defect report, without the vendor and release (the index knows
// neither: each review's are left at name 0, ""), and for each review the
// taxonomy its judged label event records.
struct IndexedReviews {
  // In (label, id) order, lot decisions first; `categories` of a review
  // whose judged label event is not committed are list 0 (empty).
  DefectFacts facts;
  std::vector<std::string> taxonomies;  // recorded taxonomies by number
  // Per review: a number into `taxonomies`, or -1 when its judged label
  // event is not committed (and for a lot decision).
  std::vector<int32_t> judged_taxonomy;
};

// One indexed item as ScanItemSlices hands it over. The views live only
// during the call.
struct ItemSliceView {
  std::string_view item;
  int64_t ord = 0;          // the item's position in the project (ItemRow::ord)
  std::string_view slice;   // its value of the scan's metadata key, as CurrentLabelView::slice
  std::string_view meta;    // its metadata as stored (Item::meta_json)
  std::string_view shard;   // the shard that holds it (items/<batch>/<n>.jsonl.zst)
};

struct IndexCounts {
  int64_t items = 0;
  int64_t labeled_items = 0;   // items with at least one non-empty current label
  int64_t events = 0;          // committed label events (pending ones are the session's)
  std::vector<std::pair<std::string, int64_t>> by_annotator;  // labeled items each
  std::vector<std::pair<std::string, int64_t>> by_category;   // current labels each
  // Labels that cannot be carried to the current taxonomy (LabelForward),
  // left out of by_category.
  int64_t outdated_labels = 0;
};

// What changed between commit `from` (empty: the empty tree, so every file
// is added) and the commit being indexed. An error when `from` is unknown.
using ChangesSince = std::function<Result<std::vector<FileChange>>(const std::string& from)>;

class Index {
 public:
  Index();
  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;
  ~Index();  // a clean close: the next process to open the file skips the check

  // Opens or creates the database. One of another schema version or format,
  // one SQLite cannot read, and one that fails PRAGMA quick_check after an
  // unclean stop (a process that had it open died, or the machine restarted
  // since it was closed) is replaced by an empty
  // one (it is a cache); replaced_because() then says why, when it was damage.
  static Result<Index> Open(const std::string& path);

  // Why Open replaced the file by an empty index: the damage it found (a
  // failed check or read); empty when it was whole, new, or of another version.
  const std::string& replaced_because() const { return replaced_because_; }

  // The commit whose files the index holds; empty when it holds none.
  const std::string& indexed_commit() const { return indexed_commit_; }
  // Changes whenever the rows were emptied (Clear, Reset, a rebuild by
  // CatchUp here or in another process, seen by the next CatchUp): pending
  // events added before then are gone and must be added again.
  const std::string& generation() const { return generation_; }

  // Empties the index (before a full rebuild).
  Status Clear();

  // How every label handed out below (current and gold, by every scan and
  // Counts) reads its categories: through `forward`, so a label made under
  // an earlier taxonomy reads in the current one, or as outdated. Null (the
  // default) hands labels out exactly as recorded. The stored rows never
  // change.
  void SetLabelForward(std::shared_ptr<const LabelForward> forward);
  const std::shared_ptr<const LabelForward>& label_forward() const { return forward_; }

  // Applies the changes between the indexed commit and `commit`, reading each
  // changed shard through `load`, in one transaction: on error nothing of it
  // is applied. Paths that are not item shards or label or gold segments are ignored.
  // A corrupt shard fails with kCorrupt naming its path.
  //
  // `known` lets a writer skip decoding what it has just written: item shards
  // whose parsed items it still holds, and label segments whose events are
  // all in the index already (added with AddPendingEvents, or indexed from an
  // earlier commit). A label segment deleted from the repository (which the
  // append-only design never does) empties the index and fails with
  // kFailedPrecondition: the caller rebuilds (CatchUp does so itself).
  struct Known {
    std::map<std::string, std::vector<const Item*>> item_shards;  // path -> items in line order
    std::map<std::string, int64_t> indexed_segments;  // path -> events it holds
    // Segments already decoded (a peer's, by the incoming check): taken
    // instead of decoding when the bytes match, whatever the index holds.
    const DecodedSegments* decoded = nullptr;
  };
  Status Apply(const std::vector<FileChange>& changes, const FileLoader& load,
               const std::string& commit, const ProgressFn& progress = nullptr,
               const Known* known = nullptr);

  // Brings the index to `commit`, in one write transaction that first reads
  // the commit the index holds (another process may have moved it since this
  // object last looked) and applies `changes` since that one. When those
  // cannot be had (a commit no longer in the repository, an index of nothing)
  // or a label segment was deleted, it empties the index and applies every
  // file of `commit` in the same transaction: nobody sees it half built. Ok,
  // with nothing written, when the index holds `commit` already. `known` (as
  // Apply) is used only while the index holds what this object last saw.
  // Waits for another writer of the file up to the busy timeout (kLocked).
  Status CatchUp(const std::string& commit, const ChangesSince& changes, const FileLoader& load,
                 const ProgressFn& progress = nullptr, const Known* known = nullptr);

  // Adds label events that are not yet committed (from the journal). When the
  // commit that holds them is applied later, they are recognised by id.
  // `before_commit`, when given, runs after the rows are written and before
  // they are committed, exactly once; its error rolls them back (the writer
  // uses it to wait for the journal, which it writes meanwhile on another thread).
  Status AddPendingEvents(const std::vector<LabelEvent>& events,
                          const std::function<Status()>& before_commit = nullptr);

  // ---- damage ----
  // What the owner does when a query met damage and the index was emptied
  // (Reset): fill it again (CatchUp to the owner's commit, AddPendingEvents
  // of its journaled labels) and tell the user. `damage` is the error met.
  // An error from it is the query's error.
  using Refill = std::function<Status(Index& index, const Status& damage)>;
  // From now on a query that meets damage (kCorrupt from the database, not
  // from a shard) ends any snapshot, empties the index, calls `refill` and
  // runs again on the refilled index, once. A scan that had handed rows to
  // its caller already cannot be run again: it fails with kCorrupt saying
  // the index was rebuilt (kRebuiltDuringScan), for the caller to start over.
  void SetRefill(Refill refill) { refill_ = std::move(refill); }
  // Replaces the database by an empty one: in place through SQLite while the
  // file is readable (other processes see the change as one write), else
  // by a new file.
  Status Reset();
  // Reads every page of the database file and checks its checksum: kCorrupt
  // naming the first damaged page. (Queries check the pages they read; this
  // is for output that cannot be taken back, such as an export.)
  Status CheckPages();

  // ---- snapshots ----
  // Starts a read transaction that every query runs in until EndSnapshot():
  // one consistent view of the index, whatever other processes write
  // meanwhile. Returns the commit the index holds in it.
  // REQUIRES: no snapshot is open.
  Result<std::string> BeginSnapshot();
  void EndSnapshot();
  bool in_snapshot() const { return in_snapshot_; }

  // ---- queries (each fails with kCorrupt on damage, never answers from it) ----
  Result<int64_t> ItemCount();
  // The greatest label clock value indexed; 0 when there are no events.
  Result<uint64_t> MaxHlc();
  // Items at positions [from, from + count).
  Result<std::vector<ItemRow>> ItemsAt(int64_t from, int64_t count);
  Result<std::optional<ItemRow>> FindItem(const std::string& id);
  // The ids of `sorted_ids` (sorted, unique) that are not items, sorted.
  Result<std::vector<std::string>> MissingItems(const std::vector<std::string_view>& sorted_ids);
  // The stored version of each id in `ids` that exists (for import dedup).
  Result<std::map<std::string, Item>> ExistingItems(const std::vector<std::string>& ids);

  // Current labels of one item, one per annotator, by annotator name.
  Result<std::vector<CurrentLabel>> CurrentLabels(const std::string& item_id);
  // The first position after `after` (exclusive; -1 for the start) of an item
  // that `annotator` has not labeled; nullopt when there is none.
  Result<std::optional<int64_t>> NextUnlabeled(const std::string& annotator, int64_t after);
  // Items with a non-empty current label of `annotator`.
  Result<int64_t> LabeledCount(const std::string& annotator);
  // Items whose non-empty current label of `annotator` was made at or after
  // clock value `hlc` (HybridClock: wall-clock ms << 16).
  Result<int64_t> LabeledSince(const std::string& annotator, uint64_t hlc);
  // The ids among `ids` that `annotator` has a non-empty current label on,
  // sorted: one query, whatever the number of ids.
  Result<std::vector<std::string>> LabeledAmong(const std::string& annotator,
                                                const std::vector<std::string>& ids);
  // The first position after `after` (-1: from the start) of an item that
  // `annotator` has not labeled and whose id is not in `excluded`; nullopt
  // when there is none.
  Result<std::optional<int64_t>> NextUnlabeledExcept(const std::string& annotator, int64_t after,
                                                     const std::vector<std::string>& excluded);
  // Positions of the items `filter` keeps, after position `after` (-1: from
  // the start), in project order, at most `limit`. One SQL query with every
  // value bound; a text search reads every item's text (a LIKE scan).
  Result<std::vector<int64_t>> FindItems(const ItemFilter& filter, int64_t after, int64_t limit);
  Result<IndexCounts> Counts();

  // Calls `fn` for every non-empty current label of an indexed item, in item
  // order, then by annotator: one pass over the table, reusing its buffers
  // (no allocation per row once they have grown). `meta_key`, when not
  // empty, fills each view's `slice` with that metadata value of the item
  // (numbers as their text). An error from `fn` stops the scan and is returned.
  Status ScanCurrentLabels(const std::function<Status(const CurrentLabelView&)>& fn,
                           const std::string& meta_key = "");
  // Every non-empty current label of an indexed item, in item id order, then
  // by annotator: two sequential scans (the labels by their key, the item ids
  // by theirs) merged, with no lookup per label: the fast way to read them
  // all, where ScanCurrentLabels pays a lookup per item for project order. An
  // error from `fn` stops the scan.
  Status ScanLabelsByItemId(const std::function<Status(const StoredLabelView&)>& fn);
  // The same labels, in the same order, handed over in batches of up to
  // `batch_size` while the scan goes on beside the caller on another thread
  // (label_batches.cpp): reading the database and using what was read share
  // the time. `fn` runs on the calling thread; its views last until it
  // returns. An error from `fn` stops the scan and is returned. The index must
  // not be used otherwise until this returns. With `as_recorded`, the views
  // hold the categories exactly as recorded (none outdated), for a caller
  // that maps each distinct set itself through label_forward() rather than
  // have every label looked up here.
  Status ScanLabelsInBatches(const std::function<Status(const std::vector<StoredLabelView>&)>& fn,
                             size_t batch_size = 65536, bool as_recorded = false);
  // Every non-empty current label of an indexed item with its event's clock,
  // in item id order, then by annotator (index_times.cpp): one pass, as
  // ScanLabelsByItemId. An error from `fn` stops the scan and is returned.
  Status ScanLabelTimes(const std::function<Status(const TimedLabelView&)>& fn);
  // Every indexed item, in item id order (as ScanLabelsByItemId orders its
  // labels, so the two merge without a lookup), with its position, its
  // shard, its metadata and, when `meta_key` is not empty, its value of that key as
  // ScanCurrentLabels reads it (index_slices.cpp): one metadata read per
  // item, where ScanCurrentLabels reads it once per label. kInvalidInput when
  // the key holds '"' or '\\'. An error from `fn` stops the scan and is returned.
  Status ScanItemSlices(const std::string& meta_key,
                        const std::function<Status(const ItemSliceView&)>& fn);
  // Every review event of the indexed commit (reviews/), once each, in
  // (label, id) order (lot decisions, whose label is "", first), with what
  // the index knows of the label event it judged (index_reviews.cpp). `fn`
  // may move from the event. Events of the journal are not reviews: only
  // committed label events count as found. An error from `fn` stops the
  // scan.
  Status ScanReviews(
      const std::function<Status(ReviewEvent& review, const JudgedLabelView& judged)>& fn);
  // The same reviews as numbers (IndexedReviews), read in one pass without
  // a string per review: what the defect report counts.
  Result<IndexedReviews> ReadReviewFacts();
  // The gold label of every item that has one, by item id; items whose latest
  // gold event clears it are left out.
  Result<std::vector<GoldLabel>> GoldLabels();

  // Calls `fn` for every item in order with its current labels (export):
  // read through the LabelForward set when the scan starts, or, with
  // `as_recorded`, exactly as recorded (none outdated).
  // Every page is checked (CheckPages) before the first call, so damage is
  // found (and, with a refill, repaired) before anything is handed out.
  Status ForEachItemWithLabels(
      const std::function<Status(const Item&, const std::vector<CurrentLabel>&)>& fn,
      bool as_recorded = false);

 private:
  // Opens the connection on path_, makes the schema, prepares statements;
  // with `check`, runs PRAGMA quick_check first.
  Status Connect(bool check);
  // Replaces the file by an empty index after `damage`, then connects.
  Status ReplaceFile();
  Status Repair(const Status& damage);
  // Runs `query` again after a repair when it met damage.
  template <typename Query>
  auto Guard(Query&& query) -> decltype(query());
  // The same for a scan: `scan(delivered)` sets `delivered` once it handed a
  // row to its caller, and returns an error of the caller's own through
  // `caller_failed`.
  Status GuardScan(const std::function<Status(bool& delivered, bool& caller_failed)>& scan);

  Status ApplyInTransaction(const std::vector<FileChange>& changes, const FileLoader& load,
                            const std::string& commit, const ProgressFn& progress,
                            const Known* known, std::string& rebuild_because);
  Status CatchUpOnce(const std::string& commit, const ChangesSince& changes,
                     const FileLoader& load, const ProgressFn& progress, const Known* known);
  Status AddPendingOnce(const std::vector<LabelEvent>& events,
                        const std::function<Status()>& before_commit, bool& called);
  Result<int64_t> ItemCountOnce();
  Result<IndexCounts> CountsOnce();
  Status ScanLabelsByItemIdOnce(const std::function<Status(const StoredLabelView&)>& fn,
                                bool as_recorded = false);
  Status ScanLabelsInBatchesOnce(
      const std::function<Status(const std::vector<StoredLabelView>&)>& fn, size_t batch_size,
      bool as_recorded, bool& delivered, bool& caller_failed);
  Result<std::optional<ItemRow>> FindItemOnce(const std::string& id);

  Status ApplyItemShard(const std::string& path, const std::string& bytes);
  Status InsertItem(const Item& item, const std::string& shard, int64_t pos);
  // Inserts the decoded events of a segment of labels/ (into `current`) or
  // gold/ (into `gold`).
  Status InsertSegment(const std::string& path, const std::vector<LabelEvent>& events);
  // Applies the label and gold segments `paths`, decoding each on another
  // thread while the previous one is inserted; `step` after each.
  Status ApplySegmentsPipelined(const std::vector<std::string>& paths, const FileLoader& load,
                                const DecodedSegments* decoded,
                                const std::function<void()>& step);
  // Updates current labels from `events` (any order, repeats harmless),
  // through `upsert` (the statement of the current or the gold table).
  Status InsertEvents(std::vector<const LabelEvent*> events);
  Status InsertEvents(std::vector<const LabelEvent*> events, storage::Statement& upsert);
  Status RecordSegment(const std::string& path, int64_t events);
  // Reviews and the label events they may judge (index_reviews.cpp). Label
  // events are kept (label_events) once the project holds a review: the
  // first review indexed brings in the events of every label segment
  // indexed before it (BackfillLabelEvents).
  Result<bool> HasReviews();
  Status BackfillLabelEvents(const std::set<std::string>& skip, const FileLoader& load);
  // Keeps `events` for label_events; FlushLabelEvents writes what was kept.
  Status InsertLabelEvents(const std::vector<LabelEvent>& events);
  Status FlushLabelEvents();
  Status ApplyReviewSegments(const std::vector<std::string>& paths, const FileLoader& load);
  Result<int64_t> TaxonomyNumber(const std::string& recorded);
  // The number of `text` in review_texts, added when new.
  Result<int64_t> ReviewTextNumber(std::string_view text);
  // Every text of review_texts by number.
  Result<std::vector<std::string>> ReviewTexts();
  Status ScanReviewsOnce(
      const std::function<Status(ReviewEvent& review, const JudgedLabelView& judged)>& fn,
      bool& delivered, bool& caller_failed);
  Result<IndexedReviews> ReadReviewFactsOnce();
  Status RemoveItemShard(const std::string& path);
  Status Renumber();
  // Deletes every row but the meta ones and picks a new generation; the
  // caller writes them (WriteGeneration, the indexed commit) before it commits.
  Status ClearRows();
  Status WriteGeneration();
  // Reads the indexed commit and generation from the meta table.
  Status ReadMeta(std::string& commit, std::string& generation);

  struct Statements;
  struct OpenMarker;
  std::unique_ptr<OpenMarker> marker_;  // first: closed last, after the database
  std::string path_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Statements> st_;
  std::string indexed_commit_;
  std::string generation_;  // changes whenever the file is emptied or replaced
  std::string replaced_because_;
  Refill refill_;
  std::shared_ptr<const LabelForward> forward_;  // null or empty: labels as recorded
  // What the SQL function taxa_forward(categories) maps through while one
  // query runs (FindItems); null: it returns its argument. On the heap, so
  // that the database keeps its address when the Index moves.
  std::unique_ptr<StoredLabelForward*> forward_in_query_ =
      std::make_unique<StoredLabelForward*>(nullptr);
  // The LabelForward to apply, null when labels read as recorded anyway.
  const LabelForward* forwarding() const {
    return forward_ && !forward_->empty() ? forward_.get() : nullptr;
  }
  bool repairing_ = false;
  bool in_snapshot_ = false;
  int64_t next_ord_ = -1;  // during Apply: the next position to hand out, or -1
  // During Apply: label events go into label_events too (the project has
  // reviews), and some indexed reviews wait for the label they judged.
  bool keep_label_events_ = false;
  bool unjudged_reviews_ = false;
  std::map<std::string, int64_t> taxonomy_numbers_;  // during Apply: recorded -> number
  // During Apply: text -> review_texts.n.
  std::unordered_map<std::string, int64_t, TextHash, std::equal_to<>> review_text_numbers_;
  struct KeptLabelEvent {
    std::string id;
    int64_t categories = 0;  // review_texts.n of the categories as stored
    int64_t taxonomy = 0;    // taxonomies.n
  };
  std::vector<KeptLabelEvent> kept_label_events_;  // during Apply
  int64_t item_count_ = -1;  // cached ItemCount(), -1 when unknown
  // NOTE: another process may add items; a reader sees them after reopening.
};

// The message of the kCorrupt a scan returns when it met damage after it had
// handed rows to its caller, and the index was rebuilt: start over.
inline constexpr const char* kRebuiltDuringScan =
    "the index was damaged and has been rebuilt from the repository; start over";

}  // namespace taxa::core
