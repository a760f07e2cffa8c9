#include "taxa/sync/transport.h"

#include <git2.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <array>
#include <climits>
#include <cstdlib>

#include "base64.h"
#include "git_error.h"
#include "git_ptr.h"
#include "taxa/core/fs.h"
#include "taxa/core/sha256.h"

namespace taxa::sync {

namespace {

using ConfigPtr = GitPtr<git_config, git_config_free>;

bool KnownKey(const std::string& key) {
  for (const std::string& k : TransportSettingKeys())
    if (k == key) return true;
  return false;
}

Status UnknownKey(const std::string& key) {
  std::string known;
  for (const std::string& k : TransportSettingKeys()) known += (known.empty() ? "" : ", ") + k;
  return Status::InvalidInput("unknown setting \"" + key + "\" (known: " + known + ")");
}

// `key` from `cfg`; nullopt when it is not set there.
Result<std::optional<std::string>> ReadString(git_config* cfg, const std::string& key,
                                              const std::string& where) {
  git_buf buf = GIT_BUF_INIT;
  int rc = git_config_get_string_buf(&buf, cfg, key.c_str());
  if (rc == GIT_ENOTFOUND) return std::optional<std::string>();
  if (rc < 0) {
    Status s = GitStatus(rc, "cannot read " + key + " from " + where);
    return Status::Io(s.message());
  }
  std::string value(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  return std::optional<std::string>(value);
}

// The project's own configuration (.git/config), without the user's or the
// system's git configuration layered under it.
Status OpenProjectConfig(Repository& repo, ConfigPtr& local) {
  ConfigPtr all;
  TAXA_GIT(git_repository_config(all.out(), repo.git_handle_for_sync_internal()),
           "cannot open the project's git configuration");
  TAXA_GIT(git_config_open_level(local.out(), all.get(), GIT_CONFIG_LEVEL_LOCAL),
           "cannot open the project's git configuration");
  return Status::Ok();
}

std::string Home() {
  const char* home = std::getenv("HOME");
  return home != nullptr ? home : "";
}

bool ValidFingerprint(const std::string& v) {
  const std::string prefix = "SHA256:";
  if (v.rfind(prefix, 0) != 0 || v.size() != prefix.size() + 43) return false;
  std::optional<std::string> digest = Base64Decode(v.substr(prefix.size()));
  return digest.has_value() && digest->size() == 32;
}

// OpenSSH's host patterns: `*` any run, `?` any one character, nothing else
// special (so "[host]:port" is literal).
bool WildcardMatches(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern.front() == '*')
    return WildcardMatches(pattern.substr(1), name) ||
           (!name.empty() && WildcardMatches(pattern, name.substr(1)));
  if (name.empty()) return false;
  if (pattern.front() != '?' && pattern.front() != name.front()) return false;
  return WildcardMatches(pattern.substr(1), name.substr(1));
}

bool HostPatternMatches(std::string_view patterns, const std::string& name) {
  bool matched = false;
  size_t start = 0;
  while (start <= patterns.size()) {
    size_t comma = patterns.find(',', start);
    std::string pattern(patterns.substr(start, comma == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : comma - start));
    bool negated = !pattern.empty() && pattern.front() == '!';
    if (negated) pattern.erase(0, 1);
    if (!pattern.empty() && WildcardMatches(pattern, name)) {
      if (negated) return false;  // a negated match rules the line out
      matched = true;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return matched;
}

// A hashed host field as `ssh-keygen -H` writes it, "|1|<salt>|<hash>" (both
// base64): the hash is HMAC-SHA1 of the host name keyed by the salt.
bool HashedHostMatches(std::string_view field, const std::string& name) {
  constexpr std::string_view kMagic = "|1|";
  if (field.substr(0, kMagic.size()) != kMagic) return false;
  field.remove_prefix(kMagic.size());
  size_t bar = field.find('|');
  if (bar == std::string_view::npos) return false;
  std::optional<std::string> salt = Base64Decode(field.substr(0, bar));
  std::optional<std::string> hash = Base64Decode(field.substr(bar + 1));
  if (!salt || !hash || hash->size() != SHA_DIGEST_LENGTH) return false;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha1(), salt->data(), static_cast<int>(salt->size()),
           reinterpret_cast<const unsigned char*>(name.data()), name.size(), mac,
           &mac_size) == nullptr) {
    return false;
  }
  return std::string_view(reinterpret_cast<const char*>(mac), mac_size) == *hash;
}

}  // namespace

const std::vector<std::string>& TransportSettingKeys() {
  static const std::vector<std::string> keys = {"taxa.caFile", "taxa.sshKey", "taxa.knownHosts",
                                                "taxa.sshHostKey", "taxa.signingKey"};
  return keys;
}

std::string UserConfigPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  std::string base = xdg != nullptr && *xdg == '/' ? xdg : Home() + "/.config";
  return base + "/taxa/config";
}

