// Releases: the taxonomy released in versions, each with its changelog, its
// approvals and the migration map that carries labels forward
// (taxonomy/releases/<version>.json, core/release.h).
//
//   TAXA_ASSIGN_OR_RETURN(core::ReleaseManifest m,
//                         Releases(*project).Release({.version = "1.0.0", .changelog = "..."}));
#pragma once

#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/release.h"

namespace taxa::app {

// What `taxa taxonomy release` asks for.
struct ReleaseRequest {
  std::string version;  // semver, e.g. 1.2.0
  std::string changelog;
  // Who approved is not asked: the person releasing must hold lead (when
  // roles are in force) and is recorded as "NAME (lead)", in the manifest's
  // approvals and as the commit's Taxa-Approved-By trailer.
};

class Releases {
 public:
  explicit Releases(Project& project);

  // Releases the taxonomy at HEAD as `request.version`: one commit adding
  // taxonomy/releases/<version>.json (core::ReleaseManifest) with the changes
  // and the migration map since the previous release. Refused with
  // kFailedPrecondition while merge conflicts are open or the taxonomy has
  // problems (Taxonomy::Validate), kAlreadyExists for a released version,
  // kInvalidInput for a version that is not semver or does not follow the
  // latest release. With roles in force, refused (kFailedPrecondition,
  // naming the category) when a change since the previous release touches a
  // category flagged sensitive (before or after) whose last change on main
  // is not a merged proposal approved by compliance (proposals.h).
  // Returns the manifest written.
  Result<core::ReleaseManifest> Release(const ReleaseRequest& request);
  // Every release at HEAD, oldest version first. An unreadable manifest fails
  // naming its file.
  Result<std::vector<core::ReleaseManifest>> List();

 private:
  Project& project_;
  ProjectState& s_;
};

}  // namespace taxa::app
