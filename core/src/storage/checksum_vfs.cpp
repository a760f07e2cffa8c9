#include "storage/checksum_vfs.h"

#include <cstring>
#include <mutex>
#include <vector>

namespace taxa::core::storage {

namespace {

constexpr char kVfsName[] = "taxa-checksum";
// A file control of our own: the last page that failed its checksum.
constexpr int kFcntlLastBadPage = 0x7478;  // 'tx'
constexpr unsigned char kMagic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f',
                                      'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
constexpr int kReserveOffset = 20;  // the header byte that holds the reserved bytes per page

// An open main database file: our fields, then the lower VFS's file.
struct ChecksumFile {
  sqlite3_file base;
  int64_t last_bad_page;
  // The pages mapped (Fetch) and found whole on this connection, a bit each
  // (Open allocates it, Close frees it). SQLite keeps no mapped page between
  // visits, so a lookup maps the same interior pages again and again; their
  // checks were a third of a million-label report's time.
  std::vector<uint64_t>* mapped_whole;
};

sqlite3_file* Lower(sqlite3_file* f) { return reinterpret_cast<sqlite3_file*>(
    reinterpret_cast<ChecksumFile*>(f) + 1); }
sqlite3_vfs* LowerVfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

// A read or write of a whole page: a power of two from 512 on, at a multiple
// of its size (SQLite reads and writes pages no other way).
bool IsPage(int amount, sqlite3_int64 offset) {
  return amount >= 512 && (amount & (amount - 1)) == 0 && offset % amount == 0;
}

uint64_t LoadWord(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;  // host order: the file is read on the host that wrote it, or fails loudly
}

void StoreWord(unsigned char* p, uint64_t w) { std::memcpy(p, &w, 8); }

uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// A bijective finaliser: every input bit reaches every output bit.
uint64_t Avalanche(uint64_t x) {
  x ^= x >> 31;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 29;
  x *= 0xa0761d6478bd642fULL;
  x ^= x >> 32;
  return x;
}

// The page at `data` (`amount` bytes, page number `page`) holds its checksum.
bool Verified(const unsigned char* data, int amount, uint64_t page) {
  const size_t body = static_cast<size_t>(amount - kChecksumBytes);
  return LoadWord(data + body) == PageChecksum(data, body, page);
}

// A header (the first bytes of page 1) of a database of ours: the SQLite
// magic and 8 reserved bytes per page.
bool HeaderIsOurs(const unsigned char* data, int amount) {
  return amount > kReserveOffset && std::memcmp(data, kMagic, sizeof kMagic) == 0 &&
         data[kReserveOffset] == kChecksumBytes;
}

bool MappedWhole(const ChecksumFile* self, uint64_t page) {
  const std::vector<uint64_t>& bits = *self->mapped_whole;
  return page / 64 < bits.size() && (bits[page / 64] >> (page % 64) & 1) != 0;
}

void MarkMappedWhole(ChecksumFile* self, uint64_t page) {
  std::vector<uint64_t>& bits = *self->mapped_whole;
  if (page / 64 >= bits.size()) bits.resize(page / 64 + 1);
  bits[page / 64] |= uint64_t{1} << (page % 64);
}

int Close(sqlite3_file* f) {
  auto* self = reinterpret_cast<ChecksumFile*>(f);
  delete self->mapped_whole;
  self->mapped_whole = nullptr;
  return Lower(f)->pMethods->xClose(Lower(f));
}

int Read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  sqlite3_file* lower = Lower(f);
  int rc = lower->pMethods->xRead(lower, buffer, amount, offset);
  if (rc != SQLITE_OK) return rc;  // a short read of a new or shrunk file: SQLite's to judge
  const auto* data = static_cast<const unsigned char*>(buffer);
  auto* self = reinterpret_cast<ChecksumFile*>(f);
  if (offset == 0 && amount >= 100 && !HeaderIsOurs(data, amount)) {
    self->last_bad_page = 1;
    sqlite3_log(SQLITE_IOERR_DATA, "taxa: the database header has no page checksums");
    return SQLITE_IOERR_DATA;
  }
  if (IsPage(amount, offset)) {
    const uint64_t page = static_cast<uint64_t>(offset / amount) + 1;
    if (!Verified(data, amount, page)) {
      self->last_bad_page = static_cast<int64_t>(page);
      sqlite3_log(SQLITE_IOERR_DATA, "taxa: page %lld failed its checksum",
                  static_cast<long long>(page));
      return SQLITE_IOERR_DATA;
    }
  }
  return SQLITE_OK;
}

int Write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  sqlite3_file* lower = Lower(f);
  if (!IsPage(amount, offset)) return lower->pMethods->xWrite(lower, buffer, amount, offset);
  // SQLite's buffer is const (it may be a cached page): checksum a copy.
  thread_local std::vector<unsigned char> copy;
  copy.assign(static_cast<const unsigned char*>(buffer),
              static_cast<const unsigned char*>(buffer) + amount);
  const size_t body = static_cast<size_t>(amount - kChecksumBytes);
  StoreWord(copy.data() + body,
            PageChecksum(copy.data(), body, static_cast<uint64_t>(offset / amount) + 1));
  return lower->pMethods->xWrite(lower, copy.data(), amount, offset);
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  reinterpret_cast<ChecksumFile*>(f)->mapped_whole->clear();
  return Lower(f)->pMethods->xTruncate(Lower(f), size);
}
int Sync(sqlite3_file* f, int flags) { return Lower(f)->pMethods->xSync(Lower(f), flags); }
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return Lower(f)->pMethods->xFileSize(Lower(f), size);
}
int Lock(sqlite3_file* f, int level) { return Lower(f)->pMethods->xLock(Lower(f), level); }
int Unlock(sqlite3_file* f, int level) { return Lower(f)->pMethods->xUnlock(Lower(f), level); }
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Lower(f)->pMethods->xCheckReservedLock(Lower(f), out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  if (op == kFcntlLastBadPage) {
    *static_cast<int64_t*>(arg) = reinterpret_cast<ChecksumFile*>(f)->last_bad_page;
    return SQLITE_OK;
  }
  return Lower(f)->pMethods->xFileControl(Lower(f), op, arg);
}
int SectorSize(sqlite3_file* f) { return Lower(f)->pMethods->xSectorSize(Lower(f)); }
int DeviceCharacteristics(sqlite3_file* f) {
  return Lower(f)->pMethods->xDeviceCharacteristics(Lower(f));
}
int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Lower(f)->pMethods->xShmMap(Lower(f), region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Lower(f)->pMethods->xShmLock(Lower(f), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Lower(f)->pMethods->xShmBarrier(Lower(f)); }
int ShmUnmap(sqlite3_file* f, int remove) {
  return Lower(f)->pMethods->xShmUnmap(Lower(f), remove);
}

// Memory-mapped pages are checked like read ones, the first time this
// connection maps each; a bad one is handed back unused, so SQLite reads it
// with Read, which reports it.
int Fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  sqlite3_file* lower = Lower(f);
  auto* self = reinterpret_cast<ChecksumFile*>(f);
  *out = nullptr;
  if (lower->pMethods->iVersion < 3 || lower->pMethods->xFetch == nullptr) return SQLITE_OK;
  int rc = lower->pMethods->xFetch(lower, offset, amount, out);
  if (rc != SQLITE_OK || *out == nullptr || !IsPage(amount, offset)) return rc;
  const uint64_t page = static_cast<uint64_t>(offset / amount) + 1;
  if (MappedWhole(self, page)) return SQLITE_OK;
  if (Verified(static_cast<const unsigned char*>(*out), amount, page)) {
    MarkMappedWhole(self, page);
  } else {
    (void)lower->pMethods->xUnfetch(lower, offset, *out);
    *out = nullptr;
  }
  return SQLITE_OK;
}
int Unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  sqlite3_file* lower = Lower(f);
  if (lower->pMethods->iVersion < 3 || lower->pMethods->xUnfetch == nullptr) return SQLITE_OK;
  return lower->pMethods->xUnfetch(lower, offset, p);
}

