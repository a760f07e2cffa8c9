#include "taxa/core/shard.h"

#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_getFrameHeader
#include <zstd.h>

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::core {
namespace {

using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

using taxa::testing::Fails;

const std::string kName = "labels/alice/d1/00000001.jsonl.zst";

std::vector<std::string> SmallLines() {
  return {R"({"id":"T-1","text":"My card was charged twice"})",
          R"({"id":"T-2","text":"Where is my parcel?","meta":{"lang":"en"}})",
          R"({"id":"T-3","text":"caf\u00e9 \u2603"})"};
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string MustDecompress(std::string_view bytes) {
  Result<std::string> r = DecompressFrame(bytes, kName);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : std::string();
}

std::vector<std::pair<std::string, size_t>> Lines(std::string_view text) {
  std::vector<std::pair<std::string, size_t>> out;
  Status s = ForEachLine(text, [&](std::string_view line, size_t n) {
    out.emplace_back(std::string(line), n);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return out;
}

TEST(Shard, EncodeThenDecompressGivesTheLinesBack) {
  std::string shard = EncodeShard(SmallLines());
  EXPECT_EQ(MustDecompress(shard), Joined(SmallLines()));
  std::vector<std::pair<std::string, size_t>> lines = Lines(MustDecompress(shard));
  ASSERT_EQ(lines.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[i].first, SmallLines()[i]);
    EXPECT_EQ(lines[i].second, i + 1);
  }
  // Every level gives the same content; an empty shard is an empty text.
  for (int level : {1, 3, 19}) EXPECT_EQ(MustDecompress(EncodeShard(SmallLines(), level)),
                                         Joined(SmallLines()));
  EXPECT_EQ(MustDecompress(EncodeShard({})), "");
  EXPECT_EQ(MustDecompress(CompressFrame("no newline")), "no newline");
}

TEST(Shard, EachFrameIsTheBytesAFreshZstdContextMakes) {
  // CompressFrame keeps one context per thread: whatever it compressed
  // before, at whatever level, a frame must be what zstd makes from nothing.
  auto fresh = [](const std::string& data, int level) {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    std::string out(ZSTD_compressBound(data.size()), '\0');
    size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
    ZSTD_freeCCtx(cctx);
    EXPECT_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
  };
  std::string big;
  for (int i = 0; i < 100000; ++i) big += "{\"id\":\"e" + std::to_string(i * 7919 % 100003) + "\"}\n";
  const std::string small = Joined(SmallLines());
  const std::vector<std::pair<const std::string*, int>> order = {
      {&big, 3}, {&small, 3}, {&big, 12}, {&small, 1}, {&small, 3}, {&big, 3}, {&small, 12}};
  for (const auto& [data, level] : order) {
    EXPECT_EQ(CompressFrame(*data, level), fresh(*data, level))
        << data->size() << " bytes at level " << level;
  }
}

TEST(Shard, LargeShardRoundTrips) {
  std::vector<std::string> lines;
  for (int i = 0; i < 50000; ++i)
    lines.push_back("{\"id\":\"T-" + std::to_string(i) + "\",\"text\":\"item number " +
                    std::to_string(i * 7919 % 100003) + "\"}");
  EXPECT_EQ(MustDecompress(EncodeShard(lines)), Joined(lines));
}

TEST(Shard, FrameCarriesTheContentChecksumAndSize) {
  std::string shard = EncodeShard(SmallLines());
  ZSTD_frameHeader header;
  ASSERT_EQ(ZSTD_getFrameHeader(&header, shard.data(), shard.size()), 0u);
  EXPECT_EQ(header.frameType, ZSTD_frame);
  EXPECT_EQ(header.checksumFlag, 1u);
  EXPECT_EQ(header.frameContentSize, Joined(SmallLines()).size());
  // The same, read from the bytes as the format specification lays them out:
  // magic 0xFD2FB528 little-endian, then the frame header descriptor whose
  // bit 2 is Content_Checksum_flag.
  ASSERT_GE(shard.size(), 5u);
  EXPECT_EQ(shard.substr(0, 4), std::string("\x28\xb5\x2f\xfd", 4));
  EXPECT_TRUE(static_cast<unsigned char>(shard[4]) & 0x04);
}

TEST(Shard, ZstdcatReadsAShardBackIdentically) {
  TempDir dir;
  std::vector<std::string> lines = SmallLines();
  for (int i = 0; i < 2000; ++i) lines.push_back("{\"id\":\"X-" + std::to_string(i) + "\"}");
  WriteText(dir / "s.jsonl.zst", EncodeShard(lines));
  taxa::testing::CommandResult r = RunCommand("zstdcat '" + (dir / "s.jsonl.zst") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, Joined(lines));
  // And zstd's own integrity check passes.
  r = RunCommand("zstd -q -t '" + (dir / "s.jsonl.zst") + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(Shard, EveryTruncationFailsAsCorruptNamingTheFile) {
  std::string shard = EncodeShard(SmallLines());
  for (size_t n = 0; n < shard.size(); ++n) {
    Result<std::string> r = DecompressFrame(std::string_view(shard).substr(0, n), kName);
    EXPECT_TRUE(Fails(r.status(), StatusCode::kCorrupt, {kName + ": "})) << "prefix " << n;
  }
}

TEST(Shard, EveryFlippedByteFailsAsCorrupt) {
  std::string shard = EncodeShard(SmallLines());
  for (size_t i = 0; i < shard.size(); ++i) {
    std::string bad = shard;
    bad[i] = static_cast<char>(bad[i] ^ 0xff);
    Result<std::string> r = DecompressFrame(bad, kName);
    EXPECT_TRUE(Fails(r.status(), StatusCode::kCorrupt, {kName + ": "})) << "byte " << i;
  }
}

TEST(Shard, AFlippedBitInTheContentIsCaughtByTheChecksum) {
  // Stored (incompressible-looking) content lets a bit flip reach the data itself.
  std::string text;
  uint32_t x = 12345;
  for (int i = 0; i < 48; ++i) {
    x = x * 1103515245u + 12345u;
    text += static_cast<char>('A' + (x >> 16) % 26);
  }
  std::string shard = CompressFrame(text, 1);
  std::string bad = shard;
  size_t at = shard.find(text.substr(10, 8));
  ASSERT_NE(at, std::string::npos) << "expected a raw block";
  bad[at] = static_cast<char>(bad[at] ^ 0x01);
  EXPECT_TRUE(Fails(DecompressFrame(bad, kName).status(), StatusCode::kCorrupt,
                    {kName + ": ", "checksum"}));
}

TEST(Shard, TrailingBytesAfterTheFrameAreRefused) {
  std::string shard = EncodeShard(SmallLines());
  EXPECT_TRUE(Fails(DecompressFrame(shard + "x", kName).status(), StatusCode::kCorrupt,
                    {kName + ": trailing bytes after the zstd frame"}));
  EXPECT_TRUE(Fails(DecompressFrame(shard + std::string(1, '\0'), kName).status(),
                    StatusCode::kCorrupt, {"trailing bytes"}));
  // A second frame is trailing bytes too: a shard is exactly one frame.
  EXPECT_TRUE(Fails(DecompressFrame(shard + shard, kName).status(), StatusCode::kCorrupt,
                    {"trailing bytes"}));
}

TEST(Shard, BytesThatAreNoFrameAreRefused) {
  EXPECT_TRUE(Fails(DecompressFrame("", kName).status(), StatusCode::kCorrupt,
                    {kName + ": not a complete zstd frame"}));
  EXPECT_TRUE(Fails(DecompressFrame("{\"id\":\"T-1\"}\n", kName).status(), StatusCode::kCorrupt,
                    {kName + ": not a complete zstd frame"}));
}

std::string ZstdFromPipe(const TempDir& dir, const std::string& producer,
                         const std::string& flags = "") {
  std::string path = dir / "pipe.zst";
  taxa::testing::CommandResult r =
      RunCommand(producer + " | zstd -q -c " + flags + " > '" + path + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ReadText(path);
}

TEST(Shard, FrameWrittenByTheZstdCliFromAPipeDecodes) {
  TempDir dir;
  std::string frame = ZstdFromPipe(dir, "printf 'a\\nbb\\nccc\\n'");
  ASSERT_GE(frame.size(), 4u);
  EXPECT_EQ(ZSTD_getFrameContentSize(frame.data(), frame.size()), ZSTD_CONTENTSIZE_UNKNOWN);
  EXPECT_EQ(MustDecompress(frame), "a\nbb\nccc\n");

  // Truncating a streamed frame is caught as well.
  for (size_t n = 0; n < frame.size(); ++n)
    EXPECT_TRUE(Fails(DecompressFrame(std::string_view(frame).substr(0, n), kName).status(),
                      StatusCode::kCorrupt, {kName + ": "}))
        << "prefix " << n;
  EXPECT_TRUE(Fails(DecompressFrame(frame + "zz", kName).status(), StatusCode::kCorrupt,
                    {"trailing bytes"}));
}

TEST(Shard, LargeFrameFromAPipeDecodes) {
  TempDir dir;
  // Several megabytes that compress very well: many output buffers per input buffer.
  const std::string producer = "yes '{\"id\":\"T-1\",\"text\":\"the same line again\"}' | head -n 100000";
  std::string want = RunCommand(producer).out;
  ASSERT_GT(want.size(), 4000000u);
  std::string frame = ZstdFromPipe(dir, producer);
  EXPECT_EQ(ZSTD_getFrameContentSize(frame.data(), frame.size()), ZSTD_CONTENTSIZE_UNKNOWN);
  EXPECT_EQ(MustDecompress(frame), want);

  std::string unchecked = ZstdFromPipe(dir, producer, "--no-check");
  EXPECT_EQ(MustDecompress(unchecked), want);
}

TEST(Shard, ForEachLineHandlesCrlfEmptyLinesAndAMissingFinalNewline) {
  std::vector<std::pair<std::string, size_t>> want = {{"a", 1}, {"b", 2}, {"c d", 5}, {"e", 7}};
  EXPECT_EQ(Lines("a\r\nb\n\n\r\nc d\n\ne"), want);
  EXPECT_EQ(Lines("a\r\nb\n\n\r\nc d\n\ne\n"), want);
  EXPECT_EQ(Lines("a\r\nb\n\n\r\nc d\n\ne\r\n"), want);
  EXPECT_TRUE(Lines("").empty());
  EXPECT_TRUE(Lines("\n\n\r\n").empty());
  // Only a final '\r' is a line ending; one inside a line stays.
  EXPECT_EQ(Lines("x\ry\n"), (std::vector<std::pair<std::string, size_t>>{{"x\ry", 1}}));
}

TEST(Shard, ForEachLineStopsAtTheFirstError) {
  std::vector<size_t> seen;
  Status s = ForEachLine("one\ntwo\nthree\n", [&](std::string_view line, size_t n) {
    seen.push_back(n);
    if (line == "two") return Status::InvalidInput("f.jsonl:" + std::to_string(n) + ": bad");
    return Status::Ok();
  });
  EXPECT_TRUE(Fails(s, StatusCode::kInvalidInput, {"f.jsonl:2: bad"}));
  EXPECT_EQ(seen, (std::vector<size_t>{1, 2}));
}

// Found by fuzzing (tests/fuzz/crashes/shard_frame): a 15-byte frame whose
// header claimed 2.5 GB made DecompressFrame allocate (and zero) that much
// before finding the blocks empty. Here a frame built by hand from RFC 8878:
// magic, a descriptor with an 8-byte content size and a single segment, the
// size, and one empty last raw block.
TEST(Shard, AFrameClaimingMoreThanItsBlocksHoldIsCorruptBeforeAnyAllocation) {
  auto frame = [](uint64_t declared) {
    std::string f = "\x28\xB5\x2F\xFD\xE0";
    for (int i = 0; i < 8; ++i) f += static_cast<char>((declared >> (8 * i)) & 0xFF);
    f += std::string("\x01\x00\x00", 3);  // last block, raw, 0 bytes
    return f;
  };
  Result<std::string> empty = DecompressFrame(frame(0), kName);
  ASSERT_TRUE(empty.ok()) << empty.status().message();  // the hand-made frame is a frame
  EXPECT_EQ(*empty, "");
  EXPECT_TRUE(Fails(DecompressFrame(frame(uint64_t{8} << 30), kName).status(),
                    StatusCode::kCorrupt, {kName + ": declared size 8589934592 is more than"}));
  EXPECT_TRUE(Fails(DecompressFrame(frame(1000), kName).status(), StatusCode::kCorrupt,
                    {kName + ": "}));
}

}  // namespace
}  // namespace taxa::core
