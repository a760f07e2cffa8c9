// Git bundles for air-gapped sites: a project's history (or the part a peer
// lacks) in one file that travels on removable media, with a SHA-256
// manifest beside it. The files are real git bundles: `git bundle verify`,
// `git clone FILE` and `git fetch FILE` accept them, and bundles made by
// `git bundle create` (v2 or v3, thin packs included) are read here.
//
//   // On the site that sends: everything after what the peer has.
//   TAXA_ASSIGN_OR_RETURN(std::vector<std::string> has, PeerHas(repo, "site-b"));
//   TAXA_ASSIGN_OR_RETURN(BundleInfo made, CreateBundle(repo, "b.bundle", has));
//   TAXA_RETURN_IF_ERROR(RecordBundleSent(repo, "site-b", made.tip));
//   // On the site that receives: check, then import (no ref moves).
//   TAXA_ASSIGN_OR_RETURN(BundleInfo got, ImportBundle(repo, "b.bundle", CheckIncoming));
//   // ... merge got.tip into main (MergeCommits, AdvanceBranch).
//
// Format (gitformat-bundle): "# v2 git bundle\n" (or "# v3 git bundle\n" and
// "@capability" lines), "-<id> comment" lines for the prerequisites (commits
// the receiver must already have), "<id> <refname>" lines, an empty line,
// then a packfile. Bundles written here hold refs/heads/main and HEAD, and
// the branches of a family beside main (proposals) when asked to carry them.
//
// Nothing here merges or moves the local branch. Failures are one line that
// starts with the bundle's path as given. Not thread-safe with other uses of
// `repo` (one Repository per thread).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "taxa/core/status.h"
#include "taxa/sync/incoming.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {

struct BundleInfo {
  int version = 2;                                        // 2 or 3
  std::vector<std::string> prerequisites;                 // commit ids, sorted
  std::vector<std::pair<std::string, std::string>> refs;  // {id, refname}, in file order
  std::string tip;                     // the id of refs/heads/main (HEAD when main is absent)
  uint32_t objects = 0;                // objects in the pack, as its header counts them
  uint64_t bytes = 0;                  // size of the whole file
  uint64_t pack_offset = 0;            // where the pack starts in the file
  std::string sha256;                  // of the whole file, lowercase hex (empty until hashed)
  bool manifest_checked = false;       // FILE.sha256 existed and matched
  bool prerequisites_checked = false;  // every prerequisite is in the repository
};

// The manifest's path for a bundle: `path` + ".sha256".
std::string BundleManifestPath(const std::string& path);

// A family of branches a bundle carries beside main: every local branch whose
// name starts with `prefix` ("refs/heads/proposals/") that the peer is not
// known to hold at its tip.
struct BundleBranches {
  std::string prefix;                              // empty: main only
  std::map<std::string, std::string> peer_holds;   // branch -> the tip the peer holds
                                                   // (PeerBranches)
};

// Writes a bundle of HEAD's history, and of each branch `branches` carries,
// minus everything reachable from the commits `peer_has` (full ids; empty:
// the whole history) to `path`, then its manifest. A carried branch whose
// tip the peer has (reachable from `peer_has`) is still named, its tip then
// listed as a prerequisite, as is HEAD's when only branches moved: the
// receiver must have them. The file is written beside `path` under a temporary name,
// fsynced and renamed into place, so `path` is the complete bundle or is
// untouched. Returns what it holds (sha256 filled, manifest_checked false).
// kFailedPrecondition when HEAD has no commits, or the peer has every one of
// them and holds every carried branch at its tip ("nothing to bundle"); kNotFound naming an id of `peer_has` that is not
// a commit here; kIo naming the file when it cannot be written.
Result<BundleInfo> CreateBundle(Repository& repo, const std::string& path,
                                const std::vector<std::string>& peer_has,
                                const BundleBranches& branches = {});

