// Releases: releasing taxonomy versions.
#include "session/releases.h"

#include <algorithm>

#include "session/conflicts.h"
#include "session/internal/project_state.h"
#include "session/utc_stamp.h"

#include "taxa/core/taxonomy_codec.h"

namespace taxa::app {

Releases::Releases(Project& project) : project_(project), s_(project.state()) {}

Result<std::vector<core::ReleaseManifest>> Releases::List() {
  TAXA_ASSIGN_OR_RETURN(auto files, s_.repo().ReadFolder(std::string(core::kReleasesDir)));
  std::vector<std::pair<core::Semver, core::ReleaseManifest>> found;
  for (const auto& [path, bytes] : files) {
    if (!path.ends_with(".json")) continue;
    TAXA_ASSIGN_OR_RETURN(core::ReleaseManifest m, core::DecodeRelease(bytes, path));
    TAXA_ASSIGN_OR_RETURN(core::Semver v, core::ParseSemver(m.version));
    found.emplace_back(std::move(v), std::move(m));
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return core::CompareSemver(a.first, b.first) < 0; });
  std::vector<core::ReleaseManifest> out;
  for (auto& [v, m] : found) out.push_back(std::move(m));
  return out;
}

Result<core::ReleaseManifest> Releases::Release(const ReleaseRequest& request) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_ASSIGN_OR_RETURN(core::Semver version, core::ParseSemver(request.version));
  TAXA_ASSIGN_OR_RETURN(std::vector<core::MergeConflict> conflicts, Conflicts(project_).List());
  if (!conflicts.empty()) {
    return Status::FailedPrecondition(
        "cannot release " + request.version + ": " + std::to_string(conflicts.size()) +
        (conflicts.size() == 1 ? " merge conflict is" : " merge conflicts are") +
        " open (see `taxa conflicts`); resolve them first");
  }
  if (std::vector<std::string> problems = s_.taxonomy().Validate(); !problems.empty()) {
    return Status::FailedPrecondition("cannot release " + request.version + ": the taxonomy has " +
                                      std::to_string(problems.size()) +
                                      " problem(s), the first: " + problems.front());
  }
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ReleaseManifest> releases, List());
  core::Taxonomy previous;
  std::string previous_version;
  if (!releases.empty()) {
    const core::ReleaseManifest& last = releases.back();
    for (const core::ReleaseManifest& r : releases) {
      if (r.version == request.version)
        return Status::AlreadyExists("version " + request.version + " is already released");
    }
    TAXA_ASSIGN_OR_RETURN(core::Semver latest, core::ParseSemver(last.version));
    if (core::CompareSemver(version, latest) <= 0) {
      return Status::InvalidInput("version " + request.version +
                                  " does not follow the latest release, " + last.version);
    }
    TAXA_ASSIGN_OR_RETURN(auto files, s_.repo().ReadFolder("taxonomy/", last.commit));
    TAXA_ASSIGN_OR_RETURN(previous, core::DecodeTaxonomy(files));
    previous_version = last.version;
  }
  TAXA_ASSIGN_OR_RETURN(std::string head, s_.repo().Head());

  core::ReleaseManifest m;
  m.version = request.version;
  m.released = UtcStamp(kIso8601);
  m.released_by = s_.user();
  m.commit = head;
  m.previous = previous_version;
  m.changelog = request.changelog;
  m.approvals = request.approvals;
  for (const auto& [id, c] : s_.taxonomy().categories())
    ++(c.status == core::CategoryStatus::kDeprecated ? m.deprecated : m.categories);
  m.changes = core::DiffTaxonomies(previous, s_.taxonomy());
  m.migration = core::MigrationMap(s_.taxonomy());
  TAXA_RETURN_IF_ERROR(
      s_.CommitFiles({{core::ReleasePath(m.version), core::EncodeRelease(m)}},
                     s_.Meta("Release taxonomy " + m.version,
                             {{"Taxa-Action", "taxonomy.release"}, {"Taxa-Version", m.version}})));
  return m;
}

}  // namespace taxa::app
