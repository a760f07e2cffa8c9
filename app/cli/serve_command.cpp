// serve: the web face over the project (app/web), until Ctrl+C or SIGTERM.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <thread>

#include "cli.h"
#include "web/server.h"

namespace taxa::cli {

namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8470";
  bool open = false;
  std::string tls_cert;
  std::string tls_key;
  bool insecure_http = false;
};

// Starts a browser on `url` (xdg-open), without waiting for it.
void OpenBrowser(const std::string& url, const sigset_t& blocked) {
  pid_t pid = ::fork();
  if (pid != 0) return;
  ::sigprocmask(SIG_UNBLOCK, &blocked, nullptr);  // the browser stops as it likes
  ::setsid();
  ::execlp("xdg-open", "xdg-open", url.c_str(), static_cast<char*>(nullptr));
  ::_exit(127);
}

int Serve(const Globals& g, const ServeArgs& a) {
  Result<std::pair<std::string, int>> listen = web::ParseListen(a.listen);
  if (!listen.ok()) return Fail(listen.status());
  // Signals go to the watcher thread alone: every thread started from here
  // on inherits this mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto project = OpenProject(g, app::OpenMode::kWrite);
  if (!project) return 1;
  const std::string name = project->settings().name;
  web::ServeOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.tls_cert = a.tls_cert;
  options.tls_key = a.tls_key;
  options.insecure_http = a.insecure_http;
  Result<std::unique_ptr<web::WebServer>> server = web::WebServer::Bind(
      std::move(project), options,
      [](const std::string& line) { std::fprintf(stderr, "taxa: %s\n", line.c_str()); });
  if (!server.ok()) return Fail(server.status());
  web::WebServer* s = server->get();
  std::printf("Serving \"%s\" (Ctrl+C stops). Open:\n%s\n", name.c_str(), s->url().c_str());
  std::fflush(stdout);
  if (a.open) OpenBrowser(s->url(), stop_signals);
  std::thread([s, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    s->Stop();
  }).detach();
  Status closed = s->Run();
  if (!closed.ok()) {
    std::fprintf(stderr, "taxa: stopped; saved in the journal, not yet committed: %s\n",
                 closed.message().c_str());
    return 0;
  }
  std::fprintf(stderr, "taxa: stopped; every label is committed\n");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, Globals& g, Action& action) {
  auto args = std::make_shared<ServeArgs>();
  auto* serve = app.add_subcommand(
      "serve", "Serve the web pages and JSON API for this project (until Ctrl+C)");
  serve->add_option("--listen", args->listen, "HOST:PORT to listen on (default 127.0.0.1:8470)");
  serve->add_flag("--open", args->open, "Open the printed URL in a browser");
  serve->add_option("--tls-cert", args->tls_cert, "TLS certificate (PEM) for https");
  serve->add_option("--tls-key", args->tls_key, "TLS private key (PEM) for https");
  serve->add_flag("--insecure-http", args->insecure_http,
                  "Allow plain HTTP on an address beyond this machine");
  serve->callback([&, args] { action = [&g, args] { return Serve(g, *args); }; });
}

}  // namespace taxa::cli
