#include "taxa/core/index.h"

#include <unistd.h>

#include <algorithm>
#include <future>

#include "json_scan.h"
#include "json_write.h"
#include "storage/sqlite_db.h"
#include "taxa/core/parallel.h"
#include "taxa/core/shard.h"

namespace taxa::core {

using storage::Database;
using storage::Statement;

namespace {

constexpr int kSchemaVersion = 4;  // 4: the gold table

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS items(
  id TEXT PRIMARY KEY, shard TEXT NOT NULL, pos INTEGER NOT NULL, ord INTEGER,
  text TEXT NOT NULL, media_path TEXT NOT NULL, media_sha256 TEXT NOT NULL,
  meta TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS items_ord ON items(ord);
CREATE TABLE IF NOT EXISTS segments(path TEXT PRIMARY KEY, events INTEGER NOT NULL)
  WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS current(
  item TEXT NOT NULL, annotator TEXT NOT NULL, event_id TEXT NOT NULL, hlc INTEGER NOT NULL,
  categories TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY(item, annotator)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gold(
  item TEXT NOT NULL, annotator TEXT NOT NULL, event_id TEXT NOT NULL, hlc INTEGER NOT NULL,
  categories TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY(item)) WITHOUT ROWID;
)sql";

bool IsItemShard(const std::string& p) {
  return p.starts_with("items/") && p.ends_with(".jsonl.zst");
}
bool IsLabelSegment(const std::string& p) {
  return p.starts_with("labels/") && p.ends_with(".jsonl.zst");
}
// Gold adjudications: label events of leads under gold/<lead>/<device>/.
bool IsGoldSegment(const std::string& p) {
  return p.starts_with("gold/") && p.ends_with(".jsonl.zst");
}

// Reads a categories column into `out`, reusing its strings' buffers.
void ParseCategoriesInto(std::string_view text, std::vector<std::string>& out) {
  size_t pos = 0, n = 0;
  if (json_scan::Expect(text, pos, '[')) {
    json_scan::SkipSpace(text, pos);
    while (pos < text.size() && text[pos] != ']') {
      if (n == out.size()) out.emplace_back();
      if (!json_scan::ReadString(text, pos, out[n])) break;
      ++n;
      json_scan::SkipSpace(text, pos);
      if (pos < text.size() && text[pos] == ',') ++pos;
    }
  }
  out.resize(n);
}

std::string CategoriesJson(const std::vector<std::string>& cats) {
  std::string out = "[";
  for (size_t i = 0; i < cats.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, cats[i]);
  }
  out += ']';
  return out;
}

// The categories column, written by CategoriesJson.
std::vector<std::string> ParseCategories(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  if (json_scan::ReadStringArray(text, pos, out) != json_scan::ArrayRead::kOk) out.clear();
  return out;
}

// A cursor's current row of `items` as an Item (columns id,text,media_path,media_sha256,meta).
Item ItemFromRow(const Statement& s, int first_col) {
  Item it;
  it.id = s.Text(first_col);
  it.text = s.Text(first_col + 1);
  it.media_path = s.Text(first_col + 2);
  it.media_sha256 = s.Text(first_col + 3);
  it.meta_json = s.Text(first_col + 4);
  return it;
}

// Steps a bound statement to its end, calling `on_row` for each row, then
// resets it for reuse (also on error).
template <typename OnRow>
Status ForEachRow(Statement& s, OnRow&& on_row) {
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok() || !*row) {
      s.Reset();
      return row.ok() ? Status::Ok() : row.status();
    }
    on_row();
  }
}

class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) { status_ = db_.Exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (status_.ok() && !done_) (void)db_.Exec("ROLLBACK");
  }
  const Status& status() const { return status_; }
  Status Commit() {
    done_ = true;
    return db_.Exec("COMMIT");
  }

 private:
  Database& db_;
  Status status_;
  bool done_ = false;
};

}  // namespace

struct Index::Statements {
  Statement insert_item, set_segment, upsert_current, upsert_gold, item_count, items_at, find_item,
      current_of, next_unlabeled, labeled_count, set_meta;
};

Index::Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

