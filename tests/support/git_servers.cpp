#include "support/git_servers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define TAXA_LSAN 1
#endif

#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

namespace taxa::testing {

namespace {

bool Executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// The first of `paths` that is missing, as "PATH is not installed"; empty when all are there.
std::string FirstMissing(const std::vector<std::string>& paths) {
  for (const std::string& p : paths)
    if (!Executable(p)) return p + " is not installed (packaging/install-deps.sh installs it)";
  return "";
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string CurrentUser() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw != nullptr ? pw->pw_name : "root";
}

// Runs `command`; empty when it succeeded, else the command and its stderr.
std::string Must(const std::string& command) {
  CommandResult r = RunCommand(command);
  if (r.exit_code == 0) return "";
  return "`" + command + "` failed: " + r.err;
}

bool ConnectsTo(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

int FreeLocalPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log_file) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) {
      ::dup2(log, STDOUT_FILENO);
      ::dup2(log, STDERR_FILENO);
    }
    int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    ::setpgid(0, 0);  // its own group, so stopping it reaches its workers too
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  if (pid_ > 0) ::setpgid(pid_, pid_);  // also here: no window before a kill reaches the group
}

ChildProcess::~ChildProcess() {
  if (pid_ <= 0 || exited_) return;
  ::kill(-pid_, SIGTERM);
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (::waitpid(pid_, nullptr, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid_, SIGKILL);
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool ChildProcess::running() {
  if (pid_ <= 0 || exited_) return false;
  if (::waitpid(pid_, nullptr, WNOHANG) == pid_) exited_ = true;
  return !exited_;
}

std::string WaitForPort(int port, ChildProcess& process, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process.running()) return "the server exited before listening";
    if (ConnectsTo(port)) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return "nothing listened on port " + std::to_string(port) + " within " +
         std::to_string(seconds) + " s";
}

// ---- http(s): nginx + fcgiwrap + git-http-backend ----

constexpr char kHttpBackend[] = "/usr/lib/git-core/git-http-backend";

GitHttpServer::GitHttpServer(Kind kind) : kind_(kind) {
  std::vector<std::string> needed = {"/usr/sbin/nginx", "/usr/sbin/fcgiwrap", kHttpBackend};
  if (kind == Kind::kHttps) needed.push_back("/usr/bin/openssl");
  missing_ = FirstMissing(needed);
  if (missing_.empty()) error_ = Start(kind);
}

GitHttpServer::~GitHttpServer() = default;

std::string GitHttpServer::Start(Kind kind) {
  std::string d = dir_.path();
  if (std::string e = Must("mkdir -p " + d + "/repos " + d + "/tmp"); !e.empty()) return e;
  port_ = FreeLocalPort();
  if (port_ == 0) return "no free port";
  std::string tls;
  if (kind == Kind::kHttps) {
    // A CA of our own, and a certificate for the DNS name localhost signed by
    // it (mbedTLS refuses a certificate that names only an IP address).
    ca_file_ = d + "/ca.pem";
    WriteText(d + "/server.ext",
              "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
              "extendedKeyUsage=serverAuth\n");
    std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    for (const std::string& c :
         {"openssl req -x509" + ec + " -keyout " + d + "/ca.key -out " + ca_file_ +
              " -days 2 -subj '/CN=Taxa test CA' -addext basicConstraints=critical,CA:TRUE"
              " -addext keyUsage=critical,keyCertSign,cRLSign",
          "openssl req -new" + ec + " -keyout " + d + "/server.key -out " + d +
              "/server.csr -subj /CN=localhost",
          "openssl x509 -req -in " + d + "/server.csr -CA " + ca_file_ + " -CAkey " + d +
              "/ca.key -CAcreateserial -days 2 -out " + d + "/server.pem -extfile " + d +
              "/server.ext"})
      if (std::string e = Must(c); !e.empty()) return e;
    tls = " ssl;\n    ssl_certificate " + d + "/server.pem;\n    ssl_certificate_key " + d +
          "/server.key";
  }
  std::string socket = d + "/fcgi.sock";
  fcgiwrap_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/usr/sbin/fcgiwrap", "-c", "4", "-s", "unix:" + socket},
      d + "/fcgiwrap.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (::access(socket.c_str(), F_OK) != 0) {
    if (!fcgiwrap_->running() || std::chrono::steady_clock::now() > deadline)
      return "fcgiwrap did not start: " + ReadText(d + "/fcgiwrap.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::string conf = std::string(::geteuid() == 0 ? "user root;\n" : "") +
                     "daemon off;\nworker_processes 1;\npid " + d + "/nginx.pid;\n"
                     "error_log " + d + "/error.log info;\n"
                     "events { worker_connections 64; }\n"
                     "http {\n"
                     "  access_log " + d + "/access.log;\n"
                     "  client_body_temp_path " + d + "/tmp/body;\n"
                     "  proxy_temp_path " + d + "/tmp/proxy;\n"
                     "  fastcgi_temp_path " + d + "/tmp/fastcgi;\n"
                     "  uwsgi_temp_path " + d + "/tmp/uwsgi;\n"
                     "  scgi_temp_path " + d + "/tmp/scgi;\n"
                     "  client_max_body_size 0;\n"
                     "  server {\n"
                     "    listen 127.0.0.1:" + std::to_string(port_) + tls + ";\n"
                     "    server_name localhost;\n"
                     "    location / {\n"
                     "      fastcgi_pass unix:" + socket + ";\n"
                     "      fastcgi_param SCRIPT_FILENAME " + kHttpBackend + ";\n"
                     "      fastcgi_param GIT_PROJECT_ROOT " + d + "/repos;\n"
                     "      fastcgi_param GIT_HTTP_EXPORT_ALL 1;\n"
                     "      fastcgi_param PATH_INFO $uri;\n"
                     "      fastcgi_param QUERY_STRING $query_string;\n"
                     "      fastcgi_param REQUEST_METHOD $request_method;\n"
                     "      fastcgi_param CONTENT_TYPE $content_type;\n"
                     "      fastcgi_param CONTENT_LENGTH $content_length;\n"
                     "      fastcgi_param REMOTE_ADDR $remote_addr;\n"
                     "      fastcgi_param SERVER_PROTOCOL $server_protocol;\n"
                     "      fastcgi_param GATEWAY_INTERFACE CGI/1.1;\n"
                     "    }\n"
                     "  }\n"
                     "}\n";
  WriteText(d + "/nginx.conf", conf);
  nginx_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/usr/sbin/nginx", "-p", d, "-e", d + "/error.log", "-c",
                               d + "/nginx.conf"},
      d + "/nginx.log");
  if (std::string e = WaitForPort(port_, *nginx_); !e.empty())
    return "nginx: " + e + ": " + ReadText(d + "/nginx.log") + ReadText(d + "/error.log");
  return "";
}

