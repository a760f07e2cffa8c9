#include "taxa/core/index.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <future>
#include <random>
#include <thread>
#include <utility>

#include "json_scan.h"
#include "json_write.h"
#include "storage/live_labels.h"
#include "storage/sqlite_db.h"
#include "storage/checksum_vfs.h"
#include "storage/index_statements.h"
#include "taxa/core/decoded_segments.h"
#include "taxa/core/fs.h"
#include "taxa/core/guarded.h"
#include "taxa/core/parallel.h"
#include "taxa/core/shard.h"

namespace taxa::core {

using storage::Database;
using storage::Statement;

namespace {

// 4: the gold table; 5: page checksums, a generation; 6: current labels keep attributes;
// 7: reviews, and the label events they may judge; 8: the reviews' texts as
// numbers into review_texts (the defect report reads them without a string each)
constexpr int kSchemaVersion = 8;

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
  categories TEXT NOT NULL, note TEXT NOT NULL, attributes TEXT NOT NULL,
  PRIMARY KEY(item, annotator)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gold(
  item TEXT NOT NULL, annotator TEXT NOT NULL, event_id TEXT NOT NULL, hlc INTEGER NOT NULL,
  categories TEXT NOT NULL, note TEXT NOT NULL, attributes TEXT NOT NULL,
  PRIMARY KEY(item)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS taxonomies(n INTEGER PRIMARY KEY, recorded TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS review_texts(n INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS label_events(
  id TEXT PRIMARY KEY, categories INTEGER NOT NULL, taxonomy INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reviews(
  label TEXT NOT NULL, id TEXT NOT NULL, hlc INTEGER NOT NULL, verdict INTEGER NOT NULL,
  annotator INTEGER NOT NULL, categories INTEGER NOT NULL, errors INTEGER NOT NULL,
  rule INTEGER NOT NULL, judged INTEGER NOT NULL, judged_categories INTEGER NOT NULL,
  judged_taxonomy INTEGER NOT NULL, item TEXT NOT NULL, reviewer INTEGER NOT NULL,
  device INTEGER NOT NULL, plan INTEGER NOT NULL, note TEXT NOT NULL, ms INTEGER NOT NULL,
  defects INTEGER NOT NULL, reviewed INTEGER NOT NULL,
  PRIMARY KEY(label, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reviews_unjudged ON reviews(label) WHERE judged = 0 AND label <> '';
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
bool IsReviewSegment(const std::string& p) {
  return p.starts_with("reviews/") && p.ends_with(".jsonl.zst");
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
  std::string out;
  WriteCategoriesJson(out, cats);
  return out;
}

// Sets `out` to the attributes column: a JSON object of strings, keys sorted
// ("{}" when none).
void WriteAttributesJson(std::string& out, const std::map<std::string, std::string>& attributes) {
  out.assign(1, '{');
  for (const auto& [key, value] : attributes) {
    if (out.size() > 1) out += ',';
    AppendJsonString(out, key);
    out += ':';
    AppendJsonString(out, value);
  }
  out += '}';
}

// The attributes column, written by WriteAttributesJson.
std::map<std::string, std::string> ParseAttributes(std::string_view text) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  bool ok = json_scan::ForEachMember(text, pos, [&](const std::string& key, size_t& p) {
    std::string value;
    if (!json_scan::ReadString(text, p, value)) return false;
    out[key] = std::move(value);
    return true;
  });
  if (!ok) out.clear();
  return out;
}

// A JSON array of `ids`, bound as one value and read back with json_each.
std::string IdsJson(const std::vector<std::string>& ids) { return CategoriesJson(ids); }

// "%text%" for LIKE ... ESCAPE '\': the user's %, _ and \ match themselves.
std::string LikePattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
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

std::string RandomHex(size_t digits) {
  std::random_device rd;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < digits; ++i) out += kHex[rd() & 15];
  return out;
}

const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) { return r.status(); }

// Damage of the database itself (sqlite_db.h), as opposed to a corrupt
// shard or segment of the repository, which a rebuild would only meet again.
bool IsDamage(const Status& s) {
  return s.code() == StatusCode::kCorrupt && s.message().starts_with(storage::kIndexDatabase);
}

// The first `size` bytes of the file at `path`; fewer when it is shorter.
std::string ReadHead(const std::string& path, size_t size) {
  std::string out(size, '\0');
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string();
  ssize_t n = ::pread(fd, out.data(), size, 0);
  ::close(fd);
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

// A SQLite database header without page checksums: an index made before
// they were kept, to be replaced without calling it damage.
bool IsOlderFormat(const std::string& path) {
  std::string head = ReadHead(path, 100);
  return head.size() == 100 && head.compare(0, 16, std::string("SQLite format 3\0", 16)) == 0 &&
         static_cast<unsigned char>(head[20]) != storage::kChecksumBytes;
}

}  // namespace

void WriteCategoriesJson(std::string& out, const std::vector<std::string>& cats) {
  out.assign(1, '[');
  for (size_t i = 0; i < cats.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, cats[i]);
  }
  out += ']';
}

// Who has the file open, and whether the last one closed it cleanly. Each
// open Index holds a shared flock on PATH-users; PATH-open says "open" while
// any has it open, and "closed BOOT" once the last one closed it cleanly
// during boot BOOT. A process that finds PATH-users to itself and anything
// else there (a process died with the index open, or the machine restarted
// since the close, and commits are not synced: synchronous=OFF) checks the
// file before using it.
struct Index::OpenMarker {
  int fd = -1;
  std::string marker;

  static std::string BootId() {
    Result<std::string> id = ReadFile("/proc/sys/kernel/random/boot_id");
    if (!id.ok()) return "unknown";
    std::string out = *id;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }
  static std::string Read(const std::string& path) {
    Result<std::string> text = ReadFile(path);
    return text.ok() ? *text : std::string();
  }
  static void Write(const std::string& path, const std::string& text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    (void)!::write(fd, text.data(), text.size());
    ::close(fd);
  }

  static Result<std::unique_ptr<OpenMarker>> Take(const std::string& path, bool& unclean) {
    auto m = std::make_unique<OpenMarker>();
    m->marker = path + "-open";
    const std::string users = path + "-users";
    m->fd = ::open(users.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m->fd < 0) return Status::Io(users + ": cannot open: " + std::strerror(errno));
    const bool alone = ::flock(m->fd, LOCK_EX | LOCK_NB) == 0;
    if (!alone) {
      while (::flock(m->fd, LOCK_SH) != 0) {
        if (errno != EINTR) return Status::Io(users + ": cannot lock: " + std::strerror(errno));
      }
    }
    const std::string state = PathExists(m->marker) ? Read(m->marker) : std::string("new");
    unclean = alone && state != "new" && state != "closed " + BootId();
    if (state != "open") Write(m->marker, "open");
    if (alone) (void)::flock(m->fd, LOCK_SH);  // let the others in
    return m;
  }
  ~OpenMarker() {
    if (fd < 0) return;
    // The last user (no other holds a lock) closed cleanly.
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) Write(marker, "closed " + BootId());
    ::close(fd);
  }
};

Index::Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() {
  // The database closes before the marker says the close was clean.
  st_.reset();
  db_.reset();
}

namespace {

// taxa_forward(categories): the stored categories of a label as they read in
// the current taxonomy, through the StoredLabelForward the user data points
// at (an outdated label, or none in force, reads as stored).
void ForwardSql(sqlite3_context* context, int, sqlite3_value** args) {
  auto* stored = static_cast<StoredLabelForward* const*>(sqlite3_user_data(context));
  if (*stored == nullptr || sqlite3_value_type(args[0]) != SQLITE_TEXT) {
    sqlite3_result_value(context, args[0]);
    return;
  }
  std::string_view text(reinterpret_cast<const char*>(sqlite3_value_text(args[0])),
                        static_cast<size_t>(sqlite3_value_bytes(args[0])));
  bool outdated = false;
  std::string_view now = (*stored)->Map(text, outdated);
  sqlite3_result_text(context, now.data(), static_cast<int>(now.size()), SQLITE_TRANSIENT);
}

}  // namespace

Result<Index> Index::Open(const std::string& path) {
  Index index;
  index.path_ = path;
  bool unclean = false;
  TAXA_ASSIGN_OR_RETURN(index.marker_, OpenMarker::Take(path, unclean));
  Status s = index.Connect(/*check=*/unclean);
  if (s.ok()) return index;
  // A cache of another version, or a damaged one: start it afresh.
  if (s.code() == StatusCode::kCorrupt && !IsOlderFormat(path))
    index.replaced_because_ = s.message();
  else if (s.code() != StatusCode::kCorrupt && s.code() != StatusCode::kFailedPrecondition)
    return s;
  TAXA_RETURN_IF_ERROR(index.Reset());
  return index;
}

Status Index::Connect(bool check) {
  st_.reset();
  db_.reset();
  in_snapshot_ = false;
  item_count_ = -1;
  TAXA_ASSIGN_OR_RETURN(Database db, Database::Open(path_));
  // A cache: durability comes from the repository, so nothing is synced
  // (synchronous=NORMAL made a rebuild 20% slower); WAL keeps the file whole
  // across a killed process, and what a lost power supply may break is found
  // by the check after the restart (OpenMarker). A large page cache and
  // memory-mapped reads keep million-row work off pread().
  TAXA_RETURN_IF_ERROR(db.Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536; "
      "PRAGMA mmap_size=2147483648; PRAGMA temp_store=MEMORY;"));
  if (check) {
    TAXA_ASSIGN_OR_RETURN(Statement q, db.Prepare("PRAGMA quick_check"));
    TAXA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (row && q.Text(0) != "ok")
      return Status::Corrupt(std::string(storage::kIndexDatabase) + " " + path_ +
                             ": quick_check after an unclean stop: " + std::string(q.Text(0)));
  }
  auto version = [&]() -> Result<int64_t> {
    TAXA_ASSIGN_OR_RETURN(Statement v, db.Prepare("PRAGMA user_version"));
    TAXA_ASSIGN_OR_RETURN(bool row, v.Step());
    return row ? v.Int(0) : 0;
  };
  auto has_schema = [&]() -> Result<bool> {
    TAXA_ASSIGN_OR_RETURN(Statement v, db.Prepare(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'"));
    TAXA_ASSIGN_OR_RETURN(bool row, v.Step());
    return row && v.Int(0) > 0;
  };
  TAXA_ASSIGN_OR_RETURN(int64_t ver, version());
  if (ver != 0 && ver != kSchemaVersion)
    return Status::FailedPrecondition(path_ + ": index of schema version " +
                                      std::to_string(ver));
  TAXA_ASSIGN_OR_RETURN(bool present, has_schema());
  if (ver == 0 || !present) {
    // A new file (or one emptied by Reset): one process makes the schema.
    Transaction tx(db);
    TAXA_RETURN_IF_ERROR(tx.status());
    TAXA_RETURN_IF_ERROR(db.Exec(kSchema));
    TAXA_ASSIGN_OR_RETURN(Statement gen, db.Prepare(
        "INSERT INTO meta(key, value) VALUES('generation', ?1) ON CONFLICT(key) DO NOTHING"));
    TAXA_RETURN_IF_ERROR(gen.Bind(1, RandomHex(16)).Run());
    TAXA_RETURN_IF_ERROR(
        db.Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str()));
    TAXA_RETURN_IF_ERROR(tx.Commit());
  }
  TAXA_RETURN_IF_ERROR(db.DefineFunction("taxa_forward", 1, forward_in_query_.get(), &ForwardSql));
  db_ = std::make_unique<Database>(std::move(db));
  st_ = std::make_unique<Statements>();
  Database& d = *db_;
  Statements& st = *st_;
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
      "INSERT INTO current(item, annotator, event_id, hlc, categories, note, attributes) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(item, annotator) DO UPDATE SET "
      "event_id=excluded.event_id, hlc=excluded.hlc, categories=excluded.categories, "
      "note=excluded.note, attributes=excluded.attributes WHERE excluded.hlc > current.hlc OR "
      "(excluded.hlc = current.hlc AND excluded.event_id > current.event_id)"));
  TAXA_RETURN_IF_ERROR(prep(st.upsert_gold,
      "INSERT INTO gold(item, annotator, event_id, hlc, categories, note, attributes) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(item) DO UPDATE SET "
      "annotator=excluded.annotator, event_id=excluded.event_id, hlc=excluded.hlc, "
      "categories=excluded.categories, note=excluded.note, attributes=excluded.attributes "
      "WHERE excluded.hlc > gold.hlc OR "
      "(excluded.hlc = gold.hlc AND excluded.event_id > gold.event_id)"));
  TAXA_RETURN_IF_ERROR(prep(st.item_count, "SELECT count(*) FROM items"));
  TAXA_RETURN_IF_ERROR(prep(st.items_at,
      "SELECT ord, id, text, media_path, media_sha256, meta FROM items "
      "WHERE ord >= ?1 AND ord < ?2 ORDER BY ord"));
  TAXA_RETURN_IF_ERROR(prep(st.find_item,
      "SELECT ord, id, text, media_path, media_sha256, meta FROM items WHERE id = ?1"));
  TAXA_RETURN_IF_ERROR(prep(st.current_of,
      "SELECT annotator, event_id, hlc, categories, note, attributes FROM current "
      "WHERE item = ?1 ORDER BY annotator"));
  // ?3: a JSON array of ids to pass over (usually empty).
  TAXA_RETURN_IF_ERROR(prep(st.next_unlabeled,
      "SELECT ord FROM items WHERE ord > ?1 AND NOT EXISTS (SELECT 1 FROM current c "
      "WHERE c.item = items.id AND c.annotator = ?2 AND c.categories <> '[]') "
      "AND (?3 = '[]' OR id NOT IN (SELECT value FROM json_each(?3))) "
      "ORDER BY ord LIMIT 1"));
  TAXA_RETURN_IF_ERROR(prep(st.labeled_among,
      "SELECT c.item FROM current c WHERE c.annotator = ?1 AND c.categories <> '[]' "
      "AND c.item IN (SELECT value FROM json_each(?2)) ORDER BY c.item"));
  TAXA_RETURN_IF_ERROR(prep(st.labeled_count,
      "SELECT count(*) FROM current c JOIN items i ON i.id = c.item "
      "WHERE c.annotator = ?1 AND c.categories <> '[]'"));
  TAXA_RETURN_IF_ERROR(prep(st.set_meta,
      "INSERT INTO meta(key, value) VALUES(?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value=excluded.value"));
  TAXA_RETURN_IF_ERROR(prep(st.get_meta,
      "SELECT key, value FROM meta WHERE key IN ('indexed_commit', 'generation')"));
  TAXA_RETURN_IF_ERROR(prep(st.insert_review,
      "INSERT INTO reviews(label, id, hlc, item, annotator, reviewer, device, plan, verdict, "
      "categories, errors, rule, note, ms, defects, reviewed, judged, judged_categories, "
      "judged_taxonomy) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
      "?15, ?16, ?17, ?18, ?19) ON CONFLICT(label, id) DO NOTHING"));
  TAXA_RETURN_IF_ERROR(prep(st.find_review_text, "SELECT n FROM review_texts WHERE text = ?1"));
  TAXA_RETURN_IF_ERROR(prep(st.insert_review_text, "INSERT INTO review_texts(text) VALUES(?1)"));
  TAXA_RETURN_IF_ERROR(prep(st.insert_label_event,
      "INSERT INTO label_events(id, categories, taxonomy) VALUES(?1, ?2, ?3) "
      "ON CONFLICT(id) DO NOTHING"));
  TAXA_RETURN_IF_ERROR(prep(st.find_label_event,
      "SELECT categories, taxonomy FROM label_events WHERE id = ?1"));
  TAXA_RETURN_IF_ERROR(prep(st.judge_reviews,
      "UPDATE reviews SET judged = 1, judged_categories = ?2, judged_taxonomy = ?3 "
      "WHERE label = ?1 AND judged = 0 AND label <> ''"));
  TAXA_RETURN_IF_ERROR(prep(st.find_taxonomy, "SELECT n FROM taxonomies WHERE recorded = ?1"));
  TAXA_RETURN_IF_ERROR(prep(st.insert_taxonomy, "INSERT INTO taxonomies(recorded) VALUES(?1)"));
  return ReadMeta(indexed_commit_, generation_);
}

Status Index::ReadMeta(std::string& commit, std::string& generation) {
  commit.clear();
  generation.clear();
  Statement& s = st_->get_meta;
  return ForEachRow(s, [&] {
    (s.Text(0) == "indexed_commit" ? commit : generation) = s.Text(1);
  });
}

Status Index::ReplaceFile() {
  st_.reset();
  db_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path_ + suffix).c_str());
  Status s = Connect(/*check=*/false);
  if (!s.ok()) return Status::Io(path_ + ": cannot create the index database: " + s.message());
  return Status::Ok();
}

