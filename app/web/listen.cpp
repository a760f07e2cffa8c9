// Where taxa serve listens: HOST:PORT, and whether HOST is this machine only.
#include <arpa/inet.h>

#include <charconv>

#include "web/server.h"

namespace taxa::web {

Result<std::pair<std::string, int>> ParseListen(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return Status::InvalidInput("--listen \"" + std::string(text) + "\": expected HOST:PORT");
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = -1;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (host.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
      port < 0 || port > 65535)
    return Status::InvalidInput("--listen \"" + std::string(text) +
                                "\": expected HOST:PORT with a port from 0 to 65535");
  return std::pair<std::string, int>{std::string(host), port};
}

bool IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

}  // namespace taxa::web
