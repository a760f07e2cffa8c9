#include "taxa/assets/assets.h"

#include <algorithm>

#include "table.h"

namespace taxa::assets {

std::optional<std::string_view> Find(std::string_view path) {
  const std::span<const internal::Entry> table = internal::Table();
  const auto it = std::lower_bound(
      table.begin(), table.end(), path,
      [](const internal::Entry& entry, std::string_view key) { return entry.path < key; });
  if (it == table.end() || it->path != path) return std::nullopt;
  return std::string_view(it->data, static_cast<std::size_t>(*it->size));
}

std::vector<std::string_view> List() {
  std::vector<std::string_view> paths;
  paths.reserve(internal::Table().size());
  for (const internal::Entry& entry : internal::Table()) paths.push_back(entry.path);
  return paths;
}

}  // namespace taxa::assets
