// WebServer: `taxa serve`, the web face. Serves the pages embedded from
// assets/web and the JSON API (routes.h) over one open project, behind a
// token: the URL it prints carries a login token for whoever started it,
// and people added with `taxa users add` log in with theirs.
//
//   TAXA_ASSIGN_OR_RETURN(std::unique_ptr<WebServer> server,
//                         WebServer::Bind(std::move(project), {.port = 8470}, notice));
//   std::printf("%s\n", server->url().c_str());
//   std::thread watcher([&] { wait_for_a_signal(); server->Stop(); });
//   Status closed = server->Run();   // until Stop(); commits pending labels
//
// Only loopback addresses are served by default: another address needs TLS
// (tls_cert and tls_key) or insecure_http, and people with tokens.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "session/project.h"
#include "web/gate.h"

#include "taxa/core/status.h"

namespace taxa::web {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8470;              // 0: any free port (tests)
  std::string tls_cert;         // PEM files; both or neither
  std::string tls_key;
  bool insecure_http = false;   // allow plain HTTP on a non-loopback address
  size_t body_limit = 1 << 20;  // a larger request body is answered 413
  size_t threads = 64;          // connections served at once (an event stream holds one)
  GateOptions gate;             // when pending labels are committed
};

// "HOST:PORT" or "[IPv6]:PORT". kInvalidInput naming the text.
Result<std::pair<std::string, int>> ParseListen(std::string_view text);
// 127.0.0.0/8, ::1 and "localhost".
bool IsLoopback(const std::string& host);

class WebServer {
 public:
  // Checks the options, makes the login token for the project's user and
  // binds the address. kInvalidInput for options that do not go together,
  // kFailedPrecondition for a wider address without people, kIo when the
  // address cannot be bound. REQUIRES: `project` is open for writing.
  static Result<std::unique_ptr<WebServer>> Bind(std::unique_ptr<app::Project> project,
                                                 ServeOptions options, app::NoticeFn notice);
  ~WebServer();  // Stop() and wait

  int port() const;
  // http(s)://HOST:PORT/?token=... for the project's user.
  std::string url() const;

  // Serves until Stop(), then commits pending labels and returns that
  // commit's status (the labels are durable in the journal either way).
  Status Run();
  // Stops serving: ends the event streams, stops accepting, lets requests
  // under way finish. From any thread (not a signal handler); returns at once.
  void Stop();

 private:
  struct Impl;
  explicit WebServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace taxa::web