Status Index::Reset() {
  EndSnapshot();
  st_.reset();
  if (!db_) {
    Result<Database> d = Database::Open(path_);
    if (d.ok()) db_ = std::make_unique<Database>(std::move(*d));
  }
  if (db_) {
    // In place, through SQLite, so that other processes with the file open
    // see one more write rather than a file pulled from under them. It needs
    // a readable header; a new file is the fallback.
    sqlite3* h = db_->get();
    (void)sqlite3_exec(h, "SELECT 1 FROM sqlite_schema LIMIT 1", nullptr, nullptr, nullptr);
    int on = 0;
    (void)sqlite3_db_config(h, SQLITE_DBCONFIG_RESET_DATABASE, 1, &on);
    Status vacuumed = db_->Exec("VACUUM");
    (void)sqlite3_db_config(h, SQLITE_DBCONFIG_RESET_DATABASE, 0, &on);
    db_.reset();
    if (vacuumed.ok() && Connect(/*check=*/false).ok() && indexed_commit_.empty())
      return Status::Ok();
  }
  return ReplaceFile();
}

Result<std::string> Index::BeginSnapshot() {
  assert(!in_snapshot_);
  TAXA_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  in_snapshot_ = true;
  item_count_ = -1;
  std::string commit, generation;
  Status s = ReadMeta(commit, generation);  // the first read fixes the snapshot
  if (!s.ok()) {
    EndSnapshot();
    return s;
  }
  indexed_commit_ = commit;
  generation_ = generation;
  return commit;
}

