// Session: git bundles for air-gapped sites (create, verify, apply).
#include "session.h"

#include "taxa/sync/bundle.h"
#include "taxa/sync/incoming.h"

namespace taxa::app {

Result<BundleCreateReport> Session::CreateBundle(const BundleRequest& request) {
  // The peer to record the bundle as sent to: `to`, or `since` when it names one.
  std::string peer = request.to;
  if (peer.empty() && sync::IsPeerName(request.since)) peer = request.since;
  if (!peer.empty()) {
    if (!sync::IsPeerName(peer))
      return Status::InvalidInput("\"" + peer + "\" is not a valid peer name");
    TAXA_RETURN_IF_ERROR(RequireWritable());
  }
  // Labels acknowledged so far travel with the bundle.
  if (writable()) TAXA_RETURN_IF_ERROR(Flush());
  std::vector<std::string> peer_has;
  if (!request.since.empty()) {
    Result<std::vector<std::string>> has = sync::PeerHas(repo_, request.since);
    if (!has.ok() && has.status().code() == StatusCode::kNotFound && request.to.empty() &&
        sync::IsPeerName(request.since))
      return Status::NotFound(has.status().message() + " (send a first, whole bundle with --to " +
                              request.since + ")");
    TAXA_RETURN_IF_ERROR(has.status());
    peer_has = std::move(has).value();
  }
  BundleCreateReport report;
  TAXA_ASSIGN_OR_RETURN(report.bundle, sync::CreateBundle(repo_, request.path, peer_has));
  report.manifest = sync::BundleManifestPath(request.path);
  if (!peer.empty()) {
    TAXA_RETURN_IF_ERROR(sync::RecordBundleSent(repo_, peer, report.bundle.tip));
    report.recorded = "refs/taxa/bundles/" + peer;
  }
  return report;
}

Result<sync::BundleInfo> Session::VerifyBundle(const std::string& path) {
  return sync::VerifyBundle(path, &repo_, sync::CheckIncoming);
}

Result<sync::BundleInfo> Session::VerifyBundleFile(const std::string& path) {
  return sync::VerifyBundle(path, nullptr);
}

Result<BundleApplyReport> Session::ApplyBundle(const std::string& path) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  BundleApplyReport report;
  auto import = [&]() -> Result<std::string> {
    TAXA_ASSIGN_OR_RETURN(report.bundle, sync::ImportBundle(repo_, path, sync::CheckIncoming));
    return report.bundle.tip;
  };
  TAXA_RETURN_IF_ERROR(FetchAndMerge(import, true, report.merge));
  return report;
}

}  // namespace taxa::app
