#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "taxa/core/shard.h"

namespace taxa::core {

namespace {

// Compressing in memory fails only when the library is broken or memory runs
// out: a frame written without its checksum, or cut short, would be stored
// for good, so the process stops with one line instead.
size_t CheckZstd(size_t rc, const char* step) {
  if (!ZSTD_isError(rc)) return rc;
  std::fprintf(stderr, "taxa: zstd cannot compress (%s: %s)\n", step, ZSTD_getErrorName(rc));
  std::abort();
}

}  // namespace

std::string CompressFrame(std::string_view data, int level) {
  // One context per thread, kept: a fresh one allocates and clears its
  // tables for every frame, which costs more than compressing a small
  // segment. Reset, it starts from its parameters alone, so the frame is the
  // one a fresh context makes.
  struct Context {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ~Context() { ZSTD_freeCCtx(cctx); }
  };
  thread_local Context context;
  ZSTD_CCtx* cctx = context.cctx;
  if (cctx == nullptr) {
    std::fprintf(stderr, "taxa: zstd cannot compress (out of memory)\n");
    std::abort();
  }
  CheckZstd(ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters), "reset");
  CheckZstd(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level), "level");
  CheckZstd(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1), "checksum");
  // The worst case is larger than the input, and a frame is a fraction of
  // it: a buffer left uninitialised (its pages untouched until written), and
  // only the frame copied out, rather than a zero-filled string of the bound.
  const size_t bound = ZSTD_compressBound(data.size());
  std::unique_ptr<char[]> buf(new char[bound]);
  size_t n = CheckZstd(ZSTD_compress2(cctx, buf.get(), bound, data.data(), data.size()),
                       "compress");
  return std::string(buf.get(), n);
}

template <typename Lines>
static std::string JoinAndCompress(const Lines& lines, int level) {
  size_t total = 0;
  for (const auto& l : lines) total += l.size() + 1;
  std::string text;
  text.reserve(total);
  for (size_t i = 0; i < lines.size(); ++i) {
    // Lines sorted by id lie all over memory: ask for one a few lines ahead.
    if (i + 8 < lines.size()) __builtin_prefetch(std::data(lines[i + 8]));
    text += lines[i];
    text += '\n';
  }
  return CompressFrame(text, level);
}

std::string EncodeShard(const std::vector<std::string>& lines, int level) {
  return JoinAndCompress(lines, level);
}

std::string EncodeShardLines(const std::vector<std::string_view>& lines, int level) {
  return JoinAndCompress(lines, level);
}

Result<std::string> DecompressFrame(std::string_view bytes, std::string_view name) {
  auto corrupt = [&](const std::string& why) {
    return Status::Corrupt(std::string(name) + ": " + why);
  };
  size_t frame = ZSTD_findFrameCompressedSize(bytes.data(), bytes.size());
  if (ZSTD_isError(frame))
    return corrupt(std::string("not a complete zstd frame (") + ZSTD_getErrorName(frame) + ")");
  if (frame != bytes.size()) return corrupt("trailing bytes after the zstd frame");
  unsigned long long size = ZSTD_getFrameContentSize(bytes.data(), bytes.size());
  std::string out;
  if (size != ZSTD_CONTENTSIZE_UNKNOWN && size != ZSTD_CONTENTSIZE_ERROR) {
    // The header's size is a claim, checked before allocating for it: every
    // block takes at least its 3-byte header and yields at most
    // ZSTD_BLOCKSIZE_MAX bytes, so a frame this short cannot hold more. A
    // damaged or hostile 15-byte frame must not make us allocate gigabytes.
    const unsigned long long most =
        (static_cast<unsigned long long>(bytes.size()) / 3 + 1) * ZSTD_BLOCKSIZE_MAX;
    if (size > most || size > (1ull << 34))
      return corrupt("declared size " + std::to_string(size) + " is more than the frame can hold");
    out.resize(size);
    size_t n = ZSTD_decompress(out.data(), out.size(), bytes.data(), bytes.size());
    if (ZSTD_isError(n)) return corrupt(ZSTD_getErrorName(n));
    if (n != size) return corrupt("decompressed size differs from the frame header");
    return out;
  }
  // Streaming frames (such as ones written by `zstd` from a pipe) carry no size.
  ZSTD_DStream* ds = ZSTD_createDStream();
  if (ds == nullptr) return Status::Internal(std::string(name) + ": zstd is out of memory");
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  size_t ret = 1;
  while (in.pos < in.size) {
    ZSTD_outBuffer ob{chunk.data(), chunk.size(), 0};
    ret = ZSTD_decompressStream(ds, &ob, &in);
    if (ZSTD_isError(ret)) {
      ZSTD_freeDStream(ds);
      return corrupt(ZSTD_getErrorName(ret));
    }
    out.append(chunk.data(), ob.pos);
  }
  ZSTD_freeDStream(ds);
  if (ret != 0) return corrupt("truncated zstd frame");
  return out;
}

Status ForEachLine(std::string_view text,
                   const std::function<Status(std::string_view, size_t)>& fn) {
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    ++line_no;
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) TAXA_RETURN_IF_ERROR(fn(line, line_no));
    pos = end + 1;
  }
  return Status::Ok();
}

}  // namespace taxa::core
