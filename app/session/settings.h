// Settings: the transport settings for https and ssh (`taxa config`), in the
// project's own .git/config (per clone, never committed) or the user's
// ~/.config/taxa/config for every project (sync/transport.h).
//
//   TAXA_RETURN_IF_ERROR(Settings(*project).Set("taxa.sshHostKey", "SHA256:..."));
#pragma once

#include <optional>
#include <string>

#include "session/project.h"

#include "taxa/sync/transport.h"

namespace taxa::app {

// A transport setting and the value in effect.
struct Setting {
  std::string key;
  std::optional<sync::SettingValue> value;  // nullopt when set nowhere
};

class Settings {
 public:
  explicit Settings(Project& project);

  // The keys are sync::TransportSettingKeys() (taxa.caFile, taxa.sshKey,
  // taxa.knownHosts, taxa.sshHostKey); an unknown key is kInvalidInput.
  // The value in effect for this project: its own, else the user's file
  // (no value when set in neither).
  Result<Setting> Get(const std::string& key);
  // Sets `key` in this project's own configuration. Needs no writer lock: it
  // is no commit, and git's config lock keeps two writers apart.
  Status Set(const std::string& key, const std::string& value);
  // The user's file alone (sync::UserConfigPath()), with no project open.
  static Result<Setting> GetUser(const std::string& key);
  static Status SetUser(const std::string& key, const std::string& value);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
