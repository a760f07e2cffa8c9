#include "taxa/sync/bundle.h"

#include <fcntl.h>
#include <git2.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "bundle_pack.h"
#include "git_error.h"
#include "git_ptr.h"
#include "quarantine.h"
#include <openssl/evp.h>
#include <sys/stat.h>

#include "taxa/core/fs.h"
#include "taxa/core/sha256.h"
#include "taxa/core/text.h"

namespace taxa::sync {

namespace {

using PackbuilderPtr = GitPtr<git_packbuilder, git_packbuilder_free>;
using IndexerPtr = GitPtr<git_indexer, git_indexer_free>;
using ObjectPtr = GitPtr<git_object, git_object_free>;

constexpr size_t kChunk = 1 << 20;
constexpr size_t kPackHeaderSize = 12;
constexpr size_t kPackTrailerSize = 20;
constexpr size_t kShortId = 12;
constexpr std::string_view kBundleRefPrefix = "refs/taxa/bundles/";
// refs/taxa/bundle-branches/<peer>/<branch without "refs/heads/">: the
// branches beside main last carried to a peer.
constexpr std::string_view kBundleBranchPrefix = "refs/taxa/bundle-branches/";
constexpr std::string_view kHeads = "refs/heads/";

std::string Short(const std::string& id) { return id.substr(0, kShortId); }

bool IsHexId(std::string_view s, size_t min_len) {
  return s.size() >= min_len && s.size() <= GIT_OID_HEXSZ && core::IsLowerHex(s);
}

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::string Sha256Finish(core::Sha256& h) {
  std::array<uint8_t, 32> d = h.Finish();
  return core::HexOf(d.data(), d.size());
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

Result<FilePtr> OpenForReading(const std::string& path) {
  FilePtr f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::Io(path + ": cannot read: " + std::strerror(errno));
  }
  return f;
}

// Calls `consume(data, n, offset)` for the bytes of `path` from `from` to
// the end, in chunks.
template <typename Consume>
Status ReadChunks(const std::string& path, uint64_t from, Consume consume) {
  TAXA_ASSIGN_OR_RETURN(FilePtr f, OpenForReading(path));
  if (from > 0 && std::fseek(f.get(), static_cast<long>(from), SEEK_SET) != 0)
    return Status::Io(path + ": cannot seek: " + std::strerror(errno));
  std::string buf(kChunk, '\0');
  uint64_t offset = from;
  while (true) {
    size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    if (n > 0) TAXA_RETURN_IF_ERROR(consume(buf.data(), n, offset));
    offset += n;
    if (n < buf.size()) break;
  }
  if (std::ferror(f.get())) return Status::Io(path + ": cannot read: " + std::strerror(errno));
  return Status::Ok();
}

uint32_t BigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

constexpr size_t kMaxHeaderLine = size_t{1} << 20;

// The header lines of a bundle, one per call, without the '\n'; nullopt at
// the end of the file before a '\n', or when a line runs past
// kMaxHeaderLine bytes (then `too_long` is set). A line is read whole or not
// at all, so one long line (a prerequisite's long subject) is never taken
// for two, and a file that is not a bundle is not read beyond the bound.
std::optional<std::string> NextLine(std::FILE* f, uint64_t& offset, bool& too_long) {
  too_long = false;
  std::string line;
  int c;
  while ((c = std::fgetc(f)) != EOF) {
    ++offset;
    if (c == '\n') return line;
    if (line.size() == kMaxHeaderLine) {
      too_long = true;
      return std::nullopt;
    }
    line.push_back(static_cast<char>(c));
  }
  return std::nullopt;
}

// The expected SHA-256 for `path` in its manifest; nullopt when there is no
// manifest.
Result<std::optional<std::string>> ManifestDigest(const std::string& path) {
  std::string manifest = BundleManifestPath(path);
  if (!core::PathExists(manifest)) return std::optional<std::string>();
  TAXA_ASSIGN_OR_RETURN(std::string text, core::ReadFile(manifest));
  std::string name = BaseName(path);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    // sha256sum writes "<hex>  <name>" (text mode) or "<hex> *<name>".
    if (line.size() < 66 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) continue;
    std::string digest = line.substr(0, 64);
    std::transform(digest.begin(), digest.end(), digest.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (line.substr(66) == name && core::IsLowerHex(digest)) return std::optional<std::string>(digest);
  }
  return Status::Corrupt(path + ": its manifest " + BaseName(manifest) +
                         " has no SHA-256 line for " + name);
}

Result<git_oid> ParseId(const std::string& id) {
  git_oid oid;
  if (!IsHexId(id, GIT_OID_HEXSZ) || git_oid_fromstr(&oid, id.c_str()) < 0)
    return Status::InvalidInput("\"" + id + "\" is not a commit id");
  return oid;
}

// A revision walk from `tips` that stops at everything reachable from `hidden`.
Status WalkFrom(git_repository* r, const std::vector<git_oid>& tips,
                const std::vector<git_oid>& hidden, RevwalkPtr& walk) {
  TAXA_GIT(git_revwalk_new(walk.out(), r), "cannot walk the history");
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL);
  for (const git_oid& tip : tips)
    TAXA_GIT(git_revwalk_push(walk.get(), &tip), "cannot walk from the tip");
  for (const git_oid& h : hidden)
    TAXA_GIT(git_revwalk_hide(walk.get(), &h), "cannot walk the history");
  return Status::Ok();
}

}  // namespace

