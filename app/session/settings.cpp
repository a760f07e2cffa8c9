// Settings: transport settings for https and ssh (taxa config).
#include "session/settings.h"

#include "session/internal/project_state.h"

namespace taxa::app {

Settings::Settings(Project& project) : s_(project.state()) {}

Result<std::optional<sync::SettingValue>> Settings::Get(const std::string& key) {
  return sync::GetTransportSetting(&s_.repo(), key);
}

Status Settings::Set(const std::string& key, const std::string& value) {
  return sync::SetTransportSetting(&s_.repo(), key, value);
}

Result<std::optional<sync::SettingValue>> Settings::GetUser(const std::string& key) {
  return sync::GetTransportSetting(nullptr, key);
}

Status Settings::SetUser(const std::string& key, const std::string& value) {
  return sync::SetTransportSetting(nullptr, key, value);
}

}  // namespace taxa::app
