#include "web/server.h"

#include <sys/socket.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "session/access.h"
#include "session/users.h"
#include "web/auth.h"
#include "web/events.h"
#include "web/http.h"
#include "web/pages.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

// On every response, errors and files included.
const httplib::Headers kSecurityHeaders = {
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
     "frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
};

// "/api/v1/conflicts/{id}/resolve" -> "/api/v1/conflicts/([^/]+)/resolve",
// the rest matched literally. A parameter that ends the path takes the rest
// of it, slashes included: an item id may hold one (the client sends %2F,
// which httplib decodes before matching).
std::string PatternOf(const std::string& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      i = path.find('}', i);
      out += i + 1 == path.size() ? "(.+)" : "([^/]+)";
    } else if (std::string_view(".+*?()[]^$|\\").find(path[i]) != std::string_view::npos) {
      out += '\\';
      out += path[i];
    } else {
      out += path[i];
    }
  }
  return out;
}

}  // namespace

struct WebServer::Impl {
  ServeOptions options;
  std::unique_ptr<httplib::Server> http;
  Events events;
  std::unique_ptr<Auth> auth;
  std::unique_ptr<Gate> gate;
  std::unique_ptr<Api> api;
  std::vector<Route> routes;
  std::string token;
  int port = 0;

  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;
  bool running = false;      // inside Run()
  bool listen_done = false;

  void Register() {
    for (const Route& route : routes) {
      auto handler = [this, &route](const httplib::Request& req, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        Caller caller;
        if (!route.open) {
          Result<Caller> who = auth->Identify(req);
          if (!who.ok()) return ReplyError(res, who.status());
          caller = std::move(*who);
          if (route.method != "GET") {
            if (Status csrf = auth->CheckCsrf(req, caller); !csrf.ok())
              return ReplyError(res, 403, "csrf", csrf.message());
          }
        }
        Call call{*api, caller, req, res};
        route.handler(call);
      };
      const std::string pattern = PatternOf(route.path);
      if (route.method == "GET")
        http->Get(pattern, handler);
      else
        http->Post(pattern, handler);
    }
  }

  void Configure() {
    http->set_default_headers(kSecurityHeaders);
    http->set_payload_max_length(options.body_limit);
    http->set_read_timeout(10, 0);
    http->set_write_timeout(10, 0);
    http->set_keep_alive_timeout(5);
    http->set_keep_alive_max_count(1000);
    // Headers and body go out in separate writes: without this, Nagle's
    // algorithm and the client's delayed ACK hold every reply ~40 ms.
    http->set_tcp_nodelay(true);
    const size_t threads = options.threads;
    http->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    const size_t limit = options.body_limit;
    // Statuses httplib sets by itself (no route, a body over the limit, a
    // malformed request) get the API's error shape too.
    http->set_error_handler([limit](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      switch (res.status) {
        case 404: return ReplyError(res, 404, "not_found", "no such page or API route: " + req.path);
        case 413:
          return ReplyError(res, 413, "too_large",
                            "the request body is over " + std::to_string(limit) + " bytes");
        case 400: return ReplyError(res, 400, "bad_request", "malformed request");
        default: return ReplyError(res, res.status, "error", "the request failed");
      }
    });
    http->set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr e) {
          std::string what = "unknown";
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            what = ex.what();
          } catch (...) {
          }
          ReplyError(res, 500, "internal", "unexpected failure: " + what);
        });
  }
};

WebServer::WebServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WebServer::~WebServer() {
  Stop();
  std::unique_lock lock(impl_->mu);
  impl_->cv.wait(lock, [&] { return !impl_->running; });
}