Status IndexPack(git_odb* odb, const std::string& pack_dir, const std::string& path,
                 uint64_t offset) {
  git_indexer_options opts = GIT_INDEXER_OPTIONS_INIT;
  IndexerPtr indexer;
  TAXA_GIT(git_indexer_new(indexer.out(), pack_dir.c_str(), 0, odb, &opts), "cannot start");
  git_indexer_progress stats{};
  TAXA_RETURN_IF_ERROR(ReadChunks(path, offset, [&](const char* data, size_t n, uint64_t) {
    if (git_indexer_append(indexer.get(), data, n, &stats) < 0)
      return Status::Corrupt(LastGitMessage());
    return Status::Ok();
  }));
  if (git_indexer_commit(indexer.get(), &stats) < 0) return Status::Corrupt(LastGitMessage());
  return Status::Ok();
}

namespace {

// Proves that every object reachable from the bundle's refs, down to its
// prerequisites (whose history the repository has), is in `odb`. Returns what
// is missing first, in words; empty when nothing is.
//
// libgit2 1.5's own check (git_indexer_options.verify) leaks the objects of a
// pack that are already in the odb, so the walk is done here.
class ConnectivityCheck {
 public:
  ConnectivityCheck(git_repository* r, git_odb* odb) : repo_(r), odb_(odb) {}

  std::string FirstMissing(const BundleInfo& info) {
    std::vector<git_oid> hidden;
    for (const std::string& id : info.prerequisites) {
      git_oid oid;
      git_oid_fromstr(&oid, id.c_str());  // checked by VerifyBundle
      hidden.push_back(oid);
    }
    for (const auto& [id, name] : info.refs) {
      git_oid oid;
      ObjectPtr object, commit;
      if (git_oid_fromstr(&oid, id.c_str()) < 0 ||
          git_object_lookup(object.out(), repo_, &oid, GIT_OBJECT_ANY) < 0)
        return name + " (" + Short(id) + ") is not in the pack";
      if (git_object_peel(commit.out(), object.get(), GIT_OBJECT_COMMIT) < 0)
        return name + " (" + Short(id) + ") does not lead to a commit";
      if (!seen_.insert(git_oid_tostr_s(git_object_id(commit.get()))).second) continue;
      RevwalkPtr walk;
      if (!WalkFrom(repo_, {*git_object_id(commit.get())}, hidden, walk).ok())
        return "cannot walk the history of " + name;
      git_oid next;
      int rc;
      while ((rc = git_revwalk_next(&next, walk.get())) == 0) {
        CommitPtr c;
        if (git_commit_lookup(c.out(), repo_, &next) < 0)
          return "commit " + Short(git_oid_tostr_s(&next)) + " is missing";
        std::string gap = MissingUnder(*git_commit_tree_id(c.get()));
        if (!gap.empty()) return gap + " (of commit " + Short(git_oid_tostr_s(&next)) + ")";
      }
      if (rc != GIT_ITEROVER) return "the history of " + name + " is broken: " + LastGitMessage();
    }
    return "";
  }

