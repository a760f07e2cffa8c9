#include "session/internal/roles.h"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace taxa::app {

namespace {

using Holders = std::map<std::string, std::set<std::string>, std::less<>>;  // role -> names

// taxa.json's "roles", parsed once per distinct text on each thread (every
// label asks, and a project's roles rarely change). Malformed: nobody.
const Holders& Table(const core::ProjectSettings& settings) {
  thread_local std::string parsed_text;
  thread_local Holders table;
  thread_local bool parsed = false;
  if (parsed && parsed_text == settings.roles_json) return table;
  table.clear();
  nlohmann::json roles = nlohmann::json::parse(settings.roles_json, nullptr, false);
  if (roles.is_object()) {
    for (const auto& [role, names] : roles.items()) {
      if (!names.is_array()) continue;
      for (const nlohmann::json& name : names)
        if (name.is_string()) table[role].insert(name.get<std::string>());
    }
  }
  parsed_text = settings.roles_json;
  parsed = true;
  return table;
}

}  // namespace

bool HasRole(const core::ProjectSettings& settings, const std::string& user,
             std::string_view role) {
  const Holders& table = Table(settings);
  auto it = table.find(role);
  return it != table.end() && it->second.count(user) > 0;
}

std::vector<Role> RolesOf(const core::ProjectSettings& settings, const std::string& user) {
  std::vector<Role> out;
  for (Role r : {Role::kAnnotator, Role::kReviewer, Role::kLead, Role::kAuditor})
    if (HasRole(settings, user, RoleName(r))) out.push_back(r);
  return out;
}

bool RolesInForce(const core::ProjectSettings& settings) {
  const Holders& table = Table(settings);
  auto it = table.find(RoleName(Role::kLead));
  return it != table.end() && !it->second.empty();
}

}  // namespace taxa::app
