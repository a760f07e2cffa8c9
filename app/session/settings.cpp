// Settings: transport settings for https and ssh (taxa config).
#include "session/settings.h"

#include "session/internal/project_state.h"

namespace taxa::app {

Settings::Settings(Project& project) : s_(project.state()) {}

Result<Setting> Settings::Get(const std::string& key) {
  Setting setting{.key = key};
  TAXA_ASSIGN_OR_RETURN(setting.value, sync::GetTransportSetting(&s_.repo(), key));
  return setting;
}

Status Settings::Set(const std::string& key, const std::string& value) {
  return sync::SetTransportSetting(&s_.repo(), key, value);
}

Result<Setting> Settings::GetUser(const std::string& key) {
  Setting setting{.key = key};
  TAXA_ASSIGN_OR_RETURN(setting.value, sync::GetTransportSetting(nullptr, key));
  return setting;
}

Status Settings::SetUser(const std::string& key, const std::string& value) {
  return sync::SetTransportSetting(nullptr, key, value);
}

}  // namespace taxa::app