Result<Index> Index::Open(const std::string& path) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    Result<Database> db = Database::Open(path);
    if (!db.ok()) return db.status();
    // A cache: durability comes from the repository (a damaged index is
    // rebuilt), so no fsync here; WAL keeps it whole across a killed process. A large
    // page cache and memory-mapped reads keep million-row work off pread().
    Status s = db->Exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536; "
        "PRAGMA mmap_size=2147483648; PRAGMA temp_store=MEMORY;");
    int version = -1;
    if (s.ok()) {
      Result<Statement> v = db->Prepare("PRAGMA user_version");
      if (v.ok() && v->Step().ok()) version = static_cast<int>(v->Int(0));
    }
    bool fresh = version == 0;
    if (s.ok() && version != kSchemaVersion && !fresh) s = Status::Corrupt("other schema");
    if (s.ok()) s = db->Exec(kSchema);
    if (s.ok() && fresh)
      s = db->Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
    if (!s.ok()) {
      // A cache of another version or one damaged: start it afresh.
      *db = Database();
      for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
      continue;
    }
    Index index;
    index.db_ = std::make_unique<Database>(std::move(*db));
    index.st_ = std::make_unique<Statements>();
    Database& d = *index.db_;
    Statements& st = *index.st_;
    auto prep = [&](Statement& out, const char* sql) -> Status {
      Result<Statement> r = d.Prepare(sql);
      if (!r.ok()) return r.status();
      out = std::move(*r);
      return Status::Ok();
    };
    TAXA_RETURN_IF_ERROR(prep(st.insert_item,
        "INSERT INTO items(id, shard, pos, ord, text, media_path, media_sha256, meta) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET "
        "shard=excluded.shard, pos=excluded.pos, ord=excluded.ord, text=excluded.text, "
        "media_path=excluded.media_path, media_sha256=excluded.media_sha256, meta=excluded.meta"));
    TAXA_RETURN_IF_ERROR(prep(st.set_segment,
        "INSERT INTO segments(path, events) VALUES(?1, ?2) "
        "ON CONFLICT(path) DO UPDATE SET events=excluded.events"));
    TAXA_RETURN_IF_ERROR(prep(st.upsert_current,
        "INSERT INTO current(item, annotator, event_id, hlc, categories, note) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(item, annotator) DO UPDATE SET "
        "event_id=excluded.event_id, hlc=excluded.hlc, categories=excluded.categories, "
        "note=excluded.note WHERE excluded.hlc > current.hlc OR "
        "(excluded.hlc = current.hlc AND excluded.event_id > current.event_id)"));
    TAXA_RETURN_IF_ERROR(prep(st.upsert_gold,
        "INSERT INTO gold(item, annotator, event_id, hlc, categories, note) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(item) DO UPDATE SET "
        "annotator=excluded.annotator, event_id=excluded.event_id, hlc=excluded.hlc, "
        "categories=excluded.categories, note=excluded.note WHERE excluded.hlc > gold.hlc OR "
        "(excluded.hlc = gold.hlc AND excluded.event_id > gold.event_id)"));
    TAXA_RETURN_IF_ERROR(prep(st.item_count, "SELECT count(*) FROM items"));
    TAXA_RETURN_IF_ERROR(prep(st.items_at,
        "SELECT ord, id, text, media_path, media_sha256, meta FROM items "
        "WHERE ord >= ?1 AND ord < ?2 ORDER BY ord"));
    TAXA_RETURN_IF_ERROR(prep(st.find_item,
        "SELECT ord, id, text, media_path, media_sha256, meta FROM items WHERE id = ?1"));
    TAXA_RETURN_IF_ERROR(prep(st.current_of,
        "SELECT annotator, event_id, hlc, categories, note FROM current "
        "WHERE item = ?1 ORDER BY annotator"));
    TAXA_RETURN_IF_ERROR(prep(st.next_unlabeled,
        "SELECT ord FROM items WHERE ord > ?1 AND NOT EXISTS (SELECT 1 FROM current c "
        "WHERE c.item = items.id AND c.annotator = ?2 AND c.categories <> '[]') "
        "ORDER BY ord LIMIT 1"));
    TAXA_RETURN_IF_ERROR(prep(st.labeled_count,
        "SELECT count(*) FROM current c JOIN items i ON i.id = c.item "
        "WHERE c.annotator = ?1 AND c.categories <> '[]'"));
    TAXA_RETURN_IF_ERROR(prep(st.set_meta,
        "INSERT INTO meta(key, value) VALUES(?1, ?2) "
        "ON CONFLICT(key) DO UPDATE SET value=excluded.value"));
    TAXA_ASSIGN_OR_RETURN(Statement get,
                          d.Prepare("SELECT value FROM meta WHERE key = 'indexed_commit'"));
    TAXA_ASSIGN_OR_RETURN(bool row, get.Step());
    if (row) index.indexed_commit_ = std::string(get.Text(0));
    return index;
  }
  return Status::Io(path + ": cannot create the index database");
}

