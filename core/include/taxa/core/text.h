// Checks on text that enters the repository from people.
#pragma once

#include <string_view>

namespace taxa::core {

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view s);

// True when `name` ends with `extension` (".csv"), ignoring ASCII case.
bool HasExtension(std::string_view name, std::string_view extension);

}  // namespace taxa::core
