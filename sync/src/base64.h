// Standard base64 (RFC 4648, the + and / alphabet), as ssh and git's merge
// records write it. Private to sync.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace taxa::sync {

// `bytes` in base64, with = padding to a multiple of 4 when `pad`.
std::string Base64Encode(std::string_view bytes, bool pad = true);

// The bytes of `text`; whitespace is skipped and padding ends it (optional).
// nullopt on any other character, or on text after the padding.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace taxa::sync