// Parses the header of the bundle at `path` and the pack's 12-byte header;
// reads nothing more. kNotFound when the file is missing; kCorrupt when it
// is not a git bundle, is cut short, or its header is malformed;
// kInvalidInput for a capability we do not support (object-format other than
// sha1, filter); kInvalidInput when it holds neither refs/heads/main nor HEAD.
Result<BundleInfo> ReadBundleHeader(const std::string& path);

// Everything that can be checked without changing a repository, in this
// order: the manifest beside the file when there is one (kCorrupt "does not
// match"), the header (as ReadBundleHeader), the pack's SHA-1 trailer
// (kCorrupt "damaged or truncated"); and, when `repo` is not null, that
// every prerequisite is in it (kFailedPrecondition "missing prerequisite ...
// (apply the earlier bundle first)"), then the same checks as ImportBundle
// (the history whole, then `check`) on the pack indexed into a quarantine
// folder beside the repository, which is removed afterwards: nothing in
// `repo` changes. So a bundle this passes with a repository, ImportBundle
// with the same `check` takes in.
Result<BundleInfo> VerifyBundle(const std::string& path, Repository* repo,
                                const IncomingCheck& check = nullptr);

// Verifies the file and the prerequisites (as VerifyBundle), then streams
// its pack through libgit2's indexer (which completes thin packs from the
// objects already here) into a quarantine folder, walks every commit, tree
// and file from its refs down to the prerequisites to prove the history is
// whole (kCorrupt "incomplete: ..." naming what is missing), and runs
// `check` (when given) on the tip of each branch it names (HEAD and
// refs/heads/*) through a handle that reads the quarantined objects (its
// refusal as "<path>: refused: <why>", or "<path>: refused: <branch>: <why>"
// for a branch beside main, with its code). Only then is the pack moved into the object database. Moves no
// ref. On any failure the object database is as it was: no new or
// temporary pack file is left. Returns the bundle's description; `tip` is
// the commit to merge.
Result<BundleInfo> ImportBundle(Repository& repo, const std::string& path,
                                const IncomingCheck& check = nullptr);

// The commits peer `peer` is known to have, for CreateBundle: what was last
// sent to it (refs/taxa/bundles/<peer>, see RecordBundleSent) and the
// tracking ref of a remote of that name (refs/remotes/<peer>/main), whichever
// exist, and the branch tips PeerBranches lists; or, when `peer` is a commit
// id here (at least 7 hex digits), that commit. kNotFound when it is none of these; kInvalidInput when an
// abbreviated id is ambiguous.
Result<std::vector<std::string>> PeerHas(Repository& repo, const std::string& peer);

// True when `peer` names a peer (could be a ref name component) rather than a
// commit id: it is not 7 to 40 hex digits and refs/taxa/bundles/<peer> is a
// valid ref name.
bool IsPeerName(const std::string& peer);

// Sets refs/taxa/bundles/<peer> to `commit`: what the peer will have once it
// applies the bundle just written, so the next PeerHas(peer) starts there.
// kInvalidInput when `peer` is not a valid name.
Status RecordBundleSent(Repository& repo, const std::string& peer, const std::string& commit);

// The branches under `prefix` ("refs/heads/proposals/") peer `peer` is known
// to hold, branch -> tip: those a bundle carried to it (RecordBranchesSent)
// and those of the remote of that name (refs/remotes/<peer>/proposals/...),
// the remote's where both exist. Empty for a commit id or an unknown peer.
Result<std::map<std::string, std::string>> PeerBranches(Repository& repo, const std::string& peer,
                                                        const std::string& prefix);

// Records, for PeerBranches, every branch of `sent` beside main and HEAD
// (refs/heads/X as refs/taxa/bundle-branches/<peer>/X). kInvalidInput when
// `peer` is not a valid name.
Status RecordBranchesSent(Repository& repo, const std::string& peer, const BundleInfo& sent);

}  // namespace taxa::sync
