#include "taxa/core/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "taxa/core/fs.h"

namespace taxa::core {

namespace {

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string Checksum(std::string_view s) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Fnv1a(s)));
  return std::string(buf, 16);
}

}  // namespace

Journal::Journal(Journal&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), torn_tail_(other.torn_tail_) {
  other.fd_ = -1;
}

Journal& Journal::operator=(Journal&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    torn_tail_ = other.torn_tail_;
    other.fd_ = -1;
  }
  return *this;
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

Result<Journal> Journal::Open(const std::string& path) {
  Journal j;
  j.fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (j.fd_ < 0) return Status::Io(path + ": cannot open journal: " + std::strerror(errno));
  j.path_ = path;
  // A crash mid-append leaves a record without its newline. It was never
  // acknowledged: ReadAll counts it as damaged, and the next Append drops it.
  off_t size = ::lseek(j.fd_, 0, SEEK_END);
  char last = '\n';
  if (size > 0 && ::pread(j.fd_, &last, 1, size - 1) != 1) last = '\n';
  j.torn_tail_ = last != '\n';
  return j;
}

Status Journal::DropTornTail() {
  // Cut the file after its last line break. Writing a line break after the
  // torn bytes instead would turn a record that lacked only its line break
  // into an intact one: a record ReadAll had dropped would come back.
  off_t end = ::lseek(fd_, 0, SEEK_END);
  if (end < 0) return Status::Io(path_ + ": cannot read journal: " + std::strerror(errno));
  off_t keep = 0;
  char buf[4096];
  while (end > 0 && keep == 0) {
    const off_t from =
        end > static_cast<off_t>(sizeof buf) ? end - static_cast<off_t>(sizeof buf) : 0;
    const size_t want = static_cast<size_t>(end - from);
    if (::pread(fd_, buf, want, from) != static_cast<ssize_t>(want))
      return Status::Io(path_ + ": cannot read journal: " + std::strerror(errno));
    for (size_t i = want; i > 0; --i) {
      if (buf[i - 1] == '\n') {
        keep = from + static_cast<off_t>(i);
        break;
      }
    }
    end = from;
  }
  if (::ftruncate(fd_, keep) != 0)
    return Status::Io(path_ + ": cannot drop a torn record: " + std::strerror(errno));
  torn_tail_ = false;
  return Status::Ok();
}

// Appends the journal's lines for records[begin, end) to `buf`:
// "<Checksum> <record>\n" each.
static void AppendRecords(std::string& buf, const std::vector<std::string>& records, size_t begin,
                          size_t end) {
  static constexpr char kHex[] = "0123456789abcdef";
  char head[17];
  head[16] = ' ';
  for (size_t i = begin; i < end; ++i) {
    const std::string& r = records[i];
    assert(r.find('\n') == std::string::npos);
    uint64_t sum = Fnv1a(r);  // as Checksum() writes it: 16 lowercase hex digits
    for (int d = 15; d >= 0; --d, sum >>= 4) head[d] = kHex[sum & 15];
    buf.append(head, 17);
    buf += r;
    buf += '\n';
  }
}

// The journal's lines for `records`.
static std::string EncodeRecords(const std::vector<std::string>& records) {
  size_t total = 0;
  for (const std::string& r : records) total += 18 + r.size();
  std::string buf;
  buf.reserve(total);
  AppendRecords(buf, records, 0, records.size());
  return buf;
}

Status Journal::Append(const std::vector<std::string>& records) {
  if (torn_tail_) TAXA_RETURN_IF_ERROR(DropTornTail());
  // A bulk batch is hundreds of MB: its lines go out a few MB at a time
  // through one reused buffer rather than built whole in fresh memory first.
  // Nothing is acknowledged before the sync below, whole or in pieces: a
  // process killed while writing (within one write() as between two) leaves
  // a prefix of the batch, of whole lines and perhaps one torn line.
  constexpr size_t kChunkBytes = 8u << 20;
  std::string buf;
  for (size_t begin = 0; begin < records.size();) {
    size_t end = begin, bytes = 0;
    while (end < records.size() &&
           (end == begin || bytes + 18 + records[end].size() <= kChunkBytes))
      bytes += 18 + records[end++].size();
    buf.clear();
    buf.reserve(bytes);
    AppendRecords(buf, records, begin, end);
    begin = end;
    std::string_view rest = buf;
    while (!rest.empty()) {
      ssize_t n = ::write(fd_, rest.data(), rest.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::Io(path_ + ": cannot append to journal: " + std::strerror(errno));
      }
      rest.remove_prefix(static_cast<size_t>(n));
    }
  }
  if (::fdatasync(fd_) != 0)
    return Status::Io(path_ + ": cannot sync journal: " + std::strerror(errno));
  torn_tail_ = false;
  return Status::Ok();
}

Result<Journal::Contents> Journal::ReadAll() const {
  Result<std::string> data = ReadFile(path_);
  if (!data.ok()) return data.status();
  Contents out;
  std::string_view text = *data;
  while (!text.empty()) {
    size_t end = text.find('\n');
    if (end == std::string_view::npos) {  // torn tail: never acknowledged
      out.damaged.emplace_back(text);
      break;
    }
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    if (line.size() < 17 || line[16] != ' ' || Checksum(line.substr(17)) != line.substr(0, 16)) {
      out.damaged.emplace_back(line);
      continue;
    }
    out.records.emplace_back(line.substr(17));
  }
  return out;
}

Status Journal::SetAside(const std::vector<std::string>& lines) const {
  if (lines.empty()) return Status::Ok();
  std::string path = set_aside_path();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Io(path + ": cannot open: " + std::strerror(errno));
  std::string buf;
  for (const std::string& l : lines) {
    buf += l;
    buf += '\n';
  }
  std::string_view rest = buf;
  Status st;
  while (!rest.empty() && st.ok()) {
    ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) st = Status::Io(path + ": cannot write: " + std::strerror(errno));
    else rest.remove_prefix(static_cast<size_t>(n));
  }
  if (st.ok() && ::fsync(fd) != 0) st = Status::Io(path + ": cannot sync: " + std::strerror(errno));
  ::close(fd);
  return st;
}

Status Journal::Clear() {
  if (::ftruncate(fd_, 0) != 0 || ::fsync(fd_) != 0)
    return Status::Io(path_ + ": cannot clear journal: " + std::strerror(errno));
  torn_tail_ = false;
  return Status::Ok();
}

Status Journal::Rewrite(const std::vector<std::string>& records) {
  TAXA_RETURN_IF_ERROR(WriteFileAtomic(path_, EncodeRecords(records)));
  // The old descriptor names the file that was replaced.
  int fd = ::open(path_.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd < 0) return Status::Io(path_ + ": cannot reopen journal: " + std::strerror(errno));
  ::close(fd_);
  fd_ = fd;
  torn_tail_ = false;
  return Status::Ok();
}

}  // namespace taxa::core
