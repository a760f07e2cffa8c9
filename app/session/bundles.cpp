// Bundles: git bundles for air-gapped sites (create, verify, apply).
#include "session/bundles.h"

#include "session/internal/incoming.h"
#include "session/internal/project_state.h"
#include "session/internal/proposal_sync.h"
#include "session/internal/roles.h"

#include "taxa/sync/bundle.h"
#include "taxa/sync/incoming.h"

namespace taxa::app {

std::map<std::string, std::string> CarriedProposals(const sync::BundleInfo& bundle) {
  std::map<std::string, std::string> out;
  for (const auto& [id, name] : bundle.refs)
    if (name.starts_with(kProposalBranchPrefix)) out[name] = id;
  return out;
}

Bundles::Bundles(Project& project) : s_(project.state()) {}

Result<BundleCreateReport> Bundles::Create(const BundleRequest& request) {
  // The peer to record the bundle as sent to: `to`, or `since` when it names one.
  std::string peer = request.to;
  if (peer.empty() && sync::IsPeerName(request.since)) peer = request.since;
  if (!peer.empty()) {
    if (!sync::IsPeerName(peer))
      return Status::InvalidInput("\"" + peer + "\" is not a valid peer name");
    TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  }
  // Labels acknowledged so far travel with the bundle.
  if (s_.writable()) TAXA_RETURN_IF_ERROR(s_.Flush());
  std::vector<std::string> peer_has;
  sync::BundleBranches proposals{.prefix = std::string(kProposalBranchPrefix)};
  if (!request.since.empty()) {
    Result<std::vector<std::string>> has = sync::PeerHas(s_.repo(), request.since);
    if (!has.ok() && has.status().code() == StatusCode::kNotFound && request.to.empty() &&
        sync::IsPeerName(request.since))
      return Status::NotFound(has.status().message() + " (send a first, whole bundle with --to " +
                              request.since + ")");
    TAXA_RETURN_IF_ERROR(has.status());
    peer_has = std::move(has).value();
    TAXA_ASSIGN_OR_RETURN(proposals.peer_holds,
                          sync::PeerBranches(s_.repo(), request.since, proposals.prefix));
  }
  BundleCreateReport report{.file = request.path};
  TAXA_ASSIGN_OR_RETURN(report.bundle,
                        sync::CreateBundle(s_.repo(), request.path, peer_has, proposals));
  report.manifest = sync::BundleManifestPath(request.path);
  if (!peer.empty()) {
    TAXA_RETURN_IF_ERROR(sync::RecordBundleSent(s_.repo(), peer, report.bundle.tip));
    TAXA_RETURN_IF_ERROR(sync::RecordBranchesSent(s_.repo(), peer, report.bundle));
    report.recorded = "refs/taxa/bundles/" + peer;
  }
  return report;
}

Result<BundleVerifyReport> Bundles::Verify(const std::string& path) {
  BundleVerifyReport report{.file = path};
  TAXA_ASSIGN_OR_RETURN(report.bundle, sync::VerifyBundle(path, &s_.repo(), sync::CheckIncoming));
  return report;
}

Result<BundleVerifyReport> Bundles::VerifyFile(const std::string& path) {
  BundleVerifyReport report{.file = path};
  TAXA_ASSIGN_OR_RETURN(report.bundle, sync::VerifyBundle(path, nullptr));
  return report;
}

Result<BundleApplyReport> Bundles::Apply(const std::string& path) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kSync, "applying a bundle"));
  BundleApplyReport report{.file = path};
  auto import = [&]() -> Result<std::string> {
    TAXA_ASSIGN_OR_RETURN(report.bundle, sync::ImportBundle(s_.repo(), path, s_.IncomingCheck()));
    return report.bundle.tip;
  };
  TAXA_RETURN_IF_ERROR(LandIncoming(s_, import, true, report.merge));
  // The proposals it carries, joined as a sync joins a remote's.
  const std::map<std::string, std::string> theirs = CarriedProposals(report.bundle);
  if (theirs.empty()) return report;
  TAXA_ASSIGN_OR_RETURN(auto ours, s_.repo().References(std::string(kProposalBranchPrefix)));
  Result<std::vector<std::string>> joined =
      JoinProposals(s_, theirs, ours, "bundle " + path);
  if (!joined.ok()) return joined.status().WithPrefix("main applied, but not the proposals");
  for (const std::string& branch : *joined)
    report.proposals.push_back(branch.substr(kProposalBranchPrefix.size()));
  return report;
}

}  // namespace taxa::app
