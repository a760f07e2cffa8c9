// SHA-256 (FIPS 180-4), for content ids and manifests.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace taxa::core {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  std::array<uint8_t, 32> Finish();

 private:
  void Block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

// Lowercase hex of the SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace taxa::core
