#include "session/internal/roles.h"

namespace taxa::app {

bool HasRole(const core::ProjectSettings& settings, std::string_view user, std::string_view role) {
  auto it = settings.roles.find(user);
  return it != settings.roles.end() && it->second.count(role) > 0;
}

std::vector<Role> RolesOf(const core::ProjectSettings& settings, std::string_view user) {
  std::vector<Role> out;
  auto it = settings.roles.find(user);
  if (it == settings.roles.end()) return out;
  for (const Named<Role>& r : kRoles)
    if (it->second.count(r.name)) out.push_back(r.value);
  return out;
}

bool RolesInForce(const core::ProjectSettings& settings) {
  const std::string_view lead = RoleName(Role::kLead);
  for (const auto& [person, roles] : settings.roles)
    if (roles.count(lead)) return true;
  return false;
}

}  // namespace taxa::app
