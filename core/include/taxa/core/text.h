// Checks on text that enters the repository from people.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

namespace taxa::core {

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view s);

// True when `s` is one or more of the digits 0-9 and a-f (lowercase hex:
// object ids, digests).
bool IsLowerHex(std::string_view s);

// True when `name` ends with `extension` (".csv"), ignoring ASCII case.
bool HasExtension(std::string_view name, std::string_view extension);

// True when `name` is 1-64 ASCII letters, digits, '-', '_' or '.', the first
// a letter or digit: a name that is safe as a file or branch name component
// (calibration rounds, proposals; each adds its own rules and message).
bool IsSafeName(std::string_view name);

// Hashes std::string keys and finds them by std::string_view alike, for
// std::unordered_map<std::string, T, TextHash, std::equal_to<>>.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The non-empty lines of `text` ('\n' ends a line), as views into it.
std::vector<std::string_view> Lines(std::string_view text);

}  // namespace taxa::core
