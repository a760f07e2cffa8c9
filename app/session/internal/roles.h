// Who holds which role, from taxa.json's "roles" (core::ProjectSettings::roles,
// person -> roles: {"ana": ["lead"], "cy": ["compliance"]}), and the rules of
// access.h. Private to app/session; the one place that reads the roles.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "session/access.h"
#include "session/internal/enum_names.h"
#include "session/labeling.h"

#include "taxa/core/taxonomy_codec.h"

namespace taxa::app {

class ProjectState;

// Every role with its name, in Role order (RoleName and ParseRole read it).
inline constexpr std::array<Named<Role>, 5> kRoles = {{{Role::kAnnotator, "annotator"},
                                                       {Role::kReviewer, "reviewer"},
                                                       {Role::kLead, "lead"},
                                                       {Role::kAuditor, "auditor"},
                                                       {Role::kCompliance, "compliance"}}};
static_assert(kRoles.size() == core::kRoleNames.size(), "a role taxa.json reads has no Role");

// True when `settings` gives `user` the role `role`.
bool HasRole(const core::ProjectSettings& settings, std::string_view user, std::string_view role);

// The roles `settings` gives `user`, in Role order.
std::vector<Role> RolesOf(const core::ProjectSettings& settings, std::string_view user);

// True when `settings` names at least one lead: the roles are in force.
bool RolesInForce(const core::ProjectSettings& settings);

// The rules of access.h for the state's acting user (access.cpp).
Status RequirePermission(const ProjectState& s, Permission permission, std::string_view what = "");
// The acting user may record `requests`: as themselves, or, as a lead, in
// others' names (LabelRequest::annotator).
Status RequireMayRecord(const ProjectState& s, const std::vector<LabelRequest>& requests);

}  // namespace taxa::app
