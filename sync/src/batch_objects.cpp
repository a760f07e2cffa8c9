#include "batch_objects.h"

#include <git2/sys/odb_backend.h>
#include <zlib.h>

#include <array>
#include <cstring>
#include <deque>
#include <unordered_map>
#include <vector>

#include "git_error.h"
#include "git_ptr.h"
#include "taxa/core/fs.h"
#include "taxa/core/parallel.h"
#include "taxa/core/sha256.h"
#include "stored_blob.h"

namespace taxa::sync {

namespace {

using IndexerPtr = GitPtr<git_indexer, git_indexer_free>;

struct Object {
  git_oid id;
  git_object_t type;
  std::string owned;      // the bytes, when the backend keeps them
  std::string_view data;  // the bytes: `owned`, or the caller's
};

struct BatchState {
  bool active = false;
  std::deque<Object> objects;  // in the order written; addresses stay put
  std::unordered_map<std::string, size_t> at;  // raw id -> position in objects

  const Object* Find(const git_oid* id) const {
    if (!active) return nullptr;
    auto it = at.find(std::string(reinterpret_cast<const char*>(id->id), GIT_OID_RAWSZ));
    return it == at.end() ? nullptr : &objects[it->second];
  }
  // Adds an object unless it is here already; `owned` empty means `data` is the caller's.
  void Add(const git_oid& id, git_object_t type, std::string owned, std::string_view data) {
    std::string key(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
    if (at.count(key)) return;
    Object& o = objects.emplace_back();
    o.id = id;
    o.type = type;
    o.owned = std::move(owned);
    o.data = o.owned.empty() ? data : std::string_view(o.owned);
    at.emplace(std::move(key), objects.size() - 1);
  }
  void Clear() {
    active = false;
    objects.clear();
    at.clear();
  }
};

}  // namespace

// libgit2 hands the backend's callbacks &parent: a standard-layout struct
// whose first member it is.
struct BatchBackend {
  git_odb_backend parent;
  BatchState* state;
};

namespace {

BatchState& StateOf(git_odb_backend* b) { return *reinterpret_cast<BatchBackend*>(b)->state; }

// Idle, or not holding the object: the next backend answers.
int Read(void** out, size_t* len, git_object_t* type, git_odb_backend* b, const git_oid* id) {
  const Object* o = StateOf(b).Find(id);
  if (!o) return GIT_ENOTFOUND;
  void* copy = git_odb_backend_data_alloc(b, o->data.size() + 1);
  if (!copy) return -1;
  std::memcpy(copy, o->data.data(), o->data.size());
  *out = copy;
  *len = o->data.size();
  *type = o->type;
  return 0;
}

int ReadHeader(size_t* len, git_object_t* type, git_odb_backend* b, const git_oid* id) {
  const Object* o = StateOf(b).Find(id);
  if (!o) return GIT_ENOTFOUND;
  *len = o->data.size();
  *type = o->type;
  return 0;
}

int Write(git_odb_backend* b, const git_oid* id, const void* data, size_t len, git_object_t type) {
  BatchState& s = StateOf(b);
  if (!s.active) return GIT_PASSTHROUGH;  // the loose backend below writes it
  std::string bytes(static_cast<const char*>(data), len);
  // An empty object (the empty tree) is kept as an empty view.
  s.Add(*id, type, std::move(bytes), std::string_view());
  return 0;
}

// libgit2 writes blobs through a stream: idle, the next backend takes it.
struct BatchStream {
  git_odb_stream parent;  // first: libgit2 hands the callbacks &parent
  git_object_t type;
  std::string* data;
};

int StreamWrite(git_odb_stream* stream, const char* buffer, size_t len) {
  reinterpret_cast<BatchStream*>(stream)->data->append(buffer, len);
  return 0;
}

int StreamFinalize(git_odb_stream* stream, const git_oid* id) {
  BatchStream* s = reinterpret_cast<BatchStream*>(stream);
  StateOf(stream->backend).Add(*id, s->type, std::move(*s->data), std::string_view());
  return 0;
}

void StreamFree(git_odb_stream* stream) {
  BatchStream* s = reinterpret_cast<BatchStream*>(stream);
  delete s->data;
  delete s;
}

int WriteStream(git_odb_stream** out, git_odb_backend* b, git_object_size_t size,
                git_object_t type) {
  if (!StateOf(b).active) return GIT_PASSTHROUGH;
  BatchStream* s = new BatchStream{};
  s->parent.backend = b;
  s->parent.mode = GIT_STREAM_WRONLY;
  s->parent.write = &StreamWrite;
  s->parent.finalize_write = &StreamFinalize;
  s->parent.free = &StreamFree;
  s->type = type;
  s->data = new std::string();
  s->data->reserve(static_cast<size_t>(size));
  *out = &s->parent;
  return 0;
}

int Exists(git_odb_backend* b, const git_oid* id) { return StateOf(b).Find(id) ? 1 : 0; }

void Free(git_odb_backend* b) {
  BatchBackend* backend = reinterpret_cast<BatchBackend*>(b);
  delete backend->state;
  delete backend;
}

BatchBackend* FindBackend(git_odb* odb) {
  for (size_t i = 0, n = git_odb_num_backends(odb); i < n; ++i) {
    git_odb_backend* b = nullptr;
    if (git_odb_get_backend(&b, odb, i) == 0 && b && b->free == &Free)
      return reinterpret_cast<BatchBackend*>(b);
  }
  return nullptr;
}

// The zlib stream (RFC 1950) of `data` at `level` (0: stored as it is).
Result<std::string> Deflate(std::string_view data, int level) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                level) != Z_OK)
    return Status::Internal("zlib cannot compress an object");
  out.resize(size);
  return out;
}

