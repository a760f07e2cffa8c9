// The JSON encoders of json.h for people and access.
#include "session/json.h"

namespace taxa::app {

using nlohmann::ordered_json;

namespace {

ordered_json RoleNames(const std::vector<Role>& roles) {
  ordered_json out = ordered_json::array();
  for (Role r : roles) out.push_back(RoleName(r));
  return out;
}

}  // namespace

ordered_json ToJson(const UserEntry& user) {
  ordered_json j;
  j["name"] = user.name;
  j["roles"] = RoleNames(user.roles);
  j["token"] = user.has_token;
  j["token_created"] = user.token_created.empty() ? ordered_json(nullptr) : ordered_json(user.token_created);
  return j;
}

ordered_json ToJson(const NewUser& user) {
  ordered_json j;
  j["name"] = user.name;
  j["role"] = RoleName(user.role);
  j["token"] = user.token;
  return j;
}

ordered_json ToJson(const Standing& standing) {
  ordered_json j;
  j["user"] = standing.user;
  j["roles"] = RoleNames(standing.roles);
  j["roles_in_force"] = standing.roles_in_force;
  return j;
}

}  // namespace taxa::app
