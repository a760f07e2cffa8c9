// Real git servers on 127.0.0.1 for transport tests, each started on a free
// port by its constructor and stopped by its destructor, with every file it
// needs (configuration, keys, logs, sockets) in a temporary folder.
//
//   GitHttpServer http(GitHttpServer::Kind::kHttps);
//   if (!http.missing().empty()) GTEST_SKIP() << http.missing();
//   ASSERT_TRUE(http.error().empty()) << http.error();
//   std::string url = http.MakeRepo("hub.git");  // https://localhost:PORT/hub.git
//
//   GitSshServer ssh;
//   std::string url = ssh.MakeRepo("hub.git");   // ssh://root@127.0.0.1:PORT/TMP/hub.git
//   // client key: ssh.client_key(); host key: ssh.known_hosts(), ssh.fingerprint()
//
// Readiness is awaited by polling the port, never by sleeping a fixed time.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace taxa::testing {

// A free TCP port on 127.0.0.1 (bound, read, released); 0 on failure.
int FreeLocalPort();

// A child process started with argv (argv[0] an absolute path), killed with
// SIGTERM and reaped on destruction. Output goes to `log_file`.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& log_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  bool running();  // false once it has exited
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
};

// Waits (up to `seconds`) until a TCP connection to 127.0.0.1:port succeeds
// while `process` is running. Empty on success, else why not.
std::string WaitForPort(int port, ChildProcess& process, int seconds = 20);

// nginx + fcgiwrap running git-http-backend (receive-pack enabled) over every
// bare repository in its folder; plain http on 127.0.0.1, or https with a
// self-signed CA and a server certificate for the DNS name localhost.
class GitHttpServer {
 public:
  enum class Kind { kHttp, kHttps };
  explicit GitHttpServer(Kind kind = Kind::kHttp);
  ~GitHttpServer();

  // Non-empty (naming it) when a needed program is not installed: skip.
  const std::string& missing() const { return missing_; }
  // Non-empty when the server did not start, with its log.
  const std::string& error() const { return error_; }
  // Makes a bare repository `name` that accepts pushes; returns its URL.
  std::string MakeRepo(const std::string& name);
  std::string Url(const std::string& name) const;
  std::string RepoPath(const std::string& name) const { return dir_ / "repos" + "/" + name; }
  const std::string& ca_file() const { return ca_file_; }  // https only
  int port() const { return port_; }

 private:
  std::string Start(Kind kind);
  TempDir dir_;
  Kind kind_;
  int port_ = 0;
  std::string missing_, error_, ca_file_;
  std::unique_ptr<ChildProcess> fcgiwrap_, nginx_;  // stopped nginx first
};

// libgit2 1.5.1 leaks two small buffers (and, without ~/.ssh/known_hosts,
// a libssh2 list) on every ssh connection; its frames have no frame pointers,
// so LeakSanitizer's fast unwinder cannot match the suppressions in
// tests/lsan.supp. While one of these is alive, allocations on this thread
// are not leak-checked and `taxa` processes started get full stacks (so the
// suppressions match there). Use it only around ssh operations: the same
// code runs leak-checked over http in other tests.
class SshLeakAllowance {
 public:
  SshLeakAllowance();
  ~SshLeakAllowance();
  SshLeakAllowance(const SshLeakAllowance&) = delete;
  SshLeakAllowance& operator=(const SshLeakAllowance&) = delete;

 private:
  std::optional<std::string> old_options_;
};

// An sshd on 127.0.0.1 with its own ed25519 host key that lets in the
// current user with a fresh ed25519 client key.
class GitSshServer {
 public:
  GitSshServer();
  ~GitSshServer();

  const std::string& missing() const { return missing_; }
  const std::string& error() const { return error_; }
  // Makes a bare repository `name` in the server's folder; returns its
  // ssh://USER@127.0.0.1:PORT/ABSOLUTE/PATH URL.
  std::string MakeRepo(const std::string& name);
  std::string RepoPath(const std::string& name) const { return dir_ / "repos" + "/" + name; }
  const std::string& client_key() const { return client_key_; }    // private key; .pub beside it
  const std::string& known_hosts() const { return known_hosts_; }  // a file naming this host
  // The host key as `ssh-keygen -lf` prints it: "SHA256:...".
  const std::string& fingerprint() const { return fingerprint_; }
  int port() const { return port_; }

 private:
  std::string Start();
  TempDir dir_;
  int port_ = 0;
  std::string user_, missing_, error_, client_key_, known_hosts_, fingerprint_;
  std::unique_ptr<ChildProcess> sshd_;
};

}  // namespace taxa::testing