// A pack entry's header: the type and the size, 4 bits then 7 bits a byte.
void AppendEntryHeader(std::string& out, git_object_t type, uint64_t size) {
  unsigned char c = static_cast<unsigned char>((static_cast<unsigned>(type) << 4) | (size & 15));
  size >>= 4;
  while (size) {
    out.push_back(static_cast<char>(c | 0x80));
    c = static_cast<unsigned char>(size & 0x7f);
    size >>= 7;
  }
  out.push_back(static_cast<char>(c));
}

void AppendBigEndian32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

}  // namespace

Status AddBatchBackend(git_odb* odb) {
  auto* backend = new BatchBackend{};
  if (git_odb_init_backend(&backend->parent, GIT_ODB_BACKEND_VERSION) < 0) {
    delete backend;
    return GitStatus(-1, "cannot set up the batch object backend");
  }
  backend->state = new BatchState();
  backend->parent.read = &Read;
  backend->parent.read_header = &ReadHeader;
  backend->parent.write = &Write;
  backend->parent.writestream = &WriteStream;
  backend->parent.exists = &Exists;
  backend->parent.free = &Free;
  // Above the loose backends (repository.cpp's at 3, libgit2's own at 1 and 2).
  if (int rc = git_odb_add_backend(odb, &backend->parent, /*priority=*/4); rc < 0) {
    Free(&backend->parent);
    return GitStatus(rc, "cannot set up the batch object backend");
  }
  return Status::Ok();
}

Result<std::unique_ptr<BatchObjects>> BatchObjects::Begin(git_repository* repo) {
  OdbPtr odb;
  TAXA_GIT(git_repository_odb(odb.out(), repo), "cannot open the object database");
  BatchBackend* backend = FindBackend(odb.get());
  if (!backend) return Status::Internal("the object database has no batch backend");
  if (backend->state->active)
    return Status::FailedPrecondition("a batch of objects is being written already");
  backend->state->active = true;
  return std::unique_ptr<BatchObjects>(new BatchObjects(repo, backend));
}

BatchObjects::~BatchObjects() { backend_->state->Clear(); }

size_t BatchObjects::size() const { return backend_->state->objects.size(); }

Result<git_oid> BatchObjects::AddBlob(std::string_view bytes) {
  std::vector<git_oid> ids;
  TAXA_RETURN_IF_ERROR(AddBlobs({bytes}, ids));
  return ids[0];
}

