#include "remote_callbacks.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <utility>

#include "git_error.h"
#include "taxa/core/fs.h"

namespace taxa::sync {

namespace {

constexpr char kSystemCaBundle[] = "/etc/ssl/certs/ca-certificates.crt";
constexpr char kSystemCaFolder[] = "/etc/ssl/certs";

std::string CurrentUserName() {
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr) return pw->pw_name;
  const char* user = std::getenv("USER");
  return user != nullptr ? user : "";
}

std::string DefaultKnownHosts() {
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "") + "/.ssh/known_hosts";
}

// "host" for the default port, "[host]:port" otherwise, as ssh names hosts.
std::string HostName(const Endpoint& e) {
  if (e.port == 0 || (e.scheme == "ssh" && e.port == 22) ||
      (e.scheme == "https" && e.port == 443) || (e.scheme == "http" && e.port == 80))
    return e.host;
  return "[" + e.host + "]:" + std::to_string(e.port);
}

}  // namespace

Endpoint ParseEndpoint(const std::string& url) {
  Endpoint e;
  std::string rest;
  size_t scheme_end = url.find("://");
  if (scheme_end != std::string::npos) {
    e.scheme = url.substr(0, scheme_end);
    if (e.scheme == "git") e.port = 9418;
    else if (e.scheme == "ssh" || e.scheme == "ssh+git" || e.scheme == "git+ssh") e.port = 22;
    else if (e.scheme == "http") e.port = 80;
    else if (e.scheme == "https") e.port = 443;
    else return Endpoint();  // file:// and anything libgit2 judges itself
    if (e.port == 22) e.scheme = "ssh";
    rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find('/'));
  } else if (url.find(':') != std::string::npos && url.find('/') > url.find(':')) {
    e.scheme = "ssh";  // scp-like user@host:path
    e.port = 22;
    rest = url.substr(0, url.find(':'));
  } else {
    return Endpoint();
  }
  if (size_t at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  std::string port;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    size_t close = rest.find(']');
    if (close == std::string::npos) return Endpoint();
    e.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
  } else if (size_t colon = rest.find(':');
             colon != std::string::npos && scheme_end != std::string::npos) {
    e.host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  } else {
    e.host = rest;
  }
  if (!port.empty()) e.port = std::atoi(port.c_str());
  return e;
}

RemoteCallbacks::RemoteCallbacks(TransportSettings settings, std::string url,
                                 core::ProgressFn progress)
    : settings_(std::move(settings)), url_(std::move(url)), progress_(std::move(progress)) {}

Status RemoteCallbacks::Prepare() {
  if (ParseEndpoint(url_).scheme != "https") return Status::Ok();
  if (!settings_.ca_file.empty() && !core::PathExists(settings_.ca_file))
    return Status::NotFound("taxa.caFile " + settings_.ca_file + " does not exist");
  // What libgit2 was last told, so the system bundle is only restored after
  // a taxa.caFile replaced it.
  static std::mutex mu;
  static std::string applied;
  std::lock_guard<std::mutex> lock(mu);
  if (settings_.ca_file == applied) return Status::Ok();
  const char* file = settings_.ca_file.empty() ? nullptr : settings_.ca_file.c_str();
  const char* folder = nullptr;
  if (file == nullptr) {
    if (core::PathExists(kSystemCaBundle)) file = kSystemCaBundle;
    else folder = kSystemCaFolder;
  }
  if (int rc = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, folder); rc < 0)
    return Status::InvalidInput(
        GitStatus(rc, "cannot use " + std::string(file ? file : folder) + " as CA bundle")
            .message());
  applied = settings_.ca_file;
  return Status::Ok();
}

void RemoteCallbacks::Install(git_remote_callbacks& callbacks) {
  callbacks.certificate_check = OnCertificate;
  callbacks.credentials = OnCredentials;
  callbacks.transfer_progress = OnFetchProgress;
  callbacks.push_transfer_progress = OnPushProgress;
  callbacks.push_update_reference = OnPushUpdate;
  callbacks.payload = this;
}

