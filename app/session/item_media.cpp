// Items: an item's media file, read only from the project's media folder and
// only when its bytes are the ones the item names by SHA-256.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "session/items.h"

#include "taxa/core/sha256.h"

namespace taxa::app {

namespace {

// Closes a descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

std::string TypeOf(std::string_view path) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kTypes = {{
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
  }};
  std::string lower(path);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [ext, type] : kTypes)
    if (lower.ends_with(ext)) return std::string(type);
  // Anything else (SVG included, which may hold script) is handed over as bytes.
  return "application/octet-stream";
}

}  // namespace

std::string MediaFolder(const std::string& project_dir) { return project_dir + "/media"; }

Result<MediaFile> Items::ReadMedia(const std::string& media_folder, const core::Item& item,
                                   size_t max_bytes) {
  const std::string& path = item.media_path;
  const std::string where = "item \"" + item.id + "\": media \"" + path + "\"";
  if (path.empty()) return Status::NotFound("item \"" + item.id + "\" has no media file");
  if (path.front() == '/') return Status::NotFound(where + ": not a path inside the media folder");
  std::vector<std::string> parts;
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  for (const std::string& part : parts)
    if (part.empty() || part == "." || part == "..")
      return Status::NotFound(where + ": not a path inside the media folder");
  // The folder itself may be a link (to a data disk); below it, each step is
  // opened without following links, so nothing leads out of it.
  Fd dir(::open(media_folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0)
    return Status::NotFound(where + ": the media folder " + media_folder + " cannot be opened (" +
                            std::strerror(errno) + ")");
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    int next = ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0)
      return Status::NotFound(where + ": " + parts[i] +
                              (errno == ELOOP || errno == ENOTDIR ? " is not a folder of the media folder"
                                                                  : ": " + std::string(std::strerror(errno))));
    dir.reset(next);
  }
  Fd file(::openat(dir.get(), parts.back().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (file.get() < 0)
    return Status::NotFound(where + (errno == ELOOP ? ": is a symbolic link, not a file of the media folder"
                                                    : ": " + std::string(std::strerror(errno))));
  struct stat st {};
  if (::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode))
    return Status::NotFound(where + ": not a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes)
    return Status::FailedPrecondition(where + ": " + std::to_string(st.st_size) +
                                      " bytes, over the limit of " + std::to_string(max_bytes));
  MediaFile out{.path = path, .sha256 = item.media_sha256, .type = TypeOf(path)};
  out.bytes.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < out.bytes.size()) {
    ssize_t n = ::read(file.get(), out.bytes.data() + done, out.bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Io(where + ": " + std::strerror(errno));
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  out.bytes.resize(done);
  const std::string actual = core::Sha256Hex(out.bytes);
  if (actual != item.media_sha256)
    return Status::FailedPrecondition(where + ": the file's SHA-256 is " + actual +
                                      ", the item names " + item.media_sha256 +
                                      " (the file changed since the item was imported)");
  return out;
}

Result<MediaFile> Items::Media(const std::string& id) {
  TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, Find(id));
  if (!row) return Status::NotFound("no item \"" + id + "\"");
  return ReadMedia(MediaFolder(project_.dir()), row->item);
}

}  // namespace taxa::app