Status Index::Clear() {
  TAXA_RETURN_IF_ERROR(
      db_->Exec("DELETE FROM items; DELETE FROM segments; DELETE FROM current; DELETE FROM gold; "
                "DELETE FROM meta;"));
  indexed_commit_.clear();
  item_count_ = -1;
  return Status::Ok();
}

Status Index::InsertItem(const Item& item, const std::string& shard, int64_t pos) {
  Statement& s = st_->insert_item;
  s.BindStatic(1, item.id).BindStatic(2, shard).Bind(3, pos);
  if (next_ord_ >= 0) s.Bind(4, next_ord_++);
  s.BindStatic(5, item.text).BindStatic(6, item.media_path).BindStatic(7, item.media_sha256);
  s.BindStatic(8, item.meta_json);
  return s.Run();
}

Status Index::ApplyItemShard(const std::string& path, const std::string& bytes) {
  TAXA_ASSIGN_OR_RETURN(std::string text, DecompressFrame(bytes, path));
  int64_t pos = 0;
  return ForEachLine(text, [&](std::string_view line, size_t line_no) -> Status {
    TAXA_ASSIGN_OR_RETURN(Item item,
                          DecodeItemLine(line, path + ":" + std::to_string(line_no)));
    return InsertItem(item, path, pos++);
  });
}

Status Index::InsertEvents(std::vector<const LabelEvent*> events) {
  return InsertEvents(std::move(events), st_->upsert_current);
}

Status Index::InsertEvents(std::vector<const LabelEvent*> events, Statement& upsert) {
  // Key order keeps SQLite's B-tree writes sequential. An event seen before
  // (a replay) changes nothing: the upsert only takes a later event.
  ParallelSort(events.begin(), events.end(), [](const LabelEvent* a, const LabelEvent* b) {
    if (a->item != b->item) return a->item < b->item;
    if (a->annotator != b->annotator) return a->annotator < b->annotator;
    return IsLaterThan(*a, *b);  // the latest of each pair first
  });
  const LabelEvent* previous = nullptr;
  for (const LabelEvent* e : events) {
    // Only the latest event of each (item, annotator) can become current.
    if (previous && previous->item == e->item && previous->annotator == e->annotator) continue;
    previous = e;
    std::string cats = CategoriesJson(e->categories);
    TAXA_RETURN_IF_ERROR(upsert.BindStatic(1, e->item)
                             .BindStatic(2, e->annotator)
                             .BindStatic(3, e->id)
                             .Bind(4, static_cast<int64_t>(e->hlc))
                             .BindStatic(5, cats)
                             .BindStatic(6, e->note)
                             .Run());
  }
  return Status::Ok();
}

Status Index::RecordSegment(const std::string& path, int64_t events) {
  return st_->set_segment.Bind(1, path).Bind(2, events).Run();
}

namespace {

// The events of one label (or gold) segment, decoded: the CPU-bound half of
// indexing a segment, which needs no database and so can run on another
// thread while the database takes the previous segment.
Result<std::vector<LabelEvent>> DecodeSegment(const std::string& path, const std::string& bytes) {
  TAXA_ASSIGN_OR_RETURN(std::string text, DecompressFrame(bytes, path));
  std::vector<LabelEvent> events;
  TAXA_RETURN_IF_ERROR(ForEachLine(text, [&](std::string_view line, size_t line_no) -> Status {
    TAXA_ASSIGN_OR_RETURN(LabelEvent e,
                          DecodeEventLine(line, path + ":" + std::to_string(line_no)));
    events.push_back(std::move(e));
    return Status::Ok();
  }));
  return events;
}

}  // namespace

