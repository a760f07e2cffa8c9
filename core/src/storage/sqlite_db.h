// A thin RAII layer over the SQLite C API: prepared statements with bound
// parameters (never SQL built from user text) and errors as Status values.
//
// Every result code is checked. Damage (SQLITE_CORRUPT, SQLITE_NOTADB, any
// SQLITE_IOERR, among them a page that failed its checksum) becomes kCorrupt,
// so the owner of a cache knows to rebuild it; a busy database kLocked; the
// rest kInternal. A failed bind is kept and returned by the next Step().
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/checksum_vfs.h"
#include "taxa/core/status.h"

namespace taxa::core::storage {

// How every message about the database starts (Index tells damage of the
// database from a corrupt shard by it).
inline constexpr const char* kIndexDatabase = "index database";

// The Status for SQLite result code `rc` on `db` (which may be null), its
// message "index database PATH: <what SQLite says>" naming a page that
// failed its checksum when one did.
inline Status SqliteStatus(sqlite3* db, int rc) {
  std::string msg = kIndexDatabase;
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  if (file != nullptr && *file != '\0') msg += std::string(" ") + file;
  msg += ": ";
  const int64_t bad_page = db != nullptr && rc == SQLITE_IOERR_DATA ? LastBadPage(db) : 0;
  if (bad_page > 0)
    msg += "page " + std::to_string(bad_page) + " failed its checksum";
  else
    msg += db != nullptr && sqlite3_extended_errcode(db) == rc ? sqlite3_errmsg(db)
                                                               : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_IOERR)
    return Status::Corrupt(msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return Status::Locked(msg + " (another process holds it too long)");
  return Status::Internal(msg);
}

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_), bind_rc_(o.bind_rc_) {
    o.stmt_ = nullptr;
  }
  Statement& operator=(Statement&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(stmt_);
      db_ = o.db_;
      stmt_ = o.stmt_;
      bind_rc_ = o.bind_rc_;
      o.stmt_ = nullptr;
    }
    return *this;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT)
  // unless `BindStatic` is used, whose view must outlive the next Step().
  // The first failed bind is returned by the next Step() (or Run()).
  Statement& Bind(int i, std::string_view v) {
    return Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()),
                                   SQLITE_TRANSIENT));
  }
  Statement& BindStatic(int i, std::string_view v) {
    return Check(
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  Statement& Bind(int i, int64_t v) { return Check(sqlite3_bind_int64(stmt_, i, v)); }

  // Returns true while there is a row; false at the end. Errors become Status.
  Result<bool> Step() {
    if (bind_rc_ != SQLITE_OK) {
      return Status::Internal("index database: cannot bind a parameter: " +
                              std::string(sqlite3_errstr(bind_rc_)));
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteStatus(db_, rc);
  }
  // Runs to completion, then resets for reuse.
  Status Run() {
    Result<bool> r = Step();
    Reset();
    return r.ok() ? Status::Ok() : r.status();
  }
  // Makes the statement ready to bind and run again. (sqlite3_reset returns
  // the error of the last step again, which Step has returned already.)
  void Reset() {
    (void)sqlite3_reset(stmt_);
    (void)sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
  }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string_view Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  Statement& Check(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    return *this;
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_rc_ = SQLITE_OK;
};

class Database {
 public:
  Database() = default;
  Database(Database&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Database& operator=(Database&& o) noexcept {
    if (this != &o) {
      sqlite3_close_v2(db_);
      db_ = o.db_;
      o.db_ = nullptr;
    }
    return *this;
  }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() { sqlite3_close_v2(db_); }

  // Opens (creating when missing) the database at `path` through the
  // checksum VFS (checksum_vfs.h). A new, empty file gets 8 reserved bytes a
  // page for the checksums before anything is written to it.
  static Result<Database> Open(const std::string& path) {
    Database d;
    int rc = sqlite3_open_v2(path.c_str(), &d.db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             ChecksumVfsName());
    if (rc != SQLITE_OK) {
      std::string msg = d.db_ ? sqlite3_errmsg(d.db_) : sqlite3_errstr(rc);
      if (SqliteStatus(d.db_, rc).code() == StatusCode::kCorrupt)
        return Status::Corrupt(std::string(kIndexDatabase) + " " + path + ": cannot open: " + msg);
      return Status::Io(path + ": cannot open index database: " + msg);
    }
    (void)sqlite3_extended_result_codes(d.db_, 1);
    sqlite3_busy_timeout(d.db_, 10000);
    int reserve = kChecksumBytes;  // a no-op unless the file is still empty
    rc = sqlite3_file_control(d.db_, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    if (rc != SQLITE_OK) return SqliteStatus(d.db_, rc);
    return d;
  }

  Status Exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      sqlite3_free(err);
      return SqliteStatus(db_, rc);
    }
    return Status::Ok();
  }

  Result<Statement> Prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteStatus(db_, rc);
    return Statement(db_, stmt);
  }

  // Defines the SQL function `name` of `args` arguments, calling `fn` with
  // `user` as its sqlite3_user_data (which must outlive this database).
  Status DefineFunction(const char* name, int args, void* user,
                        void (*fn)(sqlite3_context*, int, sqlite3_value**)) {
    int rc = sqlite3_create_function_v2(db_, name, args, SQLITE_UTF8, user, fn, nullptr, nullptr,
                                        nullptr);
    return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(db_, rc);
  }

  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace taxa::core::storage