void Index::EndSnapshot() {
  if (!in_snapshot_ || !db_) return;
  in_snapshot_ = false;
  if (!db_->Exec("COMMIT").ok()) (void)db_->Exec("ROLLBACK");
}

Status Index::Repair(const Status& damage) {
  repairing_ = true;
  Status s = Reset();
  if (s.ok()) s = refill_(*this, damage);
  repairing_ = false;
  return s;
}

template <typename Query>
auto Index::Guard(Query&& query) -> decltype(query()) {
  auto r = query();
  if (!IsDamage(StatusOf(r)) || !refill_ || repairing_) return r;
  Status repaired = Repair(StatusOf(r));
  if (!repaired.ok()) return repaired;
  return query();
}

Status Index::GuardScan(const std::function<Status(bool& delivered, bool& caller_failed)>& scan) {
  bool delivered = false, caller_failed = false;
  Status s = scan(delivered, caller_failed);
  if (caller_failed || !IsDamage(s) || !refill_ || repairing_) return s;
  TAXA_RETURN_IF_ERROR(Repair(s));
  if (delivered) return Status::Corrupt(std::string(kRebuiltDuringScan) + " (" + s.message() + ")");
  delivered = caller_failed = false;
  return scan(delivered, caller_failed);
}

Status Index::CheckPages() {
  return Guard([&]() -> Status {
    // Every page of every table and index, read through SQLite (so each
    // page as the WAL has it, and checked by the VFS on its way in); dbstat
    // does no more with a page than read its header. quick_check where this
    // SQLite was built without dbstat.
    Result<Statement> walk = db_->Prepare("SELECT count(*) FROM dbstat");
    if (!walk.ok() && IsDamage(walk.status())) return walk.status();
    if (!walk.ok()) walk = db_->Prepare("PRAGMA quick_check");
    if (!walk.ok()) return walk.status();
    TAXA_ASSIGN_OR_RETURN(bool row, walk->Step());
    (void)row;
    return Status::Ok();
  });
}

