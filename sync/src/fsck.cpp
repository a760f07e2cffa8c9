// Fsck: every object reachable from the references, read whole (fsck.h).
#include "taxa/sync/fsck.h"

#include <git2.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include "git_error.h"
#include "git_ptr.h"
#include "object_check.h"
#include <git2/sys/odb_backend.h>

#include "taxa/core/fs.h"

namespace taxa::sync {

namespace {

using ReferenceIteratorPtr = GitPtr<git_reference_iterator, git_reference_iterator_free>;

struct OidHash {
  size_t operator()(const git_oid& id) const {
    size_t h;
    std::memcpy(&h, id.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
};
template <typename V>
using OidMap = std::unordered_map<git_oid, V, OidHash, OidEqual>;

bool ParseHexId(std::string_view text, git_oid* out) {
  if (text.size() != GIT_OID_HEXSZ) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return git_oid_fromstrn(out, text.data(), text.size()) == 0;
}

// The value of the header line "`key` <id>" at the start of `text`, advancing
// past it; false when the next line is not one.
bool TakeIdLine(std::string_view& text, std::string_view key, git_oid* out) {
  if (text.substr(0, key.size()) != key || text.size() <= key.size() || text[key.size()] != ' ')
    return false;
  size_t end = text.find('\n');
  if (end == std::string_view::npos) return false;
  if (!ParseHexId(text.substr(key.size() + 1, end - key.size() - 1), out)) return false;
  text.remove_prefix(end + 1);
  return true;
}

struct ParsedCommit {
  git_oid tree;
  std::vector<git_oid> parents;
};

bool ParseCommit(std::string_view text, ParsedCommit& out) {
  if (!TakeIdLine(text, "tree", &out.tree)) return false;
  git_oid parent;
  while (TakeIdLine(text, "parent", &parent)) out.parents.push_back(parent);
  return true;
}

struct TreeEntry {
  uint32_t mode = 0;
  std::string name;
  git_oid id;
};

constexpr uint32_t kModeTypeMask = 0170000;
constexpr uint32_t kModeTree = 0040000;
constexpr uint32_t kModeGitlink = 0160000;
constexpr uint32_t kModeFile = 0100000;
constexpr uint32_t kModeSymlink = 0120000;

// Git's tree format: "<octal mode> <name>\0<20-byte id>" repeated.
bool ParseTree(std::string_view data, std::vector<TreeEntry>& out) {
  while (!data.empty()) {
    size_t space = data.find(' ');
    if (space == 0 || space == std::string_view::npos || space > 7) return false;
    TreeEntry e;
    for (char c : data.substr(0, space)) {
      if (c < '0' || c > '7') return false;
      e.mode = e.mode * 8 + static_cast<uint32_t>(c - '0');
    }
    uint32_t kind = e.mode & kModeTypeMask;
    if (kind != kModeTree && kind != kModeGitlink && kind != kModeFile && kind != kModeSymlink)
      return false;
    size_t nul = data.find('\0', space + 1);
    if (nul == std::string_view::npos || nul == space + 1 || data.size() - nul - 1 < GIT_OID_RAWSZ)
      return false;
    e.name = std::string(data.substr(space + 1, nul - space - 1));
    if (e.name.find('/') != std::string::npos) return false;
    git_oid_fromraw(&e.id, reinterpret_cast<const unsigned char*>(data.data() + nul + 1));
    data.remove_prefix(nul + 1 + GIT_OID_RAWSZ);
    out.push_back(std::move(e));
  }
  return true;
}

std::string_view DataOf(git_odb_object* object) {
  return std::string_view(static_cast<const char*>(git_odb_object_data(object)),
                          git_odb_object_size(object));
}

// Walks the object graph once: each commit, tree and blob is read a single
// time. A tree remembers which bad objects lie below it (and at which
// relative path), so every commit holding it is credited without reading it
// again.
class Walker {
 public:
  explicit Walker(git_odb* odb) : odb_(odb) {}

  // A reference's target: commits go to the history walk, tags are peeled.
  void Reference(const std::string& name, const git_oid& id) {
    git_oid target = id;
    for (int depth = 0; depth < 16; ++depth) {  // a tag of a tag of ...
      OdbObjectPtr object;
      ObjectCheck check = ReadWhole(odb_, target, object);
      if (!check.whole) {
        size_t bad = Bad(target, "commit", check);
        bad_[bad].refs.push_back(name);
        return;
      }
      switch (git_odb_object_type(object.get())) {
        case GIT_OBJECT_COMMIT:
          Queue(target, nullptr);
          return;
        case GIT_OBJECT_TREE: {
          const Hits* hits = Tree(target);
          if (hits)
            for (const Hit& h : *hits) bad_[h.bad].refs.push_back(name);
          return;
        }
        case GIT_OBJECT_BLOB:
          if (std::optional<size_t> bad = Blob(target)) bad_[*bad].refs.push_back(name);
          return;
        case GIT_OBJECT_TAG: {
          if (!tags_seen_.emplace(target, true).second) return;
          std::string_view text = DataOf(object.get());
          git_oid next;
          if (!TakeIdLine(text, "object", &next)) {
            size_t bad = Bad(target, "tag", {false, ObjectProblem::kDamaged, "malformed tag"});
            bad_[bad].refs.push_back(name);
            return;
          }
          ++report_.tags;
          target = next;
          break;
        }
        default:
          return;
      }
    }
  }

  // Reads every queued commit and what it reaches.
  void History() {
    while (!queue_.empty()) {
      git_oid id = queue_.front();
      queue_.pop_front();
      std::vector<git_oid> children = std::move(waiting_[id]);
      waiting_.erase(id);
      OdbObjectPtr object;
      ObjectCheck check = ReadWhole(odb_, id, object);
      ParsedCommit commit;
      if (check.whole && git_odb_object_type(object.get()) != GIT_OBJECT_COMMIT)
        check = {false, ObjectProblem::kDamaged,
                 "is a " + TypeName(git_odb_object_type(object.get())) + ", not a commit"};
      else if (check.whole && !ParseCommit(DataOf(object.get()), commit))
        check = {false, ObjectProblem::kDamaged, "malformed commit"};
      if (!check.whole) {
        size_t bad = Bad(id, "commit", check);
        for (const git_oid& child : children) Use(bad, child, "");
        continue;
      }
      Reset(object);
      ++report_.commits;
      if (const Hits* hits = Tree(commit.tree))
        for (const Hit& h : *hits) Use(h.bad, id, h.path.empty() ? "/" : h.path);
      for (const git_oid& parent : commit.parents) Queue(parent, &id);
    }
  }

  // The report, with each bad object's place of storage found by `locate`.
  FsckReport Finish(ObjectLocator& locate) {
    for (BadObject& b : bad_) {
      std::sort(b.refs.begin(), b.refs.end());
      b.refs.erase(std::unique(b.refs.begin(), b.refs.end()), b.refs.end());
      std::sort(b.paths.begin(), b.paths.end());
      b.paths.erase(std::unique(b.paths.begin(), b.paths.end()), b.paths.end());
      git_oid id;
      if (git_oid_fromstr(&id, b.id.c_str()) < 0) continue;
      b.stored = locate.Where(id);
      // libgit2 refuses a whole pack that does not match its index (cut
      // short, say) and then finds none of its objects: they are damaged
      // where they lie, not missing.
      if (b.problem == ObjectProblem::kMissing && !b.stored.empty()) {
        b.problem = ObjectProblem::kDamaged;
        b.reason = "listed in the pack's index, but the pack cannot be read (damaged or cut short)";
      }
    }
    report_.bad = std::move(bad_);
    std::sort(report_.bad.begin(), report_.bad.end(),
              [](const BadObject& a, const BadObject& b) { return a.id < b.id; });
    return std::move(report_);
  }

 private:
  struct Hit {
    size_t bad;        // index into bad_
    std::string path;  // relative to the tree holding it; "" for the tree itself
  };
  using Hits = std::vector<Hit>;

  size_t Bad(const git_oid& id, const std::string& type, const ObjectCheck& check) {
    auto [it, added] = bad_index_.emplace(id, bad_.size());
    if (added) {
      BadObject b;
      b.id = OidHex(&id);
      b.type = type;
      b.problem = check.problem;
      b.reason = check.reason;
      bad_.push_back(std::move(b));
      last_commit_.emplace_back();
    }
    return it->second;
  }

  // `commit` holds bad object `bad` at `path` ("" for a parent link).
  void Use(size_t bad, const git_oid& commit, const std::string& path) {
    BadObject& b = bad_[bad];
    if (!path.empty()) b.paths.push_back(path);
    std::string hex = OidHex(&commit);
    if (last_commit_[bad] == hex) return;  // the same commit, another path
    last_commit_[bad] = hex;
    ++b.commit_count;
    if (b.commits.size() < kMaxCommitsListed) b.commits.push_back(hex);
  }

  // Queues commit `id` for reading (once); `child` names it as a parent.
  void Queue(const git_oid& id, const git_oid* child) {
    if (auto bad = bad_index_.find(id); bad != bad_index_.end()) {
      if (child) Use(bad->second, *child, "");
      return;
    }
    if (auto waiting = waiting_.find(id); waiting != waiting_.end()) {
      if (child) waiting->second.push_back(*child);
      return;
    }
    if (!commits_seen_.emplace(id, true).second) return;  // read already, whole
    std::vector<git_oid>& children = waiting_[id];
    if (child) children.push_back(*child);
    queue_.push_back(id);
  }

  // The bad objects at or below tree `id`; null when there are none.
  const Hits* Tree(const git_oid& id) {
    if (auto it = trees_.find(id); it != trees_.end()) return it->second.get();
    OdbObjectPtr object;
    ObjectCheck check = ReadWhole(odb_, id, object);
    std::vector<TreeEntry> entries;
    if (check.whole && git_odb_object_type(object.get()) != GIT_OBJECT_TREE)
      check = {false, ObjectProblem::kDamaged,
               "is a " + TypeName(git_odb_object_type(object.get())) + ", not a tree"};
    else if (check.whole && !ParseTree(DataOf(object.get()), entries))
      check = {false, ObjectProblem::kDamaged, "malformed tree"};
    Reset(object);
    auto hits = std::make_unique<Hits>();
    if (!check.whole) {
      hits->push_back({Bad(id, "tree", check), ""});
    } else {
      ++report_.trees;
      for (const TreeEntry& e : entries) {
        switch (e.mode & kModeTypeMask) {
          case kModeTree:
            if (const Hits* below = Tree(e.id))
              for (const Hit& h : *below) hits->push_back({h.bad, e.name + "/" + h.path});
            break;
          case kModeGitlink:
            break;  // a submodule's commit lives in another repository
          default:
            if (std::optional<size_t> bad = Blob(e.id)) hits->push_back({*bad, e.name});
            break;
        }
      }
    }
    if (hits->empty()) hits.reset();
    return trees_.emplace(id, std::move(hits)).first->second.get();
  }

  // The index of blob `id` in bad_ when it is bad.
  std::optional<size_t> Blob(const git_oid& id) {
    constexpr size_t kWhole = SIZE_MAX;
    if (auto it = blobs_.find(id); it != blobs_.end())
      return it->second == kWhole ? std::nullopt : std::optional<size_t>(it->second);
    OdbObjectPtr object;
    ObjectCheck check = ReadWhole(odb_, id, object);
    if (check.whole && git_odb_object_type(object.get()) != GIT_OBJECT_BLOB)
      check = {false, ObjectProblem::kDamaged,
               "is a " + TypeName(git_odb_object_type(object.get())) + ", not a file"};
    if (check.whole) {
      ++report_.blobs;
      blobs_.emplace(id, kWhole);
      return std::nullopt;
    }
    size_t bad = Bad(id, "blob", check);
    blobs_.emplace(id, bad);
    return bad;
  }

  git_odb* odb_;
  FsckReport report_;
  std::vector<BadObject> bad_;
  std::vector<std::string> last_commit_;  // per bad object: the last commit credited
  OidMap<size_t> bad_index_;
  std::deque<git_oid> queue_;
  OidMap<std::vector<git_oid>> waiting_;  // queued commits -> children met so far
  OidMap<bool> commits_seen_;
  OidMap<bool> tags_seen_;
  OidMap<std::unique_ptr<Hits>> trees_;
  OidMap<size_t> blobs_;
};

// The ids a version-2 pack index lists (git's pack-format: magic, version,
// 256 fan-out counts, then the sorted ids); empty when it is not one.
std::vector<git_oid> ReadPackIndex(const std::string& path) {
  std::vector<git_oid> out;
  Result<std::string> bytes = core::ReadFile(path);
  if (!bytes.ok()) return out;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes->data());
  constexpr size_t kHeader = 8 + 256 * 4;
  if (bytes->size() < kHeader || std::memcmp(data, "\377tOc\0\0\0\2", 8) != 0) return out;
  const unsigned char* last = data + 8 + 255 * 4;
  size_t count =
      (size_t{last[0]} << 24) | (size_t{last[1]} << 16) | (size_t{last[2]} << 8) | last[3];
  if (bytes->size() < kHeader + count * GIT_OID_RAWSZ) return out;
  out.resize(count);
  for (size_t i = 0; i < count; ++i) git_oid_fromraw(&out[i], data + kHeader + i * GIT_OID_RAWSZ);
  return out;
}

}  // namespace

const std::map<std::string, std::vector<git_oid>>& ObjectLocator::Packs() {
  if (loaded_) return packs_;
  loaded_ = true;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(git_dir_ + "/objects/pack", ec)) {
    if (e.path().extension() != ".idx") continue;
    packs_["objects/pack/" + e.path().stem().string() + ".pack"] = ReadPackIndex(e.path());
  }
  return packs_;
}

std::string ObjectLocator::Where(const git_oid& id) {
  std::error_code ec;
  std::string loose = LooseObjectPath(id);
  if (std::filesystem::exists(git_dir_ + "/" + loose, ec)) return loose;
  auto less = [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; };
  for (const auto& [pack, ids] : Packs())
    if (std::binary_search(ids.begin(), ids.end(), id, less)) return pack;
  return "";
}

std::vector<git_oid> ObjectLocator::Listed(const std::string& pack) {
  auto it = Packs().find(pack);
  return it == packs_.end() ? std::vector<git_oid>() : it->second;
}

bool ReferencesOf(git_odb_object* object, std::vector<ObjectRef>& out) {
  std::string_view data = DataOf(object);
  switch (git_odb_object_type(object)) {
    case GIT_OBJECT_COMMIT: {
      ParsedCommit commit;
      if (!ParseCommit(data, commit)) return false;
      out.push_back({commit.tree, GIT_OBJECT_TREE, ""});
      for (const git_oid& p : commit.parents) out.push_back({p, GIT_OBJECT_COMMIT, ""});
      return true;
    }
    case GIT_OBJECT_TREE: {
      std::vector<TreeEntry> entries;
      if (!ParseTree(data, entries)) return false;
      for (const TreeEntry& e : entries) {
        uint32_t kind = e.mode & kModeTypeMask;
        if (kind == kModeGitlink) continue;
        out.push_back({e.id, kind == kModeTree ? GIT_OBJECT_TREE : GIT_OBJECT_BLOB, e.name});
      }
      return true;
    }
    case GIT_OBJECT_TAG: {
      git_oid target;
      if (!TakeIdLine(data, "object", &target)) return false;
      out.push_back({target, GIT_OBJECT_ANY, ""});
      return true;
    }
    default:
      return true;
  }
}

std::string TypeName(git_object_t type) {
  const char* name = git_object_type2string(type);
  return name != nullptr && *name != '\0' ? name : "object";
}

std::string LooseObjectPath(const git_oid& id) {
  std::string hex = OidHex(&id);
  return "objects/" + hex.substr(0, 2) + "/" + hex.substr(2);
}

ObjectCheck ReadWhole(git_odb* odb, const git_oid& id, OdbObjectPtr& out) {
  ObjectCheck check;
  int rc = git_odb_read(out.out(), odb, &id);
  if (rc == GIT_ENOTFOUND) {
    check.problem = ObjectProblem::kMissing;
    check.reason = "in no object file or pack";
    return check;
  }
  if (rc < 0) {
    check.reason = LastGitMessage();
    if (check.reason.empty()) check.reason = "cannot be read";
    return check;
  }
  check.whole = true;
  return check;
}

Result<FsckReport> Fsck(Repository& repo) {
  EnsureLibgit2();
  git_repository* r = repo.git_handle_for_sync_internal();
  // A fresh object database: the repository's own may hold objects in its
  // cache that were read before the damage.
  OdbPtr odb;
  TAXA_GIT(git_odb_open(odb.out(), (repo.git_dir() + "/objects").c_str()),
           repo.git_dir() + "/objects: cannot open the object database");

  // HEAD first, then every reference by name.
  std::vector<std::pair<std::string, git_oid>> targets;
  std::set<std::string> names;
  auto add = [&](git_reference* ref) -> Status {
    std::string name = git_reference_name(ref);
    ReferencePtr resolved;
    int rc = git_reference_resolve(resolved.out(), ref);
    if (rc == GIT_ENOTFOUND) return Status::Ok();  // an unborn branch
    TAXA_GIT(rc, "cannot read the reference " + name);
    if (names.insert(name).second)
      targets.emplace_back(name, *git_reference_target(resolved.get()));
    return Status::Ok();
  };
  {
    ReferencePtr head;
    int rc = git_reference_lookup(head.out(), r, "HEAD");
    if (rc == 0)
      TAXA_RETURN_IF_ERROR(add(head.get()));
    else if (rc != GIT_ENOTFOUND)
      return GitStatus(rc, "cannot read HEAD");
  }
  ReferenceIteratorPtr it;
  TAXA_GIT(git_reference_iterator_new(it.out(), r), "cannot list the references");
  for (git_reference* ref = nullptr;;) {
    int rc = git_reference_next(&ref, it.get());
    if (rc == GIT_ITEROVER) break;
    TAXA_GIT(rc, "cannot list the references");
    ReferencePtr owned;
    owned.p = ref;
    TAXA_RETURN_IF_ERROR(add(ref));
  }
  bool head_first = !targets.empty() && targets.front().first == "HEAD";
  std::sort(targets.begin() + (head_first ? 1 : 0), targets.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  Walker walker(odb.get());
  for (const auto& [name, id] : targets) walker.Reference(name, id);
  walker.History();
  ObjectLocator locate(repo.git_dir());
  FsckReport report = walker.Finish(locate);
  report.refs.assign(names.begin(), names.end());
  return report;
}

}  // namespace taxa::sync
