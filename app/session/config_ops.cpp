// Session: transport settings for https and ssh (taxa config).
#include "session.h"

namespace taxa::app {

Result<std::optional<sync::SettingValue>> Session::GetSetting(const std::string& key) {
  return sync::GetTransportSetting(&repo_, key);
}

Status Session::SetSetting(const std::string& key, const std::string& value) {
  return sync::SetTransportSetting(&repo_, key, value);
}

Result<std::optional<sync::SettingValue>> Session::GetUserSetting(const std::string& key) {
  return sync::GetTransportSetting(nullptr, key);
}

Status Session::SetUserSetting(const std::string& key, const std::string& value) {
  return sync::SetTransportSetting(nullptr, key, value);
}

}  // namespace taxa::app
