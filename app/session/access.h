// Access: who may do what in a project, from the roles in taxa.json
// ({"ana": ["lead"], "ben": ["annotator"], "cy": ["compliance"], ...}). Every face asks the same
// rules, and the session applies them itself where data changes (labels,
// commits, sync), so no face can forget them.
//
//   Access access(*project);
//   if (!access.Allows(Permission::kLead)) ... hide the taxonomy editor ...
//   TAXA_RETURN_IF_ERROR(access.Require(Permission::kSync));
//
// The rules (README "People and roles"):
//  - Roles are in force once taxa.json names a lead. Before that, a project
//    belongs to whoever has it, and everyone may do everything.
//  - annotator, reviewer, lead label as themselves; only a lead labels as
//    someone else. An auditor, or someone with no role, only reads.
//  - Taxonomy changes, gold, releases, imports, calibration rounds, conflict
//    resolution and people (taxa users) need a lead: every commit that is not
//    labels does.
//  - Reviews (review.h) need a reviewer or a lead.
//  - A sync through a server (Project::ActAs someone else) needs a lead; on
//    their own copy anyone syncs.
//  - compliance reads like an auditor and approves proposals whose changes
//    touch a sensitive category (proposals.h); it changes nothing else.
//  - Reading is never refused here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "session/project.h"

#include "taxa/core/status.h"

namespace taxa::app {

enum class Role { kAnnotator, kReviewer, kLead, kAuditor, kCompliance };

// "annotator", "reviewer", "lead", "auditor", "compliance" (core::kRoleNames).
std::string_view RoleName(Role role);
// kInvalidInput naming every role for another word.
Result<Role> ParseRole(std::string_view name);

enum class Permission {
  kLabel,          // label as oneself
  kLabelAsOthers,  // label in someone else's name
  kReveal,         // see others' labels before labeling (lead, reviewer)
  kLead,           // change the project: taxonomy, gold, releases, conflicts, people
  kSync,           // sync or apply a bundle
  kReview,         // review others' labels (reviewer, lead): review.h
};

// The acting user and their roles.
struct Standing {
  std::string user;
  std::vector<Role> roles;       // in Role order; empty when taxa.json names none
  bool roles_in_force = false;   // taxa.json names a lead
};

class Access {
 public:
  explicit Access(Project& project);

  // The project's acting user (Project::user()) as taxa.json sees them.
  Standing Me() const;
  // Ok when the acting user may; else kPermissionDenied saying who they are
  // and what it needs: `ben is an annotator: changing the taxonomy needs a lead`.
  // `what` names the action in that message ("" for the permission's own words).
  Status Require(Permission permission, std::string_view what = "") const;
  bool Allows(Permission permission) const { return Require(permission).ok(); }

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