Status Index::ClearRows() {
  // The meta rows are written at the end of the caller's transaction, not
  // here: a page written early in a long transaction and again at its end
  // makes SQLite rewrite the checksum of every WAL frame in between.
  TAXA_RETURN_IF_ERROR(
      db_->Exec("DELETE FROM items; DELETE FROM segments; DELETE FROM current; DELETE FROM gold; "
                "DELETE FROM reviews; DELETE FROM label_events; DELETE FROM taxonomies; "
                "DELETE FROM review_texts;"));
  taxonomy_numbers_.clear();
  review_text_numbers_.clear();
  // Pending rows of other processes went too: a new generation tells them.
  generation_ = RandomHex(16);
  indexed_commit_.clear();
  item_count_ = -1;
  return Status::Ok();
}

Status Index::WriteGeneration() {
  return st_->set_meta.Bind(1, std::string_view("generation")).Bind(2, generation_).Run();
}

void Index::SetLabelForward(std::shared_ptr<const LabelForward> forward) {
  forward_ = std::move(forward);
}

Status Index::Clear() {
  Transaction tx(*db_);
  TAXA_RETURN_IF_ERROR(tx.status());
  TAXA_RETURN_IF_ERROR(ClearRows());
  TAXA_RETURN_IF_ERROR(
      st_->set_meta.Bind(1, std::string_view("indexed_commit")).Bind(2, std::string_view("")).Run());
  TAXA_RETURN_IF_ERROR(WriteGeneration());
  return tx.Commit();
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
  // Items first: most comparisons are made on integers cut from the item ids.
  auto item_of = [](const LabelEvent* e) { return std::string_view(e->item); };
  ParallelSortByText(events.begin(), events.end(), item_of,
                     [](const LabelEvent* a, const LabelEvent* b) {
                       if (int c = a->item.compare(b->item); c != 0) return c < 0;
                       if (int c = a->annotator.compare(b->annotator); c != 0) return c < 0;
                       return IsLaterThan(*a, *b);  // the latest of each pair first
                     });
  const LabelEvent* previous = nullptr;
  std::string cats, attributes;  // bound as they are, rewritten for each row
  for (size_t k = 0; k < events.size(); ++k) {
    // In key order the events lie all over memory: ask for the ones a few
    // rows ahead (the event, then its id and categories) before they are
    // needed, or most of this loop is spent waiting on cache misses.
    if (k + 16 < events.size()) {
      const char* ahead = reinterpret_cast<const char*>(events[k + 16]);
      for (size_t at = 0; at < sizeof(LabelEvent); at += 64) __builtin_prefetch(ahead + at);
    }
    if (k + 8 < events.size()) {
      const LabelEvent* ahead = events[k + 8];
      __builtin_prefetch(ahead->id.data());
      if (!ahead->categories.empty()) __builtin_prefetch(ahead->categories.data());
    }
    const LabelEvent* e = events[k];
    // Only the latest event of each (item, annotator) can become current.
    if (previous && previous->item == e->item && previous->annotator == e->annotator) continue;
    previous = e;
    WriteCategoriesJson(cats, e->categories);
    WriteAttributesJson(attributes, e->attributes);
    TAXA_RETURN_IF_ERROR(upsert.BindStatic(1, e->item)
                             .BindStatic(2, e->annotator)
                             .BindStatic(3, e->id)
                             .Bind(4, static_cast<int64_t>(e->hlc))
                             .BindStatic(5, cats)
                             .BindStatic(6, e->note)
                             .BindStatic(7, attributes)
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
  if (keep_label_events_) TAXA_RETURN_IF_ERROR(InsertLabelEvents(events));
  return RecordSegment(path, static_cast<int64_t>(events.size()));
}

Status Index::ApplySegmentsPipelined(const std::vector<std::string>& paths, const FileLoader& load,
                                     const DecodedSegments* decoded,
                                     const std::function<void()>& step) {
  // Segment k+1 is decoded on another thread while segment k goes into the
  // database; files are read on this thread only (the loader may use a
  // repository handle, which is not to be shared between threads). A
  // segment decoded already (and still the same bytes) is not decoded again.
  using Events = std::shared_ptr<const std::vector<LabelEvent>>;
  std::future<Result<Events>> decoding;
  std::string decoding_path;
  for (size_t k = 0; k <= paths.size(); ++k) {
    std::future<Result<Events>> next;
    if (k < paths.size()) {
      TAXA_ASSIGN_OR_RETURN(std::string bytes, load(paths[k]));
      next = std::async(std::launch::async, [path = paths[k], bytes = std::move(bytes), decoded] {
        return Guarded("decoding " + path, [&]() -> Result<Events> {
          if (decoded != nullptr)
            if (Events kept = decoded->Find(path, bytes)) return kept;
          TAXA_ASSIGN_OR_RETURN(std::vector<LabelEvent> events, DecodeSegment(path, bytes));
          return std::make_shared<const std::vector<LabelEvent>>(std::move(events));
        });
      });
    }
    if (decoding.valid()) {
      Result<Events> events = decoding.get();
      if (!events.ok()) {
        if (next.valid()) next.wait();
        return events.status();
      }
      TAXA_RETURN_IF_ERROR(InsertSegment(decoding_path, **events));
      if (step) step();
    }
    decoding = std::move(next);
    if (k < paths.size()) decoding_path = paths[k];
  }
  return Status::Ok();
}

Status Index::BackfillLabelEvents(const std::set<std::string>& skip, const FileLoader& load) {
  TAXA_ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT path FROM segments ORDER BY path"));
  std::vector<std::string> paths;
  TAXA_RETURN_IF_ERROR(ForEachRow(q, [&] {
    std::string path(q.Text(0));
    if (IsLabelSegment(path) && !skip.contains(path)) paths.push_back(std::move(path));
  }));
  for (const std::string& path : paths) {
    TAXA_ASSIGN_OR_RETURN(std::string bytes, load(path));
    TAXA_ASSIGN_OR_RETURN(std::vector<LabelEvent> events, DecodeSegment(path, bytes));
    TAXA_RETURN_IF_ERROR(InsertLabelEvents(events));
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

Status Index::ApplyInTransaction(const std::vector<FileChange>& changes, const FileLoader& load,
                                 const std::string& commit, const ProgressFn& progress,
                                 const Known* known, std::string& rebuild_because) {
  rebuild_because.clear();
  kept_label_events_.clear();
  // Numbers learned in an earlier Apply may name rows rolled back since, or
  // renumbered by another process's rebuild: learn them again.
  taxonomy_numbers_.clear();
  review_text_numbers_.clear();
  std::vector<FileChange> sorted;
  std::vector<std::string> review_segments;
  for (const FileChange& c : changes) {
    const bool segment =
        IsLabelSegment(c.path) || IsGoldSegment(c.path) || IsReviewSegment(c.path);
    if (segment && c.kind == FileChange::Kind::kDeleted) {
      rebuild_because = c.path + " was deleted";
      return Status::Ok();
    }
    if (IsReviewSegment(c.path))
      review_segments.push_back(c.path);
    else if (IsItemShard(c.path) || segment)
      sorted.push_back(c);
  }
  std::sort(review_segments.begin(), review_segments.end());
  // Label events are kept once the project has a review: the first one
  // brings in the label segments indexed before it.
  TAXA_ASSIGN_OR_RETURN(const bool had_reviews, HasReviews());
  keep_label_events_ = had_reviews || !review_segments.empty();
  unjudged_reviews_ = false;
  if (had_reviews) {
    TAXA_ASSIGN_OR_RETURN(
        Statement q, db_->Prepare("SELECT EXISTS(SELECT 1 FROM reviews WHERE judged = 0 AND "
                                  "label <> '')"));
    TAXA_ASSIGN_OR_RETURN(bool row, q.Step());
    unjudged_reviews_ = row && q.Int(0) != 0;
  } else if (keep_label_events_) {
    std::set<std::string> changed;
    for (const FileChange& c : sorted)
      if (IsLabelSegment(c.path)) changed.insert(c.path);
    TAXA_RETURN_IF_ERROR(BackfillLabelEvents(changed, load));
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const FileChange& a, const FileChange& b) { return a.path < b.path; });

  item_count_ = -1;
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
      // Known events are in `current` already, but not in label_events.
      if (known != nullptr && counted != known->indexed_segments.end() && !keep_label_events_) {
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
  TAXA_RETURN_IF_ERROR(ApplySegmentsPipelined(to_decode, load, known ? known->decoded : nullptr, [&] {
    if (progress) progress(++done, sorted.size());
  }));
  next_ord_ = -1;
  TAXA_RETURN_IF_ERROR(FlushLabelEvents());
  // After the label segments, so that a review finds the label it judged.
  TAXA_RETURN_IF_ERROR(ApplyReviewSegments(review_segments, load));
  keep_label_events_ = unjudged_reviews_ = false;
  if (renumber) TAXA_RETURN_IF_ERROR(Renumber());
  return st_->set_meta.Bind(1, std::string_view("indexed_commit")).Bind(2, commit).Run();
}


Status Index::Apply(const std::vector<FileChange>& changes, const FileLoader& load,
                    const std::string& commit, const ProgressFn& progress, const Known* known) {
  if (in_snapshot_) return Status::FailedPrecondition("the index is open as a snapshot");
  std::string rebuild_because;
  {
    Transaction tx(*db_);
    TAXA_RETURN_IF_ERROR(tx.status());
    TAXA_RETURN_IF_ERROR(
        ApplyInTransaction(changes, load, commit, progress, known, rebuild_because));
    if (rebuild_because.empty()) {
      TAXA_RETURN_IF_ERROR(tx.Commit());
      indexed_commit_ = commit;
      return Status::Ok();
    }
  }
  TAXA_RETURN_IF_ERROR(Clear());
  return Status::FailedPrecondition(rebuild_because + "; the index must be rebuilt");
}

Status Index::CatchUp(const std::string& commit, const ChangesSince& changes,
                      const FileLoader& load, const ProgressFn& progress, const Known* known) {
  return Guard([&] { return CatchUpOnce(commit, changes, load, progress, known); });
}

Status Index::CatchUpOnce(const std::string& commit, const ChangesSince& changes,
                          const FileLoader& load, const ProgressFn& progress,
                          const Known* known) {
  if (in_snapshot_) return Status::FailedPrecondition("the index is open as a snapshot");
  // What the file holds now, whoever wrote it: a cheap read first, since
  // most of the time it is where it should be.
  std::string held, generation;
  TAXA_RETURN_IF_ERROR(ReadMeta(held, generation));
  if (held == commit) {
    indexed_commit_ = held;
    generation_ = generation;
    return Status::Ok();
  }
  item_count_ = -1;
  Transaction tx(*db_);
  TAXA_RETURN_IF_ERROR(tx.status());
  // Again inside the transaction: another process may have moved it meanwhile.
  TAXA_RETURN_IF_ERROR(ReadMeta(held, generation));
  // What the caller knows of the rows holds only for the file it last saw.
  const bool as_last_seen = held == indexed_commit_ && generation == generation_;
  // Decoded segments hold whatever the index holds: they are matched by bytes.
  Known decoded_only;
  if (known != nullptr) decoded_only.decoded = known->decoded;
  indexed_commit_ = held;
  generation_ = generation;
  if (held == commit) return tx.Commit();
  std::string rebuild_because = held.empty() ? "the index is empty" : "";
  if (rebuild_because.empty()) {
    Result<std::vector<FileChange>> since = changes(held);
    if (since.ok()) {
      TAXA_RETURN_IF_ERROR(ApplyInTransaction(*since, load, commit, progress,
                                              as_last_seen ? known : &decoded_only,
                                              rebuild_because));
    } else {
      rebuild_because = since.status().message();  // history rewritten, a copied cache
    }
  }
  if (!rebuild_because.empty()) {
    TAXA_RETURN_IF_ERROR(ClearRows());
    TAXA_ASSIGN_OR_RETURN(std::vector<FileChange> all, changes(""));
    TAXA_RETURN_IF_ERROR(
        ApplyInTransaction(all, load, commit, progress, &decoded_only, rebuild_because));
    if (!rebuild_because.empty())
      return Status::Internal("cannot rebuild the index: " + rebuild_because);
    TAXA_RETURN_IF_ERROR(WriteGeneration());
  }
  TAXA_RETURN_IF_ERROR(tx.Commit());
  indexed_commit_ = commit;
  return Status::Ok();
}

Status Index::AddPendingEvents(const std::vector<LabelEvent>& events,
                               const std::function<Status()>& before_commit) {
  bool called = false;
  Status s = AddPendingOnce(events, before_commit, called);
  if (!IsDamage(s) || !refill_ || repairing_) return s;
  TAXA_RETURN_IF_ERROR(Repair(s));
  // The caller's part ran once already, and succeeded (else no damage here).
  return AddPendingOnce(events, called ? nullptr : before_commit, called);
}

Status Index::AddPendingOnce(const std::vector<LabelEvent>& events,
                             const std::function<Status()>& before_commit, bool& called) {
  if (in_snapshot_) return Status::FailedPrecondition("the index is open as a snapshot");
  std::optional<Transaction> tx;
  tx.emplace(*db_);
  std::vector<const LabelEvent*> refs;
  refs.reserve(events.size());
  for (const LabelEvent& e : events) refs.push_back(&e);
  Status inserted = tx->status().ok() ? InsertEvents(std::move(refs)) : tx->status();
  // Always let the caller finish its part (it may be running beside us).
  Status theirs = Status::Ok();
  if (before_commit) {
    called = true;
    theirs = before_commit();
  }
  TAXA_RETURN_IF_ERROR(theirs);  // the transaction rolls back
  TAXA_RETURN_IF_ERROR(inserted);
  return tx->Commit();
}

Result<int64_t> Index::ItemCount() {
  return Guard([&] { return ItemCountOnce(); });
}

Result<int64_t> Index::ItemCountOnce() {
  // Items change only through Apply and Clear, which forget this count.
  if (item_count_ >= 0) return item_count_;
  Statement& s = st_->item_count;
  Result<bool> row = s.Step();
  int64_t n = row.ok() && *row ? s.Int(0) : 0;
  s.Reset();
  if (!row.ok()) return row.status();
  item_count_ = n;
  return n;
}

Result<uint64_t> Index::MaxHlc() {
  return Guard([&]() -> Result<uint64_t> {
    TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare("SELECT coalesce(max(hlc), 0) FROM current"));
    TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? static_cast<uint64_t>(s.Int(0)) : uint64_t{0};
  });
}

Result<std::vector<ItemRow>> Index::ItemsAt(int64_t from, int64_t count) {
  return Guard([&]() -> Result<std::vector<ItemRow>> {
    Statement& s = st_->items_at;
    s.Bind(1, from).Bind(2, from + count);
    std::vector<ItemRow> out;
    TAXA_RETURN_IF_ERROR(ForEachRow(s, [&] { out.push_back({s.Int(0), ItemFromRow(s, 1)}); }));
    return out;
  });
}

Result<std::optional<ItemRow>> Index::FindItem(const std::string& id) {
  return Guard([&] { return FindItemOnce(id); });
}

Result<std::optional<ItemRow>> Index::FindItemOnce(const std::string& id) {
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
  return Guard([&]() -> Result<std::vector<std::string>> {
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
  });
}

Result<std::map<std::string, Item>> Index::ExistingItems(const std::vector<std::string>& ids) {
  return Guard([&]() -> Result<std::map<std::string, Item>> {
    std::map<std::string, Item> out;
    TAXA_ASSIGN_OR_RETURN(int64_t items, ItemCountOnce());
    if (items == 0) return out;
    for (const std::string& id : ids) {
      TAXA_ASSIGN_OR_RETURN(std::optional<ItemRow> row, FindItemOnce(id));
      if (row) out.emplace(id, std::move(row->item));
    }
    return out;
  });
}
Result<std::vector<CurrentLabel>> Index::CurrentLabels(const std::string& item_id) {
  return Guard([&]() -> Result<std::vector<CurrentLabel>> {
    Statement& s = st_->current_of;
    s.Bind(1, item_id);
    std::vector<CurrentLabel> out;
    StoredLabelForward forward(forwarding());
    TAXA_RETURN_IF_ERROR(ForEachRow(s, [&] {
      bool outdated = false;
      std::string_view categories = forward.Map(s.Text(3), outdated);
      out.push_back({std::string(s.Text(0)), std::string(s.Text(1)),
                     static_cast<uint64_t>(s.Int(2)), ParseCategories(categories),
                     std::string(s.Text(4)), ParseAttributes(s.Text(5)), outdated});
    }));
    return out;
  });
}

Result<std::optional<int64_t>> Index::NextUnlabeled(const std::string& annotator, int64_t after) {
  return NextUnlabeledExcept(annotator, after, {});
}

Result<std::optional<int64_t>> Index::NextUnlabeledExcept(const std::string& annotator,
                                                          int64_t after,
                                                          const std::vector<std::string>& excluded) {
  const std::string excluded_json = IdsJson(excluded);
  return Guard([&]() -> Result<std::optional<int64_t>> {
    Statement& s = st_->next_unlabeled;
    s.Bind(1, after).Bind(2, annotator).Bind(3, excluded_json);
    Result<bool> row = s.Step();
    std::optional<int64_t> out;
    if (row.ok() && *row) out = s.Int(0);
    s.Reset();
    if (!row.ok()) return row.status();
    return out;
  });
}

Result<int64_t> Index::LabeledCount(const std::string& annotator) {
  return Guard([&]() -> Result<int64_t> {
    Statement& s = st_->labeled_count;
    s.Bind(1, annotator);
    Result<bool> row = s.Step();
    int64_t n = row.ok() && *row ? s.Int(0) : 0;
    s.Reset();
    if (!row.ok()) return row.status();
    return n;
  });
}

Result<int64_t> Index::LabeledSince(const std::string& annotator, uint64_t hlc) {
  return Guard([&]() -> Result<int64_t> {
    TAXA_ASSIGN_OR_RETURN(Statement s,
                          db_->Prepare("SELECT count(*) FROM current c JOIN items i ON i.id = c.item "
                                       "WHERE c.annotator = ?1 AND c.categories <> '[]' "
                                       "AND c.hlc >= ?2"));
    s.Bind(1, annotator).Bind(2, static_cast<int64_t>(hlc));
    TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : int64_t{0};
  });
}

Result<std::vector<std::string>> Index::LabeledAmong(const std::string& annotator,
                                                     const std::vector<std::string>& ids) {
  const std::string ids_json = IdsJson(ids);
  return Guard([&]() -> Result<std::vector<std::string>> {
    Statement& s = st_->labeled_among;
    s.Bind(1, annotator).Bind(2, ids_json);
    std::vector<std::string> out;
    TAXA_RETURN_IF_ERROR(ForEachRow(s, [&] { out.emplace_back(s.Text(0)); }));
    return out;
  });
}

Result<std::vector<int64_t>> Index::FindItems(const ItemFilter& f, int64_t after, int64_t limit) {
  if (f.meta_key.find_first_of("\"\\") != std::string::npos)
    return Status::InvalidInput("metadata key \"" + f.meta_key + "\" may not hold '\"' or '\\'");
  using State = ItemFilter::State;
  if ((f.state == State::kUnlabeledBy || f.state == State::kLabeledBy) && f.annotator.empty())
    return Status::InvalidInput("a search by who labeled an item needs the annotator");
  // One statement for every filter: each condition is switched off by its
  // own bound value, so nothing of the user's is ever part of the SQL text.
  static constexpr const char* kSql =
      "SELECT ord FROM items WHERE ord > ?1 "
      "AND (?2 = '' OR text LIKE ?3 ESCAPE '\\' OR id LIKE ?3 ESCAPE '\\') "
      "AND (?4 = '' OR id LIKE ?5 ESCAPE '\\') "
      "AND (?6 = '' OR (CASE json_type(meta, ?7) WHEN 'true' THEN 'true' "
      "  WHEN 'false' THEN 'false' ELSE coalesce(CAST(json_extract(meta, ?7) AS TEXT), '') "
      "  END) = ?8) "
      "AND (?9 <> 1 OR NOT EXISTS (SELECT 1 FROM current c WHERE c.item = items.id "
      "  AND c.annotator = ?10 AND c.categories <> '[]')) "
      "AND (?9 <> 2 OR EXISTS (SELECT 1 FROM current c WHERE c.item = items.id "
      "  AND c.annotator = ?10 AND c.categories <> '[]')) "
      "AND (?9 <> 3 OR id IN (SELECT value FROM json_each(?11))) "
      "AND (?9 <> 4 OR ((?10 = '' OR EXISTS (SELECT 1 FROM current m WHERE m.item = items.id "
      "  AND m.annotator = ?10 AND m.categories <> '[]')) "
      "  AND EXISTS (SELECT 1 FROM current a JOIN current b ON b.item = a.item "
      "  AND b.annotator > a.annotator WHERE a.item = items.id AND a.categories <> '[]' "
      "  AND b.categories <> '[]' AND taxa_forward(a.categories) <> "
      "  taxa_forward(b.categories)))) "
      "AND (?9 <> 5 OR EXISTS (SELECT 1 FROM gold g WHERE g.item = items.id "
      "  AND g.categories <> '[]')) "
      "AND (?9 <> 6 OR EXISTS (SELECT 1 FROM current u WHERE u.item = items.id "
      "  AND (?10 = '' OR u.annotator = ?10) AND EXISTS (SELECT 1 FROM json_each(u.categories) k "
      "  WHERE k.value IN (SELECT value FROM json_each(?13))))) "
      "ORDER BY ord LIMIT ?12";
  const int state = f.state == State::kUnlabeledBy    ? 1
                    : f.state == State::kLabeledBy    ? 2
                    : f.state == State::kListed       ? 3
                    : f.state == State::kDisagreement ? 4
                    : f.state == State::kGold         ? 5
                    : f.state == State::kUsesCategory ? 6
                                                      : 0;
  const std::string text_pattern = LikePattern(f.text);
  const std::string id_pattern = LikePattern(f.id);
  const std::string meta_path = "$.\"" + f.meta_key + "\"";
  const std::string listed = IdsJson(f.listed);
  std::vector<std::string> wanted = f.categories;
  if (const LabelForward* forward = forwarding(); forward && f.state == State::kUsesCategory) {
    // Labels made under ids that now read as a wanted one count too.
    for (std::string& id : forward->RecordedAs(f.categories)) wanted.push_back(std::move(id));
  }
  const std::string categories = IdsJson(wanted);
  // Two labels disagree when they differ as they read now (cats and pets
  // agree once cats was merged into pets).
  StoredLabelForward forward(forwarding());
  return Guard([&]() -> Result<std::vector<int64_t>> {
    *forward_in_query_ = &forward;
    struct Unset {
      StoredLabelForward** slot;
      ~Unset() { *slot = nullptr; }
    } unset{forward_in_query_.get()};
    TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare(kSql));
    s.Bind(1, after)
        .Bind(2, f.text)
        .Bind(3, text_pattern)
        .Bind(4, f.id)
        .Bind(5, id_pattern)
        .Bind(6, f.meta_key)
        .Bind(7, meta_path)
        .Bind(8, f.meta_value)
        .Bind(9, static_cast<int64_t>(state))
        .Bind(10, f.annotator)
        .Bind(11, listed)
        .Bind(12, limit)
        .Bind(13, categories);
    std::vector<int64_t> out;
    TAXA_RETURN_IF_ERROR(ForEachRow(s, [&] { out.push_back(s.Int(0)); }));
    return out;
  });
}

Result<IndexCounts> Index::Counts() {
  return Guard([&] { return CountsOnce(); });
}

Result<IndexCounts> Index::CountsOnce() {
  IndexCounts c;
  TAXA_ASSIGN_OR_RETURN(c.items, ItemCountOnce());
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
  const LabelForward* forward = forwarding();
  if (forward == nullptr) {
    TAXA_RETURN_IF_ERROR(pairs(
        "SELECT j.value, count(*) FROM current c JOIN items i ON i.id = c.item, "
        "json_each(c.categories) AS j GROUP BY j.value ORDER BY j.value", c.by_category));
    return c;
  }
  // Each distinct label read forward: two recorded ids may now be one, and an
  // outdated label is counted apart.
  std::vector<std::pair<std::string, int64_t>> sets;
  TAXA_RETURN_IF_ERROR(pairs(
      "SELECT c.categories, count(*) FROM current c JOIN items i ON i.id = c.item "
      "WHERE c.categories <> '[]' GROUP BY c.categories", sets));
  std::map<std::string, int64_t> by_category;
  std::vector<std::string> recorded, now;
  for (const auto& [stored, count] : sets) {
    ParseCategoriesInto(stored, recorded);
    if (!forward->Map(recorded, now)) {
      c.outdated_labels += count;
      continue;
    }
    for (const std::string& id : now) by_category[id] += count;
  }
  c.by_category.assign(by_category.begin(), by_category.end());
  return c;
}

Status Index::ScanCurrentLabels(const std::function<Status(const CurrentLabelView&)>& fn,
                                const std::string& meta_key) {
  if (meta_key.find_first_of("\"\\") != std::string::npos)
    return Status::InvalidInput("metadata key \"" + meta_key + "\" may not hold '\"' or '\\'");
  return GuardScan([&](bool& delivered, bool& caller_failed) -> Status {
  TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare(
      "SELECT c.item, c.annotator, c.categories, "
      "CASE WHEN ?1 = '' THEN '' ELSE coalesce(CAST(json_extract(i.meta, ?2) AS TEXT), '') END, "
      "i.ord FROM items i CROSS JOIN current c ON c.item = i.id WHERE c.categories <> '[]' "
      "ORDER BY i.ord, c.annotator"));
  // CROSS JOIN keeps items the outer loop: walked in order by items_ord, each
  // item's labels found by the primary key, so no sort of every label is
  // needed for ORDER BY. A quoted JSON path, so keys with dots or spaces name one member.
  s.Bind(1, meta_key).Bind(2, "$.\"" + meta_key + "\"");
  std::vector<std::string> categories;
  StoredLabelForward forward(forwarding());  // each distinct stored text mapped once
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return Status::Ok();
    bool outdated = false;
    ParseCategoriesInto(forward.Map(s.Text(2), outdated), categories);
    if (categories.empty()) continue;
    delivered = true;
    Status used =
        fn(CurrentLabelView{s.Text(0), s.Text(1), categories, s.Text(3), outdated, s.Int(4)});
    if (!used.ok()) {
      caller_failed = true;
      return used;
    }
  }
  });
}

