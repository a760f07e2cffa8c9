#include "taxa/core/sha256.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace taxa::core {
namespace {

using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

std::string Hex(const std::array<uint8_t, 32>& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : d) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

// Test vectors of FIPS 180-4 (NIST CSRC "SHA256.pdf" examples and the NIST
// "SHA-256 short/long message" set).
TEST(Sha256, MatchesTheNistVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                      "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, MillionAsFedInPiecesMatchesTheNistVector) {
  Sha256 h;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) h.Update(chunk);
  EXPECT_EQ(Hex(h.Finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, RandomBuffersMatchSha256sum) {
  TempDir dir;
  // Every length around the padding edges (55, 56, 63, 64, 119, 120, 128), a
  // few odd ones, and one large buffer.
  std::vector<size_t> sizes;
  for (size_t n = 0; n <= 130; ++n) sizes.push_back(n);
  for (size_t n : {183u, 255u, 256u, 1000u, 4095u, 4096u, 65537u, 3000001u}) sizes.push_back(n);
  std::string command = "cd '" + dir.path() + "' && sha256sum";
  std::vector<std::string> want;
  for (size_t i = 0; i < sizes.size(); ++i) {
    std::string data = RandomBytes(sizes[i], static_cast<uint32_t>(1000 + i));
    std::string name = "f" + std::to_string(i);
    WriteText(dir / name, data);
    command += " " + name;
    want.push_back(Sha256Hex(data) + "  " + name);
  }
  taxa::testing::CommandResult r = RunCommand(command);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  size_t i = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(i, want.size());
    EXPECT_EQ(want[i], line) << "length " << sizes[i];
    ++i;
  }
  EXPECT_EQ(i, want.size());
}

TEST(Sha256, IncrementalUpdatesInOddChunksEqualOneShot) {
  const std::string data = RandomBytes(5000, 7);
  const std::string want = Sha256Hex(data);
  for (size_t chunk : {1u, 2u, 3u, 7u, 13u, 55u, 56u, 57u, 63u, 64u, 65u, 127u, 129u, 1000u}) {
    Sha256 h;
    for (size_t at = 0; at < data.size(); at += chunk) h.Update(std::string_view(data).substr(at, chunk));
    EXPECT_EQ(Hex(h.Finish()), want) << "chunk " << chunk;
  }
  // Irregular pieces, empty ones included.
  std::mt19937 rng(99);
  for (int round = 0; round < 20; ++round) {
    Sha256 h;
    size_t at = 0;
    while (at < data.size()) {
      size_t n = rng() % 150;
      h.Update(std::string_view(data).substr(at, n));
      at += n;
    }
    h.Update("");
    EXPECT_EQ(Hex(h.Finish()), want) << "round " << round;
  }
}

}  // namespace
}  // namespace taxa::core
