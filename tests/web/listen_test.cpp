// --listen: HOST:PORT, and which hosts are this machine only.
#include <gtest/gtest.h>

#include "support/status_matchers.h"
#include "web/server.h"

namespace taxa::web {
namespace {

using taxa::testing::Fails;

TEST(Listen, HostAndPortIncludingBracketedIpv6) {
  EXPECT_EQ(*ParseListen("127.0.0.1:8470"), (std::pair<std::string, int>{"127.0.0.1", 8470}));
  EXPECT_EQ(*ParseListen("[::1]:80"), (std::pair<std::string, int>{"::1", 80}));
  EXPECT_EQ(*ParseListen("localhost:0"), (std::pair<std::string, int>{"localhost", 0}));
  for (const char* bad : {"nowhere", ":80", "h:", "h:70000", "h:-1", "h:8o", "[]:1"})
    EXPECT_TRUE(Fails(ParseListen(bad).status(), StatusCode::kInvalidInput, {"--listen", "HOST:PORT"})) << bad;
}

TEST(Listen, OnlyLoopbackAddressesCountAsThisMachine) {
  for (const char* host : {"127.0.0.1", "127.9.8.7", "::1", "localhost"}) EXPECT_TRUE(IsLoopback(host)) << host;
  for (const char* host : {"0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "128.0.0.1", "example.com", "::ffff:127.0.0.1"})
    EXPECT_FALSE(IsLoopback(host)) << host;
}

}  // namespace
}  // namespace taxa::web