Status Index::InsertSegment(const std::string& path, const std::vector<LabelEvent>& events) {
  std::vector<const LabelEvent*> refs;
  refs.reserve(events.size());
  for (const LabelEvent& e : events) refs.push_back(&e);
  if (IsGoldSegment(path)) {
    // Several leads may adjudicate one item: the latest gold event wins. The
    // sort inside groups by (item, annotator), so each lead's latest goes in
    // and the upsert keeps the latest of those.
    return InsertEvents(std::move(refs), st_->upsert_gold);
  }
  TAXA_RETURN_IF_ERROR(InsertEvents(std::move(refs)));
  return RecordSegment(path, static_cast<int64_t>(events.size()));
}

Status Index::ApplySegmentsPipelined(const std::vector<std::string>& paths, const FileLoader& load,
                                     const std::function<void()>& step) {
  // Segment k+1 is decoded on another thread while segment k goes into the
  // database; files are read on this thread only (the loader may use a
  // repository handle, which is not to be shared between threads).
  std::future<Result<std::vector<LabelEvent>>> decoding;
  std::string decoding_path;
  for (size_t k = 0; k <= paths.size(); ++k) {
    std::future<Result<std::vector<LabelEvent>>> next;
    if (k < paths.size()) {
      TAXA_ASSIGN_OR_RETURN(std::string bytes, load(paths[k]));
      next = std::async(std::launch::async, [path = paths[k], bytes = std::move(bytes)] {
        return DecodeSegment(path, bytes);
      });
    }
    if (decoding.valid()) {
      Result<std::vector<LabelEvent>> events = decoding.get();
      if (!events.ok()) {
        if (next.valid()) next.wait();
        return events.status();
      }
      TAXA_RETURN_IF_ERROR(InsertSegment(decoding_path, *events));
      if (step) step();
    }
    decoding = std::move(next);
    if (k < paths.size()) decoding_path = paths[k];
  }
  return Status::Ok();
}

Status Index::RemoveItemShard(const std::string& path) {
  TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare("DELETE FROM items WHERE shard = ?1"));
  return s.Bind(1, path).Run();
}

Status Index::Renumber() {
  return db_->Exec(
      "UPDATE items SET ord = r.rn - 1 FROM (SELECT id, row_number() OVER "
      "(ORDER BY shard, pos) AS rn FROM items) AS r WHERE items.id = r.id");
}

Status Index::Apply(const std::vector<FileChange>& changes, const FileLoader& load,
                    const std::string& commit, const ProgressFn& progress, const Known* known) {
  std::vector<FileChange> sorted;
  for (const FileChange& c : changes) {
    const bool segment = IsLabelSegment(c.path) || IsGoldSegment(c.path);
    if (segment && c.kind == FileChange::Kind::kDeleted) {
      TAXA_RETURN_IF_ERROR(Clear());
      return Status::FailedPrecondition(c.path + " was deleted; the index must be rebuilt");
    }
    if (IsItemShard(c.path) || segment) sorted.push_back(c);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const FileChange& a, const FileChange& b) { return a.path < b.path; });

  item_count_ = -1;
  Transaction tx(*db_);
  TAXA_RETURN_IF_ERROR(tx.status());

  // Item positions follow (shard path, line). When every new shard sorts after
  // every indexed one (always so in a rebuild), positions are handed out as
  // rows go in; otherwise the whole order is renumbered once at the end.
  bool renumber = false;
  next_ord_ = -1;
  std::string first_new;
  for (const FileChange& c : sorted) {
    if (!IsItemShard(c.path)) continue;
    if (c.kind != FileChange::Kind::kAdded) renumber = true;
    if (first_new.empty()) first_new = c.path;
  }
  if (!first_new.empty() && !renumber) {
    TAXA_ASSIGN_OR_RETURN(
        Statement s,
        db_->Prepare("SELECT coalesce(max(shard), ''), coalesce(max(ord), -1) FROM items"));
    TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
    (void)row;
    if (std::string(s.Text(0)) < first_new) next_ord_ = s.Int(1) + 1;
    else renumber = true;
  }

  size_t done = 0;
  std::vector<std::string> to_decode;  // label and gold segments to read, in path order
  for (const FileChange& c : sorted) {
    if (IsGoldSegment(c.path)) {
      to_decode.push_back(c.path);
      continue;  // counted when it is applied
    } else if (IsLabelSegment(c.path)) {
      // Segments only grow, so a changed one adds events; ids already known
      // are skipped by the insert itself.
      auto counted = known ? known->indexed_segments.find(c.path)
                           : std::map<std::string, int64_t>::const_iterator();
      if (known != nullptr && counted != known->indexed_segments.end()) {
        TAXA_RETURN_IF_ERROR(RecordSegment(c.path, counted->second));
      } else {
        to_decode.push_back(c.path);
        continue;
      }
    } else {
      if (c.kind != FileChange::Kind::kAdded) TAXA_RETURN_IF_ERROR(RemoveItemShard(c.path));
      if (c.kind != FileChange::Kind::kDeleted) {
        const std::vector<const Item*>* parsed = nullptr;
        if (known != nullptr) {
          auto it = known->item_shards.find(c.path);
          if (it != known->item_shards.end()) parsed = &it->second;
        }
        if (parsed != nullptr) {
          int64_t pos = 0;
          for (const Item* item : *parsed) TAXA_RETURN_IF_ERROR(InsertItem(*item, c.path, pos++));
        } else {
          TAXA_ASSIGN_OR_RETURN(std::string bytes, load(c.path));
          TAXA_RETURN_IF_ERROR(ApplyItemShard(c.path, bytes));
        }
      }
    }
    if (progress) progress(++done, sorted.size());
  }
  TAXA_RETURN_IF_ERROR(ApplySegmentsPipelined(to_decode, load, [&] {
    if (progress) progress(++done, sorted.size());
  }));
  next_ord_ = -1;
  if (renumber) TAXA_RETURN_IF_ERROR(Renumber());
  TAXA_RETURN_IF_ERROR(
      st_->set_meta.Bind(1, std::string_view("indexed_commit")).Bind(2, commit).Run());
  TAXA_RETURN_IF_ERROR(tx.Commit());
  indexed_commit_ = commit;
  return Status::Ok();
}