Result<std::optional<SettingValue>> GetTransportSetting(Repository* repo, const std::string& key) {
  if (!KnownKey(key)) return UnknownKey(key);
  EnsureLibgit2();
  if (repo != nullptr) {
    ConfigPtr local;
    TAXA_RETURN_IF_ERROR(OpenProjectConfig(*repo, local));
    TAXA_ASSIGN_OR_RETURN(std::optional<std::string> v,
                          ReadString(local.get(), key, "the project's git configuration"));
    if (v) return std::optional<SettingValue>(SettingValue{*v, SettingScope::kProject});
  }
  std::string path = UserConfigPath();
  if (!core::PathExists(path)) return std::optional<SettingValue>();
  ConfigPtr user;
  if (int rc = git_config_open_ondisk(user.out(), path.c_str()); rc < 0)
    return Status::Io("cannot read " + path + ": " + GitStatus(rc, "").message());
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> v, ReadString(user.get(), key, path));
  if (v) return std::optional<SettingValue>(SettingValue{*v, SettingScope::kUser});
  return std::optional<SettingValue>();
}

Status SetTransportSetting(Repository* repo, const std::string& key, const std::string& value) {
  if (!KnownKey(key)) return UnknownKey(key);
  if (value.empty()) return Status::InvalidInput("setting \"" + key + "\" needs a value");
  std::string stored = value;
  if (key == "taxa.sshHostKey") {
    if (!ValidFingerprint(value))
      return Status::InvalidInput("taxa.sshHostKey \"" + value +
                                  "\" is not a fingerprint like `ssh-keygen -lf` prints "
                                  "(SHA256: and 43 base64 characters)");
  } else if (stored.front() != '/') {
    char cwd[PATH_MAX];
    if (::getcwd(cwd, sizeof cwd) != nullptr) stored = std::string(cwd) + "/" + stored;
  }
  EnsureLibgit2();
  ConfigPtr cfg;
  std::string where = "the project's git configuration";
  if (repo != nullptr) {
    TAXA_RETURN_IF_ERROR(OpenProjectConfig(*repo, cfg));
  } else {
    where = UserConfigPath();
    TAXA_RETURN_IF_ERROR(core::MakeDirs(where.substr(0, where.rfind('/'))));
    if (int rc = git_config_open_ondisk(cfg.out(), where.c_str()); rc < 0)
      return Status::Io("cannot open " + where + ": " + GitStatus(rc, "").message());
  }
  if (int rc = git_config_set_string(cfg.get(), key.c_str(), stored.c_str()); rc < 0)
    return Status::Io("cannot write " + key + " to " + where + GitStatus(rc, "").message());
  return Status::Ok();
}

Result<TransportSettings> LoadTransportSettings(Repository* repo) {
  TransportSettings s;
  // The first four keys of TransportSettingKeys(); taxa.signingKey is read
  // where commits are signed (app/session's ProjectState::SignCommit).
  std::string* fields[] = {&s.ca_file, &s.ssh_key, &s.known_hosts, &s.ssh_host_key};
  const std::vector<std::string>& keys = TransportSettingKeys();
  for (size_t i = 0; i < std::size(fields); ++i) {
    TAXA_ASSIGN_OR_RETURN(std::optional<SettingValue> v, GetTransportSetting(repo, keys[i]));
    if (v) *fields[i] = v->value;
  }
  if (s.ssh_key.empty()) s.ssh_key = Home() + "/.ssh/id_ed25519";
  if (s.known_hosts.empty()) s.known_hosts = Home() + "/.ssh/known_hosts";
  return s;
}

std::string HostKeyFingerprint(std::string_view sha256_digest) {
  return "SHA256:" + Base64Encode(sha256_digest, false);
}

bool KnownHostsAccepts(std::string_view known_hosts, const std::string& host, int port,
                       std::string_view key_sha256) {
  std::string name = port == 22 ? host : "[" + host + "]:" + std::to_string(port);
  bool accepted = false;
  size_t pos = 0;
  while (pos < known_hosts.size()) {
    size_t end = known_hosts.find('\n', pos);
    if (end == std::string_view::npos) end = known_hosts.size();
    std::string_view line = known_hosts.substr(pos, end - pos);
    pos = end + 1;
    std::vector<std::string_view> fields;
    for (size_t i = 0; i < line.size();) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
      if (j > i) fields.push_back(line.substr(i, j - i));
      i = j;
    }
    if (fields.empty() || fields[0].front() == '#') continue;
    bool revoked = fields[0] == "@revoked";
    bool marked = fields[0].front() == '@';
    if (marked) fields.erase(fields.begin());
    if (fields.size() < 3) continue;
    if (!HashedHostMatches(fields[0], name) && !HostPatternMatches(fields[0], name)) continue;
    std::optional<std::string> key = Base64Decode(fields[2]);
    if (!key) continue;
    core::Sha256 h;
    h.Update(*key);
    std::array<uint8_t, 32> digest = h.Finish();
    bool same = key_sha256 == std::string_view(reinterpret_cast<const char*>(digest.data()),
                                               digest.size());
    if (same && revoked) return false;
    // A @cert-authority line names a CA, not the host's own key.
    if (same && !marked) accepted = true;
  }
  return accepted;
}

}  // namespace taxa::sync
