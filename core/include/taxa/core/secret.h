// Secrets: unguessable random values for login tokens and browser sessions,
// from the kernel's random source (getrandom), never from a seeded generator.
//
//   TAXA_ASSIGN_OR_RETURN(std::string token, RandomSecretHex(32));   // 64 hex digits
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::core {

// `bytes` random bytes as lowercase hex. kIo when the kernel gives none.
// Thread-safe.
Result<std::string> RandomSecretHex(size_t bytes);

// True when `a` and `b` are equal, in a time that depends only on their
// sizes (for comparing a secret someone sent with the one kept).
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace taxa::core