Result<std::unique_ptr<WebServer>> WebServer::Bind(std::unique_ptr<app::Project> project,
                                                   ServeOptions options, app::NoticeFn notice) {
  if (options.tls_cert.empty() != options.tls_key.empty())
    return Status::InvalidInput("--tls-cert and --tls-key go together");
  const bool tls = !options.tls_cert.empty();
  app::Users users(*project);
  TAXA_ASSIGN_OR_RETURN(app::TokenBook book, users.Tokens());
  if (!IsLoopback(options.host)) {
    if (!tls && !options.insecure_http)
      return Status::InvalidInput(
          "--listen " + options.host +
          ": serving beyond this machine needs --tls-cert and --tls-key (or --insecure-http, "
          "which sends tokens and labels readable on the network)");
    TAXA_ASSIGN_OR_RETURN(std::vector<app::UserEntry> people, users.List());
    bool any_token = false;
    for (const app::UserEntry& u : people) any_token = any_token || u.has_token;
    if (!any_token)
      return Status::FailedPrecondition(
          "--listen " + options.host +
          ": serving beyond this machine needs people with tokens (taxa users add NAME --role ...)");
    if (!tls && notice)
      notice("warning: serving plain HTTP on " + options.host +
             ": tokens and labels cross the network unencrypted");
  }

  app::Standing me = app::Access(*project).Me();
  if (me.roles_in_force && me.roles.empty() && notice)
    notice(me.user + " has no role in taxa.json: the printed URL can read but not change anything");

  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  ServeOptions& o = impl->options;
  impl->token = book.AddForThisRun(project->user());
  if (impl->token.empty()) return Status::Io("cannot make a login token (no random source)");
  if (tls) {
    auto server = std::make_unique<httplib::SSLServer>(o.tls_cert.c_str(), o.tls_key.c_str());
    if (!server->is_valid())
      return Status::InvalidInput("--tls-cert " + o.tls_cert + " / --tls-key " + o.tls_key +
                                  ": cannot load the certificate and key (PEM files)");
    impl->http = std::move(server);
  } else {
    impl->http = std::make_unique<httplib::Server>();
  }
  impl->auth = std::make_unique<Auth>(std::move(book), tls);
  GateOptions gate_options = o.gate;
  Events* events = &impl->events;
  gate_options.changed = [events](std::string e) { events->Publish(std::move(e)); };
  gate_options.notice = notice;
  impl->gate = std::make_unique<Gate>(std::move(project), std::move(gate_options));
  impl->api = std::make_unique<Api>(Api{*impl->gate, impl->events});
  impl->routes = ApiRoutes();
  impl->Configure();
  impl->Register();
  AddPages(*impl->http, *impl->auth);

  // httplib listens with a backlog of 5: fifty browsers connecting at once
  // would find the queue full. Keep the socket to raise it after the bind.
  int listening = -1;
  impl->http->set_socket_options([&listening](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening = sock;
  });
  if (o.port == 0) {
    impl->port = impl->http->bind_to_any_port(o.host);
  } else if (impl->http->bind_to_port(o.host, o.port)) {
    impl->port = o.port;
  }
  if (impl->port > 0 && listening >= 0) ::listen(listening, SOMAXCONN);  // updates the backlog
  if (impl->port <= 0)
    return Status::Io("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                      " (in use, or not an address of this machine)");
  auto server = std::unique_ptr<WebServer>(new WebServer(std::move(impl)));
  // A writing command run beside the server is told where to go instead
  // (the URL without its token: the lock file is readable by others).
  const std::string url = server->url();
  const std::string served = url.substr(0, url.find("?token="));
  Status noted = server->impl_->gate->Write(server->impl_->gate->owner(), [&](app::Project& p) {
    return p.NoteWriter(", serving " + served);
  });
  if (!noted.ok() && notice) notice("cannot note the server in the project's lock file: " + noted.message());
  return server;
}

int WebServer::port() const { return impl_->port; }

std::string WebServer::url() const {
  const ServeOptions& o = impl_->options;
  std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  return std::string(o.tls_cert.empty() ? "http" : "https") + "://" + host + ":" +
         std::to_string(impl_->port) + "/?token=" + impl_->token;
}

Status WebServer::Run() {
  Impl* impl = impl_.get();
  {
    std::lock_guard lock(impl->mu);
    if (impl->stop_requested) return impl->gate->Close();
    impl->running = true;
  }
  // httplib's stop() does nothing before the server listens: once Stop()
  // is asked, ask httplib until listening is over.
  std::thread stopper([impl] {
    std::unique_lock lock(impl->mu);
    impl->cv.wait(lock, [&] { return impl->stop_requested; });
    while (!impl->listen_done) {
      lock.unlock();
      impl->http->stop();
      lock.lock();
      impl->cv.wait_for(lock, std::chrono::milliseconds(20), [&] { return impl->listen_done; });
    }
  });
  impl->http->listen_after_bind();
  {
    std::lock_guard lock(impl->mu);
    impl->listen_done = true;
    impl->stop_requested = true;
  }
  impl->cv.notify_all();
  stopper.join();
  impl->events.Close();
  Status closed = impl->gate->Close();
  {
    std::lock_guard lock(impl->mu);
    impl->running = false;
  }
  impl->cv.notify_all();
  return closed;
}

void WebServer::Stop() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop_requested = true;
  }
  impl_->events.Close();  // the event streams end, so their connections let go
  impl_->cv.notify_all();
}

}  // namespace taxa::web
