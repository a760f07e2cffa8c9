#include "taxa/core/text.h"

#include "json_scan.h"

namespace taxa::core {

bool IsValidUtf8(std::string_view s) { return json_scan::IsValidUtf8(s); }

bool HasExtension(std::string_view name, std::string_view extension) {
  if (name.size() < extension.size()) return false;
  std::string_view tail = name.substr(name.size() - extension.size());
  for (size_t i = 0; i < extension.size(); ++i) {
    char a = tail[i], b = extension[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

}  // namespace taxa::core
