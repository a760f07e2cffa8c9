// The table of embedded files that assets/CMakeLists.txt generates; internal to
// taxa_assets. Not a public header.
#ifndef TAXA_ASSETS_SRC_TABLE_H_
#define TAXA_ASSETS_SRC_TABLE_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace taxa::assets::internal {

struct Entry {
  std::string_view path;      // relative to assets/, e.g. "fonts/DejaVuSans.ttf"
  const char* data;           // static storage, followed by one NUL byte
  const std::uint64_t* size;  // bytes of the file, without the NUL
};

// Every embedded file, sorted by path byte-wise, paths unique.
std::span<const Entry> Table();

}  // namespace taxa::assets::internal

#endif  // TAXA_ASSETS_SRC_TABLE_H_
