// Access: the rules of who may do what (access.h), over taxa.json's roles.
#include "session/access.h"

#include <array>

#include "session/internal/enum_names.h"
#include "session/internal/project_state.h"
#include "session/internal/roles.h"

#include "taxa/core/segment_writer.h"

namespace taxa::app {

namespace {

bool Holds(const std::vector<Role>& roles, std::initializer_list<Role> any) {
  for (Role r : roles)
    for (Role a : any)
      if (r == a) return true;
  return false;
}

// "ben is an annotator", "ben is a lead and an auditor", "ben has no role in taxa.json".
std::string Who(const std::string& user, const std::vector<Role>& roles) {
  if (roles.empty()) return user + " has no role in taxa.json";
  std::string out = user + " is ";
  for (size_t i = 0; i < roles.size(); ++i) {
    std::string_view name = RoleName(roles[i]);
    out += (i == 0 ? "" : " and ");
    out += (name.front() == 'a' ? "an " : "a ") + std::string(name);
    if (roles[i] == Role::kCompliance) out += " officer";
  }
  return out;
}

}  // namespace

std::string_view RoleName(Role role) { return NameOf(kRoles, role); }

Result<Role> ParseRole(std::string_view name) { return ParseNamed(kRoles, name, "role"); }

Status RequirePermission(const ProjectState& s, Permission permission, std::string_view what) {
  const core::ProjectSettings& settings = s.settings();
  if (!RolesInForce(settings)) return Status::Ok();
  std::vector<Role> roles = RolesOf(settings, s.user());
  bool allowed = false;
  std::string needs;
  switch (permission) {
    case Permission::kLabel:
      allowed = Holds(roles, {Role::kAnnotator, Role::kReviewer, Role::kLead});
      needs = "an annotator, a reviewer or a lead";
      if (what.empty()) what = "labeling";
      break;
    case Permission::kLabelAsOthers:
      allowed = Holds(roles, {Role::kLead});
      needs = "a lead";
      if (what.empty()) what = "labeling in someone else's name";
      break;
    case Permission::kReveal:
      allowed = Holds(roles, {Role::kLead, Role::kReviewer});
      needs = "a lead or a reviewer";
      if (what.empty()) what = "seeing others' labels before labeling";
      break;
    case Permission::kLead:
      allowed = Holds(roles, {Role::kLead});
      needs = "a lead";
      if (what.empty()) what = "changing the project";
      break;
    case Permission::kReview:
      allowed = Holds(roles, {Role::kReviewer, Role::kLead});
      needs = "a reviewer or a lead";
      if (what.empty()) what = "reviewing labels";
      break;
    case Permission::kSync:
      // A copy's own user syncs it (their labels must get out); through a
      // server, moving everyone's project is a lead's decision.
      allowed = s.user() == s.owner() || Holds(roles, {Role::kLead});
      needs = "a lead";
      if (what.empty()) what = "syncing the served project";
      break;
  }
  if (allowed) return Status::Ok();
  return Status::PermissionDenied(Who(s.user(), roles) + ": " + std::string(what) + " needs " +
                                  needs);
}

Status RequireMayRecord(const ProjectState& s, const std::vector<LabelRequest>& requests) {
  if (!RolesInForce(s.settings())) return Status::Ok();
  TAXA_RETURN_IF_ERROR(RequirePermission(s, Permission::kLabel));
  for (const LabelRequest& r : requests) {
    if (r.annotator.empty() || r.annotator == s.user()) continue;  // the common case, unfolded
    std::string annotator = core::FoldAnnotatorName(r.annotator);
    if (annotator != s.user())
      return RequirePermission(s, Permission::kLabelAsOthers, "labeling as " + annotator);
  }
  return Status::Ok();
}

Access::Access(Project& project) : s_(project.state()) {}

Standing Access::Me() const {
  return {.user = s_.user(),
          .roles = RolesOf(s_.settings(), s_.user()),
          .roles_in_force = RolesInForce(s_.settings())};
}

Status Access::Require(Permission permission, std::string_view what) const {
  return RequirePermission(s_, permission, what);
}

}  // namespace taxa::app