Status Index::AddPendingEvents(const std::vector<LabelEvent>& events,
                               const std::function<Status()>& before_commit) {
  Transaction tx(*db_);
  TAXA_RETURN_IF_ERROR(tx.status());
  std::vector<const LabelEvent*> refs;
  refs.reserve(events.size());
  for (const LabelEvent& e : events) refs.push_back(&e);
  Status inserted = InsertEvents(std::move(refs));
  // Always let the caller finish its part (it may be running beside us).
  Status theirs = before_commit ? before_commit() : Status::Ok();
  TAXA_RETURN_IF_ERROR(inserted);
  TAXA_RETURN_IF_ERROR(theirs);  // the transaction rolls back
  return tx.Commit();
}

int64_t Index::ItemCount() {
  // Items change only through Apply and Clear, which forget this count.
  if (item_count_ >= 0) return item_count_;
  Statement& s = st_->item_count;
  Result<bool> row = s.Step();
  int64_t n = row.ok() && *row ? s.Int(0) : 0;
  s.Reset();
  if (row.ok()) item_count_ = n;
  return n;
}

uint64_t Index::MaxHlc() {
  Result<Statement> s = db_->Prepare("SELECT coalesce(max(hlc), 0) FROM current");
  if (!s.ok()) return 0;
  Result<bool> row = s->Step();
  return row.ok() && *row ? static_cast<uint64_t>(s->Int(0)) : 0;
}

Result<std::vector<ItemRow>> Index::ItemsAt(int64_t from, int64_t count) {
  Statement& s = st_->items_at;
  s.Bind(1, from).Bind(2, from + count);
  std::vector<ItemRow> out;
  TAXA_RETURN_IF_ERROR(ForEachRow(s, [&] { out.push_back({s.Int(0), ItemFromRow(s, 1)}); }));
  return out;
}

Result<std::optional<ItemRow>> Index::FindItem(const std::string& id) {
  Statement& s = st_->find_item;
  s.Bind(1, id);
  Result<bool> row = s.Step();
  std::optional<ItemRow> out;
  if (row.ok() && *row) out = ItemRow{s.Int(0), ItemFromRow(s, 1)};
  s.Reset();
  if (!row.ok()) return row.status();
  return out;
}

