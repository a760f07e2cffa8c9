#include "session/internal/roles.h"

#include <nlohmann/json.hpp>

namespace taxa::app {

bool HasRole(const core::ProjectSettings& settings, const std::string& user,
             std::string_view role) {
  nlohmann::json roles = nlohmann::json::parse(settings.roles_json, nullptr, false);
  if (!roles.is_object()) return false;
  auto it = roles.find(std::string(role));
  if (it == roles.end() || !it->is_array()) return false;
  for (const nlohmann::json& name : *it)
    if (name.is_string() && name.get<std::string>() == user) return true;
  return false;
}

}  // namespace taxa::app