std::string GitHttpServer::Url(const std::string& name) const {
  return std::string(kind_ == Kind::kHttps ? "https://localhost:" : "http://127.0.0.1:") +
         std::to_string(port_) + "/" + name;
}

std::string GitHttpServer::MakeRepo(const std::string& name) {
  std::string path = RepoPath(name);
  Must("git init -q --bare " + Quote(path) + " && git -C " + Quote(path) +
       " config http.receivepack true");
  return Url(name);
}

// ---- ssh: sshd ----

SshLeakAllowance::SshLeakAllowance() {
  const char* old = std::getenv("LSAN_OPTIONS");
  if (old != nullptr) old_options_ = old;
  std::string options = (old != nullptr ? std::string(old) + ":" : "") + "fast_unwind_on_malloc=0";
  ::setenv("LSAN_OPTIONS", options.c_str(), 1);
#ifdef TAXA_LSAN
  __lsan_disable();
#endif
}

SshLeakAllowance::~SshLeakAllowance() {
#ifdef TAXA_LSAN
  __lsan_enable();
#endif
  if (old_options_) ::setenv("LSAN_OPTIONS", old_options_->c_str(), 1);
  else ::unsetenv("LSAN_OPTIONS");
}

GitSshServer::GitSshServer() {
  missing_ = FirstMissing({"/usr/sbin/sshd", "/usr/bin/ssh-keygen"});
  if (missing_.empty()) error_ = Start();
}

GitSshServer::~GitSshServer() = default;

std::string GitSshServer::Start() {
  std::string d = dir_.path();
  user_ = CurrentUser();
  if (std::string e = Must("mkdir -p " + d + "/repos"); !e.empty()) return e;
  // sshd insists on its privilege separation folder.
  if (::access("/run/sshd", F_OK) != 0) ::mkdir("/run/sshd", 0755);
  client_key_ = d + "/client_ed25519";
  for (const std::string& c :
       {"ssh-keygen -q -t ed25519 -N '' -C taxa-test-host -f " + d + "/host_ed25519",
        "ssh-keygen -q -t ed25519 -N '' -C taxa-test-client -f " + client_key_,
        "cp " + client_key_ + ".pub " + d + "/authorized_keys"})
    if (std::string e = Must(c); !e.empty()) return e;
  CommandResult fp = RunCommand("ssh-keygen -lf " + d + "/host_ed25519.pub");
  size_t start = fp.out.find("SHA256:");
  if (fp.exit_code != 0 || start == std::string::npos) return "ssh-keygen -lf: " + fp.err;
  fingerprint_ = fp.out.substr(start, fp.out.find(' ', start) - start);
  port_ = FreeLocalPort();
  if (port_ == 0) return "no free port";
  std::string host_pub = ReadText(d + "/host_ed25519.pub");
  known_hosts_ = d + "/known_hosts";
  WriteText(known_hosts_, "[127.0.0.1]:" + std::to_string(port_) + " " +
                              host_pub.substr(0, host_pub.rfind(' ')) + "\n");
  WriteText(d + "/sshd_config",
            "Port " + std::to_string(port_) + "\n"
            "ListenAddress 127.0.0.1\n"
            "HostKey " + d + "/host_ed25519\n"
            "PidFile " + d + "/sshd.pid\n"
            "AuthorizedKeysFile " + d + "/authorized_keys\n"
            "StrictModes no\n" +
            (::geteuid() == 0 ? "PermitRootLogin yes\n" : "") +
            "UsePAM no\n"
            "PasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\n"
            "PubkeyAuthentication yes\n"
            "LogLevel VERBOSE\n");
  sshd_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/usr/sbin/sshd", "-D", "-e", "-f", d + "/sshd_config"},
      d + "/sshd.log");
  if (std::string e = WaitForPort(port_, *sshd_); !e.empty())
    return "sshd: " + e + ": " + ReadText(d + "/sshd.log");
  return "";
}

std::string GitSshServer::MakeRepo(const std::string& name) {
  std::string path = RepoPath(name);
  Must("git init -q --bare " + Quote(path));
  return "ssh://" + user_ + "@127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace taxa::testing