Result<std::vector<std::string>> Index::MissingItems(
    const std::vector<std::string_view>& sorted_ids) {
  std::vector<std::string> missing;
  if (sorted_ids.size() < 2000) {
    TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare("SELECT 1 FROM items WHERE id = ?1"));
    for (std::string_view id : sorted_ids) {
      s.BindStatic(1, id);
      Result<bool> row = s.Step();
      s.Reset();
      if (!row.ok()) return row.status();
      if (!*row) missing.emplace_back(id);
    }
    return missing;
  }
  // Many ids: one ordered pass over the id index beats as many lookups.
  TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare("SELECT id FROM items ORDER BY id"));
  size_t i = 0;
  TAXA_RETURN_IF_ERROR(ForEachRow(s, [&] {
    std::string_view have = s.Text(0);
    while (i < sorted_ids.size() && sorted_ids[i] < have) missing.emplace_back(sorted_ids[i++]);
    if (i < sorted_ids.size() && sorted_ids[i] == have) ++i;
  }));
  while (i < sorted_ids.size()) missing.emplace_back(sorted_ids[i++]);
  return missing;
}

Result<std::map<std::string, Item>> Index::ExistingItems(const std::vector<std::string>& ids) {
  std::map<std::string, Item> out;
  if (ItemCount() == 0) return out;
  for (const std::string& id : ids) {
    TAXA_ASSIGN_OR_RETURN(std::optional<ItemRow> row, FindItem(id));
    if (row) out.emplace(id, std::move(row->item));
  }
  return out;
}

Result<std::vector<CurrentLabel>> Index::CurrentLabels(const std::string& item_id) {
  Statement& s = st_->current_of;
  s.Bind(1, item_id);
  std::vector<CurrentLabel> out;
  TAXA_RETURN_IF_ERROR(ForEachRow(s, [&] {
    out.push_back({std::string(s.Text(0)), std::string(s.Text(1)),
                   static_cast<uint64_t>(s.Int(2)), ParseCategories(s.Text(3)),
                   std::string(s.Text(4))});
  }));
  return out;
}

Result<std::optional<int64_t>> Index::NextUnlabeled(const std::string& annotator, int64_t after) {
  Statement& s = st_->next_unlabeled;
  s.Bind(1, after).Bind(2, annotator);
  Result<bool> row = s.Step();
  std::optional<int64_t> out;
  if (row.ok() && *row) out = s.Int(0);
  s.Reset();
  if (!row.ok()) return row.status();
  return out;
}

int64_t Index::LabeledCount(const std::string& annotator) {
  Statement& s = st_->labeled_count;
  s.Bind(1, annotator);
  Result<bool> row = s.Step();
  int64_t n = row.ok() && *row ? s.Int(0) : 0;
  s.Reset();
  return n;
}

Result<IndexCounts> Index::Counts() {
  IndexCounts c;
  c.items = ItemCount();
  auto scalar = [&](const char* sql, int64_t& out) -> Status {
    TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare(sql));
    TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
    out = row ? s.Int(0) : 0;
    return Status::Ok();
  };
  TAXA_RETURN_IF_ERROR(scalar(
      "SELECT count(DISTINCT c.item) FROM current c JOIN items i ON i.id = c.item "
      "WHERE c.categories <> '[]'", c.labeled_items));
  TAXA_RETURN_IF_ERROR(scalar("SELECT coalesce(sum(events), 0) FROM segments", c.events));
  auto pairs = [&](const char* sql, std::vector<std::pair<std::string, int64_t>>& out) -> Status {
    TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare(sql));
    for (;;) {
      TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.emplace_back(std::string(s.Text(0)), s.Int(1));
    }
    return Status::Ok();
  };
  TAXA_RETURN_IF_ERROR(pairs(
      "SELECT c.annotator, count(*) FROM current c JOIN items i ON i.id = c.item "
      "WHERE c.categories <> '[]' GROUP BY c.annotator ORDER BY c.annotator", c.by_annotator));
  TAXA_RETURN_IF_ERROR(pairs(
      "SELECT j.value, count(*) FROM current c JOIN items i ON i.id = c.item, "
      "json_each(c.categories) AS j GROUP BY j.value ORDER BY j.value", c.by_category));
  return c;
}