Status BatchObjects::AddBlobs(const std::vector<std::string_view>& blobs,
                              std::vector<git_oid>& ids) {
  ids.assign(blobs.size(), git_oid{});
  core::ParallelFor(blobs.size(), [&](size_t i) {
    const std::string header = "blob " + std::to_string(blobs[i].size()) + std::string(1, '\0');
    core::Sha1 sha1;
    sha1.Update(header);
    sha1.Update(blobs[i]);
    const std::array<uint8_t, 20> digest = sha1.Finish();
    std::memcpy(ids[i].id, digest.data(), digest.size());
  });
  OdbPtr odb;
  TAXA_GIT(git_repository_odb(odb.out(), repo_), "cannot open the object database");
  for (size_t i = 0; i < blobs.size(); ++i)
    if (!git_odb_exists(odb.get(), &ids[i]))  // else here already (or gathered)
      backend_->state->Add(ids[i], GIT_OBJECT_BLOB, std::string(), blobs[i]);
  return Status::Ok();
}

Status BatchObjects::Finish(bool durable) {
  BatchState& s = *backend_->state;
  if (s.objects.empty()) return Status::Ok();
  // Each entry deflated on its own (side by side): compressed files (zstd
  // segments and shards) stored as they are, the rest at zlib's fastest.
  std::vector<std::string> entries(s.objects.size());
  std::vector<Status> failed(s.objects.size());
  core::ParallelFor(s.objects.size(), [&](size_t k) {
    const Object& o = s.objects[k];
    std::string& e = entries[k];
    AppendEntryHeader(e, o.type, o.data.size());
    Result<std::string> z = Deflate(o.data, LooksCompressed(o.data) ? 0 : 1);
    if (!z.ok()) {
      failed[k] = z.status();
      return;
    }
    e += *z;
  });
  for (const Status& f : failed) TAXA_RETURN_IF_ERROR(f);

  const std::string pack_dir = std::string(git_repository_path(repo_)) + "objects/pack";
  TAXA_RETURN_IF_ERROR(core::MakeDirs(pack_dir));
  git_indexer_options opts = GIT_INDEXER_OPTIONS_INIT;
  IndexerPtr indexer;
  TAXA_GIT(git_indexer_new(indexer.out(), pack_dir.c_str(), 0, nullptr, &opts),
           "cannot start a pack in " + pack_dir);
  git_indexer_progress stats{};
  core::Sha1 sum;  // the pack's trailer: SHA-1 of all before it
  auto append = [&](std::string_view bytes, bool summed) -> Status {
    if (summed) sum.Update(bytes);
    if (git_indexer_append(indexer.get(), bytes.data(), bytes.size(), &stats) < 0)
      return Status::Corrupt("cannot write the pack of a commit: " + LastGitMessage());
    return Status::Ok();
  };
  std::string head = "PACK";
  AppendBigEndian32(head, 2);
  AppendBigEndian32(head, static_cast<uint32_t>(entries.size()));
  TAXA_RETURN_IF_ERROR(append(head, true));
  for (const std::string& e : entries) TAXA_RETURN_IF_ERROR(append(e, true));
  const std::array<uint8_t, 20> trailer = sum.Finish();
  TAXA_RETURN_IF_ERROR(
      append(std::string_view(reinterpret_cast<const char*>(trailer.data()), trailer.size()), false));
  if (git_indexer_commit(indexer.get(), &stats) < 0)
    return Status::Corrupt("cannot write the pack of a commit: " + LastGitMessage());
  if (durable) {
    const std::string pack = pack_dir + "/pack-" + git_indexer_name(indexer.get());
    TAXA_RETURN_IF_ERROR(core::SyncPath(pack + ".pack"));
    TAXA_RETURN_IF_ERROR(core::SyncPath(pack + ".idx"));
    TAXA_RETURN_IF_ERROR(core::SyncPath(pack_dir));
  }
  // The database reads the new pack from here on, and no longer the batch.
  s.Clear();
  OdbPtr odb;
  TAXA_GIT(git_repository_odb(odb.out(), repo_), "cannot open the object database");
  TAXA_GIT(git_odb_refresh(odb.get()), "cannot read the new pack");
  return Status::Ok();
}

}  // namespace taxa::sync