 private:
  // What is missing under the tree `id`; trees and blobs seen before are
  // not checked again.
  std::string MissingUnder(const git_oid& id) {
    if (!seen_.insert(git_oid_tostr_s(&id)).second) return "";
    TreePtr tree;
    if (git_tree_lookup(tree.out(), repo_, &id) < 0)
      return "tree " + Short(git_oid_tostr_s(&id)) + " is missing";
    for (size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
      const git_oid* child = git_tree_entry_id(e);
      switch (git_tree_entry_type(e)) {
        case GIT_OBJECT_TREE: {
          std::string gap = MissingUnder(*child);
          if (!gap.empty()) return gap;
          break;
        }
        case GIT_OBJECT_BLOB:
          if (seen_.insert(git_oid_tostr_s(child)).second && !git_odb_exists(odb_, child))
            return std::string("file ") + git_tree_entry_name(e) + " (" +
                   Short(git_oid_tostr_s(child)) + ") is missing";
          break;
        default:  // a submodule's commit lives in another repository
          break;
      }
    }
    return "";
  }

  git_repository* repo_;
  git_odb* odb_;
  std::set<std::string> seen_;  // commits, trees and blobs already checked
};

// Writes everything to `fd` (retrying short writes) and hashes it.
struct BundleWriter {
  int fd = -1;
  uint64_t written = 0;
  core::Sha256 sha256;
  int error = 0;

  bool Write(const void* data, size_t n) {
    const char* p = static_cast<const char*>(data);
    sha256.Update(std::string_view(p, n));
    while (n > 0) {
      ssize_t w = ::write(fd, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        error = errno;
        return false;
      }
      p += w;
      n -= static_cast<size_t>(w);
      written += static_cast<uint64_t>(w);
    }
    return true;
  }
};

int WritePackChunk(void* buf, size_t size, void* payload) {
  return static_cast<BundleWriter*>(payload)->Write(buf, size) ? 0 : -1;
}

Status SyncDirectoryOf(const std::string& path) {
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return core::SyncPath(dir.empty() ? "." : dir);
}

// Streams the pack for `tips` minus `hidden` behind `header` into a
// temporary file beside `path`, fsyncs it and renames it into place.
Status WriteBundleFile(git_repository* r, const std::string& path, const std::string& header,
                       const std::vector<git_oid>& tips, const std::vector<git_oid>& hidden,
                       BundleInfo& info) {
  PackbuilderPtr pb;
  TAXA_GIT(git_packbuilder_new(pb.out(), r), "cannot start a pack");
  RevwalkPtr walk;
  TAXA_RETURN_IF_ERROR(WalkFrom(r, tips, hidden, walk));
  TAXA_GIT(git_packbuilder_insert_walk(pb.get(), walk.get()), "cannot gather the objects");

  std::string temp = path + ".tmp-XXXXXX";
  BundleWriter w;
  w.fd = ::mkstemp(temp.data());
  if (w.fd < 0) return Status::Io(path + ": cannot create: " + std::strerror(errno));
  auto fail = [&](const std::string& what) {
    ::close(w.fd);
    std::remove(temp.c_str());
    return Status::Io(path + ": " + what);
  };
  if (!w.Write(header.data(), header.size()))
    return fail(std::string("cannot write: ") + std::strerror(w.error));
  if (git_packbuilder_foreach(pb.get(), WritePackChunk, &w) < 0)
    return fail(w.error ? std::string("cannot write: ") + std::strerror(w.error)
                        : "cannot write the pack: " + LastGitMessage());
  if (::fchmod(w.fd, 0644) != 0 || ::fsync(w.fd) != 0)
    return fail(std::string("cannot sync: ") + std::strerror(errno));
  if (::close(w.fd) != 0) {
    std::remove(temp.c_str());
    return Status::Io(path + ": cannot close: " + std::strerror(errno));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(temp.c_str());
    return Status::Io(path + ": cannot write: " + std::strerror(err));
  }
  TAXA_RETURN_IF_ERROR(SyncDirectoryOf(path));
  info.objects = static_cast<uint32_t>(git_packbuilder_object_count(pb.get()));
  info.bytes = w.written;
  info.pack_offset = header.size();
  info.sha256 = Sha256Finish(w.sha256);
  return Status::Ok();
}

}  // namespace