Status Index::ScanCurrentLabels(const std::function<Status(const CurrentLabelView&)>& fn,
                                const std::string& meta_key) {
  if (meta_key.find_first_of("\"\\") != std::string::npos)
    return Status::InvalidInput("metadata key \"" + meta_key + "\" may not hold '\"' or '\\'");
  TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare(
      "SELECT c.item, c.annotator, c.categories, "
      "CASE WHEN ?1 = '' THEN '' ELSE coalesce(CAST(json_extract(i.meta, ?2) AS TEXT), '') END "
      "FROM items i CROSS JOIN current c ON c.item = i.id WHERE c.categories <> '[]' "
      "ORDER BY i.ord, c.annotator"));
  // CROSS JOIN keeps items the outer loop: walked in order by items_ord, each
  // item's labels found by the primary key, so no sort of every label is
  // needed for ORDER BY. A quoted JSON path, so keys with dots or spaces name one member.
  s.Bind(1, meta_key).Bind(2, "$.\"" + meta_key + "\"");
  std::vector<std::string> categories;
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return Status::Ok();
    ParseCategoriesInto(s.Text(2), categories);
    if (categories.empty()) continue;
    TAXA_RETURN_IF_ERROR(fn(CurrentLabelView{s.Text(0), s.Text(1), categories, s.Text(3)}));
  }
}

void ParseStoredCategories(std::string_view json, std::vector<std::string>& out) {
  ParseCategoriesInto(json, out);
}

Status Index::ScanLabelsByItemId(const std::function<Status(const StoredLabelView&)>& fn) {
  TAXA_ASSIGN_OR_RETURN(Statement labels,
                        db_->Prepare("SELECT item, annotator, categories FROM current "
                                     "WHERE categories <> '[]' ORDER BY item, annotator"));
  // The ids alone: read from the primary key's own index, no table row.
  TAXA_ASSIGN_OR_RETURN(Statement items, db_->Prepare("SELECT id FROM items ORDER BY id"));
  // Both come in BINARY collation order, which is std::string_view's.
  std::string_view id;  // the items' current row, valid until it steps
  auto next_item = [&]() -> Result<bool> {
    TAXA_ASSIGN_OR_RETURN(bool more, items.Step());
    if (more) id = items.Text(0);
    return more;
  };
  TAXA_ASSIGN_OR_RETURN(bool item_row, next_item());
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, labels.Step());
    if (!row) return Status::Ok();
    const std::string_view item = labels.Text(0);
    while (item_row && id < item) {
      TAXA_ASSIGN_OR_RETURN(item_row, next_item());
    }
    if (!item_row) return Status::Ok();
    if (id != item) continue;  // a label of an item no longer in the project
    TAXA_RETURN_IF_ERROR(fn(StoredLabelView{item, labels.Text(1), labels.Text(2)}));
  }
}

Result<std::vector<GoldLabel>> Index::GoldLabels() {
  TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare(
      "SELECT item, annotator, event_id, hlc, categories, note FROM gold "
      "WHERE categories <> '[]' ORDER BY item"));
  std::vector<GoldLabel> out;
  TAXA_RETURN_IF_ERROR(ForEachRow(s, [&] {
    out.push_back({std::string(s.Text(0)), std::string(s.Text(1)), std::string(s.Text(2)),
                   static_cast<uint64_t>(s.Int(3)), ParseCategories(s.Text(4)),
                   std::string(s.Text(5))});
  }));
  return out;
}

Status Index::ForEachItemWithLabels(
    const std::function<Status(const Item&, const std::vector<CurrentLabel>&)>& fn) {
  TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare(
      "SELECT i.id, i.text, i.media_path, i.media_sha256, i.meta, c.annotator, c.event_id, "
      "c.hlc, c.categories, c.note FROM items i LEFT JOIN current c ON c.item = i.id "
      "ORDER BY i.ord, c.annotator"));
  Item item;
  std::vector<CurrentLabel> labels;
  bool have = false;
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row || !have || s.Text(0) != item.id) {
      if (have) TAXA_RETURN_IF_ERROR(fn(item, labels));
      if (!row) break;
      item = ItemFromRow(s, 0);
      labels.clear();
      have = true;
    }
    if (!s.IsNull(5)) {
      std::vector<std::string> cats = ParseCategories(s.Text(8));
      if (!cats.empty())
        labels.push_back({std::string(s.Text(5)), std::string(s.Text(6)),
                          static_cast<uint64_t>(s.Int(7)), std::move(cats),
                          std::string(s.Text(9))});
    }
  }
  return Status::Ok();
}

}  // namespace taxa::core
