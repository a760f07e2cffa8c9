// Releases: releasing taxonomy versions.
#include "session/releases.h"

#include <algorithm>
#include <map>
#include <set>

#include "session/conflicts.h"
#include "session/history.h"
#include "session/internal/project_state.h"
#include "session/internal/roles.h"
#include "session/internal/sensitive_changes.h"
#include "session/utc_stamp.h"

#include "taxa/core/taxonomy_codec.h"
#include "taxa/sync/path_history.h"

namespace taxa::app {

Releases::Releases(Project& project) : project_(project), s_(project.state()) {}

namespace {

bool ClearedByCompliance(const sync::LogEntry& e) {
  if (ActionOf(e) != "proposal.merge") return false;
  for (const auto& [key, value] : e.trailers)
    if (key == "Taxa-Approved-By" && value.ends_with(" (compliance)")) return true;
  return false;
}

// Ok when every sensitive category that changed between `previous` (at
// commit `since`, empty: none) and `current` last changed on main through a
// proposal merge approved by compliance; else kFailedPrecondition naming it.
Status CheckSensitiveChanges(sync::Repository& repo, const core::Taxonomy& previous,
                             const core::Taxonomy& current, const std::string& since,
                             const std::string& version) {
  // Category files still to account for, by path.
  std::map<std::string, std::string> pending;
  for (const std::string& id : ChangedSensitiveCategories(previous, current))
    pending.emplace(core::CategoryPath(id), id);
  if (pending.empty()) return Status::Ok();
  // Back along main's first parents: the newest commit that changed each.
  TAXA_ASSIGN_OR_RETURN(std::string head, repo.Head());
  TAXA_ASSIGN_OR_RETURN(std::vector<sync::ChainStep> steps,
                        sync::FirstParentChanges(repo, head, "taxonomy", since, nullptr));
  for (const sync::ChainStep& step : steps) {
    if (pending.empty()) break;
    std::set<std::string> changed;  // pending ids this commit changed, by id
    for (const sync::PathChange& c : step.changes) {
      auto it = pending.find(c.path);
      if (it != pending.end() && c.before != c.after) changed.insert(it->second);
    }
    if (changed.empty()) continue;
    TAXA_ASSIGN_OR_RETURN(sync::CommitDetails c, repo.ReadCommit(step.commit));
    if (!ClearedByCompliance(c.entry))
      return Status::FailedPrecondition(
          "cannot release " + version + ": category " + *changed.begin() +
          " is sensitive and its change (commit " + step.commit.substr(0, 12) +
          ") has no compliance approval; make it through a proposal (taxa propose) approved "
          "by compliance");
    for (const std::string& id : changed) pending.erase(core::CategoryPath(id));
  }
  if (!pending.empty()) {
    std::string first = pending.begin()->second;  // the first by id, as the message names one
    for (const auto& [path, id] : pending) first = std::min(first, id);
    return Status::FailedPrecondition("cannot release " + version + ": category " + first +
                                      " is sensitive and its change has no compliance approval");
  }
  return Status::Ok();
}

}  // namespace

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
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "releasing the taxonomy"));
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ReleaseManifest> releases, List());
  core::Taxonomy previous;
  std::string previous_version, previous_commit;
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
    TAXA_ASSIGN_OR_RETURN(previous, s_.TaxonomyAt(last.commit));
    previous_version = last.version;
    previous_commit = last.commit;
  }
  const bool roles = RolesInForce(s_.settings());
  if (roles)
    TAXA_RETURN_IF_ERROR(CheckSensitiveChanges(s_.repo(), previous, s_.taxonomy(),
                                               previous_commit, request.version));
  TAXA_ASSIGN_OR_RETURN(std::string head, s_.repo().Head());

  core::ReleaseManifest m;
  m.version = request.version;
  m.released = UtcStamp(kIso8601);
  m.released_by = s_.user();
  m.commit = head;
  m.previous = previous_version;
  m.changelog = request.changelog;
  if (roles) m.approvals = {s_.user() + " (lead)"};
  for (const auto& [id, c] : s_.taxonomy().categories())
    ++(c.status == core::CategoryStatus::kDeprecated ? m.deprecated : m.categories);
  m.changes = core::DiffTaxonomies(previous, s_.taxonomy());
  m.migration = core::MigrationMap(s_.taxonomy());
  std::vector<std::pair<std::string, std::string>> trailers = {{"Taxa-Action", "taxonomy.release"},
                                                               {"Taxa-Version", m.version}};
  for (const std::string& a : m.approvals) trailers.emplace_back("Taxa-Approved-By", a);
  TAXA_RETURN_IF_ERROR(
      s_.CommitFiles({{core::ReleasePath(m.version), core::EncodeRelease(m)}},
                     s_.Meta("Release taxonomy " + m.version, std::move(trailers))));
  return m;
}

}  // namespace taxa::app
