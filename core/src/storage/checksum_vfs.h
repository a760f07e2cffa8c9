// A SQLite VFS shim that keeps a checksum of every page of a database file in
// the page's last 8 bytes (SQLite's "reserved bytes") and checks it on every
// read, so that damage inside a record's payload, which breaks no b-tree
// structure and so escapes `PRAGMA quick_check`, still fails the read.
// A memory-mapped page is checked the first time a connection maps it (SQLite
// maps a page again at each visit; checking every visit cost a third of a
// report's time): damage to a page after one connection mapped it whole is
// found by the next connection, not by that one.
//
//   sqlite3_open_v2(path, &db, flags, ChecksumVfsName());
//   int n = kChecksumBytes;   // before anything is written to a new file
//   sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n);
//
// Only the main database file is checksummed. A page written to the WAL gets
// its checksum when a checkpoint copies it into the database file; the WAL's
// own frame checksums (SQLite's) guard it until then.
//
// A page that fails its checksum makes the read fail with SQLITE_IOERR_DATA;
// so does a header whose reserved-bytes field is not 8 (a file of another
// format, or a damaged header).
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>

namespace taxa::core::storage {

// Bytes at the end of each page that hold its checksum.
inline constexpr int kChecksumBytes = 8;

// Registers the shim over the default VFS (once, thread-safe) and returns
// its name, for sqlite3_open_v2's last argument.
const char* ChecksumVfsName();

// The checksum of page number `page` (from 1) whose first `size` bytes are
// `data` (everything but the checksum itself; a multiple of 8).
uint64_t PageChecksum(const unsigned char* data, size_t size, uint64_t page);

// The number of the last page of `db`'s main file that failed its checksum
// on this connection; 0 when none did (or the file is not under the shim).
int64_t LastBadPage(sqlite3* db);

}  // namespace taxa::core::storage
