// What Fetch, Push and Clone hand libgit2 for one network operation: the
// host checks (https certificate, ssh host key), ssh credentials and
// transfer progress, all driven by the transport settings (transport.h).
//
//   RemoteCallbacks cb(settings, url, progress);
//   TAXA_RETURN_IF_ERROR(cb.Prepare());
//   cb.Install(fetch_opts.callbacks);
//   int rc = git_remote_fetch(...);
//   if (rc < 0) message = cb.failure().empty() ? LastGitMessage() : cb.failure();
//
// Private to sync/src.
#pragma once

#include <git2.h>

#include <string>

#include "taxa/core/index.h"
#include "taxa/core/status.h"
#include "taxa/sync/transport.h"

namespace taxa::sync {

// Host and port of a network URL (scheme://[user@]host[:port]/..., or the
// scp-like user@host:path); empty host for a local path or file://.
struct Endpoint {
  std::string scheme;  // "ssh" for the scp-like form
  std::string host;
  int port = 0;
};
Endpoint ParseEndpoint(const std::string& url);

class RemoteCallbacks {
 public:
  RemoteCallbacks(TransportSettings settings, std::string url, core::ProgressFn progress);

  // Points libgit2 at taxa.caFile for an https URL (or back at the system's
  // bundle when it is not set). libgit2 holds one such setting per process:
  // do not run network operations with different settings on two threads.
  Status Prepare();
  // Fills `callbacks` with this object as the payload; it must outlive their use.
  void Install(git_remote_callbacks& callbacks);
  // One line saying why a callback refused the connection; empty otherwise.
  const std::string& failure() const { return failure_; }
  // "REF: REASON" when the server refused a pushed reference; empty otherwise.
  const std::string& rejected() const { return rejected_; }

 private:
  static int OnCertificate(git_cert* cert, int valid, const char* host, void* payload);
  static int OnCredentials(git_credential** out, const char* url, const char* user,
                           unsigned int allowed, void* payload);
  static int OnFetchProgress(const git_indexer_progress* stats, void* payload);
  static int OnPushProgress(unsigned int current, unsigned int total, size_t bytes,
                            void* payload);
  // 0 when the pinned key or the known_hosts file vouches for the host's key.
  static int OnPushUpdate(const char* refname, const char* status, void* payload);
  int CheckHostKey(const git_cert_hostkey& key, const std::string& host,
                   bool in_default_known_hosts);

  TransportSettings settings_;
  std::string url_;
  core::ProgressFn progress_;
  int key_attempts_ = 0;
  std::string failure_;
  std::string rejected_;
};

}  // namespace taxa::sync