void ParseStoredCategories(std::string_view json, std::vector<std::string>& out) {
  ParseCategoriesInto(json, out);
}

Status Index::ScanLabelsByItemId(const std::function<Status(const StoredLabelView&)>& fn) {
  return GuardScan([&](bool& delivered, bool& caller_failed) -> Status {
    return ScanLabelsByItemIdOnce([&](const StoredLabelView& v) -> Status {
      delivered = true;
      Status used = fn(v);
      caller_failed = !used.ok();
      return used;
    });
  });
}

Status Index::ScanLabelsByItemIdOnce(const std::function<Status(const StoredLabelView&)>& fn,
                                     bool as_recorded) {
  TAXA_ASSIGN_OR_RETURN(Statement labels,
                        db_->Prepare("SELECT item, annotator, categories FROM current "
                                     "WHERE categories <> '[]' ORDER BY item, annotator"));
  StoredLabelForward stored(as_recorded ? nullptr : forwarding());
  return storage::ForEachLabelOfAnItem(*db_, labels, [&] {
    bool outdated = false;
    std::string_view categories = stored.Map(labels.Text(2), outdated);
    return fn(StoredLabelView{labels.Text(0), labels.Text(1), categories, outdated});
  });
}

Result<std::vector<GoldLabel>> Index::GoldLabels() {
  return Guard([&]() -> Result<std::vector<GoldLabel>> {
    TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare(
        "SELECT item, annotator, event_id, hlc, categories, note, attributes FROM gold "
        "WHERE categories <> '[]' ORDER BY item"));
    std::vector<GoldLabel> out;
    StoredLabelForward forward(forwarding());
    TAXA_RETURN_IF_ERROR(ForEachRow(s, [&] {
      bool outdated = false;
      std::string_view categories = forward.Map(s.Text(4), outdated);
      out.push_back({std::string(s.Text(0)), std::string(s.Text(1)), std::string(s.Text(2)),
                     static_cast<uint64_t>(s.Int(3)), ParseCategories(categories),
                     std::string(s.Text(5)), ParseAttributes(s.Text(6)), outdated});
    }));
    return out;
  });
}

