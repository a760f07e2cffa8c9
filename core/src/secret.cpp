#include "taxa/core/secret.h"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "taxa/core/sha256.h"

namespace taxa::core {

Result<std::string> RandomSecretHex(size_t bytes) {
  std::vector<uint8_t> buf(bytes);
  size_t got = 0;
  while (got < bytes) {
    ssize_t n = ::getrandom(buf.data() + got, bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Io(std::string("no random bytes from the kernel: ") + std::strerror(errno));
    got += static_cast<size_t>(n);
  }
  return HexOf(buf.data(), buf.size());
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  return diff == 0;
}

}  // namespace taxa::core
