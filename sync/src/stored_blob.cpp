#include "stored_blob.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include "git_ptr.h"
#include "loose_object_file.h"

#include "taxa/core/sha256.h"

namespace taxa::sync {

namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::Io(what + " " + path + ": " + std::strerror(errno));
}

// zlib at level 0 over `header` then `bytes`: stored blocks, the Adler-32
// checksum, no compression. Empty on a zlib failure (out of memory).
std::string StoredStream(std::string_view header, std::string_view bytes) {
  z_stream z{};
  if (deflateInit(&z, Z_NO_COMPRESSION) != Z_OK) return std::string();
  const uLong bound = deflateBound(&z, static_cast<uLong>(header.size() + bytes.size()));
  std::unique_ptr<char[]> out(new char[bound]);  // written before it is read
  z.next_out = reinterpret_cast<Bytef*>(out.get());
  z.avail_out = static_cast<uInt>(bound);
  bool ok = true;
  for (std::string_view part : {header, bytes}) {
    // avail_in is 32 bits: feed a large blob in pieces.
    while (ok && !part.empty()) {
      const size_t piece = std::min<size_t>(part.size(), 1u << 30);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(part.data()));
      z.avail_in = static_cast<uInt>(piece);
      ok = deflate(&z, Z_NO_FLUSH) == Z_OK && z.avail_in == 0;
      part.remove_prefix(piece);
    }
  }
  ok = ok && deflate(&z, Z_FINISH) == Z_STREAM_END;
  const size_t n = z.total_out;
  deflateEnd(&z);
  return ok ? std::string(out.get(), n) : std::string();
}

}  // namespace

bool LooksCompressed(std::string_view bytes) {
  return bytes.size() >= 4 && static_cast<unsigned char>(bytes[0]) == 0x28 &&
         static_cast<unsigned char>(bytes[1]) == 0xb5 &&
         static_cast<unsigned char>(bytes[2]) == 0x2f &&
         static_cast<unsigned char>(bytes[3]) == 0xfd;
}

Result<git_oid> WriteStoredBlob(const std::string& objects_dir, std::string_view bytes) {
  const std::string header = "blob " + std::to_string(bytes.size()) + std::string(1, '\0');
  core::Sha1 sha1;
  sha1.Update(header);
  sha1.Update(bytes);
  const std::array<uint8_t, 20> digest = sha1.Finish();
  git_oid id;
  std::memcpy(id.id, digest.data(), digest.size());
  const std::string hex = OidHex(&id);
  const std::string dir = objects_dir + "/" + hex.substr(0, 2);
  const std::string path = dir + "/" + hex.substr(2);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return id;  // objects never change: it is this blob
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return Errno("cannot create", dir);

  const std::string stream = StoredStream(header, bytes);
  if (stream.empty()) return Status::Internal("zlib cannot write the object " + hex);
  TAXA_RETURN_IF_ERROR(WriteLooseObjectFile(dir, path, stream));
  return id;
}

}  // namespace taxa::sync