std::string BundleManifestPath(const std::string& path) { return path + ".sha256"; }

Result<BundleInfo> CreateBundle(Repository& repo, const std::string& path,
                                const std::vector<std::string>& peer_has,
                                const BundleBranches& branches) {
  EnsureLibgit2();
  git_repository* r = repo.git_handle_for_sync_internal();
  TAXA_ASSIGN_OR_RETURN(std::string head, repo.Head());
  if (head.empty())
    return Status::FailedPrecondition("nothing to bundle: the project has no commits");
  // The refs the bundle names: main and HEAD, then each carried branch the
  // peer does not hold at its tip.
  std::vector<std::pair<std::string, std::string>> refs = {{head, "refs/heads/main"},
                                                           {head, "HEAD"}};
  if (!branches.prefix.empty()) {
    TAXA_ASSIGN_OR_RETURN(auto local, repo.References(branches.prefix));
    for (const auto& [name, tip] : local) {
      auto held = branches.peer_holds.find(name);
      if (held == branches.peer_holds.end() || held->second != tip) refs.emplace_back(tip, name);
    }
  }
  std::vector<git_oid> tips, hidden;
  for (const auto& [id, name] : refs) {
    TAXA_ASSIGN_OR_RETURN(git_oid oid, ParseId(id));
    tips.push_back(oid);
  }
  for (const std::string& id : peer_has) {
    TAXA_ASSIGN_OR_RETURN(git_oid oid, ParseId(id));
    CommitPtr c;
    if (git_commit_lookup(c.out(), r, &oid) < 0)
      return Status::NotFound("commit " + id + " is not in this project");
    hidden.push_back(oid);
  }

  // What the peer lacks, and the prerequisites: parents of those commits
  // that the peer has, and the named tips it has.
  RevwalkPtr walk;
  TAXA_RETURN_IF_ERROR(WalkFrom(r, tips, hidden, walk));
  std::vector<git_oid> included;
  std::set<std::string> included_ids;
  git_oid oid;
  int rc;
  while ((rc = git_revwalk_next(&oid, walk.get())) == 0) {
    included.push_back(oid);
    included_ids.insert(git_oid_tostr_s(&oid));
  }
  if (rc != GIT_ITEROVER) return GitStatus(rc, "cannot walk the history");
  if (included.empty() && refs.size() == 2)
    return Status::FailedPrecondition("nothing to bundle: the peer has every commit up to " +
                                      Short(head));
  std::map<std::string, std::string> prerequisites;  // id -> subject, sorted
  auto require = [&](CommitPtr& c, const std::string& id) {
    if (included_ids.count(id) || prerequisites.count(id)) return;
    const char* summary = git_commit_summary(c.get());
    prerequisites[id] = summary ? summary : "";
  };
  for (const git_oid& id : included) {
    CommitPtr c;
    TAXA_GIT(git_commit_lookup(c.out(), r, &id), "cannot read a commit");
    for (unsigned i = 0; i < git_commit_parentcount(c.get()); ++i) {
      std::string parent = git_oid_tostr_s(git_commit_parent_id(c.get(), i));
      if (included_ids.count(parent) || prerequisites.count(parent)) continue;
      CommitPtr p;
      TAXA_GIT(git_commit_parent(p.out(), c.get(), i), "cannot read commit " + parent);
      require(p, parent);
    }
  }
  for (size_t i = 0; i < refs.size(); ++i) {
    CommitPtr c;
    TAXA_GIT(git_commit_lookup(c.out(), r, &tips[i]), "cannot read commit " + refs[i].first);
    require(c, refs[i].first);
  }

  BundleInfo info;
  info.version = 2;
  info.tip = head;
  std::string header = "# v2 git bundle\n";
  for (const auto& [id, subject] : prerequisites) {
    header += "-" + id + (subject.empty() ? "" : " " + subject) + "\n";
    info.prerequisites.push_back(id);
  }
  // HEAD beside main, as `git bundle create --all` writes it, lets a plain
  // `git clone FILE` check main out.
  info.refs = std::move(refs);
  for (const auto& [id, name] : info.refs) header += id + " " + name + "\n";
  header += "\n";
  TAXA_RETURN_IF_ERROR(WriteBundleFile(r, path, header, tips, hidden, info));
  TAXA_RETURN_IF_ERROR(
      core::WriteFileAtomic(BundleManifestPath(path), info.sha256 + "  " + BaseName(path) + "\n"));
  return info;
}