const sqlite3_io_methods kMethods = {
    3, Close, Read, Write, Truncate, Sync, FileSize, Lock, Unlock, CheckReservedLock,
    FileControl, SectorSize, DeviceCharacteristics, ShmMap, ShmLock, ShmBarrier, ShmUnmap,
    Fetch, Unfetch};

int Open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  sqlite3_vfs* lower = LowerVfs(vfs);
  // Journals, the WAL and temporary files are the lower VFS's alone.
  if ((flags & SQLITE_OPEN_MAIN_DB) == 0) return lower->xOpen(lower, name, f, flags, out_flags);
  auto* self = reinterpret_cast<ChecksumFile*>(f);
  self->last_bad_page = 0;
  self->mapped_whole = nullptr;
  int rc = lower->xOpen(lower, name, Lower(f), flags, out_flags);
  // SQLite calls xClose only when pMethods is set, so set it only when open.
  f->pMethods = rc == SQLITE_OK ? &kMethods : nullptr;
  if (rc == SQLITE_OK) self->mapped_whole = new std::vector<uint64_t>();
  return rc;
}

int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return LowerVfs(vfs)->xDelete(LowerVfs(vfs), name, sync_dir);
}
int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return LowerVfs(vfs)->xAccess(LowerVfs(vfs), name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return LowerVfs(vfs)->xFullPathname(LowerVfs(vfs), name, size, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* name) {
  return LowerVfs(vfs)->xDlOpen(LowerVfs(vfs), name);
}
void DlError(sqlite3_vfs* vfs, int size, char* out) {
  LowerVfs(vfs)->xDlError(LowerVfs(vfs), size, out);
}
void (*DlSym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return LowerVfs(vfs)->xDlSym(LowerVfs(vfs), handle, symbol);
}
void DlClose(sqlite3_vfs* vfs, void* handle) { LowerVfs(vfs)->xDlClose(LowerVfs(vfs), handle); }
int Randomness(sqlite3_vfs* vfs, int size, char* out) {
  return LowerVfs(vfs)->xRandomness(LowerVfs(vfs), size, out);
}
int Sleep(sqlite3_vfs* vfs, int micros) { return LowerVfs(vfs)->xSleep(LowerVfs(vfs), micros); }
int CurrentTime(sqlite3_vfs* vfs, double* out) {
  return LowerVfs(vfs)->xCurrentTime(LowerVfs(vfs), out);
}
int GetLastError(sqlite3_vfs* vfs, int size, char* out) {
  return LowerVfs(vfs)->xGetLastError(LowerVfs(vfs), size, out);
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  sqlite3_vfs* lower = LowerVfs(vfs);
  if (lower->iVersion >= 2 && lower->xCurrentTimeInt64 != nullptr)
    return lower->xCurrentTimeInt64(lower, out);
  double days = 0;
  int rc = lower->xCurrentTime(lower, &days);
  *out = static_cast<sqlite3_int64>(days * 86400000.0);
  return rc;
}
int SetSystemCall(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr call) {
  return LowerVfs(vfs)->xSetSystemCall(LowerVfs(vfs), name, call);
}
sqlite3_syscall_ptr GetSystemCall(sqlite3_vfs* vfs, const char* name) {
  return LowerVfs(vfs)->xGetSystemCall(LowerVfs(vfs), name);
}
const char* NextSystemCall(sqlite3_vfs* vfs, const char* name) {
  return LowerVfs(vfs)->xNextSystemCall(LowerVfs(vfs), name);
}

}  // namespace

