// users add, users list, users revoke.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/users.h"

namespace taxa::cli {

namespace {

std::string RoleList(const std::vector<app::Role>& roles) {
  std::string out;
  for (app::Role r : roles) out += (out.empty() ? "" : ",") + std::string(app::RoleName(r));
  return out.empty() ? "-" : out;
}

int AddUser(const Globals& g, const std::string& name, const std::string& role_name) {
  Result<app::Role> role = app::ParseRole(role_name);
  if (!role.ok()) return Fail(role.status());
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::NewUser> added = app::Users(*s).Add(name, *role);
  if (!added.ok()) return Fail(added.status());
  if (g.json) {
    std::cout << app::ToJson(*added).dump() << "\n";
    return 0;
  }
  std::printf("Added %s as %s (taxa.json, committed).\n", added->name.c_str(),
              std::string(app::RoleName(added->role)).c_str());
  std::printf("Token for %s, shown only now (taxa serve checks it; only its hash is kept):\n%s\n",
              added->name.c_str(), added->token.c_str());
  return 0;
}

int ListUsers(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::vector<app::UserEntry>> users = app::Users(*s).List();
  if (!users.ok()) return Fail(users.status());
  if (g.json) {
    std::cout << app::ToJson(*users).dump() << "\n";
    return 0;
  }
  if (users->empty()) {
    std::printf("No users yet: everyone may do everything. Start with: taxa users add NAME --role lead\n");
    return 0;
  }
  std::printf("%-24s  %-24s  %s\n", "NAME", "ROLES", "TOKEN");
  for (const app::UserEntry& u : *users)
    std::printf("%-24s  %-24s  %s\n", u.name.c_str(), RoleList(u.roles).c_str(),
                u.has_token ? ("made " + u.token_created).c_str() : "-");
  return 0;
}

int RevokeUser(const Globals& g, const std::string& name) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  if (Status st = app::Users(*s).Revoke(name); !st.ok()) return Fail(st);
  std::printf("Revoked %s: token deleted, roles removed from taxa.json.\n", name.c_str());
  return 0;
}

}  // namespace

void AddUserCommands(CLI::App& app, Globals& g, Action& action) {
  auto* users = app.add_subcommand("users", "People, their roles (taxa.json) and login tokens");
  users->require_subcommand(1);

  auto* add = users->add_subcommand("add", "Give NAME a role and print their token (once)");
  auto add_name = std::make_shared<std::string>();
  auto add_role = std::make_shared<std::string>();
  add->add_option("NAME", *add_name, "The person's name (lower case)")->required();
  add->add_option("--role", *add_role, "annotator, reviewer, lead, auditor or compliance")->required();
  add->callback([&, add_name, add_role] {
    action = [&g, add_name, add_role] { return AddUser(g, *add_name, *add_role); };
  });

  auto* list = users->add_subcommand("list", "Everyone with a role or a token");
  list->callback([&] { action = [&g] { return ListUsers(g); }; });

  auto* revoke = users->add_subcommand("revoke", "Delete NAME's token and take their roles");
  auto revoke_name = std::make_shared<std::string>();
  revoke->add_option("NAME", *revoke_name, "The person's name")->required();
  revoke->callback([&, revoke_name] {
    action = [&g, revoke_name] { return RevokeUser(g, *revoke_name); };
  });
}

}  // namespace taxa::cli