Result<BundleInfo> ReadBundleHeader(const std::string& path) {
  TAXA_ASSIGN_OR_RETURN(FilePtr f, OpenForReading(path));
  uint64_t offset = 0;
  bool too_long = false;
  std::optional<std::string> line = NextLine(f.get(), offset, too_long);
  BundleInfo info;
  if (line == "# v2 git bundle")
    info.version = 2;
  else if (line == "# v3 git bundle")
    info.version = 3;
  else
    return Status::Corrupt(path + ": not a git bundle (no \"# v2 git bundle\" line)");
  int number = 1;
  std::set<std::string> prerequisites;
  while (true) {
    line = NextLine(f.get(), offset, too_long);
    ++number;
    std::string where = path + ":" + std::to_string(number) + ": ";
    if (too_long) return Status::Corrupt(where + "a header line longer than 1 MiB");
    if (!line) return Status::Corrupt(path + ": truncated: the header ends before the pack");
    if (line->empty()) break;
    if (info.version == 3 && line->front() == '@') {
      if (*line == "@object-format=sha1") continue;
      return Status::InvalidInput(where + "unsupported bundle capability \"" + line->substr(1) +
                                  "\"");
    }
    bool prerequisite = line->front() == '-';
    std::string_view rest(*line);
    if (prerequisite) rest.remove_prefix(1);
    std::string_view id = rest.substr(0, GIT_OID_HEXSZ);
    bool well_formed =
        IsHexId(id, GIT_OID_HEXSZ) && (rest.size() == GIT_OID_HEXSZ || rest[GIT_OID_HEXSZ] == ' ');
    if (!well_formed) return Status::Corrupt(where + "malformed bundle header line");
    if (prerequisite) {
      prerequisites.insert(std::string(id));
    } else {
      if (rest.size() <= GIT_OID_HEXSZ + 1)
        return Status::Corrupt(where + "a ref line without a ref name");
      info.refs.emplace_back(std::string(id), std::string(rest.substr(GIT_OID_HEXSZ + 1)));
    }
  }
  info.prerequisites.assign(prerequisites.begin(), prerequisites.end());
  info.pack_offset = offset;
  struct stat st {};
  if (::fstat(::fileno(f.get()), &st) != 0)
    return Status::Io(path + ": cannot read: " + std::strerror(errno));
  info.bytes = static_cast<uint64_t>(st.st_size);
  unsigned char pack[kPackHeaderSize];
  if (info.bytes < info.pack_offset + kPackHeaderSize + kPackTrailerSize ||
      std::fread(pack, 1, sizeof pack, f.get()) != sizeof pack)
    return Status::Corrupt(path + ": truncated: the pack is missing or cut short");
  uint32_t pack_version = BigEndian32(pack + 4);
  if (std::memcmp(pack, "PACK", 4) != 0 || (pack_version != 2 && pack_version != 3))
    return Status::Corrupt(path + ": damaged: no git pack after the header");
  info.objects = BigEndian32(pack + 8);

  if (info.refs.empty()) return Status::Corrupt(path + ": the bundle names no refs");
  for (const char* wanted : {"refs/heads/main", "HEAD"}) {
    auto it = std::find_if(info.refs.begin(), info.refs.end(),
                           [&](const auto& ref) { return ref.second == wanted; });
    if (it != info.refs.end()) {
      info.tip = it->first;
      break;
    }
  }
  if (info.tip.empty()) {
    std::string names;
    for (const auto& ref : info.refs) names += (names.empty() ? "" : ", ") + ref.second;
    return Status::InvalidInput(path + ": holds no refs/heads/main (it holds " + names + ")");
  }
  return info;
}