Status Index::ForEachItemWithLabels(
    const std::function<Status(const Item&, const std::vector<CurrentLabel>&)>& fn,
    bool as_recorded) {
  // Chosen once, before a refill (which may install another) could run; held
  // here so it outlives the scan.
  const std::shared_ptr<const LabelForward> held = as_recorded ? nullptr : forward_;
  // Output cannot be taken back: find damage anywhere before the first row.
  TAXA_RETURN_IF_ERROR(CheckPages());
  StoredLabelForward forward(held.get());  // each distinct stored text mapped once
  return GuardScan([&](bool& delivered, bool& caller_failed) -> Status {
  TAXA_ASSIGN_OR_RETURN(Statement s, db_->Prepare(
      "SELECT i.id, i.text, i.media_path, i.media_sha256, i.meta, c.annotator, c.event_id, "
      "c.hlc, c.categories, c.note, c.attributes FROM items i "
      "LEFT JOIN current c ON c.item = i.id ORDER BY i.ord, c.annotator"));
  Item item;
  std::vector<CurrentLabel> labels;
  bool have = false;
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row || !have || s.Text(0) != item.id) {
      if (have) {
        delivered = true;
        Status used = fn(item, labels);
        if (!used.ok()) {
          caller_failed = true;
          return used;
        }
      }
      if (!row) break;
      item = ItemFromRow(s, 0);
      labels.clear();
      have = true;
    }
    if (!s.IsNull(5)) {
      bool outdated = false;
      std::vector<std::string> cats = ParseCategories(forward.Map(s.Text(8), outdated));
      if (!cats.empty()) {
        labels.push_back({std::string(s.Text(5)), std::string(s.Text(6)),
                          static_cast<uint64_t>(s.Int(7)), std::move(cats),
                          std::string(s.Text(9)), ParseAttributes(s.Text(10)), outdated});
      }
    }
  }
  return Status::Ok();
  });
}

}  // namespace taxa::core