int RemoteCallbacks::OnCertificate(git_cert* cert, int valid, const char* host, void* payload) {
  auto* self = static_cast<RemoteCallbacks*>(payload);
  std::string name = host != nullptr ? host : "";
  if (cert->cert_type == GIT_CERT_X509) {
    if (valid) return 0;
    self->failure_ =
        "the certificate of " + name + " is not signed by a trusted CA (" +
        (self->settings_.ca_file.empty()
             ? std::string("set taxa.caFile to the CA bundle that signed it")
             : "not by one in taxa.caFile " + self->settings_.ca_file) +
        ")";
    return GIT_ECERTIFICATE;
  }
  if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2) {
    // A new connection (a clone makes more than one): its key may be tried once.
    self->key_attempts_ = 0;
    return self->CheckHostKey(*reinterpret_cast<const git_cert_hostkey*>(cert), name, valid != 0);
  }
  return GIT_PASSTHROUGH;
}

int RemoteCallbacks::CheckHostKey(const git_cert_hostkey& key, const std::string& host,
                                  bool in_default_known_hosts) {
  Endpoint e = ParseEndpoint(url_);
  std::string name = HostName({"ssh", host, e.port});
  if ((key.type & GIT_CERT_SSH_SHA256) == 0) {
    failure_ = "cannot check the host key of " + name + ": no SHA-256 fingerprint from libssh2";
    return GIT_ECERTIFICATE;
  }
  std::string_view digest(reinterpret_cast<const char*>(key.hash_sha256),
                          sizeof key.hash_sha256);
  std::string presented = HostKeyFingerprint(digest);
  if (!settings_.ssh_host_key.empty()) {
    if (presented == settings_.ssh_host_key) return 0;
    failure_ = "ssh host " + name + " presented key " + presented +
               ", not the pinned taxa.sshHostKey " + settings_.ssh_host_key + "; refused";
    return GIT_ECERTIFICATE;
  }
  Result<std::string> known = core::ReadFile(settings_.known_hosts);
  if (known.ok() && KnownHostsAccepts(*known, host, e.port, digest)) return 0;
  // libgit2 found it in ~/.ssh/known_hosts itself, hashed entries included.
  if (in_default_known_hosts && settings_.known_hosts == DefaultKnownHosts()) return 0;
  failure_ = "ssh host " + name + " presented key " + presented + ", which " +
             settings_.known_hosts + (known.ok() ? " does not hold" : " (unreadable) cannot confirm") +
             "; refused (add it there, or pin it with `taxa config taxa.sshHostKey " + presented +
             "`)";
  return GIT_ECERTIFICATE;
}

int RemoteCallbacks::OnCredentials(git_credential** out, const char* /*url*/, const char* user,
                                   unsigned int allowed, void* payload) {
  auto* self = static_cast<RemoteCallbacks*>(payload);
  std::string name = user != nullptr && *user ? user : CurrentUserName();
  std::string where = HostName(ParseEndpoint(self->url_));
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
    const std::string& key = self->settings_.ssh_key;
    // libgit2 asks again after a refusal; one refusal is the answer.
    if (++self->key_attempts_ > 1) {
      self->failure_ = "ssh host " + where + " refused key " + key + " for user " + name +
                       " (set taxa.sshKey to a key it accepts)";
      return GIT_EAUTH;
    }
    if (!core::PathExists(key)) {
      self->failure_ = "ssh key " + key + " does not exist (set taxa.sshKey to an ed25519 key)";
      return GIT_EAUTH;
    }
    std::string pub = key + ".pub";
    return git_credential_ssh_key_new(out, name.c_str(),
                                      core::PathExists(pub) ? pub.c_str() : nullptr, key.c_str(),
                                      nullptr);
  }
  if ((allowed & GIT_CREDENTIAL_USERNAME) != 0) return git_credential_username_new(out, name.c_str());
  self->failure_ = where + " asks for a user name and password, which taxa does not send "
                           "(use ssh, or a URL that needs no login)";
  return GIT_EAUTH;
}

int RemoteCallbacks::OnPushUpdate(const char* refname, const char* status, void* payload) {
  if (status != nullptr)
    static_cast<RemoteCallbacks*>(payload)->rejected_ =
        std::string(refname != nullptr ? refname : "") + ": " + status;
  return 0;
}

int RemoteCallbacks::OnFetchProgress(const git_indexer_progress* stats, void* payload) {
  auto* self = static_cast<RemoteCallbacks*>(payload);
  if (self->progress_ && stats->total_objects > 0)
    self->progress_(stats->received_objects, stats->total_objects);
  return 0;
}

int RemoteCallbacks::OnPushProgress(unsigned int current, unsigned int total, size_t /*bytes*/,
                                    void* payload) {
  auto* self = static_cast<RemoteCallbacks*>(payload);
  if (self->progress_ && total > 0) self->progress_(current, total);
  return 0;
}

}  // namespace taxa::sync
