#include "session/internal/roles.h"

namespace taxa::app {

bool HasRole(const core::ProjectSettings& settings, const std::string& user,
             std::string_view role) {
  auto it = settings.roles.find(user);
  return it != settings.roles.end() && it->second.count(std::string(role)) > 0;
}

std::vector<Role> RolesOf(const core::ProjectSettings& settings, const std::string& user) {
  std::vector<Role> out;
  for (Role r : {Role::kAnnotator, Role::kReviewer, Role::kLead, Role::kAuditor, Role::kCompliance})
    if (HasRole(settings, user, RoleName(r))) out.push_back(r);
  return out;
}

bool RolesInForce(const core::ProjectSettings& settings) {
  for (const auto& [person, roles] : settings.roles)
    if (roles.count(std::string(RoleName(Role::kLead)))) return true;
  return false;
}

}  // namespace taxa::app