namespace {

// The checks of VerifyBundle that need no objects: the file and, when
// `repo` is given, the prerequisites.
Result<BundleInfo> VerifyFile(const std::string& path, Repository* repo) {
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> expected, ManifestDigest(path));
  Result<BundleInfo> header = ReadBundleHeader(path);
  if (!header.ok() && header.status().code() == StatusCode::kNotFound) return header.status();

  // One pass over the file: SHA-256 of all of it, SHA-1 of the pack's body.
  core::Sha256 whole;
  core::Sha1 pack_sum;
  std::string trailer;
  uint64_t pack_from = header.ok() ? header->pack_offset : 0;
  uint64_t pack_end = header.ok() ? header->bytes - kPackTrailerSize : 0;
  TAXA_RETURN_IF_ERROR(ReadChunks(path, 0, [&](const char* data, size_t n, uint64_t at) {
    whole.Update(std::string_view(data, n));
    if (!header.ok()) return Status::Ok();
    uint64_t end = at + n;
    uint64_t from = std::max(at, pack_from), to = std::min(end, pack_end);
    if (from < to) pack_sum.Update(std::string_view(data + (from - at), to - from));
    uint64_t tfrom = std::max(at, pack_end);
    if (tfrom < end) trailer.append(data + (tfrom - at), end - tfrom);
    return Status::Ok();
  }));
  std::string digest = Sha256Finish(whole);
  if (expected && *expected != digest)
    return Status::Corrupt(path + ": SHA-256 does not match " + BaseName(BundleManifestPath(path)) +
                           " (the file is damaged, cut short, or not the one it describes)");
  TAXA_RETURN_IF_ERROR(header.status());
  BundleInfo info = std::move(header).value();
  info.sha256 = digest;
  info.manifest_checked = expected.has_value();
  const std::array<uint8_t, 20> body_sum = pack_sum.Finish();
  if (trailer.size() != kPackTrailerSize ||
      trailer != std::string_view(reinterpret_cast<const char*>(body_sum.data()), body_sum.size()))
    return Status::Corrupt(path +
                           ": damaged or truncated: the pack checksum does not match "
                           "(copy the file again)");
  if (repo == nullptr) return info;

  git_repository* r = repo->git_handle_for_sync_internal();
  OdbPtr odb;
  TAXA_GIT(git_repository_odb(odb.out(), r), "cannot open the object database");
  std::vector<std::string> missing;
  for (const std::string& id : info.prerequisites) {
    TAXA_ASSIGN_OR_RETURN(git_oid oid, ParseId(id));
    if (!git_odb_exists(odb.get(), &oid)) missing.push_back(Short(id));
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& id : missing) list += (list.empty() ? "" : ", ") + id;
    return Status::FailedPrecondition(path + ": missing prerequisite" +
                                      (missing.size() > 1 ? "s " : " ") + list +
                                      " (apply the earlier bundle first)");
  }
  info.prerequisites_checked = true;
  return info;
}

