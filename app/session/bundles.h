// Bundles: git bundle files for air-gapped sites (sync/bundle.h), made from
// and applied to a project.
//
//   Bundles bundles(*project);
//   TAXA_ASSIGN_OR_RETURN(BundleCreateReport made,
//                         bundles.Create({.path = "next.bundle", .since = "site-b"}));
//   TAXA_ASSIGN_OR_RETURN(BundleApplyReport got, bundles.Apply("back.bundle"));
#pragma once

#include <map>
#include <string>
#include <vector>

#include "session/project.h"
#include "session/remotes.h"

#include "taxa/sync/bundle.h"

namespace taxa::app {

// What `taxa bundle create` asks for.
struct BundleRequest {
  std::string path;   // the bundle to write; its manifest goes to path + ".sha256"
  std::string since;  // what the peer has (sync::PeerHas): a peer or remote name, or a
                      // commit id; empty: the whole history
  std::string to;     // the peer to record it as sent to; empty: `since` when a name
};

struct BundleCreateReport {
  std::string file;  // the bundle written (BundleRequest::path)
  sync::BundleInfo bundle;
  std::string manifest;  // the manifest's path
  std::string recorded;  // the ref that now records what was sent; empty when none
};

// What `taxa bundle verify` found: the bundle is whole (else an error).
struct BundleVerifyReport {
  std::string file;  // the bundle checked
  sync::BundleInfo bundle;
};

struct BundleApplyReport {
  std::string file;  // the bundle applied
  sync::BundleInfo bundle;
  SyncReport merge;  // as a sync's, `fetched` being the bundle's tip; never pushed
  std::vector<std::string> proposals;  // the proposals it carried that moved here, by name
};

// The proposal branches `bundle` carries (refs/heads/proposals/*), branch -> tip.
std::map<std::string, std::string> CarriedProposals(const sync::BundleInfo& bundle);

class Bundles {
 public:
  explicit Bundles(Project& project);

  // Commits pending labels, then writes a bundle of what the peer lacks
  // (everything when `since` is empty) and its manifest (sync::CreateBundle):
  // main, and every proposal branch (refs/heads/proposals/*) the peer does
  // not hold at its tip. Records what was sent under the peer's name (`to`,
  // or `since` when it is a name) so the next bundle `since` that peer is
  // incremental. Errors as
  // sync::PeerHas and sync::CreateBundle; kFailedPrecondition when recording
  // is asked of a read-only project.
  Result<BundleCreateReport> Create(const BundleRequest& request);
  // sync::VerifyBundle against this project: prerequisites, then every check
  // Apply makes (sync::CheckIncoming), with nothing kept.
  Result<BundleVerifyReport> Verify(const std::string& path);
  // sync::VerifyBundle with no project: manifest, header and pack checksum.
  static Result<BundleVerifyReport> VerifyFile(const std::string& path);
  // Verifies and imports the bundle (sync::ImportBundle), then merges its
  // tip exactly as a sync merges a fetched main (no push), and joins the
  // proposal branches it carries as a sync joins a remote's. A damaged, cut
  // short or out-of-order bundle, another project's, or one whose commits
  // bring a file that does not read (sync::CheckIncoming) is refused in one
  // line naming the file, and the project is left as it was.
  Result<BundleApplyReport> Apply(const std::string& path);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