uint64_t PageChecksum(const unsigned char* data, size_t size, uint64_t page) {
  // Four lanes over interleaved 8-byte words, each step a bijection of its
  // lane for a fixed word and of the word for a fixed lane: a change within
  // one word always changes its lane's end state, and the page number seeds
  // the lanes, so a page written at another page's place fails too.
  constexpr uint64_t kMul = 0x9fb21c651e98df25ULL;
  constexpr uint64_t kStep = 0xc2b2ae3d27d4eb4fULL;
  uint64_t lane[4] = {page * kStep + 1, Rotl(page, 17) ^ kMul, ~page, page ^ kStep};
  const size_t words = size / 8;
  size_t i = 0;
  for (; i + 4 <= words; i += 4) {
    for (int k = 0; k < 4; ++k)
      lane[k] = Rotl(lane[k] + LoadWord(data + 8 * (i + k)) * kMul, 29) * kStep;
  }
  for (int k = 0; i < words; ++i, ++k)
    lane[k] = Rotl(lane[k] + LoadWord(data + 8 * i) * kMul, 29) * kStep;
  return Avalanche(Avalanche(lane[0]) + Rotl(Avalanche(lane[1]), 16) +
                   Rotl(Avalanche(lane[2]), 32) + Rotl(Avalanche(lane[3]), 48) + size);
}

const char* ChecksumVfsName() {
  static std::once_flag once;
  static sqlite3_vfs vfs;
  std::call_once(once, [] {
    sqlite3_vfs* lower = sqlite3_vfs_find(nullptr);
    vfs = sqlite3_vfs{};
    vfs.iVersion = lower->iVersion < 3 ? lower->iVersion : 3;
    vfs.szOsFile = static_cast<int>(sizeof(ChecksumFile)) + lower->szOsFile;
    vfs.mxPathname = lower->mxPathname;
    vfs.zName = kVfsName;
    vfs.pAppData = lower;
    vfs.xOpen = Open;
    vfs.xDelete = Delete;
    vfs.xAccess = Access;
    vfs.xFullPathname = FullPathname;
    vfs.xDlOpen = DlOpen;
    vfs.xDlError = DlError;
    vfs.xDlSym = DlSym;
    vfs.xDlClose = DlClose;
    vfs.xRandomness = Randomness;
    vfs.xSleep = Sleep;
    vfs.xCurrentTime = CurrentTime;
    vfs.xGetLastError = GetLastError;
    vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    vfs.xSetSystemCall = SetSystemCall;
    vfs.xGetSystemCall = GetSystemCall;
    vfs.xNextSystemCall = NextSystemCall;
    (void)sqlite3_vfs_register(&vfs, /*makeDflt=*/0);
  });
  return kVfsName;
}

int64_t LastBadPage(sqlite3* db) {
  sqlite3_vfs* vfs = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK ||
      vfs == nullptr || std::strcmp(vfs->zName, kVfsName) != 0)
    return 0;
  int64_t page = 0;
  if (sqlite3_file_control(db, "main", kFcntlLastBadPage, &page) != SQLITE_OK) return 0;
  return page;
}

}  // namespace taxa::core::storage