// Indexes the bundle's pack into a quarantine folder (completing thin packs
// from the repository's objects), proves the history whole and runs
// `check`, all through a handle that reads both; then moves the pack into
// the object database when `keep`, and otherwise (and on any failure)
// removes it.
Status Receive(Repository& repo, const std::string& path, const BundleInfo& info,
               const IncomingCheck& check, bool keep) {
  git_repository* r = repo.git_handle_for_sync_internal();
  OdbPtr odb;
  TAXA_GIT(git_repository_odb(odb.out(), r), "cannot open the object database");
  TAXA_ASSIGN_OR_RETURN(Quarantine quarantine, Quarantine::Create(repo.git_dir()));
  Status indexed = IndexPack(odb.get(), quarantine.pack_dir(), path, info.pack_offset);
  if (!indexed.ok()) return Status::Corrupt(path + ": cannot import the pack: " + indexed.message());
  {
    TAXA_ASSIGN_OR_RETURN(Repository view,
                          OpenWithObjects(repo.git_dir(), quarantine.objects_dir()));
    git_repository* v = view.git_handle_for_sync_internal();
    OdbPtr view_odb;
    TAXA_GIT(git_repository_odb(view_odb.out(), v), "cannot open the object database");
    // The history from each ref down to the prerequisites must be whole.
    std::string missing = ConnectivityCheck(v, view_odb.get()).FirstMissing(info);
    if (!missing.empty()) return Status::Corrupt(path + ": incomplete: " + missing);
    if (check) {
      TAXA_RETURN_IF_ERROR(check(view, info.tip).WithPrefix(path + ": refused"));
      std::set<std::string> checked = {info.tip};
      for (const auto& [id, name] : info.refs) {
        if (!name.starts_with("refs/heads/") || !checked.insert(id).second) continue;
        TAXA_RETURN_IF_ERROR(check(view, id).WithPrefix(path + ": refused: " + name));
      }
    }
  }
  if (!keep) return Status::Ok();
  TAXA_RETURN_IF_ERROR(quarantine.Keep());
  TAXA_GIT(git_odb_refresh(odb.get()), "cannot reload the object database");
  return Status::Ok();
}

}  // namespace

Result<BundleInfo> VerifyBundle(const std::string& path, Repository* repo,
                                const IncomingCheck& check) {
  EnsureLibgit2();
  TAXA_ASSIGN_OR_RETURN(BundleInfo info, VerifyFile(path, repo));
  if (repo != nullptr) TAXA_RETURN_IF_ERROR(Receive(*repo, path, info, check, /*keep=*/false));
  return info;
}

Result<BundleInfo> ImportBundle(Repository& repo, const std::string& path,
                                const IncomingCheck& check) {
  EnsureLibgit2();
  TAXA_ASSIGN_OR_RETURN(BundleInfo info, VerifyFile(path, &repo));
  TAXA_RETURN_IF_ERROR(Receive(repo, path, info, check, /*keep=*/true));
  return info;
}

bool IsPeerName(const std::string& peer) {
  EnsureLibgit2();
  if (IsHexId(peer, 7)) return false;
  int valid = 0;
  std::string ref = std::string(kBundleRefPrefix) + peer;
  return !peer.empty() && peer.find('/') == std::string::npos &&
         git_reference_name_is_valid(&valid, ref.c_str()) == 0 && valid;
}

