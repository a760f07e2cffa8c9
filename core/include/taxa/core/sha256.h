// SHA-256 (FIPS 180-4), for content ids and manifests, and SHA-1 for git's
// pack checksums (never for anything Taxa names by its content). Both come
// from libcrypto, every return code checked: a library that cannot hash stops
// the process with one line rather than let a wrong id be written.
//
//   Sha256 h;  h.Update(a);  h.Update(b);  auto digest = h.Finish();
//   std::string hex = Sha256Hex(bytes);
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace taxa::core {

// Incremental hashing. Finish() may be called once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  std::array<uint8_t, 32> Finish();

 private:
  void* ctx_;  // the library's context, kept out of this header
};

class Sha1 {
 public:
  Sha1();
  ~Sha1();
  Sha1(const Sha1&) = delete;
  Sha1& operator=(const Sha1&) = delete;
  void Update(std::string_view data);
  std::array<uint8_t, 20> Finish();

 private:
  void* ctx_;
};

// Lowercase hex of `bytes`.
std::string HexOf(const uint8_t* bytes, size_t size);

// Lowercase hex of the SHA-256 of `data`. Thread-safe.
std::string Sha256Hex(std::string_view data);

// The SHA-256 of `data` (what Sha256Hex writes in hex). Thread-safe.
std::array<uint8_t, 32> Sha256Digest(std::string_view data);

}  // namespace taxa::core
