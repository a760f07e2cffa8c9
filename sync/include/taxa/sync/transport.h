// Settings for reaching remotes over https and ssh, and the host key checks
// that use them.
//
// Each setting is read from the project's own git configuration (.git/config,
// per clone, never committed) and, when it is not set there, from the user's
// file $XDG_CONFIG_HOME/taxa/config (default ~/.config/taxa/config), which is
// in git-config format:
//
//   taxa.caFile      CA bundle that https servers' certificates must chain to
//   taxa.sshKey      ed25519 private key for ssh (KEY.pub beside it); default ~/.ssh/id_ed25519
//   taxa.knownHosts  known_hosts file holding the ssh host's key; default ~/.ssh/known_hosts
//   taxa.sshHostKey  the host key pinned by fingerprint, "SHA256:..." as `ssh-keygen -lf` prints
//   taxa.signingKey  ed25519 private key (OpenSSH format, unencrypted) that signs this
//                    person's commits (ssh_signature.h); unset: commits are not signed
//
//   TAXA_RETURN_IF_ERROR(SetTransportSetting(&repo, "taxa.caFile", "/etc/taxa/ca.pem"));
//   TAXA_ASSIGN_OR_RETURN(auto value, GetTransportSetting(&repo, "taxa.caFile"));
//
// Fetch, Push and Clone (remote.h) read these settings themselves.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

// Every key a setting may have, in the order of the list above.
const std::vector<std::string>& TransportSettingKeys();

// The user's settings file: $XDG_CONFIG_HOME/taxa/config, else
// $HOME/.config/taxa/config. It may not exist.
std::string UserConfigPath();

enum class SettingScope { kProject, kUser };

struct SettingValue {
  std::string value;
  SettingScope scope = SettingScope::kProject;  // where it was found
};

// The value of `key`: from the project's configuration when `repo` is not
// null and it is set there, else from the user's file. nullopt when set in
// neither. kInvalidInput naming the key and the known keys when `key` is not
// one of TransportSettingKeys(); kIo when a file cannot be read.
Result<std::optional<SettingValue>> GetTransportSetting(Repository* repo, const std::string& key);

// Sets `key` to `value` in the project's configuration (`repo` not null) or
// in the user's file (null; created with its folder when missing). A
// relative file name is made absolute against the process's current folder. Refused
// with kInvalidInput: an unknown key, an empty value, a taxa.sshHostKey that
// is not "SHA256:" and 43 base64 characters.
Status SetTransportSetting(Repository* repo, const std::string& key, const std::string& value);

// The settings in effect for `repo` (null: the user's file only), with the
// defaults filled in for taxa.sshKey and taxa.knownHosts.
struct TransportSettings {
  std::string ca_file;       // empty: the system's CA bundle
  std::string ssh_key;
  std::string known_hosts;
  std::string ssh_host_key;  // empty: not pinned
};
Result<TransportSettings> LoadTransportSettings(Repository* repo);

// "SHA256:" and the unpadded base64 of a 32-byte SHA-256 digest: the form
// `ssh-keygen -lf` prints.
std::string HostKeyFingerprint(std::string_view sha256_digest);

// Whether the known_hosts text `known_hosts` holds `host` (with `port`; 22 is
// written as the bare host, others as "[host]:port") with the key whose
// SHA-256 digest is `key_sha256`. Plain and wildcard host patterns and
// negations are understood; a matching @revoked line refuses the key;
// hashed entries (|1|...) and @cert-authority lines are not matched (libgit2
// itself reads hashed entries of ~/.ssh/known_hosts, and Fetch accepts those).
bool KnownHostsAccepts(std::string_view known_hosts, const std::string& host, int port,
                       std::string_view key_sha256);

}  // namespace taxa::sync