Result<std::vector<std::string>> PeerHas(Repository& repo, const std::string& peer) {
  EnsureLibgit2();
  git_repository* r = repo.git_handle_for_sync_internal();
  std::vector<std::string> out;
  if (IsPeerName(peer)) {
    for (const std::string& ref :
         {std::string(kBundleRefPrefix) + peer, "refs/remotes/" + peer + "/main"}) {
      git_oid oid;
      int rc = git_reference_name_to_id(&oid, r, ref.c_str());
      if (rc == GIT_ENOTFOUND) continue;
      TAXA_GIT(rc, "cannot read " + ref);
      out.push_back(git_oid_tostr_s(&oid));
    }
    TAXA_ASSIGN_OR_RETURN(auto held, PeerBranches(repo, peer, std::string(kHeads)));
    for (const auto& [branch, tip] : held)
      if (std::find(out.begin(), out.end(), tip) == out.end()) out.push_back(tip);
    if (out.empty())
      return Status::NotFound("nothing is known of peer \"" + peer +
                              "\": no bundle was sent to it and no remote has that name");
    return out;
  }
  if (!IsHexId(peer, 7))
    return Status::InvalidInput("\"" + peer + "\" is neither a peer name nor a commit id");
  git_oid prefix;
  TAXA_GIT(git_oid_fromstrn(&prefix, peer.c_str(), peer.size()), "bad commit id " + peer);
  ObjectPtr commit;
  int rc = git_object_lookup_prefix(commit.out(), r, &prefix, peer.size(), GIT_OBJECT_COMMIT);
  if (rc == GIT_EAMBIGUOUS)
    return Status::InvalidInput("commit id " + peer + " is ambiguous: give more digits");
  if (rc == GIT_ENOTFOUND) return Status::NotFound("no commit " + peer + " in this project");
  TAXA_GIT(rc, "cannot read commit " + peer);
  out.push_back(git_oid_tostr_s(git_object_id(commit.get())));
  return out;
}

Status RecordBundleSent(Repository& repo, const std::string& peer, const std::string& commit) {
  if (!IsPeerName(peer)) return Status::InvalidInput("\"" + peer + "\" is not a valid peer name");
  TAXA_ASSIGN_OR_RETURN(git_oid oid, ParseId(commit));
  ReferencePtr ref;
  std::string name = std::string(kBundleRefPrefix) + peer;
  TAXA_GIT(git_reference_create(ref.out(), repo.git_handle_for_sync_internal(), name.c_str(), &oid,
                                1, "taxa: bundle sent"),
           "cannot record the bundle sent to " + peer);
  return Status::Ok();
}

Result<std::map<std::string, std::string>> PeerBranches(Repository& repo, const std::string& peer,
                                                        const std::string& prefix) {
  std::map<std::string, std::string> held;
  if (!IsPeerName(peer) || !prefix.starts_with(kHeads)) return held;
  const std::string rest = prefix.substr(kHeads.size());
  // Carried by bundles first, so that the remote's, more recent when both
  // exist, overwrite them.
  for (const std::string& family :
       {std::string(kBundleBranchPrefix) + peer + "/", "refs/remotes/" + peer + "/"}) {
    TAXA_ASSIGN_OR_RETURN(auto refs, repo.References(family + rest));
    for (const auto& [name, tip] : refs)
      held[std::string(kHeads) + name.substr(family.size())] = tip;
  }
  return held;
}

Status RecordBranchesSent(Repository& repo, const std::string& peer, const BundleInfo& sent) {
  if (!IsPeerName(peer)) return Status::InvalidInput("\"" + peer + "\" is not a valid peer name");
  for (const auto& [id, name] : sent.refs) {
    if (!name.starts_with(kHeads) || name == "refs/heads/main") continue;
    TAXA_ASSIGN_OR_RETURN(git_oid oid, ParseId(id));
    const std::string ref =
        std::string(kBundleBranchPrefix) + peer + "/" + name.substr(kHeads.size());
    ReferencePtr made;
    TAXA_GIT(git_reference_create(made.out(), repo.git_handle_for_sync_internal(), ref.c_str(),
                                  &oid, 1, "taxa: bundle sent"),
             "cannot record " + name + " as sent to " + peer);
  }
  return Status::Ok();
}

}  // namespace taxa::sync
